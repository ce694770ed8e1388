import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { deleteSalesOrder } from '../../../core/sales/sales-orders.js';
import { presentResult } from '../../render/present.js';
import { count } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'so',
  verb: 'delete',
  args: '<so>',
  summary: 'delete an open sales order with nothing shipped (its serials are unassigned)',
  examples: ['serials so delete SO-00000002'],
};

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const r = await ctx.withLedger((db) => deleteSalesOrder(db, number), { write: true });
  const unassigned = r.assignmentsDropped ? ` and unassigned its ${count(r.assignmentsDropped, 'serial')}` : '';
  presentResult(ctx, { number: r.number, status: r.status, unassignedCount: r.assignmentsDropped }, [`Deleted sales order ${r.number}${unassigned}: it is kept, marked deleted, and nothing is outstanding on it.`]);
}
