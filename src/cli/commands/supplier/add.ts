import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { addAction } from '../../actions/directory.js';

export const spec: CommandSpec = {
  noun: 'supplier',
  verb: 'add',
  args: '<code>',
  summary: 'add a supplier',
  flags: [
    { flags: '--name <name>', description: 'supplier name (default: the code)' },
  ],
  examples: ['serials supplier add ACME --name "Acme Ltd"'],
};

export async function run(ctx: Context): Promise<void> {
  await addAction('supplier')(ctx);
}
