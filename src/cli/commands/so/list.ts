import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { listSalesOrders, type SalesOrderSummary } from '../../../core/sales/sales-orders.js';
import { parseFlags, z } from '../../input/validate.js';
import { presentList, type View } from '../../render/present.js';
import { count } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'so',
  verb: 'list',
  summary: 'list sales orders: lines, and how many are shipped in full',
  flags: [
    { flags: '--status <status>', description: 'only orders with this status', choices: ['open', 'completed', 'deleted'] },
  ],
  formats: ['table', 'csv', 'json'],
  examples: ['serials so list --status open', 'serials so list --format csv > orders.csv'],
};

const flags = () => z.object({ status: z.optional(z.enum(['open', 'completed', 'deleted'])) });

// Lines are counted, not their quantities added: an order of drills and metres of cable has
// no total. How much of each line is shipped is on `serials so show`.
const view: View<SalesOrderSummary> = {
  columns: [
    { header: 'Order Number', kind: 'code', value: (r) => r.number },
    { header: 'Customer', kind: 'code', value: (r) => r.customer },
    { header: 'Warehouse', kind: 'code', value: (r) => r.warehouse },
    { header: 'Status', kind: 'status', value: (r) => r.status },
    { header: 'Created', kind: 'date', value: (r) => r.createdAt, only: 'table' },
    { header: 'Created', kind: 'time', value: (r) => r.createdAt, only: 'csv' },
    { header: 'Lines', kind: 'count', value: (r) => r.lineCount },
    { header: 'Shipped', kind: 'count', value: (r) => r.shippedLineCount },
  ],
  json: (r) => ({
    number: r.number,
    customer: r.customer,
    warehouse: r.warehouse,
    status: r.status,
    createdAt: r.createdAt,
    lineCount: r.lineCount,
    shippedLineCount: r.shippedLineCount,
  }),
};

export async function run(ctx: Context): Promise<void> {
  const { status } = parseFlags(flags(), ctx.opts);
  const rows = await ctx.withLedger((db) => listSalesOrders(db, { status }));
  await presentList(ctx, rows, view, {
    empty: status ? `No ${status} sales orders.` : 'No sales orders yet. Create one with: serials so create --customer CODE --warehouse CODE --line PRODUCT:QTY',
    footer: (n) => `${count(n, 'sales order')}. Shipped counts the lines shipped in full.`,
  });
}
