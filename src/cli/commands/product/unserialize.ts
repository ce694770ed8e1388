import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { unserialize } from '../../actions/product.js';

export const spec: CommandSpec = {
  noun: 'product',
  verb: 'unserialize',
  args: '<code>',
  summary: 'stop tracking serials (needs zero stock); serial records become deleted, history kept',
  examples: ['serials product unserialize WIDGET'],
};

export async function run(ctx: Context): Promise<void> {
  await unserialize(ctx);
}
