// Schema migrations as a CI job runs them (issue 8): every pending migration is applied in
// one transaction, so a migration that fails leaves the ledger exactly as it was (SQLite runs
// Kysely's migrations outside a transaction unless told otherwise).

import { join } from 'node:path';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { sql, type Kysely, type Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger, openLedger, type Ledger } from '../../src/db/open.js';
import { migrateToLatest, schemaState } from '../../src/db/migrate.js';
import { migrations } from '../../migrations/index.js';
import { tempDir } from '../helpers/ledger.js';
import { ENGINES, forEachEngine } from '../helpers/engines.js';

const names = Object.keys(migrations);
const upTo = (last: string): Record<string, Migration> => Object.fromEntries(names.filter((n) => n <= last).map((n) => [n, migrations[n] as Migration]));

/** Every table's rows and the schema, as text: what "exactly as it was" means. */
function dump(path: string): string {
  const sqlite = new Database(path, { readonly: true });
  try {
    const objects = sqlite.prepare("select type, name, sql from sqlite_master where name not like 'sqlite_%' order by type, name").all() as { type: string; name: string }[];
    const rows = objects.filter((o) => o.type === 'table').map((o) => [o.name, sqlite.prepare(`select * from "${o.name}" order by 1`).all()]);
    return JSON.stringify({ objects, rows, applicationId: sqlite.pragma('application_id', { simple: true }) });
  } finally {
    sqlite.close();
  }
}

// SQLite's own: a ledger at an older version is made through SQLite, and "exactly as it was"
// is read from the file.
forEachEngine(() => {
  describe('migrations', () => {
    let dir: string;
    let path: string;
    let ledger: Ledger;

    beforeEach(async () => {
      dir = tempDir();
      path = join(dir, 'ledger.db');
      // a ledger at 0006, as an older serials left it
      await createLedger(path, {}, (db) => migrateToLatest(db, upTo('0006_shipment_serials_parked_only')));
    });
    afterEach(async () => {
      await ledger?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a migration that fails applies none of the pending ones and leaves the ledger exactly as it was', async () => {
      const before = dump(path);
      ledger = openLedger(path);
      const broken: Migration = {
        async up(db: Kysely<unknown>) {
          await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
          await sql`insert into settings (key, value) values ('half', 'done')`.execute(db);
          throw new Error('disk says no');
        },
      };
      const withBroken = { ...migrations, '9000_broken': broken };
      await expect(migrateToLatest(ledger.db, withBroken)).rejects.toThrow(/migration 9000_broken failed, so none was applied: disk says no/);
      await ledger.close();
      expect(dump(path)).toBe(before);
      ledger = openLedger(path);
      const state = await schemaState(ledger.db);
      expect(state.pending).toEqual(['0007_mark_ledger', '0008_transfers_and_counts', '0009_assemblies']);
    });

    it('every pending migration is applied in one go, and the ledger is marked', async () => {
      ledger = openLedger(path);
      expect(await migrateToLatest(ledger.db)).toEqual(['0007_mark_ledger', '0008_transfers_and_counts', '0009_assemblies']);
      expect((await schemaState(ledger.db)).pending).toEqual([]);
      await ledger.close();
      const sqlite = new Database(path, { readonly: true });
      expect(sqlite.pragma('application_id', { simple: true })).not.toBe(0);
      sqlite.close();
    });
  });
}, ENGINES.filter((engine) => engine === 'sqlite'));
