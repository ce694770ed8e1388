// What init, db migrate and db backup share: a consistent copy of a live ledger (SQLite's
// online backup from one read snapshot, written beside its target under a temporary name,
// checked, and renamed into place; RULES.md F-1: never over the ledger itself, under any
// name), and bringing an existing ledger up to date after backing it up.

import { verifyLedger } from '../../core/ledger/verify.js';
import { existsSync, statSync } from 'node:fs';
import { copyFindings, type Ledger } from '../../db/open.js';
import { copyToNewFile } from '../../db/copy.js';
import { identifyLedgerFile } from '../../db/ledger-file.js';
import { assertNotNewer, assertSchemaWhole, migrateToLatest, schemaState, schemaVersion } from '../../db/migrate.js';
import { LedgerDamagedError, SerialsError, UsageError } from '../../errors.js';
import { reserveOutput } from '../../io/safe-output.js';
import { noteKept } from '../signals.js';
import type { Context } from '../context.js';

export interface BackupResult {
  ledger: string;
  backup: string;
  bytes: number;
}

/**
 * An existing target is replaced only when it is itself a serials ledger (an older backup)
 * and `force` is given: a backup never overwrites any other file (RULES.md F-2).
 */
function assertReplaceable(target: string, force: boolean, flag: string): void {
  let kind: string;
  try {
    kind = identifyLedgerFile(target).kind;
  } catch (error) {
    if (error instanceof SerialsError) kind = 'other';
    else throw error;
  }
  if (kind === 'missing' || kind === 'empty') return;
  if (kind === 'ledger') {
    if (force) return;
    throw new UsageError(`${target} already exists (a serials ledger, perhaps an older backup).`, `Add --force to replace it, or give ${flag} another file.`);
  }
  throw new UsageError(`${target} already exists and is not a serials ledger; a backup never overwrites another file.`, `Give ${flag} another file.`);
}

export async function backupLedger(ledger: Ledger, target: string, options: { force: boolean; flag: string }): Promise<BackupResult> {
  const out = reserveOutput(target, options.flag, { ledger: ledger.path }, { durable: true, mayReplaceDatabase: true });
  try {
    assertReplaceable(out.target, options.force, options.flag);
    // a ledger on PostgreSQL is backed up as db copy copies it, into a new SQLite file
    if (ledger.engine === 'sqlite') await ledger.backupTo(out.path);
    else await copyToNewFile(ledger, out.path, verifyLedger);
    const findings = copyFindings(out.path);
    if (findings.length > 0) throw new LedgerDamagedError(ledger.path, `its copy fails SQLite's check (${findings.slice(0, 3).join('; ')}); no backup was written`);
    out.commit();
  } catch (error) {
    out.abort();
    throw error;
  }
  return { ledger: ledger.path, backup: target, bytes: statSync(out.target).size };
}

/** `shop.db.schema-0006.bak` beside the ledger (`.2.bak`, … if that exists): named for the schema version it holds. */
export function migrationBackupPath(ledgerPath: string, version: string): string {
  for (let n = 1; ; n++) {
    const path = `${ledgerPath}.schema-${version}${n === 1 ? '' : `.${n}`}.bak`;
    if (!existsSync(path)) return path;
  }
}

export interface MigrateOutcome {
  pending: string[];
  applied: string[];
  backup: string | null;
}

/**
 * Brings an existing ledger up to date: refuses one written by a newer serials, backs it up
 * beside itself (unless told not to), applies every pending migration in one transaction,
 * and checks the result is whole. With `dryRun`, only says what would run.
 */
export async function migrateExisting(ctx: Context, options: { dryRun: boolean; backup: boolean }): Promise<MigrateOutcome> {
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
      if (options.backup && ledger.engine !== 'sqlite') {
        // the server's own backups (pg_dump, or serials db copy to a file) are the ones to keep
        ctx.out.note(`No file backup is made of a ledger on PostgreSQL; to keep one first, run: serials db copy --from ${path} --to FILE.db`);
      } else if (options.backup) {
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
