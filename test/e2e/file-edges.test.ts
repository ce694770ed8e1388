// Edges of files and paths that the robustness test found (test/e2e/robustness.test.ts),
// each held here by name: a ledger named like a side file or reached through a symbolic-link
// loop (F-2), reports aimed at a loop, another program's database or a missing folder
// (F-1), serials files without end or past the cap (S-5), and a serials-file header below
// blank lines. Each is refused before anything is written.

import { readFileSync, symlinkSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { assertVerifies, cli, copyLedger, seededForFile, type CliResult } from '../helpers/ledger.js';

const base = seededForFile();
const fresh = () => copyLedger(base.db, base.dirs);

function refused(r: CliResult, status: number, message: RegExp): void {
  expect(r.status, r.stderr).toBe(status);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

const stock = (db: string) => cli(db, ['--json', 'soh']).stdout;

it('F-2: a ledger named like a side file (-wal, -shm, -journal) is a usage error; one reached through a loop of symbolic links is refused (69); neither is created', () => {
  const { dir } = fresh();
  for (const name of ['x.db-wal', 'x.db-shm', 'x.db-journal']) {
    refused(cli(join(dir, name), ['init']), 2, /a name SQLite gives to the side file of a database/);
    expect(existsSync(join(dir, name))).toBe(false);
  }
  symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
  symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
  refused(cli(join(dir, 'loop-a'), ['init']), 69, /loop of symbolic links/);
});

it('F-2: init of a ledger whose name is longer than a file name may be is refused (69), and nothing is left in the folder', () => {
  const { dir } = fresh();
  const before = readdirSync(dir).sort();
  refused(cli(join(dir, `${'a'.repeat(256)}.db`), ['init']), 69, /\S/);
  expect(readdirSync(dir).sort()).toEqual(before);
});

it('F-1: --errors aimed at a loop of symbolic links (66), another program\'s SQLite database (2) or a folder that does not exist (66) is refused before the import runs; the database is untouched', () => {
  const { dir, db } = fresh();
  const input = join(dir, 'opening.csv');
  writeFileSync(input, 'Product Code,Warehouse Code,Quantity\nCABLE,NOPE,1\n');
  symlinkSync(join(dir, 'l2'), join(dir, 'l1'));
  symlinkSync(join(dir, 'l1'), join(dir, 'l2'));
  const other = join(dir, 'notes.db');
  const o = new Database(other);
  o.exec("create table notes(text); insert into notes values ('keep me')");
  o.close();
  const otherBytes = readFileSync(other);
  const before = stock(db);

  refused(cli(db, ['import', 'opening-stock', input, '--errors', join(dir, 'l1')]), 66, /loop of symbolic links/);
  refused(cli(db, ['import', 'opening-stock', input, '--errors', other]), 2, /is a SQLite database; serials never writes a report over one/);
  refused(cli(db, ['import', 'opening-stock', input, '--errors', join(dir, 'missing', 'problems.csv')]), 66, /its directory does not exist/);

  expect(readFileSync(other).equals(otherBytes)).toBe(true);
  expect(stock(db)).toBe(before);
  assertVerifies(db);
});

it('S-5: a serials file without end (/dev/zero) is refused at 256 MB instead of filling memory; one of 2,000,001 serials is refused naming the cap; nothing is written', () => {
  const { dir, db } = fresh();
  const before = stock(db);
  refused(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--reason', 'r', '--serials-file', '/dev/zero']), 1, /larger than 256 MB: too large for a serials file/);
  const many = join(dir, 'many.txt');
  writeFileSync(many, Array.from({ length: 2_000_001 }, (_, i) => `S${i}`).join('\n'));
  refused(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--reason', 'r', '--serials-file', many]), 1, /2,000,001 serials were given; at most 2,000,000 fit one document/);
  expect(stock(db)).toBe(before);
});

it('a serials-file header below blank lines is named by its own line when it has no serial column', () => {
  const { dir, db } = fresh();
  const file = join(dir, 'serials.csv');
  writeFileSync(file, '\n\nFoo,Bar\nA,B\n');
  refused(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--reason', 'r', '--serials-file', file]), 1, /serials\.csv line 3: the header "Foo,Bar" has no serial column/);
});

it('I-3: a quote left open near the top of a large import is reported where it starts, without taking the rest of the file into one row', () => {
  const { dir, db } = fresh();
  const file = join(dir, 'opening.csv');
  // some 22 MB after the open quote
  writeFileSync(file, `Product Code,Warehouse Code,Quantity\nCABLE,MAIN,"1\n${'CABLE,MAIN,1\n'.repeat(1_800_000)}`);
  const before = stock(db);
  const r = cli(db, ['--json', 'import', 'opening-stock', file]);
  expect(r.status, r.stderr).toBe(1);
  const problems = JSON.parse(r.stderr).error.details.problems as { line: number; code: string; message: string }[];
  expect(problems.map((p) => [p.line, p.code])).toEqual([[2, 'malformed_csv']]);
  // it stopped at the longest row a file may hold (16 MB), not at the end of the file
  const end = Number(/to line (\d+)/.exec(problems[0]?.message ?? '')?.[1]);
  expect(end).toBeGreaterThan(1_000_000);
  expect(end).toBeLessThan(1_800_000);
  expect(stock(db)).toBe(before);
});
