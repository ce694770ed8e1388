// enquiry, history, soh and demo through the built CLI: their --json output against
// schemas/{enquiry,history,soh,demo}.schema.json, and "not found" (exit 1 with an error)
// against "a search that finds nothing" (an empty array, exit 0).

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, seededForFile, tempDir } from '../../helpers/ledger.js';
import { contract, expectErrorContract, schemaPath } from '../../helpers/json-contract.js';

// WIDGET: W-1..W-4 received from ACME on PO-00000001 into MAIN; W-2 shipped on SO-00000001
// and credited back, W-1 assigned to SO-00000002 and to SO-00000003, W-3 returned to ACME,
// W-4 adjusted out; CABLE 7.5 in MAIN.
const seed = seededForFile((db) => {
  for (const args of [
    ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:4:9.50'],
    ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', 'W-1..W-4'],
    ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:1:20'],
    ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:1:20'],
    ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:1:20'],
    ['so', 'ship', 'SO-00000001', '--product', 'WIDGET', '--serials', 'W-2'],
    ['so', 'assign', 'SO-00000002', '--product', 'WIDGET', '--serials', 'W-1'],
    ['so', 'assign', 'SO-00000003', '--product', 'WIDGET', '--serials', 'W-1'],
    ['credit', 'create', '--so', 'SO-00000001', '--product', 'WIDGET', '--serials', 'W-2'],
    ['supplier-return', 'create', '--po', 'PO-00000001', '--product', 'WIDGET', '--serials', 'W-3'],
    ['adjust', 'out', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'W-4', '--reason', 'lost'],
    ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '7.5', '--reason', 'opening'],
  ]) {
    ok(cli(db, args));
  }
});

interface EnquiryRow {
  serial: string;
  product: string;
  warehouse: string | null;
  status: string;
  assignments: string[];
  lastDocument: { type: string; number: string; date: string; kind: string; party: string | null };
}

const schema = (name: string) => JSON.parse(readFileSync(schemaPath([name]), 'utf8')) as { definitions: Record<string, unknown> };

describe('enquiry --json', () => {
  it('E-1: prints an array of serials with serial, product, warehouse, status, their open assignments and last document, enum values in snake_case', () => {
    const rows = contract<EnquiryRow[]>(['enquiry'], cli(seed.db, ['--json', 'enquiry']));
    expect(rows.map((r) => [r.serial, r.status, r.lastDocument.kind, r.lastDocument.party])).toEqual([
      ['W-1', 'available', 'receipt', 'ACME'],
      ['W-2', 'available', 'credit', 'BAKER'],
      ['W-3', 'unavailable', 'supplier_return', 'ACME'],
      ['W-4', 'unavailable', 'adjustment_out', null],
    ]);
    expect(rows[0]).toMatchObject({ product: 'WIDGET', warehouse: 'MAIN', assignments: ['SO-00000002', 'SO-00000003'] });
    expect(rows[0]?.lastDocument).toMatchObject({ type: 'purchase_receipt', number: 'PR-00000001' });
    expect(rows[2]?.lastDocument.type).toBe('supplier_return');
    // timestamps stay ISO 8601 UTC as stored
    expect(rows[0]?.lastDocument.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('--format json is the same document as --json', () => {
    expect(ok(cli(seed.db, ['enquiry', '--format', 'json'])).stdout).toBe(ok(cli(seed.db, ['--json', 'enquiry'])).stdout);
  });

  it('E-1: an exact serial, ignoring case, is an array of its rows', () => {
    const rows = contract<EnquiryRow[]>(['enquiry'], cli(seed.db, ['--json', 'enquiry', 'w-2']));
    expect(rows.map((r) => [r.serial, r.product, r.status])).toEqual([['W-2', 'WIDGET', 'available']]);
  });

  it('E-1: an exact serial that no product has is not found: exit 1 with an error naming it, as JSON on stderr, and nothing on stdout', () => {
    for (const args of [['enquiry', 'NOPE-1'], ['enquiry', 'NOPE-1', '--status', 'available']]) {
      const r = cli(seed.db, ['--json', ...args]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      const error = expectErrorContract(r);
      expect(error.code).toBe('unknown_serial');
      expect(error.message).toBe('No serial "NOPE-1" is in the ledger.');
      expect(error.fix).toBe('Search for part of it with: serials enquiry --contains "NOPE-1"');
    }
    const text = cli(seed.db, ['enquiry', 'NOPE-1']);
    expect(text.status).toBe(1);
    expect(text.stderr).toContain('No serial "NOPE-1" is in the ledger.');
  });

  it('E-1: a search with filters that finds nothing is an empty array, exit 0, also for a serial that exists but does not match them', () => {
    expect(contract(['enquiry'], cli(seed.db, ['--json', 'enquiry', '--contains', 'ZZZ']))).toEqual([]);
    expect(contract(['enquiry'], cli(seed.db, ['--json', 'enquiry', '--warehouse', 'BACK']))).toEqual([]);
    expect(contract(['enquiry'], cli(seed.db, ['--json', 'enquiry', 'W-3', '--status', 'available']))).toEqual([]);
    // the table says so on stderr, with nothing on stdout
    const table = ok(cli(seed.db, ['enquiry', '--contains', 'ZZZ']));
    expect(table.stdout).toBe('');
    expect(table.stderr).toContain('No serials match.');
  });

  it('a filter naming something that does not exist is still an error (exit 1), not an empty array', () => {
    const r = cli(seed.db, ['--json', 'enquiry', '--product', 'NOPE']);
    expect(r.status).toBe(1);
    expect(expectErrorContract(r).code).toBe('unknown_product');
  });
});

describe('history --json', () => {
  it('E-2: prints every movement with at, kind, document, from, to and status, and the order apart from the document', () => {
    const rows = contract<{ at: string; kind: string; document: string; purchaseOrder: string | null; salesOrder: string | null; from: string | null; to: string | null; status: string; party: string | null }[]>(
      ['history'],
      cli(seed.db, ['--json', 'history', 'w-2']),
    );
    expect(rows.map((r) => [r.kind, r.document, r.purchaseOrder, r.salesOrder, r.from, r.to, r.status, r.party])).toEqual([
      ['receipt', 'PR-00000001', 'PO-00000001', null, null, 'MAIN', 'available', 'ACME'],
      ['shipment', 'SS-00000001', null, 'SO-00000001', 'MAIN', null, 'unavailable', 'BAKER'],
      ['credit', 'CN-00000001', null, 'SO-00000001', null, 'MAIN', 'available', 'BAKER'],
    ]);
    expect(rows.every((r) => r.at.endsWith('Z'))).toBe(true);
  });

  it('E-2: a serial that no product has is not found: exit 1 with an error naming it', () => {
    const r = cli(seed.db, ['--json', 'history', 'NOPE-1']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const error = expectErrorContract(r);
    expect(error.code).toBe('unknown_serial');
    expect(error.message).toContain('"NOPE-1"');
    // also when the serial exists, but not for the product given
    const other = cli(seed.db, ['--json', 'history', 'W-1', '--product', 'CABLE']);
    expect(other.status).toBe(1);
    expect(expectErrorContract(other).message).toBe('No serial "W-1" of product CABLE is in the ledger.');
  });
});

describe('soh --json', () => {
  it('E-2: prints product, warehouse, quantity and serialCount (an integer; null for a product without serials); serials is never a count', () => {
    const rows = contract<Record<string, unknown>[]>(['soh'], cli(seed.db, ['--json', 'soh']));
    expect(rows).toEqual([
      { product: 'CABLE', description: '', warehouse: 'MAIN', quantity: 7.5, serialized: false, serialCount: null },
      { product: 'WIDGET', description: '', warehouse: 'MAIN', quantity: 2, serialized: true, serialCount: 2 },
    ]);
    for (const row of rows) expect(row).not.toHaveProperty('serials');
    expect(contract(['soh'], cli(seed.db, ['--json', 'soh', '--warehouse', 'BACK']))).toEqual([]);
  });
});

describe('demo --json', () => {
  it('prints the ledger path, each step with its document, and the enquiry and stock on hand exactly as enquiry --json and soh --json give them', () => {
    const dir = tempDir('serials-e2e-demo-');
    try {
      const db = join(dir, 'demo.db');
      const demo = contract<{ path: string; steps: { step: string; document: string | null }[]; enquiry: unknown[]; soh: unknown[] }>(['demo'], cli(db, ['--json', 'demo']));
      expect(demo.path).toBe(db);
      expect(demo.steps.map((s) => s.document)).toContain('SS-00000001');
      expect(demo.steps.some((s) => /^Credited /.test(s.step))).toBe(true);
      expect(demo.enquiry).toEqual(contract(['enquiry'], cli(db, ['--json', 'enquiry'])));
      expect(demo.soh).toEqual(contract(['soh'], cli(db, ['--json', 'soh'])));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the demo schema's rows are the enquiry and soh schemas' rows (they cannot drift apart)", () => {
    const demo = schema('demo');
    expect(demo.definitions.enquiryRow).toEqual(schema('enquiry').definitions.row);
    expect(demo.definitions.sohRow).toEqual(schema('soh').definitions.row);
  });
});
