// End-to-end: `credit create` and `supplier-return create` report every problem in one
// pass (DESIGN.md; I-3) through the built CLI — exit 1, nothing on stdout, every problem
// with its fix on stderr (or in --json details) — and write nothing.

import { describe, expect, it } from 'vitest';
import { assertVerifies, cli, copyLedger, json, ok, seededForFile, type CliResult } from '../helpers/ledger.js';

// PO-00000001 into MAIN: W-1..W-3 received; SO-00000001 shipped W-1, W-2.
const seeded = seededForFile((db) => {
  ok(cli(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:3']));
  ok(cli(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', 'W-1..W-3']));
  ok(cli(db, ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:2']));
  ok(cli(db, ['so', 'ship', 'SO-00000001', '--serials', 'W-1,W-2']));
});

const fresh = () => copyLedger(seeded.db, seeded.dirs, 'serials-e2e-one-pass-').db;

interface JsonError {
  code: string;
  message: string;
  fix: string;
  details: { code: string; message: string; fix?: string; serial?: string; product?: string; warehouse?: string; document?: string }[];
}

/** Rejected (exit 1), nothing on stdout, one {"error": ...} on stderr. */
function rejectedJson(r: CliResult): JsonError {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  return (JSON.parse(r.stderr) as { error: JsonError }).error;
}

/** What a rejected command must leave as it was. */
function state(db: string) {
  return {
    soh: json(ok(cli(db, ['--json', 'soh']))),
    credits: json(ok(cli(db, ['--json', 'credit', 'list']))),
    supplierReturns: json(ok(cli(db, ['--json', 'supplier-return', 'list']))),
    w3: json(ok(cli(db, ['--json', 'history', 'W-3']))),
  };
}

describe('one pass through the CLI', () => {
  it('I-3/C-1: credit create with an unknown order, an unknown warehouse and an invalid serial reports all three, and writes nothing', () => {
    const db = fresh();
    const before = state(db);
    const args = ['credit', 'create', '--so', 'SO-00000099', '--warehouse', 'NOWHERE', '--product', 'WIDGET', '--serials', 'W-1,CAFÉ-1'];

    const error = rejectedJson(cli(db, ['--json', ...args]));
    expect(error).toMatchObject({ code: 'rejected', message: '3 problems; nothing was written.' });
    expect(error.details.map((d) => d.code).sort()).toEqual(['invalid_serial', 'unknown_sales_order', 'unknown_warehouse']);
    expect(error.details.find((d) => d.code === 'unknown_sales_order')).toMatchObject({ document: 'SO-00000099' });
    expect(error.details.find((d) => d.code === 'unknown_warehouse')).toMatchObject({ warehouse: 'NOWHERE' });
    expect(error.details.find((d) => d.code === 'invalid_serial')).toMatchObject({ serial: 'CAFÉ-1', product: 'WIDGET' });
    for (const d of error.details) expect(d.fix, d.code).toMatch(/\S/);

    const human = cli(db, args);
    expect(human.status).toBe(1);
    expect(human.stdout).toBe('');
    expect(human.stderr).toContain('3 problems; nothing was written.');
    expect(human.stderr).toContain('There is no sales order "SO-00000099".');
    expect(human.stderr).toContain('There is no warehouse with code "NOWHERE".');
    expect(human.stderr).toContain('Serial "CAF\\xc9-1" (--serials item 2) of product WIDGET has a non-ASCII character');
    expect(human.stderr.match(/^ {6}fix: \S/gm)).toHaveLength(3);

    expect(state(db)).toEqual(before);
    assertVerifies(db);
  });

  it('I-3/R-1/R-2: supplier-return create with an unknown order, an invalid quantity and a serial repeated reports all three, and writes nothing', () => {
    const db = fresh();
    const before = state(db);
    const error = rejectedJson(cli(db, ['--json', 'supplier-return', 'create', '--po', 'PO-00000099', '--product', 'WIDGET', '--qty', '0', '--serials', 'W-3,w-3']));
    expect(error.details.map((d) => d.code).sort()).toEqual(['duplicate_serial', 'invalid_quantity', 'unknown_purchase_order']);
    expect(error.details.find((d) => d.code === 'unknown_purchase_order')).toMatchObject({ document: 'PO-00000099' });
    expect(error.details.find((d) => d.code === 'duplicate_serial')).toMatchObject({ serial: 'w-3', product: 'WIDGET' });
    expect(state(db)).toEqual(before);

    // on the real order: nothing hides the serial's own problem behind the quantity
    const onOrder = rejectedJson(cli(db, ['--json', 'supplier-return', 'create', '--po', 'PO-00000001', '--product', 'WIDGET', '--qty', '0', '--serials', 'W-1']));
    expect(onOrder.details.map((d) => [d.code, d.serial ?? null])).toEqual([
      ['invalid_quantity', null],
      ['serial_not_available', 'W-1'],
    ]);
    expect(state(db)).toEqual(before);
    assertVerifies(db);
  });

  it('I-3/C-1/R-1: the happy paths are unchanged', () => {
    const db = fresh();
    expect(json(ok(cli(db, ['--json', 'credit', 'create', '--so', 'SO-00000001', '--product', 'WIDGET', '--serials', 'W-1'])))).toEqual({
      number: 'CN-00000001',
      salesOrder: 'SO-00000001',
      customer: 'BAKER',
      warehouse: 'MAIN',
      product: 'WIDGET',
      quantity: 1,
      returned: true,
      stockReturned: true,
      serials: ['W-1'],
      serialCount: 1,
      returning: [{ serial: 'W-1', product: 'WIDGET', previousStatus: 'unavailable', lastDocument: 'SS-00000001' }],
    });
    expect(ok(cli(db, ['supplier-return', 'create', '--po', 'PO-00000001', '--product', 'WIDGET', '--serials', 'W-3'])).stdout).toBe(
      'Supplier return SR-00000001 on PO-00000001 to ACME: WIDGET 1 from MAIN.\n',
    );
    assertVerifies(db);
  });
});
