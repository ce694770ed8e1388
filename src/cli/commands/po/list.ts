import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { listPurchaseOrders, type PurchaseOrderSummary } from '../../../core/purchasing/purchase-orders.js';
import { parseFlags, z } from '../../input/validate.js';
import { presentList, type View } from '../../render/present.js';
import { count } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'po',
  verb: 'list',
  summary: 'list purchase orders: lines, and how many are received in full',
  flags: [
    { flags: '--status <status>', description: 'only orders with this status', choices: ['open', 'completed', 'deleted'] },
  ],
  formats: ['table', 'csv', 'json'],
  examples: ['serials po list --status open', 'serials po list --format csv > orders.csv'],
};

const flags = () => z.object({ status: z.optional(z.enum(['open', 'completed', 'deleted'])) });

// Lines are counted, not their quantities added: an order of drills and metres of cable has
// no total. How much of each line is received is on `serials po show`.
const view: View<PurchaseOrderSummary> = {
  columns: [
    { header: 'Order Number', kind: 'code', value: (r) => r.number },
    { header: 'Supplier', kind: 'code', value: (r) => r.supplier },
    { header: 'Warehouse', kind: 'code', value: (r) => r.warehouse },
    { header: 'Status', kind: 'status', value: (r) => r.status },
    { header: 'Created', kind: 'date', value: (r) => r.createdAt, only: 'table' },
    { header: 'Created', kind: 'time', value: (r) => r.createdAt, only: 'csv' },
    { header: 'Lines', kind: 'count', value: (r) => r.lineCount },
    { header: 'Received', kind: 'count', value: (r) => r.receivedLineCount },
  ],
  json: (r) => ({
    number: r.number,
    supplier: r.supplier,
    warehouse: r.warehouse,
    status: r.status,
    createdAt: r.createdAt,
    lineCount: r.lineCount,
    receivedLineCount: r.receivedLineCount,
  }),
};

export async function run(ctx: Context): Promise<void> {
  const { status } = parseFlags(flags(), ctx.opts);
  const rows = await ctx.withLedger((db) => listPurchaseOrders(db, { status }));
  await presentList(ctx, rows, view, {
    empty: status ? `No ${status} purchase orders.` : 'No purchase orders yet. Create one with: serials po create --supplier CODE --warehouse CODE --line PRODUCT:QTY',
    footer: (n) => `${count(n, 'purchase order')}. Received counts the lines received in full.`,
  });
}
