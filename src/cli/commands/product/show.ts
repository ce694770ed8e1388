import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { show } from '../../actions/product.js';

export const spec: CommandSpec = {
  noun: 'product',
  verb: 'show',
  args: '<code>',
  summary: 'show a product: stock per warehouse, serial counts, open documents',
  examples: ['serials product show WIDGET'],
};

export async function run(ctx: Context): Promise<void> {
  await show(ctx);
}
