// serials db copy through the built CLI (issue 13, item 5): progress on stderr (a line per
// table off a terminal, nothing with --quiet or --json), the --json contract, a target that
// already holds a ledger refused (exit 1) unless --replace, usage errors (exit 2), another
// program's database never written (69), an interrupted copy leaving nothing. The copy's
// content is compared table by table in test/integration/db-copy.test.ts; here once, as a
// user would: the same `enquiry --json` and `soh --json`, and db verify passes.

import { existsSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { assertVerifies, cli, json, ok, tempDir } from '../helpers/ledger.js';
import { contract, expectErrorContract } from '../helpers/json-contract.js';

const TABLES = 42;
const PG_ADMIN = process.env.SERIALS_TEST_PG;

let dir: string;
let source: string;
beforeAll(() => {
  dir = tempDir('serials-copy-e2e-');
  source = join(dir, 'shop.db');
  // the demo has every kind of document
  ok(cli(source, ['-q', 'demo']));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const fresh = (name = 'copy') => join(dir, `${name}-${++n}.db`);

describe('serials db copy', () => {
  it('copies a ledger to a new file: a progress line per table on stderr, rows per table and "verified" on stdout; the copy reads the same', () => {
    const to = fresh();
    const r = ok(cli(source, ['db', 'copy', '--to', to]));
    const progress = r.stderr.split('\n').filter((l) => / tables, \d+% of the rows\)$/.test(l));
    expect(progress).toHaveLength(TABLES);
    expect(progress[0]).toMatch(/^db copy: kysely_migration, 9 rows \(1 of 42 tables, \d+% of the rows\)$/);
    expect(progress[10]).toMatch(/^db copy: serials, 21 rows \(11 of 42 tables, \d+% of the rows\)$/);
    expect(progress.at(-1)).toMatch(/^db copy: serial_links, \d+ rows \(42 of 42 tables, 100% of the rows\)$/);
    expect(r.stderr).toContain('db copy: counting the rows of the copy and verifying it');
    expect(r.stdout).toMatch(/^Table\s+Rows\n/);
    expect(r.stdout).toMatch(/\nserials\s+21\n/);
    expect(r.stdout).toContain(`Copied ${source} to ${to}:`);
    expect(r.stdout).toMatch(/in 42 tables, the same as the source's; verified \(21 serials, /);
    assertVerifies(to);
    for (const report of ['enquiry', 'soh']) expect(json(ok(cli(to, ['--json', report]))), report).toEqual(json(ok(cli(source, ['--json', report]))));
  });

  it('--json prints the contract and nothing on stderr; --quiet prints no progress', () => {
    const to = fresh();
    const r = cli(source, ['--json', 'db', 'copy', '--to', to]);
    expect(r.stderr).toBe('');
    const j = contract(['db', 'copy'], r);
    expect(j).toMatchObject({ from: source, to, verified: true });
    expect(j.tables).toHaveLength(TABLES);
    expect(j.rows).toBe(j.tables.reduce((sum: number, t: { rows: number }) => sum + t.rows, 0));
    expect(j.tables.find((t: { table: string }) => t.table === 'serials').rows).toBe(21);
    const q = ok(cli(source, ['-q', 'db', 'copy', '--from', source, '--to', fresh()]));
    expect(q.stderr).toBe('');
  });

  it('a target that holds a ledger is refused (exit 1) and left as it is; --replace replaces it, unattended', () => {
    const to = fresh();
    ok(cli(to, ['init']));
    const before = readFileSync(to);
    const r = cli(source, ['db', 'copy', '--to', to]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${to} is a serials ledger already (0 serials,`);
    expect(r.stderr).toContain('fix: Add --replace');
    expect(readFileSync(to).equals(before)).toBe(true);
    const j = contract(['db', 'copy'], cli(source, ['--json', '--yes', '--no-input', 'db', 'copy', '--to', to, '--replace']));
    expect(j.tables.find((t: { table: string }) => t.table === 'serials').rows).toBe(21);
    assertVerifies(to);
  });

  it('usage errors (exit 2): no --to, and a target that is the source under another name; another program\'s database is never written (69)', () => {
    const missing = cli(source, ['db', 'copy']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("'--to <ledger>'");
    // the source itself, through a symbolic link
    const link = join(dir, 'same.db');
    symlinkSync(source, link);
    const same = cli(source, ['--json', 'db', 'copy', '--to', link, '--replace']);
    expect(same.status).toBe(2);
    expect(expectErrorContract(same).message).toContain('a copy onto itself would destroy it');
    const other = join(dir, 'other.db');
    const db = new BetterSqlite3(other);
    db.exec('create table notes (body text)');
    db.close();
    const before = readFileSync(other);
    const r = cli(source, ['db', 'copy', '--to', other, '--replace']);
    expect(r.status).toBe(69);
    expect(r.stderr).toContain('not a serials ledger');
    expect(readFileSync(other).equals(before)).toBe(true);
  });

  it('F-3: interrupted before its commit, a copy leaves no target behind (exit 130)', () => {
    const to = fresh('interrupted');
    const r = cli(source, ['db', 'copy', '--to', to], { env: { SERIALS_TEST_SIGNAL: 'before-commit' } });
    expect(r.status).toBe(130);
    expect(r.stderr).toContain('interrupted: nothing was written');
    expect(existsSync(to)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('interrupted'))).toEqual([]);
  });

  if (PG_ADMIN) {
    it('to PostgreSQL and back, and db backup of the PostgreSQL ledger: the same enquiry and soh, and db verify passes on PostgreSQL', async () => {
      const pg = (await import('pg')).default;
      const name = `d_copy_e2e_${process.pid}`;
      const admin = new pg.Client({ connectionString: PG_ADMIN });
      await admin.connect();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.query(`create database ${name}`);
      try {
        const url = new URL(PG_ADMIN);
        url.pathname = `/${name}`;
        const server = url.toString();
        ok(cli(source, ['-q', 'db', 'copy', '--to', server]));
        assertVerifies(server);
        const back = fresh('back');
        ok(cli(server, ['-q', 'db', 'copy', '--to', back]));
        // db backup of a ledger on PostgreSQL is the same copy, into a new file
        const backup = fresh('backup');
        expect(ok(cli(server, ['db', 'backup', backup])).stderr).toContain(`To restore: serials db copy --from ${backup} --to ${server} --replace`);
        for (const report of ['enquiry', 'soh']) {
          const want = json(ok(cli(source, ['--json', report])));
          expect(json(ok(cli(server, ['--json', report]))), `${report} on PostgreSQL`).toEqual(want);
          expect(json(ok(cli(back, ['--json', report]))), `${report} back on SQLite`).toEqual(want);
        }
        expect(json(ok(cli(backup, ['--json', 'enquiry']))), 'enquiry of the backup').toEqual(json(ok(cli(back, ['--json', 'enquiry']))));
      } finally {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    });
  }
});
