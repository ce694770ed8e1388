// Opening a ledger on SQLite: only a file that is a serials ledger (RULES.md F-2), with the
// pragmas every command relies on, through the ledger driver (sqlite-driver.ts). A new
// ledger is built complete under a temporary name and then put in place, so an `init` that
// fails or is interrupted leaves nothing behind.

import { existsSync, linkSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { BusyError, LedgerDamagedError, LedgerUnavailableError, OutputError, shown } from '../errors.js';
import { tempBeside } from '../io/temp-files.js';
import { MAX_NAME_BYTES, whyNotCreatable } from '../io/temp-files.js';
import { checkLedgerPath, identifyLedgerFile } from './ledger-file.js';
import { LedgerDialect, type WriteEvents } from './sqlite-driver.js';
import type { EngineName } from './engine.js';
// pg itself is loaded only when a ledger is on PostgreSQL (src/db/pg/modules.ts)
import { createPgLedger, openPgLedger, pgLedgerExists } from './pg/open.js';
import { translatePgError } from './pg/errors.js';
import { parseLocation, type LedgerLocation } from './location.js';
import { findingsOf, startStructureCheck, type StructureCheck } from './structure-check.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type { WriteEvents } from './sqlite-driver.js';
/** Lets signals that arrived during a write be handled before it commits (engine-neutral name for the CLI). */
export { settleSignals } from './sqlite-driver.js';

export interface OpenOptions {
  /** how long a writer waits for another writer before giving up (ms) */
  busyTimeoutMs?: number;
  /** SQLite page cache; bulk imports keep it small so that memory stays flat */
  cacheKiB?: number;
  /** told when a write transaction begins, commits or rolls back */
  events?: WriteEvents;
  /** run SQLite's structure check in every write transaction before it commits (the CLI does) */
  checkStructure?: boolean;
}

export const DEFAULT_CACHE_KIB = 65_536;
export const BULK_CACHE_KIB = 16_384;
export const DEFAULT_BUSY_TIMEOUT_MS = 10_000;
/** How long SQLite itself may block in its busy handler (outside BEGIN, which waits in JS). */
const SQLITE_BUSY_SLICE_MS = 100;

export interface Ledger {
  db: Db;
  engine: EngineName;
  /** the file, or on PostgreSQL the URL without its password: what messages may print */
  name: string;
  /** the file (on PostgreSQL the same as name) */
  path: string;
  close(): Promise<void>;
  /**
   * Rolls back an open transaction and closes, synchronously: for a signal handler, which
   * runs between statements. Nothing uncommitted survives it.
   */
  abort(): void;
  /**
   * A consistent copy of the ledger, while other commands go on (SQLite's online backup),
   * into `destination`, a new file. The copy is taken from one read snapshot, so writers
   * elsewhere neither block it nor make it start over.
   */
  backupTo(destination: string): Promise<void>;
}

/**
 * better-sqlite3 finds its native addon with the `bindings` package, which probes a dozen
 * paths and parses a stack trace: measurable on every command. The path is known.
 */
function nativeBinding(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
  } catch {
    return undefined;
  }
}

/** Opens an existing ledger. Anything else — missing, empty, another program's file, damaged — is refused before SQLite touches it. */
export function openLedger(path: string, options: OpenOptions = {}): Ledger {
  checkLedgerPath(path, 'The ledger path');
  const file = identifyLedgerFile(path);
  if (file.kind === 'missing') throw new LedgerUnavailableError(`No ledger at ${path}.`, `Create one with: serials init --db ${path}`);
  if (file.kind === 'empty') throw new LedgerUnavailableError(`${path} is an empty file, not a serials ledger.`, `Create a ledger in it with: serials init --db ${path}`);
  if (file.kind === 'unmarked') assertUnmarkedLedger(path);
  return connect(path, options);
}

/**
 * A SQLite file without the ledger mark is either a ledger made before the mark existed
 * (its migration table says so; `db migrate` marks it) or another program's database. It is
 * looked at read-only, so that the other program's file stays exactly as it was.
 */
function assertUnmarkedLedger(path: string): void {
  let tables: string[];
  let ours = false;
  let probe: BetterSqlite3.Database | undefined;
  try {
    probe = new BetterSqlite3(path, { readonly: true, fileMustExist: true, nativeBinding: nativeBinding() });
    tables = probe.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").pluck().all() as string[];
    if (tables.includes('kysely_migration')) {
      ours = probe.prepare("select 1 from kysely_migration where name = '0001_ledger'").pluck().get() === 1;
    }
  } catch (error) {
    throw new LedgerUnavailableError(
      `${path} is not a serials ledger, and SQLite cannot read it (${(error as Error).message}).`,
      'Check the --db path; serials never changes a file that is not a ledger.',
      'not_a_ledger',
    );
  } finally {
    probe?.close();
  }
  if (ours) return;
  const listed = tables.length === 0 ? 'no tables' : `tables ${tables.slice(0, 6).map((t) => shown(t, 30)).join(', ')}${tables.length > 6 ? ` and ${tables.length - 6} more` : ''}`;
  throw new LedgerUnavailableError(
    `${path} is not a serials ledger: it is a SQLite database of another program (${listed}).`,
    'Check the --db path; serials never changes a file that is not a ledger (serials init creates one only in a missing or empty file).',
    'not_a_ledger',
  );
}

function connect(path: string, options: OpenOptions): Ledger {
  const binding = nativeBinding();
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(path, { timeout: Math.min(busyTimeoutMs, SQLITE_BUSY_SLICE_MS), nativeBinding: binding });
    // A ledger is in WAL mode from birth; only a new file needs switching (a read-only
    // ledger is read as it is).
    if (String(sqlite.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal' && !sqlite.readonly) sqlite.pragma('journal_mode = WAL');
    // FULL: a receipt the command reported as done survives a power cut, at one fsync per
    // command. foreign_keys is off by default in SQLite. cell_size_check makes SQLite
    // notice more kinds of page damage as soon as it reads a page.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('cell_size_check = ON');
    sqlite.pragma(`cache_size = -${options.cacheKiB ?? DEFAULT_CACHE_KIB}`);
  } catch (error) {
    throw translateSqliteError(error, path);
  }
  let check: StructureCheck | undefined;
  const caller = options.events;
  const events: WriteEvents = {
    begun() {
      if (options.checkStructure) check = startStructureCheck(sqlite, path, binding);
      caller?.begun?.();
    },
    async beforeCommit() {
      await check?.passed();
      await caller?.beforeCommit?.();
    },
    committed() {
      check = undefined;
      caller?.committed?.();
    },
    rolledBack() {
      check?.cancel();
      check = undefined;
      caller?.rolledBack?.();
    },
  };
  const db = new Kysely<Database>({ dialect: new LedgerDialect({ sqlite, busyTimeoutMs, events }) });
  return {
    db,
    engine: 'sqlite',
    name: path,
    path,
    close: () => db.destroy(),
    async backupTo(destination) {
      sqlite.exec('begin');
      try {
        sqlite.prepare('select count(*) from sqlite_master').get(); // takes the read snapshot
        // 4,096 pages (16 MB) a step: the event loop turns between steps, for Ctrl-C
        await sqlite.backup(destination, { progress: () => 4096 });
      } finally {
        if (sqlite.inTransaction) sqlite.exec('commit');
      }
      // One self-contained file (no -wal or -shm beside it): the copy keeps the ledger's WAL
      // mode from its header, so it is switched back to a rollback journal; a ledger
      // restored from it is put in WAL mode again when it is next opened.
      const copy = new BetterSqlite3(destination, { fileMustExist: true, nativeBinding: binding });
      try {
        copy.pragma('journal_mode = DELETE');
      } finally {
        copy.close();
      }
    },
    abort() {
      try {
        if (sqlite.open && sqlite.inTransaction) sqlite.exec('rollback');
      } catch {
        // a statement still iterating: closing below rolls back all the same
      }
      check?.cancel();
      try {
        if (sqlite.open) sqlite.close();
      } catch {
        // the process is ending; SQLite never commits what was not committed
      }
    },
  };
}

/** Opens the ledger at a location (a path or a postgres:// URL): openLedger on SQLite, a connection on PostgreSQL. */
export async function openAt(where: LedgerLocation | string, options: OpenOptions = {}): Promise<Ledger> {
  const location = typeof where === 'string' ? parseLocation(where, 'The ledger location') : where;
  return location.engine === 'sqlite' ? openLedger(location.path, options) : openPgLedger(location, options);
}

/** `createLedger` at a location: a missing or empty file, or a PostgreSQL schema with no tables. */
export async function createAt<T>(where: LedgerLocation | string, options: OpenOptions, build: (db: Db) => Promise<T>): Promise<T> {
  const location = typeof where === 'string' ? parseLocation(where, 'The ledger location') : where;
  return location.engine === 'sqlite' ? createLedger(location.path, options, build) : createPgLedger(location, options, build);
}

/** Whether a PostgreSQL location holds a ledger already (init's question; a file answers it with identifyLedgerFile). */
export function pgLedgerAt(location: Extract<LedgerLocation, { engine: 'postgres' }>, options: OpenOptions = {}): Promise<boolean> {
  return pgLedgerExists(location, options);
}

/** An engine's errors as the CLI's (exit codes 69, 74, 75), naming the ledger as `name` (never with a password). */
export function translateLedgerError(error: unknown, location: LedgerLocation): unknown {
  return location.engine === 'sqlite' ? translateSqliteError(error, location.path) : translatePgError(error, location.name);
}

/** What SQLite's quick check finds wrong in a finished copy of a ledger (a backup), read-only. */
export function copyFindings(path: string): string[] {
  const copy = new BetterSqlite3(path, { readonly: true, fileMustExist: true, nativeBinding: nativeBinding() });
  try {
    return findingsOf(copy.pragma('quick_check(20)') as Record<string, unknown>[]);
  } finally {
    copy.close();
  }
}

/**
 * `serials init` on a missing or empty file: the ledger is built complete under a temporary
 * name beside it (`build` runs the migrations), closed, and only then put in place — linked
 * so that a file that appeared meanwhile is never replaced. The parent directory must exist.
 */
export async function createLedger<T>(path: string, options: OpenOptions, build: (db: Db) => Promise<T>): Promise<T> {
  checkLedgerPath(path, 'The ledger path');
  const before = identifyLedgerFile(path);
  if (before.kind !== 'missing' && before.kind !== 'empty') throw new Error(`createLedger: ${path} is not missing or empty`);
  const dir = dirname(resolve(path));
  const why = whyNotCreatable(resolve(path));
  if (why === 'no_directory') {
    throw new LedgerUnavailableError(`Cannot create the ledger ${path}: the directory ${dir} does not exist.`, `Create the directory first (mkdir -p ${dir}), or give another path.`, 'ledger_directory_missing');
  }
  if (why === 'name_too_long') {
    throw new LedgerUnavailableError(`Cannot create the ledger ${shown(path)}: its name is longer than the ${MAX_NAME_BYTES} bytes a file system allows.`, 'Give the ledger a shorter name.');
  }
  const temp = tempBeside(resolve(path), 'init');
  let result: T;
  let ledger: Ledger | undefined;
  try {
    ledger = connect(temp.path, options);
    result = await build(ledger.db);
    await ledger.close();
    ledger = undefined;
    if (before.kind === 'missing') {
      try {
        linkSync(temp.path, path);
        rmSync(temp.path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw new LedgerUnavailableError(`${path} appeared while the ledger was being created; it was left as it is.`, 'Check what created it, then run serials init again.');
        // a file system without hard links
        if (existsSync(path)) throw new LedgerUnavailableError(`${path} appeared while the ledger was being created; it was left as it is.`, 'Check what created it, then run serials init again.');
        renameSync(temp.path, path);
      }
    } else {
      if (statSync(path).size !== 0) throw new LedgerUnavailableError(`${path} was written to while the ledger was being created; it was left as it is.`, 'Check what wrote to it, then run serials init again.');
      renameSync(temp.path, path);
    }
    temp.release();
    return result;
  } catch (error) {
    ledger?.abort();
    temp.remove();
    throw translateSqliteError(error, path);
  }
}

/** Maps SQLite's own errors to the ones the CLI turns into exit codes (69, 74, 75). */
export function translateSqliteError(error: unknown, path?: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const where = path ?? 'the ledger';
  const said = () => (error as Error).message;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED' || code.startsWith('SQLITE_LOCKED_')) {
    return new BusyError(
      'The ledger is busy: another command held it for longer than the busy timeout. Nothing was written.',
      'Retry the command; raise SERIALS_BUSY_TIMEOUT_MS if this keeps happening.',
    );
  }
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_') || code === 'SQLITE_NOTADB') {
    return new LedgerDamagedError(where, `SQLite cannot read it (${said()})`);
  }
  if (code === 'SQLITE_ERROR' && /^no such (table|column|index)/i.test(said())) {
    return new LedgerDamagedError(where, `part of its schema is missing (${said()})`);
  }
  if (code === 'SQLITE_READONLY_DIRECTORY') {
    return new LedgerUnavailableError(
      `The ledger ${where} cannot be used by this user: its directory is not writable, and SQLite writes ${where}-wal and ${where}-shm beside a ledger even to read it. Nothing was written.`,
      `Give this user write access to the directory of ${where}, or work on a copy in a writable directory.`,
      'ledger_read_only',
    );
  }
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return new LedgerUnavailableError(
      `The ledger ${where} cannot be written: it is read-only to this user (${said()}). Nothing was written.`,
      `Check the permissions of ${where} and of its directory (SQLite also writes ${where}-wal and ${where}-shm beside it).`,
      'ledger_read_only',
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN_')) {
    return new LedgerUnavailableError(`Cannot open the ledger ${where} (SQLite said: ${said()}).`, 'Check that the file and its directory exist and are readable and writable.');
  }
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_')) {
    return new OutputError(`The ledger ${where} could not be written (${code === 'SQLITE_FULL' ? 'the disk is full' : said()}). Nothing was written.`, 'Free disk space (or fix the device), then run the command again.');
  }
  return error;
}

