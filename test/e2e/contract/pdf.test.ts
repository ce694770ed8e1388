// The printed sheets' --json through the built CLI: count sheet (the sheet as an object, or
// with --format pdf what was written), enquiry --format pdf and labels, against
// schemas/count/sheet.schema.json, schemas/enquiry.schema.json and schemas/labels.schema.json;
// and their errors as JSON.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, seededForFile } from '../../helpers/ledger.js';
import { contract, expectErrorContract } from '../../helpers/json-contract.js';

const seed = seededForFile((db) => {
  for (const step of [
    ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:3', '--line', 'CABLE:2.5'],
    ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', 'W-3,W-1,W-2'],
    ['po', 'receive', 'PO-00000001', '--product', 'CABLE', '--qty', '2.5'],
    ['count', 'create', '--warehouse', 'MAIN'],
  ]) {
    ok(cli(db, step));
  }
});
const out = (name: string) => join(seed.dirs[0] as string, name);

describe('count sheet --json', () => {
  it('K-2: the sheet is one object: number, warehouse, status, and per product its expected quantity and serials (a list, by serial)', () => {
    const sheet = contract(['count', 'sheet'], cli(seed.db, ['--json', 'count', 'sheet', 'SC-00000001']));
    expect(sheet).toMatchObject({ number: 'SC-00000001', warehouse: 'MAIN', status: 'open', serialCount: 3 });
    expect(sheet.products).toEqual([
      { product: 'CABLE', description: '', serialized: false, expected: 2.5, serialCount: 0 },
      { product: 'WIDGET', description: '', serialized: true, expected: 3, serialCount: 3, serials: ['W-1', 'W-2', 'W-3'] },
    ]);
    // --format json is the same document
    expect(JSON.parse(ok(cli(seed.db, ['count', 'sheet', 'SC-00000001', '--format', 'json'])).stdout)).toEqual(sheet);
  });

  it('with --format pdf, --json says what was written: output, pages, serialCount, paper and the count', () => {
    const pdf = out('sheet.pdf');
    const r = contract(['count', 'sheet'], cli(seed.db, ['--json', 'count', 'sheet', 'SC-00000001', '--format', 'pdf', '--paper', 'letter', '--output', pdf]));
    expect(r).toEqual({ output: pdf, pages: 1, serialCount: 3, paper: 'letter', number: 'SC-00000001' });
  });

  it('a count that does not exist: exit 1 with the error object', () => {
    const r = cli(seed.db, ['--json', 'count', 'sheet', 'SC-00000042']);
    expect(r.status).toBe(1);
    expect(expectErrorContract(r).code).toBe('unknown_stock_count');
  });

  it('a PDF without --output: a usage error (exit 2) as JSON, nothing on stdout', () => {
    const r = cli(seed.db, ['--json', 'count', 'sheet', 'SC-00000001', '--format', 'pdf']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const error = expectErrorContract(r);
    expect(error.code).toBe('usage');
    expect(error.message).toMatch(/--output/);
  });
});

describe('enquiry --format pdf and labels --json', () => {
  it('E-1: enquiry --format pdf --json says what was written', () => {
    const pdf = out('enquiry.pdf');
    const r = contract(['enquiry'], cli(seed.db, ['--json', 'enquiry', '--format', 'pdf', '--output', pdf]));
    expect(r).toEqual({ output: pdf, pages: 1, serialCount: 3, paper: 'a4' });
  });

  it('labels --json: output, sheets, one label per serial, paper, skip', () => {
    const pdf = out('labels.pdf');
    const r = contract(['labels'], cli(seed.db, ['--json', 'labels', '--document', 'PR-00000001', '--output', pdf]));
    expect(r).toEqual({ output: pdf, pages: 1, serialCount: 3, paper: 'a4', skip: 0, labelsPerSheet: 24 });
    const missing = cli(seed.db, ['--json', 'labels', '--document', 'PR-00000001']);
    expect(missing.status).toBe(2);
    expect(expectErrorContract(missing).code).toBe('usage');
  });
});
