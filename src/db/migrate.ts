// Schema migrations, as a person and a CI job run them: what is applied and pending, a
// ledger written by a newer serials recognised everywhere (never "up to date", never a stack
// trace), every pending migration applied in one transaction (all or none: SQLite runs
// Kysely's migrations outside a transaction unless told otherwise; on PostgreSQL Kysely runs
// them in one), and the schema of an up-to-date ledger checked whole before any command uses it.
//
// On PostgreSQL a ledger is the connection's current schema (the first of its search_path
// that exists): the migration tables are looked for and kept there, and so is everything the
// schema check reads, so that two ledgers in two schemas of one database never see each other.
// Migrations run there through our own loop over Kysely's tables (migratePostgres), not
// Kysely's Migrator, so that even the migration tables are made in the one transaction.

import { Migrator, sql, type Migration, type MigrationResult } from 'kysely';
import { engineOf } from './engine.js';
import { migrations as allMigrations } from '../../migrations/index.js';
import { LedgerDamagedError, LedgerUnavailableError } from '../errors.js';
import type { Db } from './open.js';
import { LEDGER_INDEXES, LEDGER_TABLES } from './schema-objects.js';
import { listed } from '../io/words.js';

export interface MigrationState {
  name: string;
  appliedAt: string | null;
}

export interface SchemaState {
  /** the migration table exists (the ledger was initialised) */
  initialised: boolean;
  applied: MigrationState[];
  pending: string[];
  /** applied by a newer serials: names this version does not know */
  unknown: string[];
}

/** The schema version a ledger is at: the number of its last applied migration ('0000' for none). */
export function schemaVersion(state: SchemaState): string {
  const last = state.applied.filter((m) => !state.unknown.includes(m.name)).at(-1);
  return last ? last.name.slice(0, 4) : '0000';
}

/** Reads the migration table without creating anything. */
export async function schemaState(db: Db, migrations: Record<string, Migration> = allMigrations): Promise<SchemaState> {
  const never: SchemaState = { initialised: false, applied: [], pending: Object.keys(migrations).sort(), unknown: [] };
  // PostgreSQL: asked first rather than caught, since a failed statement spoils the transaction
  // it runs in; and only the current schema counts (not another on the search_path)
  if (engineOf(db) === 'postgres' && !(await pgTableExists(db, 'kysely_migration'))) return never;
  let rows: { name: string; timestamp: string }[];
  try {
    rows = (await sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration order by name`.execute(db)).rows;
  } catch (error) {
    // SQLite's "no such table", PostgreSQL's undefined_table (42P01)
    if (/no such table/i.test(String((error as Error).message)) || (error as { code?: unknown }).code === '42P01') return never;
    throw error;
  }
  const applied = new Set(rows.map((r) => r.name));
  const known = new Set(Object.keys(migrations));
  return {
    initialised: true,
    applied: rows.map((r) => ({ name: r.name, appliedAt: r.timestamp })),
    pending: Object.keys(migrations)
      .sort()
      .filter((name) => !applied.has(name)),
    unknown: rows.map((r) => r.name).filter((name) => !known.has(name)),
  };
}

/** Every migration with when it was applied, the newer serials's ones included. */
export function migrationStates(state: SchemaState): MigrationState[] {
  return [...state.applied, ...state.pending.map((name) => ({ name, appliedAt: null }))].sort((a, b) => a.name.localeCompare(b.name));
}

/** A ledger migrated by a newer serials is never touched, nor called up to date, by this one. */
export function assertNotNewer(state: SchemaState, path: string): void {
  if (state.unknown.length === 0) return;
  throw new LedgerUnavailableError(
    `The ledger ${path} was written by a newer serials (it has ${state.unknown.length === 1 ? 'a migration' : 'migrations'} this version does not know: ${listed(state.unknown)}).`,
    'Upgrade serials to the version that wrote this ledger (or newer); this version changes nothing in it.',
    'ledger_newer',
  );
}

/**
 * Applies every pending migration in one IMMEDIATE transaction: if one fails, none is
 * applied and the ledger is exactly as it was. Returns the names applied.
 */
export async function migrateToLatest(db: Db, migrations: Record<string, Migration> = allMigrations): Promise<string[]> {
  if (engineOf(db) === 'postgres') return migratePostgres(db, migrations);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = (results ?? []).find((r: MigrationResult) => r.status === 'Error');
    if (error instanceof Error && failed) error.message = `migration ${failed.migrationName} failed, so none was applied: ${error.message}`;
    throw error;
  }
  return (results ?? []).filter((r: MigrationResult) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * PostgreSQL: the pending migrations AND the migration tables themselves in one transaction.
 * Kysely's Migrator creates its two tables before its transaction (and looks for them in every
 * schema of the database unless told which), so a failed or interrupted `init` would leave a
 * schema that is neither empty nor a ledger. The tables, rows and checks are Kysely's own,
 * in the current schema (the ledger's), so either reads what the other wrote. The transaction
 * takes the ledger's write lock first (src/db/pg/driver.ts): two at once take turns, and the
 * second finds nothing pending.
 */
async function migratePostgres(db: Db, migrations: Record<string, Migration>): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await sql`create table if not exists kysely_migration (name varchar(255) not null primary key, timestamp varchar(255) not null)`.execute(trx);
    await sql`create table if not exists kysely_migration_lock (id varchar(255) not null primary key, is_locked integer default 0 not null)`.execute(trx);
    await sql`insert into kysely_migration_lock (id, is_locked) values ('migration_lock', 0) on conflict (id) do nothing`.execute(trx);
    const state = await schemaState(trx, migrations);
    // what Kysely's Migrator refuses too (callers say "newer serials" before it comes to this)
    if (state.unknown.length > 0) throw new Error(`corrupted migrations: previously executed migration ${state.unknown[0]} is missing`);
    const last = state.applied.at(-1)?.name;
    if (last !== undefined && state.pending.some((name) => name < last)) throw new Error(`corrupted migrations: ${state.pending.find((name) => name < last)} is pending but ${last} was applied after it`);
    for (const name of state.pending) {
      try {
        await migrations[name]!.up(trx);
      } catch (error) {
        if (error instanceof Error) error.message = `migration ${name} failed, so none was applied: ${error.message}`;
        throw error;
      }
      await sql`insert into kysely_migration (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(trx);
    }
    return state.pending;
  });
}

/**
 * Every command but `init` and `db` runs this first: the ledger is initialised, neither
 * behind nor ahead of this version, and has every table and index, so a command never
 * fails half-way on a missing one. Two small reads.
 */
export async function assertSchemaCurrent(db: Db, path: string): Promise<void> {
  const state = await schemaState(db);
  if (!state.initialised) {
    throw new LedgerUnavailableError(`${path} is a serials ledger that was never initialised.`, `Run: serials init --db ${path}`);
  }
  assertNotNewer(state, path);
  if (state.pending.length > 0) {
    throw new LedgerUnavailableError(
      `The ledger at ${path} has ${state.pending.length} pending ${state.pending.length === 1 ? 'migration' : 'migrations'}: ${listed(state.pending)}.`,
      `Run: serials db migrate --db ${path}`,
      'migrations_pending',
    );
  }
  await assertSchemaWhole(db, path);
}

/** Every table and index of the newest schema is there (SQLite's catalogue; PostgreSQL's, of the current schema). */
export async function assertSchemaWhole(db: Db, path: string): Promise<void> {
  const rows =
    engineOf(db) === 'postgres'
      ? (
          await sql<{ type: string; name: string }>`select 'table' as type, tablename as name from pg_catalog.pg_tables where schemaname = current_schema()
            union all select 'index', indexname from pg_catalog.pg_indexes where schemaname = current_schema()`.execute(db)
        ).rows
      : (await sql<{ type: string; name: string }>`select type, name from sqlite_master where type in ('table', 'index')`.execute(db)).rows;
  const present = new Set(rows.map((r) => `${r.type}:${r.name}`));
  const missing = [...LEDGER_TABLES.map((t) => `table:${t}`), ...LEDGER_INDEXES.map((i) => `index:${i}`)].filter((k) => !present.has(k));
  if (missing.length > 0) {
    throw new LedgerDamagedError(path, `its schema is missing ${missing.map((k) => k.replace(':', ' ')).join(', ')}`);
  }
}

/** PostgreSQL: whether the current schema has the table. */
async function pgTableExists(db: Db, table: string): Promise<boolean> {
  const rows = (await sql<{ n: number }>`select count(*) as n from pg_catalog.pg_tables where schemaname = current_schema() and tablename = ${table}`.execute(db)).rows;
  return Number(rows[0]?.n ?? 0) > 0;
}
