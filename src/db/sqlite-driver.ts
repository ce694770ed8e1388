// Kysely's driver for a ledger on SQLite (better-sqlite3). Kysely's own SqliteDriver runs every
// statement synchronously and never lets the event loop turn inside a transaction, so a
// Ctrl-C could not be seen until after the commit (RULES.md F-3), and SQLite's busy handler
// sleeps inside C, deaf to signals, while another writer holds the ledger. This driver:
//   - begins every transaction IMMEDIATE, waiting for the write lock in JavaScript, in short
//     sleeps, until the busy timeout;
//   - lets the event loop turn every few milliseconds of work (between statements, between
//     slices of a batch, between chunks of a stream) and once right before COMMIT, so that
//     signal handlers run before anything is committed;
//   - tells its owner when a write transaction begins, is about to commit, commits or rolls
//     back, which is how the CLI knows whether "nothing was written" is true;
//   - runs batches (src/db/bulk-insert.ts) and streams rows in chunks.

import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import { TakingTurns } from './taking-turns.js';
import { BATCH_MARKER } from './bulk-insert.js';

/** What the owner of a ledger hears about its write transactions. */
export interface WriteEvents {
  /** the write lock is held */
  begun?(): void;
  /** everything is written but not committed; throwing here rolls the transaction back */
  beforeCommit?(): Promise<void>;
  /**
   * the COMMIT is on its way and its outcome is the engine's (PostgreSQL: a round trip to the
   * server); a signal now must wait for committed or rolledBack
   */
  committing?(): void;
  committed?(): void;
  rolledBack?(): void;
}

export interface LedgerDriverOptions {
  sqlite: BetterSqlite3.Database;
  /** how long BEGIN IMMEDIATE waits for another writer, in total */
  busyTimeoutMs: number;
  events?: WriteEvents;
}

/** Work between two turns of the event loop: short enough that Ctrl-C is answered at once. */
const SLICE_MS = 20;
/** Rows of a batch run between checks of the clock. */
const BATCH_SLICE = 2048;

let lastTurn = performance.now();

/** Lets the event loop turn (signals, timers, output) if this thread has worked for a while. */
export async function breathe(): Promise<void> {
  if (performance.now() - lastTurn >= SLICE_MS) await turn();
}

function turn(): Promise<void> {
  return new Promise((resolve) =>
    setImmediate(() => {
      lastTurn = performance.now();
      resolve();
    }),
  );
}

/**
 * Lets every signal that has arrived be handled. Signals are read in the event loop's poll
 * phase; one setImmediate may run in the check phase right after the poll phase we are in,
 * so the second one is what guarantees a poll phase in between.
 */
export async function settleSignals(): Promise<void> {
  await turn();
  await turn();
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
}

type Batch = { sql: string; stmt: BetterSqlite3.Statement };

const makers = new WeakMap<BetterSqlite3.Statement, (row: unknown[]) => unknown>();

/** `(row) => ({ id: row[0], serial: row[1], … })` for a statement's result columns. */
function rowMaker(stmt: BetterSqlite3.Statement): (row: unknown[]) => unknown {
  let make = makers.get(stmt);
  if (!make) {
    const fields = stmt.columns().map((c, i) => `${JSON.stringify(c.name)}: row[${i}]`);
    make = new Function('row', `return { ${fields.join(', ')} };`) as (row: unknown[]) => unknown;
    makers.set(stmt, make);
  }
  return make;
}

class LedgerConnection implements DatabaseConnection {
  // Kysely prepares a statement for every query; bulk moves repeat the same chunked
  // statements thousands of times, so statements are reused by their text (bounded, so
  // that ad-hoc queries cannot grow it without limit).
  readonly #cache = new Map<string, BetterSqlite3.Statement | Batch>();
  constructor(readonly sqlite: BetterSqlite3.Database) {}

  #prepare(sql: string): BetterSqlite3.Statement | Batch {
    let stmt = this.#cache.get(sql);
    if (!stmt) {
      stmt = sql.startsWith(BATCH_MARKER) ? { sql, stmt: this.sqlite.prepare(sql.slice(sql.indexOf('*/') + 2).trim()) } : this.sqlite.prepare(sql);
      if (this.#cache.size >= 256) this.#cache.clear();
      this.#cache.set(sql, stmt);
    }
    return stmt;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    await breathe();
    const stmt = this.#prepare(compiled.sql);
    if ('sql' in stmt) return { rows: (await this.#runBatch(stmt.stmt, compiled.parameters as readonly unknown[][])) as R[] };
    const parameters = compiled.parameters as unknown[];
    if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  /**
   * A batch: one single-row statement run for each row of the parameters, inside the
   * caller's transaction, in slices with a turn of the event loop between them. Returns the
   * rows that inserted nothing (turned away by ON CONFLICT DO NOTHING).
   */
  async #runBatch(stmt: BetterSqlite3.Statement, rows: readonly unknown[][]): Promise<{ row: number }[]> {
    const skipped: { row: number }[] = [];
    for (let start = 0; start < rows.length; start += BATCH_SLICE) {
      if (start > 0) await breathe();
      const end = Math.min(rows.length, start + BATCH_SLICE);
      for (let row = start; row < end; row++) {
        if (stmt.run(rows[row] as unknown[]).changes === 0) skipped.push({ row });
      }
    }
    return skipped;
  }

  /**
   * Rows of a SELECT in chunks, read as they are asked for, so memory holds one chunk. Rows
   * are read as arrays and made into objects by a function compiled for the statement's
   * columns: measured here, a quarter faster over a million rows than better-sqlite3's own
   * objects, which is most of what a whole-ledger CSV costs beyond the query itself.
   */
  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query)) throw new Error('only SELECT queries can be streamed');
    const stmt = this.#prepare(compiled.sql) as BetterSqlite3.Statement;
    const toObject = rowMaker(stmt) as (row: unknown[]) => R;
    stmt.raw(true);
    const iterator = stmt.iterate(compiled.parameters as unknown[]) as IterableIterator<unknown[]>;
    try {
      let rows: R[] = [];
      for (const row of iterator) {
        rows.push(toObject(row));
        if (rows.length >= chunkSize) {
          yield { rows };
          rows = [];
          await breathe();
        }
      }
      if (rows.length > 0) yield { rows };
    } finally {
      iterator.return?.();
      stmt.raw(false);
    }
  }
}

class LedgerDriver implements Driver {
  readonly #connection: LedgerConnection;
  readonly #turns = new TakingTurns();

  constructor(readonly options: LedgerDriverOptions) {
    this.#connection = new LedgerConnection(options.sqlite);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#turns.take();
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    this.#turns.give();
  }

  async beginTransaction(): Promise<void> {
    const { sqlite, busyTimeoutMs, events } = this.options;
    const deadline = Date.now() + busyTimeoutMs;
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      try {
        sqlite.exec('begin immediate');
        break;
      } catch (error) {
        const left = deadline - Date.now();
        if (!isBusy(error) || left <= 0) throw error;
        await sleep(Math.min(wait, left));
      }
    }
    try {
      events?.begun?.();
    } catch (error) {
      // Kysely rolls back only a transaction whose begin succeeded
      sqlite.exec('rollback');
      events?.rolledBack?.();
      throw error;
    }
  }

  async commitTransaction(): Promise<void> {
    const { sqlite, events } = this.options;
    await events?.beforeCommit?.();
    // A signal that arrived while the transaction ran is handled now, before the commit.
    await settleSignals();
    sqlite.exec('commit');
    events?.committed?.();
  }

  async rollbackTransaction(): Promise<void> {
    const { sqlite, events } = this.options;
    if (sqlite.inTransaction) sqlite.exec('rollback');
    events?.rolledBack?.();
  }

  async destroy(): Promise<void> {
    this.options.sqlite.close();
  }
}

/** SQLite does run DDL inside transactions: Kysely's migrator may then make a migration atomic. */
class LedgerAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class LedgerDialect implements Dialect {
  constructor(private readonly options: LedgerDriverOptions) {}
  createDriver(): Driver {
    return new LedgerDriver(this.options);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new LedgerAdapter();
  }
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}
