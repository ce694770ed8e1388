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
// than being skipped. SQLite always; PostgreSQL joins ALL_ENGINES when its dialect exists.
// SERIALS_TEST_ENGINES (comma separated) runs only the engines it names.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe } from 'vitest';
import { createLedger, openLedger, type Ledger } from '../../src/db/open.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export const ALL_ENGINES = ['sqlite'] as const;
export type Engine = (typeof ALL_ENGINES)[number];

function chosenEngines(): Engine[] {
  const named = (process.env.SERIALS_TEST_ENGINES ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (named.length === 0) return [...ALL_ENGINES];
  const unknown = named.filter((name) => !(ALL_ENGINES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`SERIALS_TEST_ENGINES names ${unknown.join(', ')}; the engines are ${ALL_ENGINES.join(', ')}.`);
  return named as Engine[];
}

/** The engines this run tests. */
export const ENGINES: readonly Engine[] = chosenEngines();

/** Runs `suite` once per engine, inside a describe named after the engine. */
export function forEachEngine(suite: (engine: Engine) => void, engines: readonly Engine[] = ENGINES): void {
  for (const engine of engines) describe(engine, () => suite(engine));
}

/** A fresh, migrated, empty ledger on one engine, for one test. */
export interface EngineLedger {
  ledger: Ledger;
  /** A count that grows with every row written through this connection, committed or not. */
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
};

export function makeLedger(engine: Engine): Promise<EngineLedger> {
  return makers[engine]();
}
