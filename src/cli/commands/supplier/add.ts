import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { addDirectoryEntry } from '../../families/directory.js';

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

export function run(ctx: Context): Promise<void> {
  return addDirectoryEntry(ctx, 'supplier');
}
