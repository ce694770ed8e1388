import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { add } from '../../actions/product.js';

export const spec: CommandSpec = {
  noun: 'product',
  verb: 'add',
  args: '<code>',
  summary: 'add a product',
  flags: [
    { flags: '--description <text>', description: 'description' },
    { flags: '--serialized', description: 'track each unit by serial number (needs serial tracking enabled)' },
    { flags: '--never-diminishing', description: 'stock is never reduced (e.g. a service); cannot be serialized' },
  ],
  examples: ['serials product add WIDGET --description "Blue widget" --serialized', 'serials product add LABOUR --never-diminishing'],
};

export async function run(ctx: Context): Promise<void> {
  await add(ctx);
}
