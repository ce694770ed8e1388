import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { status } from '../../actions/admin.js';

export const spec: CommandSpec = {
  noun: 'db',
  verb: 'status',
  summary: 'list applied and pending migrations',
  flags: [
    { flags: '--check', description: 'exit 0 when up to date, 1 when migrations are pending, 69 when a newer serials wrote the ledger' },
  ],
  examples: ['serials db status', 'serials db status --check || serials db migrate', 'serials db status --json'],
};

export async function run(ctx: Context): Promise<void> {
  await status(ctx);
}
