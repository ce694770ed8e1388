import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { serialize } from '../../actions/product.js';

export const spec: CommandSpec = {
  noun: 'product',
  verb: 'serialize',
  args: '<code>',
  summary: 'start tracking serials for a product; every unit in stock needs a serial',
  flags: [
    { flags: '--warehouse <code>', description: 'warehouse of the serials given (when they do not say)' },
    ...SERIAL_FLAGS,
  ],
  examples: ['serials product serialize WIDGET --serials W-001..W-010', 'serials product serialize WIDGET --serials-file stock.csv   # Warehouse Code,Serial Number'],
};

export async function run(ctx: Context): Promise<void> {
  await serialize(ctx);
}
