// The database engines the integration suite runs on, and how each one makes a fresh ledger
// for a test. Every file in test/integration runs its tests once per engine, the way Kysely's
// own tests run once per dialect (kysely-org/kysely, test/node/src/test-setup.ts):
//
//   forEachEngine((engine) => {
//     beforeEach(async () => {
//       ledger = await newLedger(engine);
//     });
//     it('R-2: ...', ...);
//   });
//
// Each engine's tests sit in a describe named after it, so a test's full name shows its engine
// ("sqlite > supplier returns (R-1 to R-3) > R-2: ..."). A test that only makes sense on some
// engines says so by name, forEachEngine(suite, ENGINES.filter((e) => e === 'sqlite')), rather
// than being skipped.
//
// Which engines run:
//   - SERIALS_TEST_ENGINE (one name) is the engine of a whole vitest project (vitest.config.ts):
//     project `sqlite` runs everything on SQLite, project `postgres` the files that hold for
//     both engines on PostgreSQL, the end-to-end ones included (test/helpers/ledger.ts);
//   - otherwise SERIALS_TEST_ENGINES (comma separated) names them;
//   - otherwise SQLite, plus PostgreSQL when SERIALS_TEST_PG names a server.
//
// A PostgreSQL ledger is a database of its own on the SERIALS_TEST_PG server: a copy
// (CREATE DATABASE … TEMPLATE, ~30 ms) of one migrated database the run builds once, dropped
// after its test (~15 ms). Measured against a pool of schemas emptied by TRUNCATE of every
// table (~60 ms): the copy is cheaper, and a test cannot see another's leftovers.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe } from 'vitest';
import { createAt, createLedger, openAt, openLedger, type Ledger } from '../../src/db/open.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { TEST_PG, createDatabase, databaseUrl, dropDatabase, newDatabaseName, sharedTemplate } from './pg-admin.js';

export const ALL_ENGINES = ['sqlite', 'postgres'] as const;
export type Engine = (typeof ALL_ENGINES)[number];

function isEngine(name: string): name is Engine {
  return (ALL_ENGINES as readonly string[]).includes(name);
}

function chosenEngines(): Engine[] {
  const project = process.env.SERIALS_TEST_ENGINE?.trim();
  const named = project
    ? [project]
    : (process.env.SERIALS_TEST_ENGINES ?? '')
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '');
  const engines: Engine[] = named.length === 0 ? ALL_ENGINES.filter((e) => e === 'sqlite' || TEST_PG !== undefined) : [];
  for (const name of named) {
    if (!isEngine(name)) throw new Error(`SERIALS_TEST_ENGINE(S) names ${name}; the engines are ${ALL_ENGINES.join(', ')}.`);
    engines.push(name);
  }
  if (engines.includes('postgres') && TEST_PG === undefined) {
    throw new Error('The postgres engine needs a server: set SERIALS_TEST_PG=postgres://USER@HOST:PORT/postgres (an admin URL), or run .ci/run, which starts a throwaway one.');
  }
  return engines;
}

/** The engines this run tests. */
export const ENGINES: readonly Engine[] = chosenEngines();

/**
 * The engine of this vitest project's end-to-end ledgers (cliLedger and copyLedger):
 * PostgreSQL in the `postgres` project, else SQLite.
 */
export const E2E_ENGINE: Engine = process.env.SERIALS_TEST_ENGINE?.trim() === 'postgres' ? 'postgres' : 'sqlite';

/** Runs `suite` once per engine, inside a describe named after the engine. */
export function forEachEngine(suite: (engine: Engine) => void, engines: readonly Engine[] = ENGINES): void {
  for (const engine of engines) describe(engine, () => suite(engine));
}

/**
 * Runs an end-to-end `suite` only in the project whose ledgers are on one of `engines`, inside
 * a describe named after the engine: for tests of something one engine alone has (the ledger
 * file, its write-ahead log), which the other project then does not list at all.
 */
export function onEngines(engines: readonly Engine[], suite: () => void): void {
  forEachEngine(() => suite(), [E2E_ENGINE].filter((engine) => engines.includes(engine)));
}

/** A fresh, migrated, empty ledger on one engine, for one test. */
export interface EngineLedger {
  ledger: Ledger;
  /** A count that grows with every row written to the ledger, committed or not. */
  changes(): Promise<number>;
  /** Removes the database, once its connection is closed. */
  remove(): void;
}

const makers: Record<Engine, () => Promise<EngineLedger>> = {
  async sqlite() {
    const dir = mkdtempSync(join(tmpdir(), 'serials-test-'));
    const path = join(dir, 'test.db');
    await createLedger(path, {}, (db) => migrateToLatest(db));
    const ledger = openLedger(path);
    return {
      ledger,
      // the connection's own count, so that raw SQL and imports count as much as `write`
      changes: async () => Number((await sql<{ n: number }>`select total_changes() as n`.execute(ledger.db)).rows[0]?.n ?? 0),
      remove: () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  async postgres() {
    const template = await sharedTemplate('migrated', (database) => createAt(databaseUrl(database), {}, (db) => migrateToLatest(db)).then(() => undefined));
    const database = newDatabaseName('ledger');
    createDatabase(database, template);
    let ledger: Ledger;
    try {
      ledger = await openAt(databaseUrl(database));
    } catch (error) {
      dropDatabase(database);
      throw error;
    }
    return {
      ledger,
      // Rows inserted, updated and deleted in the database's tables, rolled back or not, by
      // any connection (the ledger's own, raw SQL included, and CLI processes). The server
      // publishes a connection's counts at most once a second unless told to at once, which
      // pg_stat_force_next_flush() does when this statement ends; the next one reads them.
      async changes() {
        await sql`select pg_stat_force_next_flush()`.execute(ledger.db);
        const row = (await sql<{ n: number }>`select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) as n from pg_stat_user_tables`.execute(ledger.db)).rows[0];
        return Number(row?.n ?? 0);
      },
      remove: () => dropDatabase(database),
    };
  },
};

export function makeLedger(engine: Engine): Promise<EngineLedger> {
  return makers[engine]();
}
