import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { dispatch } from '../../actions/so.js';

export const spec: CommandSpec = {
  noun: 'so',
  verb: 'dispatch',
  args: '<shipment>',
  summary: 'dispatch a parked shipment: every serial is checked at once',
  examples: ['serials so dispatch SS-00000001'],
};

export async function run(ctx: Context): Promise<void> {
  await dispatch(ctx);
}
