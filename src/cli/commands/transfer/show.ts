import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { showTransfer, type TransferView } from '../../../core/stock/transfers.js';
import { toNumber } from '../../../core/values/quantity.js';
import { RejectedError, shown } from '../../../errors.js';
import { transferJson } from '../../families/transfers.js';
import { presentShow } from '../../render/present.js';
import { firstSerials } from '../../output.js';
import { localTime } from '../../render/time.js';

export const spec: CommandSpec = {
  noun: 'transfer',
  verb: 'show',
  args: '<transfer>',
  summary: 'show a warehouse transfer with its serials',
  formats: ['table', 'csv', 'json'],
  examples: ['serials transfer show WT-00000001', 'serials transfer show WT-00000001 --format csv   # one row per serial'],
};

type Line = TransferView['lines'][number];
interface SerialRow {
  line: Line;
  /** null for a line without serials (a product that is not serialized) */
  serial: string | null;
}


export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const t = await ctx.withLedger((db) => showTransfer(db, number));
  if (!t) {
    throw new RejectedError([{ code: 'unknown_transfer', message: `There is no transfer ${shown(number)}.`, fix: 'List them with: serials transfer list', document: number }]);
  }
  // one row per serial, each a unit (quantity 1); a line without serials is one row with its quantity
  const serialRows = t.lines.flatMap((line): SerialRow[] => (line.serials.length === 0 ? [{ line, serial: null }] : line.serials.map((serial) => ({ line, serial }))));
  presentShow(ctx, {
    json: transferJson(t),
    title: `${t.number}  Transfer`,
    fields: [
      ['From', t.from],
      ['To', t.to],
      ['Created', localTime(t.createdAt)],
    ],
    sections: [
      {
        rows: t.lines,
        view: {
          columns: [
            { header: 'Product', kind: 'code', value: (l: Line) => l.product },
            { header: 'Quantity', kind: 'quantity', value: (l: Line) => toNumber(l.quantityE4) },
            { header: 'Serials', kind: 'count', value: (l: Line) => l.serialCount },
          ],
          json: () => undefined,
        },
      },
    ],
    csv: {
      rows: serialRows,
      view: {
        columns: [
          { header: 'Number', kind: 'code', value: () => t.number },
          { header: 'Created', kind: 'time', value: () => t.createdAt },
          { header: 'From', kind: 'code', value: () => t.from },
          { header: 'To', kind: 'code', value: () => t.to },
          { header: 'Product', kind: 'code', value: (r: SerialRow) => r.line.product },
          { header: 'Quantity', kind: 'quantity', value: (r: SerialRow) => (r.serial === null ? toNumber(r.line.quantityE4) : 1) },
          { header: 'Serial Number', kind: 'code', value: (r: SerialRow) => r.serial },
        ],
        json: () => undefined,
      },
    },
    notes: t.lines.filter((l) => l.serials.length > 0).map((l) => `Serials of ${l.product}: ${firstSerials(l.serials, ', ', '--format csv or --json lists them all')}`),
  });
}
