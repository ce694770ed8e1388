import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { list } from '../../actions/product.js';

export const spec: CommandSpec = {
  noun: 'product',
  verb: 'list',
  summary: 'list products with stock on hand',
  formats: ['table', 'csv', 'json'],
  examples: ['serials product list'],
};

export async function run(ctx: Context): Promise<void> {
  await list(ctx);
}
