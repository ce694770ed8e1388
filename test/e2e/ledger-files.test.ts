// RULES.md F-2 and the faults around the ledger file (issue 8, defects 4 to 7): a file that is
// not a serials ledger is never modified, a damaged ledger is called damaged (with "restore
// a backup", never "init"), an empty --db is refused, a ledger written by a newer serials is
// recognised by every command, and ordinary faults end in a clear error, never exit 70.

import { createHash } from 'node:crypto';
import { chmodSync, closeSync, openSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BIN, assertVerifies, cli, seededForFile, copyLedger, ok, tempDir, walSize, type CliResult } from '../helpers/ledger.js';

const seed = seededForFile((db) => {
  // enough serials that the serials table spans many pages
  ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'W-00001..W-03000', '--reason', 'opening']));
  ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '10', '--reason', 'opening']));
  checkpoint(db);
});

const md5 = (path: string) => createHash('md5').update(readFileSync(path)).digest('hex');

/** Moves everything in the write-ahead log into the file, so the file alone is the ledger. */
function checkpoint(db: string): void {
  const sqlite = new Database(db);
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
}

function scratch(): string {
  const dir = tempDir('serials-files-');
  seed.dirs.push(dir);
  return dir;
}

/** A SQLite database of another program, in its own (rollback journal) mode. */
function otherProgramsDb(dir: string): string {
  const path = join(dir, 'other.db');
  const sqlite = new Database(path);
  sqlite.exec("create table notes (id integer primary key, body text); insert into notes (body) values ('keep me');");
  sqlite.close();
  return path;
}

function expectClear(r: CliResult, exit: number, ...patterns: RegExp[]): void {
  expect(r.status, r.stderr).toBe(exit);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  for (const p of patterns) expect(r.stderr).toMatch(p);
}

describe('F-2: only a serials ledger is ever opened as one', () => {
  it('defect 4 (F-2): soh on another program\'s SQLite database exits 69 and leaves the file exactly as it was (no WAL switch, no side files)', () => {
    const dir = scratch();
    const other = otherProgramsDb(dir);
    const before = md5(other);
    expectClear(cli(other, ['soh']), 69, /not a serials ledger: it is a SQLite database of another program \(tables "notes"\)/);
    expect(md5(other)).toBe(before);
    expect(readdirSync(dir)).toEqual(['other.db']);
    const sqlite = new Database(other, { readonly: true });
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('delete');
    sqlite.close();
  });

  it('defect 4 (F-2): init on another program\'s database refuses it (exit 69) and adds no table', () => {
    const dir = scratch();
    const other = otherProgramsDb(dir);
    const before = md5(other);
    expectClear(cli(other, ['init']), 69, /not a serials ledger/, /init creates one only in a missing or empty file/);
    expect(md5(other)).toBe(before);
    expect(readdirSync(dir)).toEqual(['other.db']);
  });

  it('defect 4 (F-2): soh on an empty file exits 69 and leaves it empty; init then creates the ledger in it', () => {
    const dir = scratch();
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    expectClear(cli(empty, ['soh']), 69, /is an empty file, not a serials ledger/, /serials init --db/);
    expect(statSync(empty).size).toBe(0);
    expect(readdirSync(dir)).toEqual(['empty.db']);
    ok(cli(empty, ['init']));
    assertVerifies(empty);
  });

  it('defect 4 (F-2): a text file given as the ledger is refused as not a SQLite database, unchanged', () => {
    const dir = scratch();
    const csv = join(dir, 'stock.csv');
    writeFileSync(csv, 'Product Code,Warehouse Code,Quantity\nCABLE,MAIN,1\n');
    for (const args of [['soh'], ['init'], ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '1', '--reason', 'x']]) {
      expectClear(cli(csv, args), 69, /not a serials ledger: it is not a SQLite database \(it begins "Product Code,Warehouse C"/);
    }
    expect(readFileSync(csv, 'utf8')).toBe('Product Code,Warehouse Code,Quantity\nCABLE,MAIN,1\n');
  });

  it('defect 4 (F-2): a truncated ledger is called damaged, with "restore a backup", never "init"', () => {
    const { db } = copyLedger(seed.db, seed.dirs);
    truncateSync(db, Math.floor(statSync(db).size / 2) + 100);
    for (const args of [['soh'], ['init'], ['db', 'verify'], ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '1', '--reason', 'x']]) {
      const r = cli(db, args);
      expectClear(r, 69, /is damaged: the file is .* cut short/, /Restore the ledger from a backup/);
      expect(r.stderr).not.toMatch(/serials init/);
    }
  });

  it('defect 4 (F-2): with a corrupt page of serials, an adjustment that never reads that page is refused like the report that does (exit 69, damaged, nothing written)', () => {
    const { db } = copyLedger(seed.db, seed.dirs);
    checkpoint(db);
    const sqlite = new Database(db, { readonly: true });
    const pages = sqlite.prepare("select pageno from dbstat where name = 'serials' and pagetype = 'leaf' order by pageno").pluck().all() as number[];
    const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
    sqlite.close();
    expect(pages.length).toBeGreaterThan(5);
    const page = pages[Math.floor(pages.length / 2)] as number;
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, (page - 1) * pageSize); // the page header and cell pointers
    closeSync(fd);
    const before = md5(db);

    expectClear(cli(db, ['soh']), 69, /is damaged/, /Restore the ledger from a backup/);
    // CABLE's stock lives in other pages: SQLite alone would let this write through
    const r = cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '1', '--reason', 'found']);
    expectClear(r, 69, /is damaged: SQLite's structure check found/, /Restore the ledger from a backup/);
    expect(r.stdout).toBe('');
    expect(md5(db)).toBe(before);
    expect(walSize(db)).toBe(0);
    const verify = cli(db, ['db', 'verify']);
    expectClear(verify, 69, /is damaged: SQLite's integrity check found \d+ problem/);
    expect(verify.stdout).toMatch(/^damage: /m);
  });
});

describe('defect 5: an empty ledger path is refused, never a temporary database', () => {
  it('defect 5 (F-2): --db "" and SERIALS_DB= are usage errors (exit 2) and create nothing', () => {
    const dir = scratch();
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SERIALS_DB: undefined, ...env } });
    const a = run(['--db', '', 'init']);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/--db is empty/);
    expect(a.stdout).not.toMatch(/Created ledger/);
    const b = run(['init'], { SERIALS_DB: '' });
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/SERIALS_DB is empty/);
    const c = run(['--db', ':memory:', 'init']);
    expect(c.status).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('defect 6: a ledger written by a newer serials', () => {
  it('defect 6: db status, db migrate, init and every other command say a newer serials wrote it (exit 69) and change nothing', () => {
    const { db } = copyLedger(seed.db, seed.dirs);
    const sqlite = new Database(db);
    sqlite.prepare("insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01T00:00:00.000Z')").run();
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.close();
    const before = md5(db);
    for (const args of [['db', 'status'], ['db', 'status', '--check'], ['db', 'migrate'], ['init'], ['soh'], ['db', 'verify']]) {
      const r = cli(db, args);
      expectClear(r, 69, /written by a newer serials .*9999_from_the_future/, /Upgrade serials/);
      expect(r.stdout).not.toMatch(/Up to date/);
    }
    expect(md5(db)).toBe(before);
  });
});

describe('defect 7: clear errors where exit 70 was', () => {
  it('defect 7: init in a directory that does not exist says so (exit 69) and creates nothing', () => {
    const dir = scratch();
    expectClear(cli(join(dir, 'missing', 'x.db'), ['init']), 69, /the directory .*missing does not exist/, /mkdir -p/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('defect 7: --db /dev/null and --db on a directory are not ledgers (exit 69)', () => {
    expectClear(cli('/dev/null', ['soh']), 69, /\/dev\/null is not a regular file/);
    expectClear(cli('/dev/null', ['init']), 69, /\/dev\/null is not a regular file/);
    expectClear(cli(scratch(), ['soh']), 69, /is a directory, not a ledger file/);
  });

  it('defect 7: SERIALS_BUSY_TIMEOUT_MS that is not a number of milliseconds, or out of range, is a usage error naming it', () => {
    for (const value of ['abc', '99999999999', '-5', '1.5']) {
      expectClear(cli(seed.db, ['soh'], { env: { SERIALS_BUSY_TIMEOUT_MS: value } }), 2, /SERIALS_BUSY_TIMEOUT_MS is "/);
    }
    ok(cli(seed.db, ['soh'], { env: { SERIALS_BUSY_TIMEOUT_MS: '250' } }));
  });

  it('defect 7: a ledger with a dropped table is damaged for every command (init and db migrate no longer say up to date)', () => {
    const { db } = copyLedger(seed.db, seed.dirs);
    const sqlite = new Database(db);
    sqlite.exec('drop table credit_lines');
    sqlite.close();
    for (const args of [['db', 'verify'], ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '1', '--reason', 'x'], ['enquiry', 'W-00001'], ['init'], ['db', 'migrate'], ['db', 'status']]) {
      const r = cli(db, args);
      expectClear(r, 69, /is damaged: its schema is missing table credit_lines/, /Restore the ledger from a backup/);
      expect(r.stdout).not.toMatch(/up to date/i);
    }
  });

  it('defect 7: standard output on a full disk is exit 74 with a clear message; a write command says its changes are kept', () => {
    const { db } = copyLedger(seed.db, seed.dirs);
    const run = (args: string[]) => {
      const full = openSync('/dev/full', 'w');
      try {
        return spawnSync(process.execPath, [BIN, '--db', db, ...args], { encoding: 'utf8', stdio: ['ignore', full, 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
      } finally {
        closeSync(full);
      }
    };
    const read = run(['enquiry', '--format', 'csv']);
    expect(read.status).toBe(74);
    expect(read.stderr).toMatch(/Cannot write the output: no space left on the device\. Nothing was written to the ledger/);
    expect(read.stderr).not.toMatch(/internal error|\n\s+at /);
    const write = run(['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '2', '--reason', 'found']);
    expect(write.status).toBe(74);
    expect(write.stderr).toMatch(/The command itself completed: what it wrote to the ledger is kept/);
    expect(JSON.parse(ok(cli(db, ['soh', '--product', 'CABLE', '--json'])).stdout)[0].quantity).toBe(12);
    assertVerifies(db);
  });

  it('defect 7: a ledger this user cannot write is a clear error (exit 69, nothing written), reads still work where SQLite can read it', () => {
    const dir = scratch();
    const { db } = copyLedger(seed.db, seed.dirs);
    checkpoint(db);
    const path = join(dir, 'ledger.db');
    writeFileSync(path, readFileSync(db));
    chmodSync(path, 0o444);
    // the directory writable by no one (but root, who runs the commands below as nobody)
    chmodSync(dir, 0o555);
    const asUser = (args: string[]) => {
      // as root, permissions do not stop anything: run as nobody
      const uid = process.getuid?.() === 0 ? Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })) : undefined;
      const gid = uid === undefined ? undefined : Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }));
      return spawnSync(process.execPath, [BIN, '--db', path, ...args], { encoding: 'utf8', uid, gid, env: { ...process.env, NO_COLOR: '1' } });
    };
    const before = md5(path);
    // the directory is not writable either: SQLite cannot even read a WAL ledger there
    const read = asUser(['soh']);
    expect(read.status).toBe(69);
    expect(read.stderr).toMatch(/cannot be used by this user: its directory is not writable/);
    const write = asUser(['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '1', '--reason', 'x']);
    expect(write.status).toBe(69);
    expect(write.stderr).not.toMatch(/internal error|\n\s+at /);
    // a writable directory: reading works, writing is refused as read-only
    chmodSync(dir, 0o777);
    expect(asUser(['soh', '--json']).status).toBe(0);
    const refused = asUser(['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '1', '--reason', 'x']);
    expect(refused.status).toBe(69);
    expect(refused.stderr).toMatch(/cannot be written: it is read-only to this user/);
    expect(md5(path)).toBe(before);
  });
});
