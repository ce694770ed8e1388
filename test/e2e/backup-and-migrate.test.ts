// `serials db backup` (a consistent copy of a live ledger, never over the ledger itself:
// RULES.md F-1) and migrations as a CI job runs them: a backup first, --dry-run, and
// `db status --check` to gate on (issue 8, "Also in this issue").

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { assertVerifies, cli, seededForFile, copyLedger, json, ok } from '../helpers/ledger.js';

const seed = seededForFile((db) => {
  ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'B-0001..B-2000', '--reason', 'opening']));
});

const md5 = (path: string) => createHash('md5').update(readFileSync(path)).digest('hex');
const soh = (db: string) => json(ok(cli(db, ['soh', '--json'])));

describe('db backup', () => {
  it('copies the ledger into a file that is itself a ledger with the same stock, and verifies', () => {
    const { dir, db } = copyLedger(seed.db, seed.dirs);
    const target = join(dir, 'copy.db');
    const r = json(ok(cli(db, ['--json', 'db', 'backup', target])));
    expect(r).toEqual({ ledger: db, backup: target, bytes: expect.any(Number) });
    expect(soh(target)).toEqual(soh(db));
    assertVerifies(target);
    // nothing left beside it but the two ledgers (and the live ledger's own files)
    expect(readdirSync(dir).filter((f) => f.includes('serials-'))).toEqual([]);
  });

  it('is consistent while another command writes to the ledger', async () => {
    const { dir, db } = copyLedger(seed.db, seed.dirs);
    // another program writing to the ledger in many small transactions the whole time
    const writer = spawn(
      process.execPath,
      ['-e', `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))}); const db = new D(process.argv[1]); db.pragma('busy_timeout = 5000');
       let n = 0; const until = Date.now() + 3000;
       while (Date.now() < until) { db.exec("insert into settings (key, value) values ('tick-" + (n++) + "', 'x')"); }`, db],
      { stdio: 'ignore' },
    );
    const backups = [];
    for (let i = 0; i < 3; i++) backups.push(cli(db, ['db', 'backup', join(dir, `copy-${i}.db`)]));
    await new Promise<void>((resolve) => writer.on('exit', () => resolve()));
    for (const [i, r] of backups.entries()) {
      ok(r);
      assertVerifies(join(dir, `copy-${i}.db`));
      expect(soh(join(dir, `copy-${i}.db`))).toEqual(soh(seed.db));
    }
  });

  it('F-1: the ledger itself, under its own name, a symlink or a hard link, or its -wal, is a usage error and the ledger is untouched', () => {
    const { dir, db } = copyLedger(seed.db, seed.dirs);
    symlinkSync(db, join(dir, 'link.db'));
    const before = soh(db);
    for (const target of [db, join(dir, 'link.db'), `${db}-wal`, `${db}-shm`]) {
      const r = cli(db, ['db', 'backup', target]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/is the ledger/);
    }
    expect(soh(db)).toEqual(before);
    assertVerifies(db);
  });

  it('an existing file is replaced only if it is a serials ledger and --force is given; any other file never', () => {
    const { dir, db } = copyLedger(seed.db, seed.dirs);
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'my notes\n');
    const refused = cli(db, ['db', 'backup', notes, '--force']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/exists and is not a serials ledger/);
    expect(readFileSync(notes, 'utf8')).toBe('my notes\n');

    const older = join(dir, 'older.db');
    ok(cli(db, ['db', 'backup', older]));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '3', '--reason', 'found']));
    const again = cli(db, ['db', 'backup', older]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already exists .*--force/s);
    ok(cli(db, ['db', 'backup', older, '--force']));
    expect(soh(older)).toEqual(soh(db));
  });
});

describe('migrations for a CI job', () => {
  /** A ledger as serials before migration 0007 left it: unmarked, 0007 to 0009 not applied. */
  function olderLedger(): { dir: string; db: string } {
    const l = copyLedger(seed.db, seed.dirs);
    const sqlite = new Database(l.db);
    sqlite.exec("delete from kysely_migration where name in ('0007_mark_ledger', '0008_transfers_and_counts', '0009_assemblies')");
    for (const t of ['serial_links', 'assembly_serials', 'disassembly_lines', 'disassemblies', 'assembly_lines', 'assemblies', 'bom_components', 'stock_count_scans', 'stock_count_expected', 'stock_count_lines', 'stock_counts', 'transfer_lines', 'transfers']) sqlite.exec(`drop table ${t}`);
    sqlite.pragma('application_id = 0');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.close();
    return l;
  }

  it('db status --check: 0 up to date, 1 pending (naming them), 69 written by a newer serials', () => {
    expect(cli(seed.db, ['db', 'status', '--check']).status).toBe(0);
    const { db } = olderLedger();
    const pending = cli(db, ['db', 'status', '--check']);
    expect(pending.status).toBe(1);
    expect(pending.stderr).toContain('has 3 pending migrations: 0007_mark_ledger, 0008_transfers_and_counts and 0009_assemblies.');
    expect(pending.stderr).toMatch(/serials db migrate/);
    const newer = copyLedger(seed.db, seed.dirs).db;
    const sqlite = new Database(newer);
    sqlite.prepare("insert into kysely_migration (name, timestamp) values ('9999_later', 'x')").run();
    sqlite.close();
    expect(cli(newer, ['db', 'status', '--check']).status).toBe(69);
  });

  it('db migrate --dry-run lists what would run and writes nothing', () => {
    const { dir, db } = olderLedger();
    const before = md5(db);
    const r = ok(cli(db, ['db', 'migrate', '--dry-run']));
    expect(r.stdout).toMatch(/Would apply 0007_mark_ledger, 0008_transfers_and_counts and 0009_assemblies\. Nothing was written\./);
    expect(md5(db)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['ledger.db', 'ledger.db-shm', 'ledger.db-wal'].filter((f) => existsSync(join(dir, f))));
    expect(json(ok(cli(db, ['--json', 'db', 'migrate', '--dry-run'])))).toMatchObject({ dryRun: true, pending: ['0007_mark_ledger', '0008_transfers_and_counts', '0009_assemblies'], migrationsApplied: [], backup: null });
  });

  it('db migrate backs the ledger up beside itself, named for its schema version, says where, then migrates; --no-backup does not', () => {
    const { db } = olderLedger();
    const r = ok(cli(db, ['db', 'migrate']));
    const backup = `${db}.schema-0006.bak`;
    expect(r.stderr).toContain(`Backed up the ledger to ${backup} before migrating.`);
    expect(r.stdout).toMatch(/Applied 0007_mark_ledger, 0008_transfers_and_counts and 0009_assemblies\./);
    expect(existsSync(backup)).toBe(true);
    // the backup is the ledger as it was: still at schema 0006
    const copy = new Database(backup, { readonly: true });
    expect(copy.prepare('select name from kysely_migration order by name').pluck().all()).not.toContain('0007_mark_ledger');
    copy.close();
    expect(cli(db, ['db', 'status', '--check']).status).toBe(0);
    assertVerifies(db);

    const other = olderLedger();
    ok(cli(other.db, ['db', 'migrate', '--no-backup']));
    expect(existsSync(`${other.db}.schema-0006.bak`)).toBe(false);
    assertVerifies(other.db);
  });

  it('a command on a ledger with pending migrations says to run db migrate (exit 69) and changes nothing', () => {
    const { db } = olderLedger();
    const before = md5(db);
    const r = cli(db, ['soh']);
    expect(r.status).toBe(69);
    expect(r.stderr).toMatch(/pending migrations: 0007_mark_ledger, 0008_transfers_and_counts and 0009_assemblies/);
    expect(md5(db)).toBe(before);
  });
});

