// Kysely's driver for a ledger on PostgreSQL: one connection (a pg.Client) per command, used
// by one caller at a time, like the SQLite driver beside it (src/db/sqlite-driver.ts), and
// with the same guarantees:
//   - every write transaction takes the ledger's write lock first: a transaction-level
//     advisory lock keyed on the ledger's schema, waited for at most the busy timeout
//     (lock_timeout), so writers of one ledger take turns exactly as BEGIN IMMEDIATE makes
//     them on SQLite, and readers (plain MVCC snapshots, no lock) are never blocked;
//   - the event loop turns right before COMMIT, so that a signal that arrived meanwhile is
//     handled while rolling back is still possible;
//   - the owner hears when a write begins, is about to commit, is committing, commits or rolls back;
//   - batches (src/db/bulk-insert.ts) run set-based (src/db/pg/batch.ts), and SELECTs stream
//     through a cursor a chunk at a time.

import type { Client } from 'pg';
import { CompiledQuery, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SelectQueryNode, type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult } from 'kysely';
import { TakingTurns } from '../taking-turns.js';
import { BATCH_MARKER, parseBatchSpec } from '../bulk-insert.js';
import { LedgerUnavailableError } from '../../errors.js';
import { settleSignals, type WriteEvents } from '../sqlite-driver.js';
import { runPgBatch } from './batch.js';
import { pgModule } from './modules.js';

export interface PgDriverOptions {
  client: Client;
  /** how long a writer waits for the ledger's write lock (ms); 0: not at all */
  busyTimeoutMs: number;
  events?: WriteEvents;
}

/** The advisory lock's first key: 'SRLS', as SQLite ledgers' application_id. */
const LOCK_CLASS = 0x53524c53 | 0;

class PgConnection implements DatabaseConnection {
  constructor(readonly client: Client) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (compiled.sql.startsWith(BATCH_MARKER)) {
      return { rows: (await runPgBatch(this.client, parseBatchSpec(compiled.sql), compiled.parameters as readonly unknown[][])) as R[] };
    }
    const result = await this.client.query({ text: compiled.sql, values: compiled.parameters as unknown[] });
    const changed = result.command === 'INSERT' || result.command === 'UPDATE' || result.command === 'DELETE' || result.command === 'MERGE';
    return { rows: (result.rows ?? []) as R[], ...(changed ? { numAffectedRows: BigInt(result.rowCount ?? 0) } : {}) };
  }

  /** Rows of a SELECT through a server-side cursor, `chunkSize` at a time: memory holds one chunk. */
  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query)) throw new Error('only SELECT queries can be streamed');
    const Cursor = pgModule('pg-cursor') as typeof import('pg-cursor');
    const cursor = this.client.query(new Cursor(compiled.sql, compiled.parameters as unknown[]));
    try {
      for (;;) {
        const rows = (await cursor.read(chunkSize)) as R[];
        if (rows.length === 0) return;
        yield { rows };
        if (rows.length < chunkSize) return;
      }
    } finally {
      await cursor.close();
    }
  }
}

class PgDriver implements Driver {
  readonly #connection: PgConnection;
  readonly #turns = new TakingTurns();

  constructor(readonly options: PgDriverOptions) {
    this.#connection = new PgConnection(options.client);
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
    const { client, busyTimeoutMs, events } = this.options;
    await client.query('begin isolation level read committed');
    try {
      // The ledger's write lock, before the transaction reads anything: what it reads is then
      // everything committed before it, and nothing else writes until it ends. Keyed on the
      // schema, so that two ledgers in one database never wait for each other.
      if (busyTimeoutMs === 0) {
        const got = await client.query<{ got: boolean }>('select pg_try_advisory_xact_lock($1, hashtext(current_schema())) as got', [LOCK_CLASS]);
        if (!got.rows[0]?.got) throw Object.assign(new Error('the ledger is locked by another writer'), { code: '55P03' });
      } else {
        const before = await client.query<{ before: string }>("select current_setting('lock_timeout') as before, set_config('lock_timeout', $1, true)", [`${busyTimeoutMs}ms`]);
        await client.query('select pg_advisory_xact_lock($1, hashtext(current_schema()))', [LOCK_CLASS]);
        // only the wait for the ledger's lock is bounded by the busy timeout; the transaction's
        // own statements wait as the role's setting says
        await client.query("select set_config('lock_timeout', $1, true)", [before.rows[0]?.before ?? '0']);
      }
      events?.begun?.();
    } catch (error) {
      // Kysely rolls back only a transaction whose begin succeeded
      await client.query('rollback').catch(() => undefined);
      events?.rolledBack?.();
      throw error;
    }
  }

  async commitTransaction(): Promise<void> {
    const { client, events } = this.options;
    await events?.beforeCommit?.();
    // A signal that arrived while the transaction ran is handled now, before the commit.
    await settleSignals();
    // From here the outcome is the server's: a signal waits for its answer.
    events?.committing?.();
    try {
      await client.query('commit');
    } catch (error) {
      // A server that answered (a SQLSTATE) did not commit. A connection lost with the
      // COMMIT on its way leaves the outcome unknown: nobody may say "nothing was written".
      if ((error as { code?: unknown }).code !== undefined) throw error;
      events?.committed?.();
      throw new LedgerUnavailableError(
        `The connection to the ledger was lost while it committed (${(error as Error).message}): whether this command's changes were written is not known.`,
        'Look before running it again: serials enquiry or history shows whether it was recorded, and serials db verify checks the ledger.',
        'commit_unknown',
      );
    }
    events?.committed?.();
  }

  async rollbackTransaction(): Promise<void> {
    const { client, events } = this.options;
    await client.query('rollback').catch(() => undefined);
    events?.rolledBack?.();
  }

  async destroy(): Promise<void> {
    await this.options.client.end().catch(() => undefined);
  }
}

export class PgLedgerDialect implements Dialect {
  constructor(private readonly options: PgDriverOptions) {}
  createDriver(): Driver {
    return new PgDriver(this.options);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
}
