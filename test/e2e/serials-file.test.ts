// End-to-end: --serials-file read by the one CSV reader (issue 8, defect 2). A file is a plain
// list (one serial per line, each taken as written) or a table with a header, its delimiter a
// comma, semicolon or tab, in UTF-8 or UTF-16; whatever is wrong with it is a rejection
// (exit 1) that echoes nothing from the file whole, and nothing is written.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertVerifies, cli, cliLedger, copyLedger, json, ok, type CliResult } from '../helpers/ledger.js';

let template: { dir: string; db: string };
const dirs: string[] = [];

beforeAll(() => {
  template = cliLedger();
  dirs.push(template.dir);
  ok(cli(template.db, ['product', 'add', 'DRILL', '--serialized']));
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of the seeded ledger with an open order ACME → MAIN for 5 WIDGET and 5 DRILL. */
function withOrder(): { dir: string; db: string; po: string } {
  const { dir, db } = copyLedger(template.db, dirs, 'serials-e2e-file-');
  const po = json<{ number: string }>(ok(cli(db, ['--json', 'po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:5', '--line', 'DRILL:5']))).number;
  return { dir, db, po };
}

function write(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);

/** Every serial in the ledger, as product:serial, sorted. */
function booked(db: string): string[] {
  return json<{ serial: string; product: string }[]>(ok(cli(db, ['--json', 'enquiry', '--status', 'available'])))
    .map((r) => `${r.product}:${r.serial}`)
    .sort();
}

function receive(db: string, po: string, file: string, extra: string[] = []): CliResult {
  return cli(db, ['--json', 'po', 'receive', po, ...extra, '--serials-file', file]);
}

/** A rejection: exit 1, one JSON error on stderr, nothing written. */
function rejected(r: CliResult, db: string): { code: string; message: string; fix: string; details: { code: string; message: string; fix?: string; source?: string }[] } {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  expect(booked(db)).toEqual([]);
  assertVerifies(db);
  return JSON.parse(r.stderr).error;
}

it('defect 2 (PO-2): a quoted "Product Code","Serial Number" header is a table, not two serials', () => {
  const { dir, db, po } = withOrder();
  ok(receive(db, po, write(dir, 'receipt.csv', '"Product Code","Serial Number"\r\n"DRILL","DR-0041"\r\n"WIDGET","W-0001"\r\n')));
  expect(booked(db)).toEqual(['DRILL:DR-0041', 'WIDGET:W-0001']);
  assertVerifies(db);
});

it('defect 2 (PO-2): a "Serial No" or "Serial #" header names the serial column; "Product" names the product', () => {
  const { dir, db, po } = withOrder();
  ok(receive(db, po, write(dir, 'no.csv', 'Product,Serial No\nDRILL,DR-1\n')));
  ok(receive(db, po, write(dir, 'hash.csv', 'Serial #,product code\nW-1,WIDGET\n')));
  // one column with just the name as its header is a table of one column
  ok(receive(db, po, write(dir, 'one.csv', '"Serial No."\nW-2\n'), ['--product', 'WIDGET']));
  expect(booked(db)).toEqual(['DRILL:DR-1', 'WIDGET:W-1', 'WIDGET:W-2']);
  assertVerifies(db);
});

it('defect 2 (PO-2): a semicolon-separated table (and one on stdin) is read as a table', () => {
  const { dir, db, po } = withOrder();
  ok(receive(db, po, write(dir, 'semi.csv', 'Product Code;Serial Number\nDRILL;DR-1\nWIDGET;"W;1"\n')));
  ok(cli(db, ['po', 'receive', po, '--serials-file', '-'], { input: 'Product Code;Serial Number\nDRILL;DR-2\n' }));
  expect(booked(db)).toEqual(['DRILL:DR-1', 'DRILL:DR-2', 'WIDGET:W;1']);
  assertVerifies(db);
});

it('defect 2 (PO-2): a tab-separated table is read as a table', () => {
  const { dir, db, po } = withOrder();
  ok(receive(db, po, write(dir, 'tab.txt', 'Product Code\tSerial Number\nDRILL\tDR-1\nWIDGET\tW-1\n')));
  expect(booked(db)).toEqual(['DRILL:DR-1', 'WIDGET:W-1']);
  assertVerifies(db);
});

it('defect 2 (PO-2): UTF-16LE and UTF-16BE files with a byte-order mark are read (plain list and table)', () => {
  const { dir, db, po } = withOrder();
  ok(receive(db, po, write(dir, 'le.txt', utf16le('LE-1\r\nLE-2\r\n')), ['--product', 'WIDGET']));
  ok(receive(db, po, write(dir, 'be.csv', utf16be('Product Code\tSerial Number\r\nDRILL\tBE-1\r\nWIDGET\tBE-2\r\n'))));
  expect(booked(db)).toEqual(['DRILL:BE-1', 'WIDGET:BE-2', 'WIDGET:LE-1', 'WIDGET:LE-2']);
  assertVerifies(db);
});

it('defect 2 (N-1): a plain-list line containing ".." is one serial, taken as written; --serials still expands ranges', () => {
  const { dir, db, po } = withOrder();
  ok(receive(db, po, write(dir, 'list.txt', 'A..B\nSN-1..SN-3\n'), ['--product', 'WIDGET']));
  ok(receive(db, po, write(dir, 'table.csv', 'Product Code,Serial Number\nDRILL,X..Y\n')));
  expect(booked(db)).toEqual(['DRILL:X..Y', 'WIDGET:A..B', 'WIDGET:SN-1..SN-3']);
  ok(cli(db, ['po', 'receive', po, '--product', 'WIDGET', '--serials', 'R-1..R-3']));
  expect(booked(db).filter((s) => s.startsWith('WIDGET:R-'))).toEqual(['WIDGET:R-1', 'WIDGET:R-2', 'WIDGET:R-3']);
  assertVerifies(db);
});

it('defect 2 (PO-2): a header with no serial column is rejected naming the header and the accepted columns', () => {
  const { dir, db, po } = withOrder();
  const error = rejected(receive(db, po, write(dir, 'receipt.csv', 'Product Code,Serial Numbr\nDRILL,DR-1\n')), db);
  const missing = error.details.find((p) => p.code === 'no_serial_column');
  expect(missing?.message).toContain('"Product Code,Serial Numbr"');
  expect(missing?.message).toMatch(/Serial Number \(or Serial, Serial No, Serial No\., Serial #\), Product Code \(or Product\)/);
  expect(missing?.source).toContain('receipt.csv line 1');
  expect(error.details.find((p) => p.code === 'unknown_columns')?.message).toContain('"Serial Numbr"');
});

it('a column that has no place here (Warehouse Code on a receipt) is rejected naming it', () => {
  const { dir, db, po } = withOrder();
  const error = rejected(receive(db, po, write(dir, 'receipt.csv', 'Product Code,Warehouse Code,Serial Number\nDRILL,MAIN,DR-1\n')), db);
  expect(error.code).toBe('unknown_columns');
  expect(error.message).toContain('"Warehouse Code"');
});

it('defect 2 (PO-2): a malformed quoted file is exit 1 naming the line, not an internal error, and nothing is written', () => {
  const { dir, db, po } = withOrder();
  const file = write(dir, 'broken.csv', 'Product Code,Serial Number\nDRILL,DR-1\nDRILL,"DR-2\nDRILL,DR-3\n');
  const error = rejected(receive(db, po, file), db);
  expect(error.code).toBe('malformed_csv');
  expect(error.message).toContain('broken.csv line 3');
  expect(error.message).toMatch(/never closed/);
  const text = cli(db, ['po', 'receive', po, '--serials-file', file]);
  expect(text.status).toBe(1);
  expect(text.stderr).toMatch(/^error: .*broken\.csv line 3/m);
  expect(text.stderr).not.toMatch(/internal/);
});

it('defect 2 (I-3): a row with more cells than the header is rejected naming its line', () => {
  const { dir, db, po } = withOrder();
  const error = rejected(receive(db, po, write(dir, 'extra.csv', 'Product Code,Serial Number\nDRILL,DR-1\nDRILL,DR-2,DR-3\nWIDGET,W-1,\n')), db);
  expect(error.code).toBe('too_many_cells');
  expect(error.details.map((p) => p.source)).toEqual([`${join(dir, 'extra.csv')} line 3`]);
});

it('defect 2: a huge header line is not echoed whole', () => {
  const { dir, db, po } = withOrder();
  const header = `Product Code,${'X'.repeat(5_000_000)}`;
  const r = cli(db, ['po', 'receive', po, '--serials-file', write(dir, 'huge.csv', `${header}\nDRILL,DR-1\n`)]);
  expect(r.status).toBe(1);
  expect(r.stderr.length).toBeLessThan(3000);
  expect(r.stderr).toContain('5,000,013 characters');
  expect(booked(db)).toEqual([]);
  assertVerifies(db);
});
