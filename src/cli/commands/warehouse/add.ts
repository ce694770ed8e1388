import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { addDirectoryEntry } from '../../families/directory.js';

export const spec: CommandSpec = {
  noun: 'warehouse',
  verb: 'add',
  args: '<code>',
  summary: 'add a warehouse',
  flags: [
    { flags: '--name <name>', description: 'warehouse name (default: the code)' },
  ],
  examples: ['serials warehouse add MAIN --name "Main warehouse"'],
};

export function run(ctx: Context): Promise<void> {
  return addDirectoryEntry(ctx, 'warehouse');
}
