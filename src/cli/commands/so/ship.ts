import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { ship } from '../../actions/so.js';

export const spec: CommandSpec = {
  noun: 'so',
  verb: 'ship',
  args: '<so>',
  summary: 'ship all outstanding (or --product/--qty) of an order: assigned serials first, then those given (asked for on a terminal); dispatched at once unless --park',
  flags: [
    { flags: '--product <code>', description: 'ship only this product line' },
    { flags: '--qty <n>', description: 'quantity of that line (default: all outstanding)' },
    { flags: '--park', description: 'create the shipment without dispatching it (serials stay available)' },
    ...SERIAL_FLAGS,
  ],
  examples: ['serials so ship SO-00000001', 'serials so ship SO-00000001 --product WIDGET --qty 2 --serials W-0007,W-0008', 'serials so ship SO-00000001 --serials-file shipment.csv --park   # Product Code,Serial Number'],
};

export async function run(ctx: Context): Promise<void> {
  await ship(ctx);
}
