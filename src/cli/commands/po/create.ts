import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { createPurchaseOrder } from '../../../core/purchasing/purchase-orders.js';
import { formatQuantity } from '../../../core/values/quantity.js';
import { purchaseOrderJson } from '../../families/orders.js';
import { orderFlags } from '../../input/order-lines.js';
import { presentResult } from '../../render/present.js';
import { count } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'po',
  verb: 'create',
  summary: 'create a purchase order',
  flags: [
    { flags: '--supplier <code>', description: 'supplier code', required: true },
    { flags: '--warehouse <code>', description: 'warehouse receiving the goods', required: true },
    { flags: '--line <product:qty[:unit_cost]>', description: 'an order line (repeat for more lines)', repeatable: true },
    { flags: '--number <number>', description: 'use this number instead of the next PO-00000001, PO-00000002, …' },
  ],
  examples: ['serials po create --supplier ACME --warehouse MAIN --line WIDGET:10:4.50 --line CABLE:2.5'],
};

export async function run(ctx: Context): Promise<void> {
  const flags = orderFlags(ctx.opts, 'supplier', 'UNIT_COST');
  const lines = flags.lines.map((l) => ({ ...l, unitCost: l.unitPrice }));
  const po = await ctx.withLedger((db) => createPurchaseOrder(db, { supplier: flags.party, warehouse: flags.warehouse, lines, number: flags.number }), { write: true });
  presentResult(ctx, purchaseOrderJson(po), [`Created purchase order ${po.number} from ${po.supplier} into ${po.warehouse} (${count(po.lines.length, 'line')}).`]);
  if (ctx.json) return;
  // what receiving the first line takes: serials for a serialized product, else a quantity
  const first = po.lines[0];
  if (first) {
    const what = first.serialized ? '--serials <serials>' : `--qty ${formatQuantity(first.quantityE4)}`;
    ctx.out.note(`Next: serials po receive ${po.number} --product ${first.product} ${what}`);
  }
}
