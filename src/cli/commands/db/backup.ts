import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { backup } from '../../actions/backup.js';

export const spec: CommandSpec = {
  noun: 'db',
  verb: 'backup',
  args: '<file>',
  summary: 'copy the ledger consistently while it is in use (never over the ledger itself; an existing backup only with --force)',
  flags: [
    { flags: '--force', description: 'replace FILE if it is an older serials ledger (never any other file)' },
  ],
  examples: ['serials db backup shop-2026-11-28.db', 'serials db backup nightly.db --force'],
};

export async function run(ctx: Context): Promise<void> {
  await backup(ctx);
}
