import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { identifyLedgerFile } from '../../../db/ledger-file.js';
import { pgLedgerAt } from '../../../db/open.js';
import { migrateToLatest } from '../../../db/migrate.js';
import { migrateExisting } from '../../families/ledger-admin.js';
import { presentResult } from '../../render/present.js';
import { count, listed } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'init',
  summary: 'create a ledger in a missing or empty file (or bring an existing ledger up to date, backing it up first)',
  flags: [
    { flags: '--no-backup', description: 'when bringing an existing ledger up to date, do not back it up first' },
  ],
  examples: ['serials init', 'serials --db shop.db init'],
};

/** Whether init creates a ledger (a missing or empty file; on PostgreSQL a schema with no tables) or brings one up to date. */
async function creates(ctx: Context): Promise<boolean> {
  const location = ctx.location;
  if (location.engine === 'sqlite') {
    const file = identifyLedgerFile(location.path);
    return file.kind === 'missing' || file.kind === 'empty';
  }
  return !(await pgLedgerAt(location));
}

export async function run(ctx: Context): Promise<void> {
  const path = ctx.dbPath;
  if (await creates(ctx)) {
    const applied = await ctx.createLedger((db) => migrateToLatest(db));
    presentResult(ctx, { path, created: true, migrationsApplied: applied, backup: null }, [`Created ledger ${path} (${count(applied.length, 'migration')} applied).`]);
  } else {
    const r = await migrateExisting(ctx, { dryRun: false, backup: ctx.opts.backup !== false });
    presentResult(ctx, { path, created: false, migrationsApplied: r.applied, backup: r.backup }, [
      r.applied.length ? `Ledger ${path} brought up to date: applied ${listed(r.applied)}.` : `Ledger ${path} is already initialised and up to date.`,
    ]);
  }
  ctx.out.note('Next: serials settings enable-serial-tracking, then serials warehouse add MAIN');
}
