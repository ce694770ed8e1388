import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { addDirectoryEntry } from '../../families/directory.js';

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

export function run(ctx: Context): Promise<void> {
  return addDirectoryEntry(ctx, 'customer');
}
