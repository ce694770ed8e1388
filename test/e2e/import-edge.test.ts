// Import edge cases found in review: rows with extra cells, mixed line endings, lines that
// are not valid CSV, and an unwritable --errors file. Each test has its own copy of one
// seeded ledger, so that none depends on what another wrote or on the order they run in.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { BIN, assertVerifies, cli, copyLedger, ok, seededForFile } from '../helpers/ledger.js';

const seeded = seededForFile();
let dir: string;
let db: string;
beforeEach(() => {
  ({ dir, db } = copyLedger(seeded.db, seeded.dirs));
});
const file = (name: string, text: string | Buffer) => {
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

it('I-3: a line that is not valid CSV is reported with its line number together with every other problem, also in --errors; the lines after it are read as rows', () => {
  const errors = join(dir, 'errors.csv');
  const text = [
    'Product Code,Warehouse Code,Serial Number',
    'WIDGET,NOPE,A2',
    'WIDGET,MAIN,"bad"x', // not CSV: text after a closing quote
    'WIDGET,NOPE,Z', // its own problem, which csv-parse's recovery used to swallow as part of line 3
    'WIDGET,MAIN,"Q-1"',
    'WIDGET,NOPE,"Q-2"',
  ];
  const r = cli(db, ['--json', 'import', 'opening-stock', file('broken.csv', text.join('\n') + '\n'), '--errors', errors]);
  expect(r.status).toBe(1);
  const problems = (JSON.parse(r.stderr).error as { details: { problems: { line: number; code: string }[] } }).details.problems;
  expect(problems.map((p) => [p.line, p.code])).toEqual([
    [2, 'unknown_warehouse'],
    [3, 'malformed_csv'],
    [4, 'unknown_warehouse'],
    [6, 'unknown_warehouse'],
  ]);
  const rows = readFileSync(errors, 'utf8').trim().split('\n');
  expect(rows.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
    '2,Warehouse Code,unknown_warehouse',
    '3,,malformed_csv',
    '4,Warehouse Code,unknown_warehouse',
    '6,Warehouse Code,unknown_warehouse',
  ]);
  // all or nothing (I-3): the good line 5 was not written either
  expect(JSON.parse(ok(cli(db, ['--json', 'enquiry', '--product', 'WIDGET'])).stdout)).toEqual([]);
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

// issue 8, defect 2: imports read by the same reader as --serials-file

const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
const warehouses = () => (JSON.parse(ok(cli(db, ['--json', 'warehouse', 'list'])).stdout) as { code: string }[]).map((w) => w.code);
const serialsIn = (ledger: string, product: string) =>
  (JSON.parse(ok(cli(ledger, ['--json', 'enquiry', '--product', product])).stdout) as { serial: string }[]).map((r) => r.serial).sort();

it('defect 2 (I-2): semicolon and tab files with quoted headers and a "Serial No" column import', () => {
  ok(cli(db, ['import', 'opening-stock', file('semi.csv', '"Product Code";"Warehouse Code";"Quantity";"Serial No"\nWIDGET;MAIN;1;S-1\nCABLE;MAIN;1.5;\n')]));
  ok(cli(db, ['import', 'opening-stock', file('tab.txt', 'Product\tWarehouse\tSerial #\nWIDGET\tBACK\tT-1\n')]));
  expect(serialsIn(db, 'WIDGET')).toEqual(['S-1', 'T-1']);
  assertVerifies(db);
});

it('defect 2 (I-2): UTF-16LE and UTF-16BE files with a byte-order mark import', () => {
  const table = (prefix: string) => `Product Code\tWarehouse Code\tSerial Number\r\nWIDGET\tMAIN\t${prefix}-1\r\nWIDGET\tMAIN\t${prefix}-2\r\n`;
  ok(cli(db, ['import', 'opening-stock', file('le.txt', utf16le(table('LE')))]));
  ok(cli(db, ['import', 'opening-stock', file('be.txt', utf16be(table('BE')))]));
  expect(serialsIn(db, 'WIDGET')).toEqual(['BE-1', 'BE-2', 'LE-1', 'LE-2']);
  assertVerifies(db);
});

it('defect 2 (I-3): a row with more cells than a semicolon header is a problem too', () => {
  const r = cli(db, ['--json', 'import', 'warehouses', file('extra-semi.csv', 'Warehouse Code;Warehouse Name\nW5;Five;5\n')]);
  expect(r.status).toBe(1);
  const problems = (JSON.parse(r.stderr).error as { details: { problems: { line: number; code: string }[] } }).details.problems;
  expect(problems.map((p) => [p.line, p.code])).toEqual([[2, 'too_many_cells']]);
  expect(warehouses()).not.toContain('W5');
  assertVerifies(db);
});

it('defect 2 (I-3): a header that is not valid CSV is exit 1 naming the line, not an internal error', () => {
  const r = cli(db, ['--json', 'import', 'warehouses', file('bad-header.csv', '"Warehouse Code,Warehouse Name\nW6,Six\n')]);
  expect(r.status).toBe(1);
  const error = JSON.parse(r.stderr).error as { code: string; message: string };
  expect(error.code).toBe('malformed_csv');
  expect(error.message).toContain('bad-header.csv line 1');
  expect(warehouses()).not.toContain('W6');
  assertVerifies(db);
});

it('defect 2 (I-3): a file with a header and no data rows is rejected and uses up no import number', () => {
  for (const [kind, header] of [
    ['opening-stock', 'Product Code,Warehouse Code,Quantity,Serial Number'],
    ['serials', 'Product Code,Warehouse Code,Serial Number'],
    ['warehouses', 'Warehouse Code,Warehouse Name'],
    ['products', 'Product Code'],
  ]) {
    const r = cli(db, ['--json', 'import', kind as string, file(`empty-${kind}.csv`, `${header}\r\n\r\n`)]);
    expect(r.status, `${kind}: ${r.stderr}`).toBe(1);
    const error = JSON.parse(r.stderr).error as { details: { problems: { line: number; code: string; message: string }[] } };
    expect(error.details.problems.map((p) => [p.line, p.code])).toEqual([[1, 'no_rows']]);
    expect(error.details.problems[0]?.message).toContain('has a header but no data rows; nothing was written');
  }
  expect(cli(db, ['import', 'opening-stock', '--dry-run', file('empty-dry.csv', 'Product Code,Warehouse Code\n')]).status).toBe(1);
  const good = JSON.parse(ok(cli(db, ['--json', 'import', 'opening-stock', file('good.csv', 'Product Code,Warehouse Code,Serial Number\nWIDGET,MAIN,G-1\n')])).stdout) as { number: string };
  expect(good.number).toBe('IM-00000001');
  assertVerifies(db);
});

it('defect 2 (I-3): a huge header line or binary garbage is never echoed whole', () => {
  const huge = cli(db, ['import', 'warehouses', file('huge.csv', `Warehouse Code,${'Y'.repeat(5_000_000)}\nW7,x\n`)]);
  expect(huge.status).toBe(1);
  expect(huge.stderr.length).toBeLessThan(3000);
  expect(huge.stderr).toContain('5,000,000 characters');
  const columns = Array.from({ length: 50_000 }, (_, i) => `Col${i}`).join(',');
  const many = cli(db, ['import', 'warehouses', file('many.csv', `Warehouse Code,${columns}\n`)]);
  expect(many.status).toBe(1);
  expect(many.stderr).toContain('and 49,990 more');
  expect(many.stderr.length).toBeLessThan(3000);
  const bytes = Buffer.alloc(300_000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
  const garbage = cli(db, ['import', 'warehouses', file('garbage.bin', bytes)]);
  expect(garbage.status).toBe(1);
  expect(garbage.stderr.length).toBeLessThan(5000);
  assertVerifies(db);
});

// issue 10, point 8: the progress line off a terminal (a log, a pipe)

it('progress off a terminal: plain lines on stderr that say the percentage of the file, rows, the rate and the time left; none with --quiet or --json', () => {
  const rows = ['Product Code,Warehouse Code,Serial Number'];
  for (let i = 1; i <= 5000; i++) rows.push(`WIDGET,MAIN,PR-${i}`);
  const input = file('progress.csv', rows.join('\n') + '\n');
  const env = { SERIALS_TEST_PROGRESS_MS: '0' };
  const r = ok(cli(db, ['import', 'opening-stock', input, '--dry-run'], { env }));
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('import opening-stock:'));
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line).toMatch(/^import opening-stock: \d{1,3}% of the file · [\d,]+ rows · [\d,]+ rows\/s( · \d+:\d{2} left)?$/);
    expect(line.length).toBeLessThan(80);
  }
  expect(lines.at(-1)).toMatch(/: 100% of the file · 5,000 rows · /);
  // standard input: its size is not known, so no percentage
  const stdin = ok(cli(db, ['import', 'opening-stock', '-', '--dry-run'], { env, input: rows.join('\n') + '\n' }));
  expect(stdin.stderr).toMatch(/^import opening-stock: 5,000 rows · [\d,]+ rows\/s$/m);
  for (const quiet of [['--quiet'], ['--json']]) {
    expect(ok(cli(db, [...quiet, 'import', 'opening-stock', input, '--dry-run'], { env })).stderr).not.toContain('import opening-stock:');
  }
});

it('progress on an 80-column terminal: every redraw of the bar fits, with its figures whole', () => {
  const rows = ['Product Code,Warehouse Code,Serial Number'];
  for (let i = 1; i <= 20_000; i++) rows.push(`WIDGET,MAIN,TTY-${i}`);
  const input = file('tty.csv', rows.join('\n') + '\n');
  const r = spawnSync('script', ['-qfec', `stty cols 80; ${process.execPath} ${BIN} --db ${db} import opening-stock ${input} --dry-run`, '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, TERM: 'xterm', NO_COLOR: '1' },
  });
  expect(r.status, r.stderr).toBe(0);
  // each redraw starts at column 1 (ESC [ 1 G) and ends by clearing the rest of the line (ESC [ 0 K)
  const frames = [...r.stdout.matchAll(/\u001b\[1G([^\u001b]*)\u001b\[0K/g)].map((m) => m[1] as string);
  expect(frames.length).toBeGreaterThan(0);
  for (const frame of frames) {
    expect([...frame].length, frame).toBeLessThan(80);
    expect(frame).toMatch(/^Importing [█░]{5,} \d{1,3}% of the file · [\d,]+ rows? · [\d,]+ rows\/s( · \d+:\d{2} left)?$/);
  }
  expect(r.stdout).toContain('Dry run: 20,000 rows');
});
