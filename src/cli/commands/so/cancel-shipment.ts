import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { cancelShipment } from '../../../core/sales/shipment-cancel.js';
import { presentShipment } from '../../families/shipment-result.js';

export const spec: CommandSpec = {
  noun: 'so',
  verb: 'cancel-shipment',
  args: '<shipment>',
  summary: 'cancel a parked shipment: nothing moves; its quantities are outstanding again, its serials free, and it is kept marked cancelled',
  examples: ['serials so cancel-shipment SS-00000001'],
};

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  presentShipment(ctx, await ctx.withLedger((db) => cancelShipment(db, number), { write: true }));
}
