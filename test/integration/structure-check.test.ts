// Nothing is written to a damaged ledger (RULES.md F-2): a write transaction has SQLite's
// structure check pass first. A large ledger is checked in a worker thread on a second,
// read-only connection while the command works; this runs that path on a small ledger.

import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LedgerDamagedError } from '../../src/errors.js';
import { createLedger } from '../../src/db/open.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { startStructureCheck } from '../../src/db/structure-check.js';
import { tempDir } from '../helpers/ledger.js';
import { ENGINES, forEachEngine } from '../helpers/engines.js';

const binding = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');

// SQLite's own structure check, on a SQLite file.
forEachEngine(() => {
  describe('the structure check of a write transaction', () => {
    let dir: string;
    let path: string;
    beforeEach(async () => {
      dir = tempDir();
      path = join(dir, 'ledger.db');
      await createLedger(path, {}, (db) => migrateToLatest(db));
      const sqlite = new Database(path);
      sqlite.exec('create table filler (id integer primary key, body text)');
      const insert = sqlite.prepare('insert into filler (body) values (?)');
      sqlite.transaction(() => {
        for (let i = 0; i < 2000; i++) insert.run('x'.repeat(200));
      })();
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      sqlite.close();
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const inWorker = async () => {
      const sqlite = new Database(path);
      sqlite.exec('begin immediate');
      try {
        await startStructureCheck(sqlite, path, binding, { inlineBytes: 0 }).passed();
      } finally {
        sqlite.exec('rollback');
        sqlite.close();
      }
    };

    it('F-2: in a worker, an intact ledger passes', async () => {
      await expect(inWorker()).resolves.toBeUndefined();
    });

    it('F-2: in a worker, a corrupt page anywhere fails the check with the damage named', async () => {
      const sqlite = new Database(path, { readonly: true });
      const pages = sqlite.prepare("select pageno from dbstat where name = 'filler' and pagetype = 'leaf'").pluck().all() as number[];
      const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
      sqlite.close();
      const fd = openSync(path, 'r+');
      writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, ((pages[5] as number) - 1) * pageSize);
      closeSync(fd);
      const failure = inWorker();
      await expect(failure).rejects.toBeInstanceOf(LedgerDamagedError);
      await expect(failure).rejects.toThrow(/is damaged: SQLite's structure check found/);
    });
  });
}, ENGINES.filter((engine) => engine === 'sqlite'));
