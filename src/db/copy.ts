// `serials db copy`: a whole ledger from one place to another — SQLite to PostgreSQL, back,
// or SQLite to SQLite as a consistent copy of a live ledger. Engine-neutral (Kysely on both
// sides); the few engine-specific statements are here, guarded by engineOf.
//
//   - The source is read in ONE snapshot (SQLite: one read transaction; PostgreSQL:
//     repeatable read, read only), so writers going on meanwhile neither block the copy nor
//     make it inconsistent, and nothing is ever written to it.
//   - The target is written in ONE write transaction: its tables are created by the
//     migrations (after dropping the old ledger's, with `replace`), then every table is
//     copied in foreign-key order, a chunk of rows at a time (keyset on the primary key), ids
//     as they are; then row counts are compared with the source's and the target is verified
//     (src/core/ledger/verify.ts). Any difference rolls everything back: an interrupted or
//     failed copy leaves the target as it was.

import { sql, type Kysely } from 'kysely';
import { migrations as allMigrations } from '../../migrations/index.js';
import { RejectedError, UsageError } from '../errors.js';
import { bulkInsert } from './bulk-insert.js';
import { engineOf } from './engine.js';
import type { LedgerLocation } from './location.js';
import { assertNotNewer, assertSchemaCurrent, schemaState } from './migrate.js';
import { createLedger, pgLedgerAt, type Db, type Ledger } from './open.js';
import { identifyLedgerFile } from './ledger-file.js';
import type { Database } from './schema.js';
import { grouped } from '../io/words.js';

/** Rows read from the source and written to the target at a time. */
export const COPY_CHUNK = 5000;

/**
 * Every table of a ledger, parents before children (a row's foreign keys name rows copied
 * before it), with its primary key (the keyset the rows are read in). `kysely_migration`
 * rows are copied as they are; `kysely_migration_lock` is the migrator's own and is made
 * afresh. test/integration/db-copy.test.ts keeps this list equal to the schema's tables and
 * in foreign-key order.
 */
export const COPY_TABLES: readonly { table: string; key: readonly string[] }[] = [
  { table: 'kysely_migration', key: ['name'] },
  { table: 'settings', key: ['key'] },
  { table: 'document_sequences', key: ['prefix'] },
  { table: 'imports', key: ['id'] },
  { table: 'warehouses', key: ['id'] },
  { table: 'suppliers', key: ['id'] },
  { table: 'customers', key: ['id'] },
  { table: 'products', key: ['id'] },
  { table: 'bom_components', key: ['product_id', 'component_id'] },
  { table: 'serialization_changes', key: ['id'] },
  { table: 'serials', key: ['id'] },
  { table: 'serial_movements', key: ['id'] },
  { table: 'stock_levels', key: ['product_id', 'warehouse_id'] },
  { table: 'stock_movements', key: ['id'] },
  { table: 'purchase_orders', key: ['id'] },
  { table: 'purchase_order_lines', key: ['id'] },
  { table: 'purchase_receipts', key: ['id'] },
  { table: 'purchase_receipt_lines', key: ['id'] },
  { table: 'supplier_returns', key: ['id'] },
  { table: 'supplier_return_lines', key: ['id'] },
  { table: 'sales_orders', key: ['id'] },
  { table: 'sales_order_lines', key: ['id'] },
  { table: 'serial_assignments', key: ['id'] },
  { table: 'shipments', key: ['id'] },
  { table: 'shipment_lines', key: ['id'] },
  { table: 'shipment_serials', key: ['shipment_line_id', 'serial_id'] },
  { table: 'credits', key: ['id'] },
  { table: 'credit_lines', key: ['id'] },
  { table: 'adjustments', key: ['id'] },
  { table: 'adjustment_lines', key: ['id'] },
  { table: 'transfers', key: ['id'] },
  { table: 'transfer_lines', key: ['id'] },
  { table: 'stock_counts', key: ['id'] },
  { table: 'stock_count_lines', key: ['id'] },
  { table: 'stock_count_expected', key: ['stock_count_id', 'serial_id'] },
  { table: 'stock_count_scans', key: ['id'] },
  { table: 'assemblies', key: ['id'] },
  { table: 'assembly_lines', key: ['id'] },
  { table: 'assembly_serials', key: ['id'] },
  { table: 'disassemblies', key: ['id'] },
  { table: 'disassembly_lines', key: ['id'] },
  { table: 'serial_links', key: ['id'] },
];

/** The migrator's lock table: created with the schema, never copied. */
const MIGRATION_LOCK_TABLE = 'kysely_migration_lock';

export interface TableRows {
  table: string;
  rows: number;
}

/**
 * What a copy is checked with before it commits: db verify's invariants. The caller passes
 * them in (core/ledger/verify.ts's verifyLedger): this seam knows tables, not business rules.
 */
export interface CheckReport {
  ok: boolean;
  total: number;
  discrepancies: readonly { message: string }[];
}
export type CopyCheck<R extends CheckReport> = (db: Db) => Promise<R>;

export interface CopyResult<R extends CheckReport = CheckReport> {
  tables: TableRows[];
  rows: number;
  report: R;
}

/** What the caller hears while the copy runs (progress on stderr). */
export interface CopyWatcher {
  /** the source's row counts, read in its snapshot before anything is copied */
  counted?(tables: readonly TableRows[]): void | Promise<void>;
  /** rows of `table` copied so far (called after every chunk, and once with 0 before the first) */
  copying?(table: string, done: number, of: number): void | Promise<void>;
  /** `table` is copied whole */
  copied?(table: string, rows: number): void | Promise<void>;
  /** every table is copied; counts and verify run now */
  verifying?(): void | Promise<void>;
}

type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The tables the connection's schema holds (SQLite's catalogue, or PostgreSQL's current schema). */
export async function tablesOf(db: Db): Promise<string[]> {
  const rows =
    engineOf(db) === 'postgres'
      ? (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema() order by tablename`.execute(db)).rows
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)).rows;
  return rows.map((r) => r.name);
}

/** Rows per copied table (tables the ledger does not have count 0). */
export async function countRows(db: Db, present?: ReadonlySet<string>): Promise<TableRows[]> {
  const out: TableRows[] = [];
  for (const { table } of COPY_TABLES) {
    if (present && !present.has(table)) {
      out.push({ table, rows: 0 });
      continue;
    }
    const row = await (db as AnyDb)
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    out.push({ table, rows: Number(row?.n ?? 0) });
  }
  return out;
}

/**
 * Runs `fn` on the source inside one read-only snapshot: every read sees the ledger as it
 * was at the first one, whatever other commands write meanwhile, and no write lock is taken
 * (SQLite: a deferred read transaction on its one connection, which a WAL reader keeps;
 * PostgreSQL: repeatable read, read only).
 */
export async function inSnapshot<T>(source: Ledger, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = source.db;
  if (source.engine === 'postgres') await sql`begin isolation level repeatable read read only`.execute(db);
  else await sql`begin deferred`.execute(db);
  let done = false;
  try {
    const result = await fn(db);
    await sql`commit`.execute(db);
    done = true;
    return result;
  } finally {
    if (!done) await sql`rollback`.execute(db).catch(() => undefined);
  }
}

/** Something that identifies one PostgreSQL ledger (server, database, schema), to refuse copying a ledger onto itself. */
export async function pgLedgerIdentity(db: Db): Promise<string> {
  const row = (
    await sql<{ id: string }>`select concat_ws('|', pg_postmaster_start_time()::text, inet_server_addr()::text, inet_server_port()::text, current_database(), current_schema()) as id`.execute(db)
  ).rows[0];
  return row?.id ?? '';
}

/**
 * The target's old ledger tables (`replace`), children first: the tables of the ledger's
 * schema, and the migrator's, that the target has. Anything else there is left as it is.
 */
async function dropLedgerTables(trx: Db): Promise<void> {
  const present = new Set(await tablesOf(trx));
  const order = [...COPY_TABLES.map((t) => t.table)].reverse();
  order.push(MIGRATION_LOCK_TABLE);
  for (const table of order) {
    if (present.has(table)) await (trx as AnyDb).schema.dropTable(table).execute();
  }
}

/**
 * The newest schema, built inside the caller's transaction (Kysely's Migrator would open a
 * transaction of its own): the migrator's two tables exactly as Kysely makes them, then every
 * migration's `up`. The migration rows themselves are copied from the source.
 */
async function createSchema(trx: Db): Promise<void> {
  const db = trx as AnyDb;
  await db.schema
    .createTable('kysely_migration')
    .ifNotExists()
    .addColumn('name', 'varchar(255)', (col) => col.notNull().primaryKey())
    .addColumn('timestamp', 'varchar(255)', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable(MIGRATION_LOCK_TABLE)
    .ifNotExists()
    .addColumn('id', 'varchar(255)', (col) => col.notNull().primaryKey())
    .addColumn('is_locked', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.insertInto(MIGRATION_LOCK_TABLE).values({ id: 'migration_lock', is_locked: 0 }).execute();
  for (const name of Object.keys(allMigrations).sort()) await allMigrations[name]!.up(db);
}

/**
 * After a table is copied: on PostgreSQL an identity column's sequence is moved past the
 * copied ids, so that the next row the database numbers does not collide with one of them
 * (the ledger-allocated ids of serials and serial_movements have no sequence: nothing to do).
 */
async function afterCopy(trx: Db, table: string, key: readonly string[]): Promise<void> {
  if (engineOf(trx) !== 'postgres' || key.length !== 1 || key[0] !== 'id') return;
  await sql`select setval(s.seq, coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)
            from (select pg_get_serial_sequence(${table}, 'id') as seq) s where s.seq is not null`.execute(trx);
}

/** One chunk of a table, read after `after` (the last key of the previous chunk) in key order. */
async function readChunk(db: Db, table: string, key: readonly string[], after: unknown[] | undefined, chunk: number): Promise<Record<string, unknown>[]> {
  let query = (db as AnyDb).selectFrom(table).selectAll();
  if (after) {
    query =
      key.length === 1
        ? query.where(key[0]!, '>', after[0])
        : query.where((eb) => eb(eb.refTuple(key[0]!, key[1]!), '>', eb.tuple(after[0], after[1])));
  }
  for (const k of key) query = query.orderBy(k);
  return (await query.limit(chunk).execute()) as Record<string, unknown>[];
}

/** Copies one table, chunk by chunk; returns the rows written. */
async function copyTable(source: Db, trx: Db, table: string, key: readonly string[], of: number, watcher: CopyWatcher, chunk: number): Promise<number> {
  let done = 0;
  let after: unknown[] | undefined;
  let columns: string[] | undefined;
  await watcher.copying?.(table, 0, of);
  for (;;) {
    const rows = await readChunk(source, table, key, after, chunk);
    if (rows.length === 0) break;
    columns ??= Object.keys(rows[0]!);
    const cols = columns;
    await bulkInsert(trx, table as keyof Database, cols, rows.map((r) => cols.map((c) => r[c])));
    done += rows.length;
    await watcher.copying?.(table, done, of);
    if (rows.length < chunk) break;
    const last = rows[rows.length - 1]!;
    after = key.map((k) => last[k]);
  }
  await afterCopy(trx, table, key);
  return done;
}

/** Whether the target is new (a missing or empty file; on PostgreSQL a schema with no tables) rather than a ledger already (init's question too). */
export async function targetIsNew(location: LedgerLocation): Promise<boolean> {
  if (location.engine === 'sqlite') {
    const kind = identifyLedgerFile(location.path).kind;
    return kind === 'missing' || kind === 'empty';
  }
  return !(await pgLedgerAt(location));
}

/** A ledger is empty enough to be copied into: a new file, or a schema without tables (the caller knows which). */
export interface CopyTarget {
  db: Db;
  /** the target holds a serials ledger that the copy replaces (its tables are dropped first) */
  replace: boolean;
  name: string;
}

/**
 * Copies `source` into `target` (see the top of this file). Throws, writing nothing to the
 * target, when the source is not at this serials's schema version, when a count differs or
 * the copy does not verify.
 */
export async function copyLedger<R extends CheckReport>(source: Ledger, target: CopyTarget, check: CopyCheck<R>, watcher: CopyWatcher = {}, options: { chunk?: number } = {}): Promise<CopyResult<R>> {
  const chunk = options.chunk ?? COPY_CHUNK;
  return inSnapshot(source, async (from) => {
    await assertSourceCurrent(from, source.name);
    const counts = await countRows(from);
    await watcher.counted?.(counts);
    const expected = new Map(counts.map((c) => [c.table, c.rows]));
    return target.db.transaction().execute(async (trx) => {
      if (target.replace) await assertReplaceable(trx, target.name);
      if (target.replace) await dropLedgerTables(trx);
      await createSchema(trx);
      for (const { table, key } of COPY_TABLES) {
        const rows = await copyTable(from, trx, table, key, expected.get(table) ?? 0, watcher, chunk);
        await watcher.copied?.(table, rows);
      }
      await watcher.verifying?.();
      const written = await countRows(trx);
      const differ = written.filter((w) => w.rows !== expected.get(w.table));
      if (differ.length > 0) {
        throw new RejectedError([
          {
            code: 'copy_mismatch',
            message: `The copy in ${target.name} does not have the rows of ${source.name}: ${differ
              .map((d) => `${d.table} ${grouped(d.rows)} instead of ${grouped(expected.get(d.table) ?? 0)}`)
              .join(', ')}. Nothing was written.`,
            fix: 'Report this as a bug with the output of serials db verify on both ledgers.',
          },
        ]);
      }
      const report = await check(trx);
      if (!report.ok) {
        throw new RejectedError([
          {
            code: 'ledger_inconsistent',
            message: `The copy does not verify: ${grouped(report.total)} ${report.total === 1 ? 'discrepancy' : 'discrepancies'} between current state and history (first: ${report.discrepancies[0]?.message ?? 'unknown'}). Nothing was written to ${target.name}.`,
            fix: `Run serials db verify --db ${source.name}: a ledger that does not verify is copied only once it is mended.`,
          },
        ]);
      }
      return { tables: written, rows: written.reduce((sum, t) => sum + t.rows, 0), report };
    });
  });
}

/** The source must be a ledger at this serials's schema version, whole. */
async function assertSourceCurrent(db: Db, name: string): Promise<void> {
  const state = await schemaState(db);
  assertNotNewer(state, name);
  if (state.initialised && state.pending.length > 0) {
    throw new RejectedError([
      {
        code: 'migrations_pending',
        message: `The ledger ${name} is at an older schema than this serials (${state.pending.length === 1 ? 'a migration is' : `${state.pending.length} migrations are`} pending), so it is not copied.`,
        fix: `Run: serials db migrate --db ${name}, then copy it.`,
      },
    ]);
  }
  await assertSchemaCurrent(db, name);
}

/** A ledger written by a newer serials is never replaced by this one (it would lose what this version does not know). */
async function assertReplaceable(trx: Db, name: string): Promise<void> {
  assertNotNewer(await schemaState(trx), name);
}

/**
 * What a target that is already a serials ledger holds, for the refusal: "a serials ledger
 * with 1,234 serials and 5,678 rows in all".
 */
export async function describeLedger(db: Db): Promise<{ serials: number; rows: number }> {
  const present = new Set(await tablesOf(db));
  const counts = await countRows(db, present);
  const data = counts.filter((c) => c.table !== 'kysely_migration');
  return { serials: counts.find((c) => c.table === 'serials')?.rows ?? 0, rows: data.reduce((sum, c) => sum + c.rows, 0) };
}

/** The refusal of a target that is a serials ledger already, without --replace (exit 1). */
export function targetNotEmpty(name: string, held: { serials: number; rows: number }): RejectedError {
  return new RejectedError([
    {
      code: 'target_not_empty',
      message: `${name} is a serials ledger already (${grouped(held.serials)} ${held.serials === 1 ? 'serial' : 'serials'}, ${grouped(held.rows)} ${held.rows === 1 ? 'row' : 'rows'} in all); db copy writes only into a new file, an empty file or an empty database. Nothing was written.`,
      fix: 'Add --replace to replace that ledger with the copy, or give --to a new file or an empty database.',
    },
  ]);
}

/** The same ledger named twice (under any name): a copy onto itself would destroy it (RULES.md F-1). */
export function sameLedger(from: LedgerLocation, to: LedgerLocation): UsageError {
  return new UsageError(`--to ${to.name} is the ledger --from names (${from.name}); a copy onto itself would destroy it.`, 'Give --to another file or database.');
}

/**
 * `db backup FILE` of a ledger on PostgreSQL: the copy into a new SQLite file (`path`, missing
 * or empty), as one self-contained file like SQLite's own backups (a rollback journal, no
 * -wal beside it).
 */
export async function copyToNewFile<R extends CheckReport>(source: Ledger, path: string, check: CopyCheck<R>, watcher: CopyWatcher = {}): Promise<CopyResult<R>> {
  return createLedger(path, {}, async (db) => {
    const result = await copyLedger(source, { db, replace: false, name: path }, check, watcher);
    await sql`pragma journal_mode = DELETE`.execute(db);
    return result;
  });
}
