// End-to-end: Never Diminishing products through the built CLI (RULES.md P-7; issue 8,
// defect 8). A labour line ships, is received, credited, returned and adjusted like any
// other, and its order completes; the product never shows stock and never needs any.
// Build first: node scripts/build.mjs

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertVerifies, cli, cliLedger, copyLedger, json, ok } from '../helpers/ledger.js';
import { contract } from '../helpers/json-contract.js';

const dirs: string[] = [];
/** The seeded ledger plus LABOUR (never diminishing) and W-1..W-3 in MAIN, built once. */
let template: { dir: string; db: string };

beforeAll(() => {
  template = cliLedger();
  dirs.push(template.dir);
  ok(cli(template.db, ['product', 'add', 'LABOUR', '--description', 'Fitting, per hour', '--never-diminishing']));
  ok(cli(template.db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'W-1..W-3', '--reason', 'opening']));
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function fresh(): { dir: string; db: string } {
  return copyLedger(template.db, dirs, 'serials-e2e-nd-');
}

const j = <T = any>(db: string, ...args: string[]): T => json<T>(ok(cli(db, ['--json', ...args])));
const sohRows = (db: string) => j<{ product: string; warehouse: string; quantity: number }[]>(db, 'soh').map((r) => [r.product, r.warehouse, r.quantity]);
const labourOnHand = (db: string) => j<{ code: string; onHand: number }[]>(db, 'product', 'list').find((p) => p.code === 'LABOUR')?.onHand;

describe('Never Diminishing products (P-7)', () => {
  it('defect 8 (P-7): an order with a labour line ships and completes; labour never shows stock', () => {
    const { db } = fresh();
    const so = j<{ number: string }>(db, 'so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:1:129', '--line', 'LABOUR:2.5:60').number;
    // before the fix: exit 1, "Product LABOUR has 0 in warehouse MAIN; 2.5 cannot be taken out."
    const labour = cli(db, ['so', 'ship', so, '--product', 'LABOUR']);
    expect(labour.stderr).toBe('');
    expect(labour.status).toBe(0);
    expect(j(db, 'so', 'ship', so, '--serials', 'W-1')).toMatchObject({ status: 'dispatched', orderCompleted: true });
    const shown = j<{ status: string; lines: { product: string; shipped: number; outstanding: number }[] }>(db, 'so', 'show', so);
    expect(shown.status).toBe('completed');
    expect(shown.lines.map((l) => [l.product, l.shipped, l.outstanding])).toEqual([
      ['WIDGET', 1, 0],
      ['LABOUR', 2.5, 0],
    ]);
    expect(sohRows(db)).toEqual([['WIDGET', 'MAIN', 2]]);
    expect(labourOnHand(db)).toBe(0);
    assertVerifies(db);
  });

  it('defect 8 (P-7): labour adjusted out, received, credited, returned to the supplier and imported as opening stock adds and needs no stock', () => {
    const { dir, db } = fresh();
    // before the fix: exit 1, insufficient stock
    ok(cli(db, ['adjust', 'out', '--warehouse', 'MAIN', '--product', 'LABOUR', '--qty', '3', '--reason', 'written off']));
    const po = j<{ number: string }>(db, 'po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'LABOUR:4').number;
    expect(contract(['po', 'receive'], cli(db, ['--json', 'po', 'receive', po]))).toMatchObject({ orderCompleted: true, lines: [{ product: 'LABOUR', quantity: 4, serials: [], serialCount: 0 }] });
    ok(cli(db, ['supplier-return', 'create', '--po', po, '--product', 'LABOUR', '--qty', '4']));
    ok(cli(db, ['credit', 'create', '--customer', 'BAKER', '--warehouse', 'BACK', '--product', 'LABOUR', '--qty', '1.5']));
    const file = join(dir, 'opening.csv');
    writeFileSync(file, 'Product Code,Warehouse Code,Quantity\nLABOUR,MAIN,10\nCABLE,MAIN,2\n');
    expect(j(db, 'import', 'opening-stock', file)).toMatchObject({ written: { stockLevelCount: 1 } });
    ok(cli(db, ['adjust', 'out', '--warehouse', 'BACK', '--product', 'LABOUR', '--qty', '1', '--reason', 'written off']));
    expect(sohRows(db)).toEqual([
      ['CABLE', 'MAIN', 2],
      ['WIDGET', 'MAIN', 3],
    ]);
    expect(labourOnHand(db)).toBe(0);
    assertVerifies(db);
  });
});
