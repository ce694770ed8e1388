import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { dispatchShipment } from '../../../core/sales/shipments.js';
import { presentShipment } from '../../families/shipment-result.js';

export const spec: CommandSpec = {
  noun: 'so',
  verb: 'dispatch',
  args: '<shipment>',
  summary: 'dispatch a parked shipment: every serial is checked at once',
  examples: ['serials so dispatch SS-00000001'],
};

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  presentShipment(ctx, await ctx.withLedger((db) => dispatchShipment(db, number), { write: true }));
}
