import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { showAssembly, type AssemblyView } from '../../../core/assemblies/assembly-view.js';
import { toNumber } from '../../../core/values/quantity.js';
import { assemblyRowJson } from '../../families/assemblies.js';
import { firstSerials, SHOWN_SERIALS } from '../../output.js';
import { formatCell, presentShow, statusText, type Column } from '../../render/present.js';
import { localTime } from '../../render/time.js';
import { count } from '../../render/words.js';
import { grouped } from '../../../core/values/words.js';

export const spec: CommandSpec = {
  noun: 'assembly',
  verb: 'show',
  args: '<assembly>',
  summary: 'show an assembly: its components, and the serials inside each unit (held, while parked)',
  formats: ['table', 'json'],
  examples: ['serials assembly show AS-00000001', 'serials assembly show AS-00000001 --json   # every unit and its component serials'],
};

type Line = AssemblyView['lines'][number];
type Unit = AssemblyView['units'][number];

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const a = await ctx.withLedger((db) => showAssembly(db, number));
  const parts = a.lines.filter((l) => l.serialized).map((l) => l.product);
  // a table shows the first units; --json has them all
  const shownUnits = a.units.slice(0, SHOWN_SERIALS);
  const notes: string[] = [];
  if (a.units.length > shownUnits.length) notes.push(`… and ${count(a.units.length - shownUnits.length, 'more unit')} (--json lists them all).`);
  // without units (a product that is not serialized), the component serials line by line
  if (a.units.length === 0) for (const l of a.lines.filter((x) => x.serials.length)) notes.push(`Serials of ${l.product}${a.status === 'parked' ? ' held' : ''}: ${firstSerials(l.serials, ', ')}`);
  if (a.status === 'parked') notes.push(`Parked: its component serials are held for it. Complete it with serials assembly complete ${a.number}, or delete it with serials assembly delete ${a.number}.`);
  if (a.status === 'deleted') notes.push('Deleted: nothing moved.');
  presentShow(ctx, {
    json: {
      ...assemblyRowJson(a),
      lines: a.lines.map((l) => ({ product: l.product, quantity: toNumber(l.quantityE4), serials: l.serials, serialCount: l.serials.length })),
      units: a.units,
    },
    title: `${a.number}  ${statusText(a.status)}`,
    fields: [
      ['Product', a.product],
      ['Quantity', formatCell('quantity', toNumber(a.quantityE4), 'table')],
      ['From', a.from],
      ['To', a.to],
      ['Created', localTime(a.createdAt)],
      ['Completed', a.completedAt && localTime(a.completedAt)],
    ],
    sections: [
      {
        title: 'Components',
        rows: a.lines,
        view: {
          columns: [
            { header: 'Product', kind: 'code', value: (l: Line) => l.product },
            { header: 'Quantity', kind: 'quantity', value: (l: Line) => toNumber(l.quantityE4) },
            { header: 'Serials', kind: 'count', value: (l: Line) => l.serials.length },
          ],
          json: () => undefined,
        },
      },
      {
        title: a.status === 'parked' ? `Units (${grouped(a.units.length)}), with the serials held for each` : `Units (${grouped(a.units.length)}) and the serials inside them`,
        rows: shownUnits,
        view: {
          columns: [
            { header: 'Unit', kind: 'code', value: (u: Unit) => u.serial },
            ...parts.map((p): Column<Unit> => ({ header: p, kind: 'code', value: (u) => (u.components.find((c) => c.product === p)?.serials ?? []).join(', ') })),
          ],
          json: () => undefined,
        },
      },
    ],
    csv: { rows: [], view: { columns: [], json: () => undefined } },
    notes,
  });
}
