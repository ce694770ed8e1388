// The list of tables and indexes a command checks before it runs (src/db/schema-objects.ts)
// must be exactly what the migrations create, or a whole ledger would be called damaged (or
// a damaged one whole).

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { createLedger } from '../../src/db/open.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { LEDGER_APPLICATION_ID } from '../../src/db/ledger-file.js';
import { LEDGER_INDEXES, LEDGER_TABLES } from '../../src/db/schema-objects.js';
import { tempDir } from '../helpers/ledger.js';

it('F-2: a new ledger has exactly the tables and indexes the schema check expects, and carries the ledger mark', async () => {
  const dir = tempDir();
  try {
    const path = join(dir, 'new.db');
    await createLedger(path, {}, (db) => migrateToLatest(db));
    const sqlite = new Database(path, { readonly: true });
    const names = (type: string) =>
      sqlite.prepare("select name from sqlite_master where type = ? and name not like 'sqlite_%' order by name").pluck().all(type) as string[];
    expect(names('table')).toEqual([...LEDGER_TABLES].sort());
    expect(names('index')).toEqual([...LEDGER_INDEXES].sort());
    expect(sqlite.pragma('application_id', { simple: true })).toBe(LEDGER_APPLICATION_ID);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    sqlite.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
