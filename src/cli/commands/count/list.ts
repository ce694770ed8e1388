import { listCounts, type CountListRow } from '../../../core/counts/read.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { parseFlags, z } from '../../input/validate.js';
import { presentList } from '../../render/present.js';
import { count } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'count',
  verb: 'list',
  summary: 'list stock counts, newest first',
  flags: [
    { flags: '--status <status>', description: 'only counts in this status', choices: ['open', 'in_progress', 'completed', 'deleted'] },
    { flags: '--warehouse <code>', description: 'only counts of this warehouse' },
  ],
  formats: ['table', 'csv', 'json'],
  examples: ['serials count list', 'serials count list --status in_progress --warehouse MAIN'],
};

const flags = () =>
  z.object({
    status: z.optional(z.enum(['open', 'in_progress', 'completed', 'deleted'])),
    warehouse: z.optional(z.string()),
  });

export async function run(ctx: Context): Promise<void> {
  const f = parseFlags(flags(), ctx.opts);
  const rows = await ctx.withLedger((db) => listCounts(db, { status: f.status, warehouse: f.warehouse }));
  await presentList<CountListRow>(
    ctx,
    rows,
    {
      columns: [
        { header: 'Number', kind: 'code', value: (r) => r.number },
        { header: 'Warehouse', kind: 'code', value: (r) => r.warehouse },
        { header: 'Status', kind: 'status', value: (r) => r.status },
        { header: 'Created', kind: 'date', value: (r) => r.createdAt, only: 'table' },
        { header: 'Created', kind: 'time', value: (r) => r.createdAt, only: 'csv' },
        { header: 'Started', kind: 'time', value: (r) => r.startedAt, only: 'csv' },
        { header: 'Completed', kind: 'time', value: (r) => r.completedAt, only: 'csv' },
        { header: 'Products', kind: 'count', value: (r) => r.lineCount },
        { header: 'Expected Serials', kind: 'count', value: (r) => r.expectedSerials },
        { header: 'Scanned Serials', kind: 'count', value: (r) => r.scannedSerials },
      ],
      json: (r) => ({
        number: r.number,
        warehouse: r.warehouse,
        status: r.status,
        allProducts: r.allProducts,
        createdAt: r.createdAt,
        startedAt: r.startedAt,
        completedAt: r.completedAt,
        lineCount: r.lineCount,
        expectedSerialCount: r.expectedSerials,
        scannedSerialCount: r.scannedSerials,
      }),
    },
    { empty: f.status || f.warehouse ? 'No stock counts match.' : 'No stock counts yet.', footer: (n) => `${count(n, 'stock count')}.` },
  );
}
