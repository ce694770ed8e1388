import { Migrator, sql, type MigrationResult } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { LedgerUnavailableError } from '../errors.js';
import type { Db } from './open.js';

export interface MigrationState {
  name: string;
  appliedAt: string | null;
}

function migrator(db: Db): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r: MigrationResult) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrationStates(db: Db): Promise<MigrationState[]> {
  const all = await migrator(db).getMigrations();
  return all.map((m) => ({ name: m.name, appliedAt: m.executedAt ? m.executedAt.toISOString() : null }));
}

/**
 * Every command but `init` and `db migrate` runs this first: one indexed read of the
 * migration table, so a ledger that is not ours or is behind the code exits 69 with the fix.
 */
export async function assertSchemaCurrent(db: Db, path: string): Promise<void> {
  let applied: string[];
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    applied = rows.rows.map((r) => r.name);
  } catch (error) {
    if (/no such table/i.test(String((error as Error).message))) {
      throw new LedgerUnavailableError(
        `${path} is not an initialised serials ledger.`,
        `Run: serials init --db ${path}`,
      );
    }
    throw error;
  }
  const pending = Object.keys(migrations).filter((name) => !applied.includes(name));
  if (pending.length > 0) {
    throw new LedgerUnavailableError(
      `The ledger at ${path} has ${pending.length} pending migration(s): ${pending.join(', ')}.`,
      `Run: serials db migrate --db ${path}`,
    );
  }
  const known = new Set(Object.keys(migrations));
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new LedgerUnavailableError(
      `The ledger at ${path} was migrated by a newer serials (unknown migrations: ${unknown.join(', ')}).`,
      'Upgrade serials to the version that created this ledger.',
    );
  }
}
