import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { migrateExisting } from '../../families/ledger-admin.js';
import { presentResult } from '../../render/present.js';
import { listed } from '../../render/words.js';

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
  const dryRun = ctx.opts.dryRun === true;
  const r = await migrateExisting(ctx, { dryRun, backup: ctx.opts.backup !== false });
  const json = { path: ctx.dbPath, dryRun, pending: r.pending, migrationsApplied: r.applied, backup: r.backup };
  if (dryRun) {
    presentResult(ctx, json, [r.pending.length ? `Would apply ${listed(r.pending)}. Nothing was written.` : 'No pending migrations. Nothing was written.']);
    return;
  }
  presentResult(ctx, json, [r.applied.length ? `Applied ${listed(r.applied)}.` : 'No pending migrations.']);
}
