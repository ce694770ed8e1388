import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { init } from '../../actions/admin.js';

export const spec: CommandSpec = {
  noun: 'init',
  summary: 'create a ledger in a missing or empty file (or bring an existing ledger up to date, backing it up first)',
  flags: [
    { flags: '--no-backup', description: 'when bringing an existing ledger up to date, do not back it up first' },
  ],
  examples: ['serials init', 'serials --db shop.db init'],
};

export async function run(ctx: Context): Promise<void> {
  await init(ctx);
}
