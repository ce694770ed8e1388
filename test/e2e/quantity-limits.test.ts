// End-to-end: stock levels past exact arithmetic through the built CLI (issue 8, defect 11).
// Repeated maximum adjustments used to push a level past 2^53 ten-thousandths, after which
// `soh` showed it wrongly and `db verify` still passed. Build first: node scripts/build.mjs

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertVerifies, cli, cliLedger, copyLedger, json, ok, rawSql } from '../helpers/ledger.js';

const dirs: string[] = [];
let template: { dir: string; db: string };
const MAX_TYPED = '900719925474';

beforeAll(() => {
  template = cliLedger();
  dirs.push(template.dir);
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function fresh(): { dir: string; db: string } {
  return copyLedger(template.db, dirs, 'serials-e2e-limits-');
}

const cableMain = (db: string) =>
  json<{ product: string; warehouse: string; quantity: number }[]>(ok(cli(db, ['--json', 'soh']))).find((r) => r.product === 'CABLE' && r.warehouse === 'MAIN')?.quantity;

describe('stock levels stay exact (defect 11)', () => {
  it('defect 11: a second maximum adjustment is refused (exit 1) naming product, warehouse, level and limit; the level is unchanged and verifies', () => {
    const { db } = fresh();
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', MAX_TYPED, '--reason', 'big']));
    // before the fix: exit 0, and soh showed 1801439850948 for a level it could not hold exactly
    const r = cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', MAX_TYPED, '--reason', 'bigger']);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Product CABLE has 900719925474 in warehouse MAIN; adding 900719925474 would take it above 900719925474.0991, the largest stock level held exactly.');
    expect(r.stderr).toMatch(/^fix: Add at most 0\.0991 of CABLE to warehouse MAIN\./m);
    const j = cli(db, ['--json', 'adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '1', '--reason', 'more']);
    expect(j.status).toBe(1);
    expect(JSON.parse(j.stderr).error).toMatchObject({ code: 'stock_level_out_of_range', details: [expect.objectContaining({ product: 'CABLE', warehouse: 'MAIN' })] });
    expect(cableMain(db)).toBe(900719925474);
    assertVerifies(db);
  });

  it('a quantity with more than 4 decimals is a usage error at the flag (exit 2, as for any malformed quantity); nothing is written', () => {
    const { db } = fresh();
    // before: exit 1 from the ledger ("has more than 4 decimal places"), while "abc" was exit 2
    const r = cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '1.23456789', '--reason', 'precise']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--qty: at most 4 decimals/);
    expect(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', 'abc', '--reason', 'x']).status).toBe(2);
    // 4 decimals, and zeros after them, are the ledger's precision
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '1.2345000', '--reason', 'precise']));
    expect(cableMain(db)).toBe(1.2345);
    assertVerifies(db);
  });

  it('defect 11: an opening-stock file whose rows add up past the range is refused at that row; nothing is written', () => {
    const { dir, db } = fresh();
    const file = join(dir, 'opening.csv');
    writeFileSync(file, `Product Code,Warehouse Code,Quantity\nCABLE,MAIN,${MAX_TYPED}\nCABLE,BACK,5\nCABLE,MAIN,1\n`);
    const r = cli(db, ['--json', 'import', 'opening-stock', file]);
    expect(r.status, r.stderr).toBe(1);
    const problems = JSON.parse(r.stderr).error.details.problems as { line: number; column: string; code: string; product: string; warehouse: string }[];
    expect(problems.map((p) => [p.line, p.column, p.code, p.product, p.warehouse])).toEqual([[4, 'Quantity', 'stock_level_out_of_range', 'CABLE', 'MAIN']]);
    expect(json<unknown[]>(ok(cli(db, ['--json', 'soh'])))).toEqual([]);
    assertVerifies(db);
  });

  it('defect 11: db verify fails on a level past the range (written behind the ledger\'s back), naming product and warehouse', () => {
    const { db } = fresh();
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', MAX_TYPED, '--reason', 'big']));
    assertVerifies(db);
    // the level and its movements agree, so only the range check can tell
    rawSql(db, 'update stock_levels set quantity_e4 = quantity_e4 * 2; update stock_movements set quantity_e4 = quantity_e4 * 2;');
    const r = cli(db, ['db', 'verify']);
    // before the fix: exit 0, "all four invariants hold"
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('invariant 3: CABLE in MAIN: stock level 1801439850948 is beyond ±900719925474.0991, the largest stock level held exactly.');
  });
});
