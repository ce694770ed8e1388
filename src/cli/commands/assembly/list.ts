import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { listAssemblies, type AssemblyRow } from '../../../core/assemblies/assembly-view.js';
import { toNumber } from '../../../core/values/quantity.js';
import { assemblyRowJson } from '../../families/assemblies.js';
import { parseFlags, z } from '../../input/validate.js';
import { presentList } from '../../render/present.js';
import { count } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'assembly',
  verb: 'list',
  summary: 'list assemblies: parked, completed and deleted',
  flags: [
    { flags: '--status <status>', description: 'only assemblies with this status', choices: ['parked', 'completed', 'deleted'] },
    { flags: '--product <code>', description: 'assemblies of this product, or using it as a component' },
    { flags: '--warehouse <code>', description: 'assemblies taking components from, or making units in, this warehouse' },
  ],
  formats: ['table', 'csv', 'json'],
  examples: ['serials assembly list --status parked', 'serials assembly list --product FRAME --format csv'],
};

const flags = () => z.object({ status: z.optional(z.enum(['parked', 'completed', 'deleted'])), product: z.optional(z.string()), warehouse: z.optional(z.string()) });

export async function run(ctx: Context): Promise<void> {
  const f = parseFlags(flags(), ctx.opts);
  const rows = await ctx.withLedger((db) => listAssemblies(db, f));
  const filtered = Object.values(f).some((v) => v !== undefined);
  await presentList(
    ctx,
    rows,
    {
      columns: [
        { header: 'Number', kind: 'code', value: (a: AssemblyRow) => a.number },
        { header: 'Status', kind: 'status', value: (a: AssemblyRow) => a.status },
        { header: 'Product', kind: 'code', value: (a: AssemblyRow) => a.product },
        { header: 'Qty', kind: 'quantity', value: (a: AssemblyRow) => toNumber(a.quantityE4) },
        { header: 'From', kind: 'code', value: (a: AssemblyRow) => a.from },
        { header: 'To', kind: 'code', value: (a: AssemblyRow) => a.to },
        // a table shows the day; a spreadsheet gets the local date-time
        { header: 'Created', kind: 'date', value: (a: AssemblyRow) => a.createdAt, only: 'table' },
        { header: 'Created', kind: 'time', value: (a: AssemblyRow) => a.createdAt, only: 'csv' },
      ],
      json: assemblyRowJson,
    },
    {
      empty: filtered ? 'No assemblies match.' : 'No assemblies yet. Make one with: serials assemble PRODUCT --warehouse W --serials ...',
      footer: () => `${count(rows.length, 'assembly', 'assemblies')}.`,
    },
  );
}
