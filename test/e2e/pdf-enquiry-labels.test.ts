// The enquiry as a printed report (RULES.md E-1) and serial labels, through the built CLI:
// each read back as a scanner would (pages rendered by pdftoppm, Code 128 decoded by zxing).

import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliLedger, ok } from '../helpers/ledger.js';
import { pageBarcodes, pdfPages, pdfPageSize, pdfText } from '../helpers/pdf.js';
import { LABEL_STOCK, labelPlace } from '../../src/cli/render/pdf/label-sheet.js';
import type { Paper } from '../../src/cli/command.js';

/** 50 characters, the longest a serial may be. */
const S50 = 'LONG-' + 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN'.slice(0, 45);
const WIDGETS = Array.from({ length: 30 }, (_, i) => `W-${String(i + 1).padStart(3, '0')}`);

let dir: string;
let db: string;

beforeAll(() => {
  ({ dir, db } = cliLedger());
  const file = join(dir, 'widgets.txt');
  writeFileSync(file, [...WIDGETS, S50].join('\n') + '\n');
  for (const step of [
    ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:31', '--line', 'CABLE:5'],
    ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials-file', file],
    ['po', 'receive', 'PO-00000001', '--product', 'CABLE', '--qty', '5'],
    ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:1'],
    ['so', 'ship', 'SO-00000001', '--product', 'WIDGET', '--serials', 'W-007'],
  ]) {
    ok(cli(db, step));
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('enquiry --format pdf', () => {
  it('E-1: the report shows the filter, when it was printed, the totals per status and page numbers, and every serial decodes from its barcode', () => {
    const pdf = join(dir, 'enquiry.pdf');
    const r = ok(cli(db, ['enquiry', '--product', 'widget', '--format', 'pdf', '--output', pdf]));
    const pages = pdfPages(pdf);
    expect(pages).toBe(2);
    expect(r.stdout).toContain(`Wrote the enquiry to ${pdf}: 2 pages (A4), 31 serials.`);
    const first = pdfText(pdf, 1);
    expect(first).toContain('Serial enquiry');
    expect(first).toContain('Filter: product widget');
    expect(first).toMatch(/31 serials: Available 30, Unavailable 1\.\s+Printed \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(first).toContain('Page 1 of 2');
    expect(pdfText(pdf, 2)).toContain('Page 2 of 2');
    expect(first).toMatch(/W-007\s+WIDGET\s+MAIN\s+Unavailable\s+SS-00000001\s+\S+\s+BAKER/);
    // page 2 holds the last few rows: only its top is rendered
    const decoded = [...pageBarcodes(pdf, 1, 150), ...pageBarcodes(pdf, 2, 150, { x: 0, y: 0, width: 596, height: 400 })];
    expect(decoded).toEqual([S50, ...WIDGETS]);
  });

  it('E-1: a search that finds nothing is a one-page report saying so (exit 0); an unknown serial is an error (exit 1)', () => {
    const pdf = join(dir, 'nothing.pdf');
    ok(cli(db, ['enquiry', '--contains', 'zzz', '--format', 'pdf', '--output', pdf]));
    expect(pdfPages(pdf)).toBe(1);
    expect(pdfText(pdf)).toContain('No serials match.');
    expect(pdfText(pdf)).toContain('Filter: serial contains "zzz"');
    const unknown = cli(db, ['enquiry', 'NOPE-1', '--format', 'pdf', '--output', join(dir, 'nope.pdf')]);
    expect(unknown.status).toBe(1);
    expect(existsSync(join(dir, 'nope.pdf'))).toBe(false);
  });
});

/** The barcode on label `index` of a sheet (rendered alone, at a resolution for its narrow modules). */
function labelBarcodes(pdf: string, paper: Paper, index: number, dpi = 300): string[] {
  const stock = LABEL_STOCK[paper];
  const { sheet, x, y } = labelPlace(paper, index);
  return pageBarcodes(pdf, sheet, dpi, { x, y, width: stock.width, height: stock.height });
}

describe('labels', () => {
  it('an A4 sheet of 3 x 8 labels for a receipt, after --skip 5 used ones: each label has the product, its description and its serial as text and barcode', () => {
    const pdf = join(dir, 'receipt.pdf');
    const r = ok(cli(db, ['labels', '--document', 'PR-00000001', '--skip', '5', '--output', pdf]));
    expect(r.stdout).toContain('Wrote 31 labels');
    // 5 skipped and 31 labels: two sheets of 24
    expect(pdfPages(pdf)).toBe(2);
    expect(pdfPageSize(pdf)).toEqual({ width: 595.28, height: 841.89 });
    expect(labelBarcodes(pdf, 'a4', 4)).toEqual([]);
    expect(labelBarcodes(pdf, 'a4', 5)).toEqual(['W-001']);
    expect(labelBarcodes(pdf, 'a4', 23)).toEqual(['W-019']);
    expect(labelBarcodes(pdf, 'a4', 24)).toEqual(['W-020']);
    // the last label: the 50-character serial, in narrower modules to fit the label
    expect(labelBarcodes(pdf, 'a4', 35, 600)).toEqual([S50]);
    expect(pdfText(pdf, 1)).toMatch(/WIDGET/);
    expect(pdfText(pdf, 2)).toContain(S50);
  });

  it('US letter sheets of 3 x 10 (Avery 5160) for serials given, starting on the last label of a used sheet', () => {
    const pdf = join(dir, 'letter.pdf');
    const r = JSON.parse(ok(cli(db, ['--json', 'labels', '--product', 'WIDGET', '--serials', `W-001,NEW-1,${S50}`, '--paper', 'letter', '--skip', '29', '--output', pdf])).stdout);
    expect(r).toMatchObject({ pages: 2, serialCount: 3, paper: 'letter', skip: 29, labelsPerSheet: 30 });
    expect(pdfPageSize(pdf)).toEqual({ width: 612, height: 792 });
    expect(labelBarcodes(pdf, 'letter', 28)).toEqual([]);
    expect(labelBarcodes(pdf, 'letter', 29)).toEqual(['W-001']);
    expect(labelBarcodes(pdf, 'letter', 30)).toEqual(['NEW-1']);
    expect(labelBarcodes(pdf, 'letter', 31, 600)).toEqual([S50]);
  });

  it('refuses what cannot be printed: a --skip past the sheet, a document with serials given, a document that moved none, an unknown one', () => {
    const out = join(dir, 'refused.pdf');
    const skip = cli(db, ['labels', '--document', 'PR-00000001', '--skip', '24', '--output', out]);
    expect(skip.status).toBe(2);
    expect(skip.stderr).toMatch(/has 24 labels/);
    expect(cli(db, ['labels', '--document', 'PR-00000001', '--serials', 'A', '--output', out]).status).toBe(2);
    const none = cli(db, ['labels', '--document', 'PR-00000002', '--output', out]);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/moved no serials/);
    expect(cli(db, ['labels', '--document', 'PR-00000099', '--output', out]).status).toBe(1);
    expect(cli(db, ['labels', '--serials', 'A', '--output', out]).status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it("F-1: a serials file with a Product Code column names each label's product; --output may not be that file", () => {
    const file = join(dir, 'given.csv');
    writeFileSync(file, 'Product Code,Serial Number\nWIDGET,W-002\nCABLE,C-1\n');
    const pdf = join(dir, 'mixed.pdf');
    ok(cli(db, ['labels', '--serials-file', file, '--output', pdf]));
    expect(pdfText(pdf)).toMatch(/WIDGET[\s\S]*CABLE/);
    const r = cli(db, ['labels', '--serials-file', file, '--output', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/same file as the input/);
  });
});
