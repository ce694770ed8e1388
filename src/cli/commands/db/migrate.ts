import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { migrate } from '../../actions/admin.js';

export const spec: CommandSpec = {
  noun: 'db',
  verb: 'migrate',
  summary: 'apply pending migrations in one transaction, after backing the ledger up beside itself (LEDGER.schema-NNNN.bak)',
  flags: [
    { flags: '--dry-run', description: 'list the migrations that would run; write nothing' },
    { flags: '--no-backup', description: 'do not back the ledger up first' },
  ],
  examples: ['serials db migrate', 'serials db migrate --dry-run', 'serials db migrate --no-backup   # in CI, on a copy'],
};

export async function run(ctx: Context): Promise<void> {
  await migrate(ctx);
}
