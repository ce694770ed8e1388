import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { deletePurchaseOrder } from '../../../core/purchasing/purchase-orders.js';
import { presentResult } from '../../render/present.js';

export const spec: CommandSpec = {
  noun: 'po',
  verb: 'delete',
  args: '<po>',
  summary: 'delete an open purchase order with nothing received',
  examples: ['serials po delete PO-00000002'],
};

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const r = await ctx.withLedger((db) => deletePurchaseOrder(db, number), { write: true });
  presentResult(ctx, { number: r.number, status: r.status }, [`Deleted purchase order ${r.number}: it is kept, marked deleted, and nothing is outstanding on it.`]);
}
