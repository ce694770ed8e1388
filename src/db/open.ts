import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type SqliteDialectConfig,
} from 'kysely';
import { BusyError, LedgerUnavailableError } from '../errors.js';
import type { Database } from './schema.js';
import { BATCH_MARKER } from './bulk-insert.js';

export type Db = Kysely<Database>;

export interface OpenOptions {
  /** create the file if it does not exist (only `serials init` and `serials demo` do) */
  create?: boolean;
  /** how long a writer waits for another writer before giving up (ms) */
  busyTimeoutMs?: number;
  /** SQLite page cache; bulk imports keep it small so that memory stays flat */
  cacheKiB?: number;
}

export const DEFAULT_CACHE_KIB = 65_536;
export const BULK_CACHE_KIB = 16_384;

export interface Ledger {
  db: Db;
  path: string;
  close(): Promise<void>;
}

/**
 * Every Kysely transaction on a ledger is a write transaction, so it begins IMMEDIATE: the
 * write lock is taken up front, a second writer waits in SQLite's busy handler, and no
 * transaction can fail half-way through on a lock upgrade (SQLITE_BUSY on first write).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class LedgerDialect implements Dialect {
  constructor(private readonly config: SqliteDialectConfig) {}
  createDriver() {
    return new ImmediateSqliteDriver(this.config);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}

/**
 * Kysely prepares a statement for every query it runs. Bulk moves repeat the same chunked
 * statements thousands of times, so reusing prepared statements by SQL text saves SQLite
 * from re-parsing them. Bounded so that ad-hoc queries cannot grow it without limit.
 */
function withStatementCache(sqlite: BetterSqlite3.Database) {
  const cache = new Map<string, BetterSqlite3.Statement | BatchStatement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sql.startsWith(BATCH_MARKER) ? batchStatement(sqlite, sql) : sqlite.prepare(sql);
        if (cache.size >= 256) cache.clear();
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

interface BatchStatement {
  reader: true;
  all(rows: readonly unknown[][]): { row: number }[];
  run(): never;
  iterate(): never;
}

/**
 * A batch (src/db/bulk-insert.ts): one single-row statement run for each row of the
 * parameters, synchronously, inside the caller's transaction. Returns the rows that
 * inserted nothing (turned away by ON CONFLICT DO NOTHING).
 */
function batchStatement(sqlite: BetterSqlite3.Database, sql: string): BatchStatement {
  const stmt = sqlite.prepare(sql.slice(sql.indexOf('*/') + 2).trim());
  return {
    reader: true,
    all(rows) {
      const skipped: { row: number }[] = [];
      for (let row = 0; row < rows.length; row++) {
        if (stmt.run(rows[row] as unknown[]).changes === 0) skipped.push({ row });
      }
      return skipped;
    },
    run: () => {
      throw new Error('a batch statement returns rows');
    },
    iterate: () => {
      throw new Error('a batch statement cannot be streamed');
    },
  };
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

export function defaultBusyTimeoutMs(): number {
  const fromEnv = Number(process.env.SERIALS_BUSY_TIMEOUT_MS);
  return Number.isInteger(fromEnv) && fromEnv >= 0 ? fromEnv : 10_000;
}

export function openLedger(path: string, options: OpenOptions = {}): Ledger {
  if (!options.create && (path === '' || !existsSync(path))) {
    throw new LedgerUnavailableError(`No ledger at ${path}.`, `Create one with: serials init --db ${path}`);
  }
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(path, { timeout: options.busyTimeoutMs ?? defaultBusyTimeoutMs(), nativeBinding: nativeBinding() });
    sqlite.pragma('journal_mode = WAL');
  } catch (error) {
    throw translateSqliteError(error, path);
  }
  // FULL: a receipt the command reported as done survives a power cut, at one fsync per
  // command. foreign_keys is off by default in SQLite.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`cache_size = -${options.cacheKiB ?? DEFAULT_CACHE_KIB}`);
  const db = new Kysely<Database>({ dialect: new LedgerDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    path,
    close: () => db.destroy(),
  };
}

/** Maps SQLite's own errors to the ones the CLI turns into exit codes (75, 69). */
export function translateSqliteError(error: unknown, path?: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new BusyError(
      'The ledger is busy: another command held it for longer than the busy timeout.',
      'Retry the command; raise SERIALS_BUSY_TIMEOUT_MS if this keeps happening.',
    );
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new LedgerUnavailableError(
      `${path ?? 'The file'} is not a serials ledger (SQLite said: ${(error as Error).message}).`,
      'Check the --db path, or create a ledger with: serials init --db <path>',
    );
  }
  if (code === 'SQLITE_CANTOPEN') {
    return new LedgerUnavailableError(
      `Cannot open the ledger at ${path ?? '?'} (SQLite said: ${(error as Error).message}).`,
      'Check that the directory exists and is writable.',
    );
  }
  return error;
}
