import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { addAction } from '../../actions/directory.js';

export const spec: CommandSpec = {
  noun: 'customer',
  verb: 'add',
  args: '<code>',
  summary: 'add a customer',
  flags: [
    { flags: '--name <name>', description: 'customer name (default: the code)' },
  ],
  examples: ['serials customer add ACME --name "Acme Ltd"'],
};

export async function run(ctx: Context): Promise<void> {
  await addAction('customer')(ctx);
}
