// init, db migrate|status|verify, settings.

import { identifyLedgerFile } from '../../db/ledger-file.js';
import { assertNotNewer, assertSchemaWhole, migrateToLatest, migrationStates, schemaState, schemaVersion } from '../../db/migrate.js';
import { integrityFindings } from '../../db/structure-check.js';
import { verifyLedger } from '../../core/ledger/verify.js';
import { LedgerDamagedError, RejectedError, UsageError } from '../../errors.js';
import { backupLedger, migrationBackupPath } from './backup.js';
import { noteKept } from '../signals.js';
import type { Context } from '../context.js';
import { Reported } from '../fail.js';

interface MigrateOutcome {
  pending: string[];
  applied: string[];
  backup: string | null;
}

/**
 * Brings an existing ledger up to date: refuses one written by a newer serials, backs it up
 * beside itself (unless told not to), applies every pending migration in one transaction,
 * and checks the result is whole. With `dryRun`, only says what would run.
 */
async function migrateExisting(ctx: Context, options: { dryRun: boolean; backup: boolean }): Promise<MigrateOutcome> {
  const path = ctx.dbPath;
  return ctx.withOpenLedger(
    async (ledger) => {
      const state = await schemaState(ledger.db);
      assertNotNewer(state, path);
      if (!state.initialised) throw new LedgerDamagedError(path, 'its migration table is missing');
      if (state.pending.length === 0) {
        await assertSchemaWhole(ledger.db, path);
        return { pending: [], applied: [], backup: null };
      }
      if (options.dryRun) return { pending: state.pending, applied: [], backup: null };
      let backup: string | null = null;
      if (options.backup) {
        backup = (await backupLedger(ledger, migrationBackupPath(path, schemaVersion(state)), { force: false, flag: 'the migration backup' })).backup;
        ctx.out.note(`Backed up the ledger to ${backup} before migrating.`);
        noteKept(`the backup ${backup}`);
      }
      const applied = await migrateToLatest(ledger.db);
      await assertSchemaWhole(ledger.db, path);
      return { pending: [], applied, backup };
    },
    { skipSchemaCheck: true },
  );
}

export async function init(ctx: Context): Promise<void> {
  const path = ctx.dbPath;
  const file = identifyLedgerFile(path);
  if (file.kind === 'missing' || file.kind === 'empty') {
    const applied = await ctx.createLedger((db) => migrateToLatest(db));
    if (ctx.json) return ctx.out.json({ path, created: true, migrationsApplied: applied, backup: null });
    ctx.out.line(`Created ledger ${path} (${applied.length} migration(s) applied).`);
  } else {
    const r = await migrateExisting(ctx, { dryRun: false, backup: ctx.opts.backup !== false });
    if (ctx.json) return ctx.out.json({ path, created: false, migrationsApplied: r.applied, backup: r.backup });
    ctx.out.line(r.applied.length ? `Ledger ${path} brought up to date: applied ${r.applied.join(', ')}.` : `Ledger ${path} is already initialised and up to date.`);
  }
  ctx.out.note('Next: serials settings enable-serial-tracking, then serials warehouse add MAIN');
}

export async function migrate(ctx: Context): Promise<void> {
  const dryRun = ctx.opts.dryRun === true;
  const r = await migrateExisting(ctx, { dryRun, backup: ctx.opts.backup !== false });
  if (ctx.json) return ctx.out.json({ path: ctx.dbPath, dryRun, pending: r.pending, migrationsApplied: r.applied, backup: r.backup });
  if (dryRun) {
    ctx.out.line(r.pending.length ? `Would apply ${r.pending.join(', ')}. Nothing was written.` : 'No pending migrations. Nothing was written.');
    return;
  }
  ctx.out.line(r.applied.length ? `Applied ${r.applied.join(', ')}.` : 'No pending migrations.');
}

export async function status(ctx: Context): Promise<void> {
  const path = ctx.dbPath;
  const state = await ctx.withLedger(
    async (db) => {
      const s = await schemaState(db);
      assertNotNewer(s, path);
      if (!s.initialised) throw new LedgerDamagedError(path, 'its migration table is missing');
      if (s.pending.length === 0) await assertSchemaWhole(db, path);
      return s;
    },
    { skipSchemaCheck: true },
  );
  const states = migrationStates(state);
  if (ctx.opts.check === true && state.pending.length > 0) {
    // a pipeline gates on this: 0 up to date, 1 pending, 69 written by a newer serials
    throw new RejectedError([
      {
        code: 'migrations_pending',
        message: `The ledger ${path} has ${state.pending.length} pending migration(s): ${state.pending.join(', ')}.`,
        fix: `Run: serials db migrate --db ${path}`,
      },
    ]);
  }
  if (ctx.json) return ctx.out.json({ path, schemaVersion: schemaVersion(state), upToDate: state.pending.length === 0, migrations: states, pending: state.pending });
  if (ctx.opts.check !== true) ctx.out.table(['Migration', 'Applied'], states.map((s) => [s.name, s.appliedAt ?? 'pending']));
  ctx.out.line(state.pending.length ? `${state.pending.length} pending: run serials db migrate` : 'Up to date.');
}

export async function verify(ctx: Context): Promise<void> {
  const path = ctx.dbPath;
  const { damage, report } = await ctx.withLedger(async (db) => {
    // damage first: the invariants cannot be trusted on a file SQLite itself finds broken
    const found = await integrityFindings(db);
    return { damage: found, report: found.length ? undefined : await verifyLedger(db) };
  });
  if (damage.length > 0 || !report) {
    if (!ctx.json) for (const d of damage) ctx.out.line(`damage: ${d}`);
    throw new LedgerDamagedError(path, `SQLite's integrity check found ${damage.length} problem(s)${ctx.json ? '' : ', listed above'}`, { integrity: damage });
  }
  if (ctx.json) {
    ctx.out.json({ ...report, integrity: 'ok' });
  } else if (report.ok) {
    ctx.out.line(
      `Ledger OK: SQLite's integrity check passed; ${report.serials} serials, ${report.serialMovements} serial movements, ${report.stockLevels} stock levels; all four invariants hold.`,
    );
  } else {
    for (const d of report.discrepancies) ctx.out.line(`invariant ${d.invariant}: ${d.message}`);
    if (report.total > report.discrepancies.length) ctx.out.line(`… ${report.total - report.discrepancies.length} more.`);
  }
  if (!report.ok) {
    const error = new RejectedError(
      [{ code: 'ledger_inconsistent', message: `The ledger has ${report.total} discrepancy(ies) between current state and history.`, fix: 'Restore from a backup, or report this as a bug with the output above.' }],
    );
    if (ctx.json) throw new Reported(1);
    throw error;
  }
}

