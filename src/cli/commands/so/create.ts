import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { create } from '../../actions/so.js';

export const spec: CommandSpec = {
  noun: 'so',
  verb: 'create',
  summary: 'create a sales order',
  flags: [
    { flags: '--customer <code>', description: 'customer code', required: true },
    { flags: '--warehouse <code>', description: 'warehouse the goods ship from', required: true },
    { flags: '--line <product:qty[:unit_price]>', description: 'an order line (repeat for more lines)', repeatable: true },
    { flags: '--number <number>', description: 'use this number instead of the next SO-…' },
  ],
  examples: ['serials so create --customer BAKER --warehouse MAIN --line WIDGET:2:129.00 --line CABLE:10'],
};

export async function run(ctx: Context): Promise<void> {
  await create(ctx);
}
