// Schema migrations as a CI job runs them (issue 8, and on PostgreSQL issue 13): every pending
// migration is applied in one transaction, so a migration that fails leaves the ledger exactly
// as it was (SQLite runs Kysely's migrations outside a transaction unless told otherwise), and
// an `init` that fails leaves nothing at all (on PostgreSQL not even the migration tables).

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely, type Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAt, openAt, type Ledger } from '../../src/db/open.js';
import { assertSchemaWhole, migrateToLatest, schemaState } from '../../src/db/migrate.js';
import { LEDGER_APPLICATION_ID } from '../../src/db/ledger-file.js';
import { LEDGER_INDEXES, LEDGER_TABLES } from '../../src/db/schema-objects.js';
import { PG_LEDGER_MARK } from '../../migrations/ddl.js';
import { migrations } from '../../migrations/index.js';
import { tempDir } from '../helpers/ledger.js';
import { ENGINES, forEachEngine, type Engine } from '../helpers/engines.js';
import { createDatabase, databaseUrl, dropDatabase, newDatabaseName } from '../helpers/pg-admin.js';

const names = Object.keys(migrations);
const upTo = (last: string): Record<string, Migration> => Object.fromEntries(names.filter((n) => n <= last).map((n) => [n, migrations[n] as Migration]));

/** A migration that does some work and then fails. */
const broken: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
    await sql`insert into settings (key, value) values ('half', 'done')`.execute(db);
    throw new Error('disk says no');
  },
};

interface Place {
  /** a file path or a PostgreSQL URL, as --db takes it */
  where: string;
  remove(): Promise<void>;
}

/** Somewhere with no ledger yet: a path in a new directory, or a new empty PostgreSQL database. */
async function emptyPlace(engine: Engine): Promise<Place> {
  if (engine === 'sqlite') {
    const dir = tempDir();
    return { where: join(dir, 'ledger.db'), remove: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  // a database of this test run (test/helpers/pg-admin.ts): a leftover is dropped at the end of the run
  const database = newDatabaseName('migrations');
  createDatabase(database);
  return { where: databaseUrl(database), remove: async () => dropDatabase(database) };
}

/** The schema and every table's rows, as text: what "exactly as it was" means. */
async function dump(ledger: Ledger): Promise<string> {
  const db = ledger.db as unknown as Kysely<any>;
  const rows = async (tables: string[]) => Promise.all(tables.map(async (t) => [t, (await sql.raw(`select * from "${t}" order by 1`).execute(db)).rows]));
  if (ledger.engine === 'sqlite') {
    const objects = (await sql<{ type: string; name: string; sql: string }>`select type, name, sql from sqlite_master where name not like 'sqlite_%' order by type, name`.execute(db)).rows;
    const applicationId = (await sql`pragma application_id`.execute(db)).rows;
    return JSON.stringify({ objects, rows: await rows(objects.filter((o) => o.type === 'table').map((o) => o.name)), applicationId });
  }
  const columns = (
    await sql`select table_name, column_name, data_type, collation_name, is_nullable, column_default, is_identity
      from information_schema.columns where table_schema = current_schema() order by table_name, ordinal_position`.execute(db)
  ).rows;
  const indexes = (await sql`select indexname, indexdef from pg_indexes where schemaname = current_schema() order by indexname`.execute(db)).rows;
  const tables = (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema() order by tablename`.execute(db)).rows.map((r) => r.name);
  const comments = (await sql`select c.relname, obj_description(c.oid, 'pg_class') as comment from pg_class c where c.relnamespace = current_schema()::regnamespace and obj_description(c.oid, 'pg_class') is not null order by 1`.execute(db)).rows;
  return JSON.stringify({ columns, indexes, tables, comments, rows: await rows(tables) });
}

/** What marks a ledger as serials's (0007): SQLite's application id, PostgreSQL's comment on settings. */
async function mark(ledger: Ledger): Promise<unknown> {
  if (ledger.engine === 'sqlite') return (await sql<{ application_id: number }>`pragma application_id`.execute(ledger.db)).rows[0]?.application_id;
  return (await sql<{ mark: string | null }>`select obj_description('settings'::regclass, 'pg_class') as mark`.execute(ledger.db)).rows[0]?.mark;
}

/** The ledger's tables or indexes by name; not the indexes of primary keys and unique columns. */
async function objects(ledger: Ledger, type: 'table' | 'index'): Promise<string[]> {
  const rows =
    ledger.engine === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = ${type} and name not like 'sqlite_%' order by name`.execute(ledger.db)
      : type === 'table'
        ? await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema() order by tablename`.execute(ledger.db)
        : await sql<{ name: string }>`select i.relname as name from pg_index x join pg_class i on i.oid = x.indexrelid
            where i.relnamespace = current_schema()::regnamespace and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid) order by i.relname`.execute(ledger.db);
  return rows.rows.map((r) => r.name);
}

forEachEngine((engine) => {
  describe('migrations', () => {
    let place: Place;
    let ledger: Ledger | undefined;

    beforeEach(async () => {
      place = await emptyPlace(engine);
    });
    afterEach(async () => {
      await ledger?.close();
      ledger = undefined;
      await place.remove();
    });

    /** A ledger at 0006, as an older serials left it. */
    const olderLedger = () => createAt(place.where, {}, (db) => migrateToLatest(db, upTo('0006_shipment_serials_parked_only')));

    it('a migration that fails applies none of the pending ones and leaves the ledger exactly as it was', async () => {
      await olderLedger();
      ledger = await openAt(place.where);
      const before = await dump(ledger);
      const withBroken = { ...migrations, '9000_broken': broken };
      await expect(migrateToLatest(ledger.db, withBroken)).rejects.toThrow(/migration 9000_broken failed, so none was applied: disk says no/);
      await ledger.close();
      ledger = await openAt(place.where);
      expect(await dump(ledger)).toBe(before);
      const state = await schemaState(ledger.db);
      expect(state.pending).toEqual(['0007_mark_ledger', '0008_transfers_and_counts', '0009_assemblies']);
    });

    it('every pending migration is applied in one go, and the ledger is marked', async () => {
      await olderLedger();
      ledger = await openAt(place.where);
      expect(await mark(ledger)).toBe(engine === 'sqlite' ? 0 : null);
      expect(await migrateToLatest(ledger.db)).toEqual(['0007_mark_ledger', '0008_transfers_and_counts', '0009_assemblies']);
      expect((await schemaState(ledger.db)).pending).toEqual([]);
      await assertSchemaWhole(ledger.db, place.where);
      expect(await mark(ledger)).toBe(engine === 'sqlite' ? LEDGER_APPLICATION_ID : PG_LEDGER_MARK);
      // nothing left to do a second time
      expect(await migrateToLatest(ledger.db)).toEqual([]);
    });

    it('init: a migration that fails leaves no ledger and no table behind, and init then succeeds', async () => {
      await expect(createAt(place.where, {}, (db) => migrateToLatest(db, { ...migrations, '9000_broken': broken }))).rejects.toThrow(/migration 9000_broken failed, so none was applied/);
      // nothing to open: no file, or a schema without a single table
      await expect(openAt(place.where)).rejects.toThrow(/^No ledger (at|in) /);
      expect(await createAt(place.where, {}, (db) => migrateToLatest(db))).toEqual(names);
      ledger = await openAt(place.where);
      expect((await schemaState(ledger.db)).pending).toEqual([]);
      // exactly the tables and indexes the schema check expects (besides keys' own indexes)
      expect(await objects(ledger, 'table')).toEqual([...LEDGER_TABLES].sort());
      expect(await objects(ledger, 'index')).toEqual([...LEDGER_INDEXES].sort());
    });
  });
});

// PostgreSQL's own: a ledger is a schema, and two ledgers in two schemas of one database never
// see each other's migrations (Kysely's Migrator, left to itself, finds another schema's table).
forEachEngine(
  () => {
    let place: Place;
    const ledgers: Ledger[] = [];
    beforeEach(async () => {
      place = await emptyPlace('postgres');
    });
    afterEach(async () => {
      for (const ledger of ledgers.splice(0)) await ledger.close();
      await place.remove();
    });

    it('two ledgers in two schemas of one database: each is initialised, migrated and checked on its own', async () => {
      await createAt(place.where, {}, (db) => migrateToLatest(db, upTo('0006_shipment_serials_parked_only')));
      const first = await openAt(place.where);
      ledgers.push(first);
      await sql`create schema second`.execute(first.db);
      // the second ledger's search_path still has public (the first ledger) after its own schema
      const second = `${place.where}?options=${encodeURIComponent('-c search_path=second,public')}`;
      expect(await createAt(second, {}, (db) => migrateToLatest(db))).toEqual(names);
      const other = await openAt(second);
      ledgers.push(other);
      expect((await schemaState(other.db)).pending).toEqual([]);
      await assertSchemaWhole(other.db, second);
      expect(await mark(other)).toBe(PG_LEDGER_MARK);
      // the first is where it was: at 0006, unmarked; then migrated on its own
      expect((await schemaState(first.db)).pending).toEqual(['0007_mark_ledger', '0008_transfers_and_counts', '0009_assemblies']);
      expect(await mark(first)).toBe(null);
      expect(await migrateToLatest(first.db)).toEqual(['0007_mark_ledger', '0008_transfers_and_counts', '0009_assemblies']);
      const tables = (await sql<{ schema: string; n: number }>`select schemaname as schema, count(*) as n from pg_tables where schemaname in ('public', 'second') group by schemaname order by schemaname`.execute(first.db)).rows;
      expect(tables).toEqual([
        { schema: 'public', n: 43 },
        { schema: 'second', n: 43 },
      ]);
    });
  },
  ENGINES.filter((engine) => engine === 'postgres'),
);
