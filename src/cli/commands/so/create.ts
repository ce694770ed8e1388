import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { createSalesOrder } from '../../../core/sales/sales-orders.js';
import { salesOrderJson } from '../../families/orders.js';
import { orderFlags } from '../../input/order-lines.js';
import { presentResult } from '../../render/present.js';
import { count } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'so',
  verb: 'create',
  summary: 'create a sales order',
  flags: [
    { flags: '--customer <code>', description: 'customer code', required: true },
    { flags: '--warehouse <code>', description: 'warehouse the goods ship from', required: true },
    { flags: '--line <product:qty[:unit_price]>', description: 'an order line (repeat for more lines)', repeatable: true },
    { flags: '--number <number>', description: 'use this number instead of the next SO-00000001, SO-00000002, …' },
  ],
  examples: ['serials so create --customer BAKER --warehouse MAIN --line WIDGET:2:129.00 --line CABLE:10'],
};

export async function run(ctx: Context): Promise<void> {
  const flags = orderFlags(ctx.opts, 'customer', 'UNIT_PRICE');
  const so = await ctx.withLedger((db) => createSalesOrder(db, { customer: flags.party, warehouse: flags.warehouse, lines: flags.lines, number: flags.number }), { write: true });
  presentResult(ctx, salesOrderJson(so), [`Created sales order ${so.number} for ${so.customer} from ${so.warehouse} (${count(so.lines.length, 'line')}).`]);
  if (ctx.json) return;
  // serials can be assigned in advance to a serialized line; otherwise the next step is shipping
  const serialized = so.lines.find((l) => l.serialized);
  ctx.out.note(serialized ? `Next: serials so assign ${so.number} --product ${serialized.product} --serials <serials>, or ship it: serials so ship ${so.number}` : `Next: serials so ship ${so.number}`);
}
