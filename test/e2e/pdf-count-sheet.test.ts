// The count sheet (RULES.md K-2) through the built CLI: the PDF read back as a counter's
// scanner would (pages rendered by pdftoppm, Code 128 decoded by zxing), its text, the text
// form on an 80-column printer and CSV; a sheet of 10,000 serials (many pages, nothing cut
// off); and the output file's rules (F-1, and F-3: Ctrl-C leaves no file).

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertVerifies, BIN, cli, cliLedger, ok } from '../helpers/ledger.js';
import { pageBarcodes, pdfPages, pdfPageSize, pdfText } from '../helpers/pdf.js';

/** 50 characters, the longest a serial may be, with a space and characters a PDF string escapes. */
const S50 = 'SN 50/(a)\\b' + '0123456789'.repeat(4).slice(0, 39);
/** 30 characters: too long for a row's barcode column, so it gets a row of its own. */
const S30 = 'M-' + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ01';
const WIDGETS = Array.from({ length: 40 }, (_, i) => `W-${String(i + 1).padStart(3, '0')}`);
/** as the sheet orders them: by serial, ignoring case */
const EXPECTED = [...WIDGETS, S50, S30].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
/** SC-00000002: 10,000 serials of BULK */
const BULK = 10_000;
const bulk = (i: number) => `B-${String(i).padStart(5, '0')}`;

let dir: string;
let db: string;

beforeAll(() => {
  ({ dir, db } = cliLedger());
  const file = join(dir, 'widgets.txt');
  writeFileSync(file, [...WIDGETS, S50, S30].join('\n') + '\n');
  for (const step of [
    ['product', 'add', 'GADGET', '--serialized', '--description', 'Gadget, counted though none is in stock'],
    ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:42', '--line', 'CABLE:7.5'],
    ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials-file', file],
    ['po', 'receive', 'PO-00000001', '--product', 'CABLE', '--qty', '7.5'],
    ['count', 'create', '--warehouse', 'MAIN', '--product', 'WIDGET', '--product', 'CABLE', '--product', 'GADGET'],
    ['product', 'add', 'BULK', '--serialized'],
    ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', `BULK:${BULK}`],
    ['po', 'receive', 'PO-00000002', '--product', 'BULK', '--serials', `${bulk(1)}..${bulk(BULK)}`],
    ['count', 'create', '--warehouse', 'MAIN', '--product', 'BULK'],
  ]) {
    ok(cli(db, step));
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('count sheet --format pdf', () => {
  it('K-2: every expected serial decodes back from its barcode, in the sheet order, the 50-character one included; pages say page X of Y', () => {
    const pdf = join(dir, 'sheet.pdf');
    const r = ok(cli(db, ['count', 'sheet', 'SC-00000001', '--format', 'pdf', '--output', pdf]));
    const pages = pdfPages(pdf);
    expect(r.stdout).toContain(`Wrote count sheet SC-00000001 to ${pdf}: ${pages} pages (A4), 42 serials.`);
    expect(pdfPageSize(pdf)).toEqual({ width: 595.28, height: 841.89 });
    const text = pdfText(pdf, 1, pages);
    const texts = text.split('\f');
    const decoded: string[] = [];
    for (let page = 1; page <= pages; page++) {
      decoded.push(...pageBarcodes(pdf, page, 150));
      expect(texts[page - 1]).toContain(`Page ${page} of ${pages}`);
    }
    expect(decoded).toEqual(EXPECTED);
    for (const fact of ['Stock count sheet SC-00000001', 'Warehouse MAIN', 'Status: Open', 'Expected: 42', 'Expected: 7.5', 'Expected: 0', 'Quantity counted:', 'No serials expected', S50, S30]) {
      expect(text).toContain(fact);
    }
    // the end of the sheet: room for serials found that are not on it, and for the counter
    const last = texts[pages - 1] as string;
    expect(last).toContain('Found here but not on this sheet');
    expect(last).toMatch(/Counted by \(name\)\s+Signature\s+Date/);
  });

  it('K-2: on US letter the pages are letter sized and the barcodes still decode', () => {
    const pdf = join(dir, 'letter.pdf');
    ok(cli(db, ['count', 'sheet', 'SC-00000001', '--format', 'pdf', '--paper', 'Letter', '--output', pdf]));
    expect(pdfPageSize(pdf)).toEqual({ width: 612, height: 792 });
    // the first rows of the first page (a page of rows is read back in full above)
    const first = pageBarcodes(pdf, 1, 150, { x: 0, y: 0, width: 612, height: 300 });
    expect(first.length).toBeGreaterThan(5);
    expect(first).toEqual(EXPECTED.slice(0, first.length));
  });
});

describe('count sheet as text, CSV and JSON', () => {
  it('K-2: the text sheet fits an 80-column printer and lists every expected serial with a box to tick', () => {
    const r = ok(cli(db, ['count', 'sheet', 'sc-00000001']));
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    for (const serial of EXPECTED) expect(lines.some((l) => l.startsWith(`  [ ] ${serial} `))).toBe(true);
    expect(r.stdout).toMatch(/^WIDGET +Expected: 42$/m);
    expect(r.stdout).toMatch(/^CABLE +Expected: 7\.5$/m);
    expect(r.stdout).toContain('Counted: ___');
    expect(r.stdout).toContain('No serials expected.');
    expect(r.stdout).toContain('Found here but not on this sheet');
    expect(r.stdout).toMatch(/^Counted by: _+  Signature: _+  Date: _+$/m);
  });

  it('K-2: CSV has one row per expected serial and one per product without serials', () => {
    const r = ok(cli(db, ['count', 'sheet', 'SC-00000001', '--format', 'csv']));
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] as object)).toEqual(['Product Code', 'Product Description', 'Serialized', 'Expected', 'Serial Number', 'Counted', 'Notes']);
    expect(rows.filter((row) => row['Product Code'] === 'WIDGET').map((row) => row['Serial Number'])).toEqual(EXPECTED);
    expect(rows.find((row) => row['Product Code'] === 'CABLE')).toMatchObject({ Serialized: 'false', Expected: '7.5', 'Serial Number': '' });
    expect(rows.find((row) => row['Product Code'] === 'GADGET')).toMatchObject({ Serialized: 'true', Expected: '0', 'Serial Number': '' });
    expect(rows).toHaveLength(44);
  });
});

describe('the output file (F-1)', () => {
  it('F-1: --output naming the ledger, even through a symbolic link, is refused before anything is written', () => {
    const link = join(dir, 'link.pdf');
    symlinkSync(db, link);
    const before = readFileSync(db);
    const r = cli(db, ['count', 'sheet', 'SC-00000001', '--format', 'pdf', '--output', link]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is the ledger/);
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.serials-'))).toEqual([]);
    assertVerifies(db);
  });

  it('a PDF without --output, or with --output -, is a usage error (it is never written to the terminal), and --output without a PDF too', () => {
    const missing = cli(db, ['count', 'sheet', 'SC-00000001', '--format', 'pdf']);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/add --output FILE\.pdf/);
    const dash = cli(db, ['count', 'sheet', 'SC-00000001', '--format', 'pdf', '--output', '-']);
    expect(dash.status).toBe(2);
    expect(dash.stderr).toMatch(/--output - is standard output/);
    const text = cli(db, ['count', 'sheet', 'SC-00000001', '--output', join(dir, 'x.pdf')]);
    expect(text.status).toBe(2);
    expect(text.stderr).toMatch(/--output is for a PDF: add --format pdf/);
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
  });

  it('a count that does not exist is an error (exit 1) and writes no file', () => {
    const pdf = join(dir, 'none.pdf');
    const r = cli(db, ['count', 'sheet', 'SC-00000099', '--format', 'pdf', '--output', pdf]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/There is no stock count "SC-00000099"/);
    expect(existsSync(pdf)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.serials-'))).toEqual([]);
  });
});

describe('a sheet of 10,000 serials', () => {
  it('K-2: a sheet of 10,000 serials has every page numbered "page X of Y", and the last page decodes to the last serials', () => {
    const pdf = join(dir, 'big.pdf');
    const result = JSON.parse(ok(cli(db, ['--json', 'count', 'sheet', 'SC-00000002', '--format', 'pdf', '--output', pdf])).stdout) as { pages: number; serialCount: number };
    const pages = pdfPages(pdf);
    expect(result).toMatchObject({ pages, serialCount: BULK });
    // 35 rows a page on A4: a heading and 10,000 serials need 287 pages or more
    expect(pages).toBeGreaterThanOrEqual(287);
    // every page, at its head and at its foot
    const numbers = [...pdfText(pdf, 1, pages).matchAll(/Page ([\d,]+) of ([\d,]+)/g)].map((m) => `${m[1]}/${m[2]}`);
    expect(numbers).toEqual(Array.from({ length: pages }, (_, i) => [`${i + 1}/${pages}`, `${i + 1}/${pages}`]).flat());
    const last = pdfText(pdf, pages);
    expect(last).toContain('BULK (continued)');
    expect(last).toContain('Found here but not on this sheet');
    const printed = [...last.matchAll(/B-\d{5}/g)].map((m) => m[0]);
    expect(printed.length).toBeGreaterThan(0);
    expect(printed[printed.length - 1]).toBe(bulk(BULK));
    expect(pageBarcodes(pdf, pages, 150)).toEqual(Array.from({ length: printed.length }, (_, i) => bulk(BULK - printed.length + 1 + i)));
  });

  it('F-3: Ctrl-C while the PDF is being written leaves no file, not even half of one, and says nothing was written', async () => {
    const pdf = join(dir, 'interrupted.pdf');
    const child = spawn(process.execPath, [BIN, '--db', db, 'count', 'sheet', 'SC-00000002', '--format', 'pdf', '--output', pdf], { env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // as soon as the temporary file beside the target exists, the pages are being written
    const deadline = Date.now() + 30_000;
    let signalled = false;
    while (Date.now() < deadline && child.exitCode === null) {
      if (readdirSync(dir).some((f) => f.startsWith('.interrupted.pdf.serials-'))) {
        child.kill('SIGINT');
        signalled = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const code = await exited;
    expect(signalled, `the command ended before it could be interrupted: ${stderr}`).toBe(true);
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted: nothing was written');
    expect(existsSync(pdf)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.serials-'))).toEqual([]);
  });
});
