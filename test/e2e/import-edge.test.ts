// Import edge cases found in review: rows with extra cells, mixed line endings, lines that
// are not valid CSV, and an unwritable --errors file.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { assertVerifies, cli, cliLedger, ok } from '../helpers/ledger.js';

const { dir, db } = cliLedger();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

it('I-3: a row with more cells than the header (an unquoted 1,000) is a problem, not silently cut short', () => {
  const r = cli(db, ['--json', 'import', 'opening-stock', file('extra.csv', 'Product Code,Warehouse Code,Quantity,Unit Cost\nCABLE,MAIN,1,000,12.50\nCABLE,MAIN,2,1.5,,\n')]);
  expect(r.status).toBe(1);
  const error = JSON.parse(r.stderr).error as { details: { total: number; problems: { line: number; code: string }[] } };
  expect(error.details.problems.map((p) => [p.line, p.code])).toEqual([[2, 'too_many_cells']]);
  expect(JSON.parse(ok(cli(db, ['--json', 'soh'])).stdout)).toEqual([]);
  assertVerifies(db);
});

it('I-2: CRLF and LF line endings mixed in one file are both rows', () => {
  ok(cli(db, ['import', 'warehouses', file('mixed.csv', 'Warehouse Code,Warehouse Name\r\nW1,One\nW2,Two\r\n')]));
  const names = JSON.parse(ok(cli(db, ['--json', 'warehouse', 'list'])).stdout) as { code: string; name: string }[];
  expect(names.filter((w) => w.code.startsWith('W'))).toEqual([
    { code: 'W1', name: 'One' },
    { code: 'W2', name: 'Two' },
  ]);
  assertVerifies(db);
});

it('I-3: a line that is not valid CSV is reported with its line number together with every other problem, also in --errors', () => {
  const errors = join(dir, 'errors.csv');
  const r = cli(db, ['--json', 'import', 'opening-stock', file('broken.csv', 'Product Code,Warehouse Code,Serial Number\nWIDGET,NOPE,A2\nWIDGET,MAIN,"bad"x\nWIDGET,NOPE,Z\n'), '--errors', errors]);
  expect(r.status).toBe(1);
  const problems = (JSON.parse(r.stderr).error as { details: { problems: { line: number; code: string }[] } }).details.problems;
  // line 3 is bad; csv-parse's recovery after it also refuses line 4 — nothing is lost silently
  expect(problems.map((p) => [p.line, p.code])).toEqual([
    [2, 'unknown_warehouse'],
    [3, 'malformed_csv'],
    [4, 'malformed_csv'],
  ]);
  const rows = readFileSync(errors, 'utf8').trim().split('\n');
  expect(rows.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['2,Warehouse Code,unknown_warehouse', '3,,malformed_csv', '4,,malformed_csv']);
  assertVerifies(db);
});

it('an --errors file that cannot be written is exit 66 before anything is read; --errors naming the input is a usage error', () => {
  const input = file('ok.csv', 'Warehouse Code\nW9\n');
  const r = cli(db, ['import', 'warehouses', input, '--errors', join(dir, 'no-such-dir', 'e.csv')]);
  expect(r.status).toBe(66);
  expect(r.stderr).toMatch(/errors file/);
  expect(cli(db, ['import', 'warehouses', input, '--errors', input]).status).toBe(2);
  expect(readFileSync(input, 'utf8')).toBe('Warehouse Code\nW9\n');
  assertVerifies(db);
});
