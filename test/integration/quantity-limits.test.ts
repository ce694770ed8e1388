// Quantities past exact arithmetic (issue 8, defect 11). Quantities are integers in
// ten-thousandths; a stock level past 2^53 - 1 of them is read back rounded, so it is shown
// and summed wrongly. The ledger refuses any change that would take a level there, on every
// path, before anything is written; `db verify` flags such a level, and compares sums
// exactly.

import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { commandsFor, rejected, serials } from '../helpers/core.js';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { MAX_EXACT_E4 } from '../../src/core/values/quantity.js';
import * as ledgerOps from '../../src/core/ledger/index.js';
import { findProduct } from '../../src/core/master-data/lookup.js';
import { createPurchaseOrder } from '../../src/core/purchasing/purchase-orders.js';
import { createSalesOrder } from '../../src/core/sales/sales-orders.js';
import { shipSalesOrder } from '../../src/core/sales/shipments.js';
import { createCredit } from '../../src/core/sales/credits.js';
import { importOpeningStock } from '../../src/core/imports/opening-stock.js';
import { ImportRejectedError } from '../../src/core/imports/sink.js';
import type { ImportRecord } from '../../src/core/imports/common.js';

let ledger: TestLedger;
const { adjust, receive, soh } = commandsFor(() => ledger);

/** The largest quantity that can be typed: 900719925474 units, just under MAX_EXACT_E4. */
const MAX_TYPED = '900719925474';
const MAX_TYPED_E4 = 9_007_199_254_740_000;

async function cableLevel(warehouse = 'MAIN'): Promise<number | undefined> {
  return (await soh()).find((r) => r.product === 'CABLE' && r.warehouse === warehouse)?.quantityE4;
}

const count = async (table: 'adjustments' | 'purchase_receipts' | 'credits' | 'stock_movements') =>
  Number((await ledger.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

async function* records(lines: string[][]): AsyncIterable<ImportRecord> {
  for (const [i, values] of lines.entries()) yield { line: i + 1, values };
}

forEachEngine((engine) => {
  beforeEach(async () => {
    ledger = await newLedger(engine);
    await seed(ledger);
  });

  describe('stock levels stay exact (defect 11)', () => {
    it('defect 11: a second maximum adjustment is refused, naming the product, warehouse, level and limit; nothing is written', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: MAX_TYPED });
      const before = { adjustments: await count('adjustments'), movements: await count('stock_movements') };
      // before the fix this was accepted: the level became 1,801,439,850,948 units, shown wrongly, and verify passed
      const problems = await rejected(adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: MAX_TYPED }));
      expect(problems).toEqual([expect.objectContaining({ code: 'stock_level_out_of_range', product: 'CABLE', warehouse: 'MAIN' })]);
      expect(problems[0]?.message).toBe(
        'Product CABLE has 900719925474 in warehouse MAIN; adding 900719925474 would take it above 900719925474.0991, the largest stock level held exactly.',
      );
      expect(problems[0]?.fix).toBe('Add at most 0.0991 of CABLE to warehouse MAIN.');
      expect(await cableLevel()).toBe(MAX_TYPED_E4);
      expect({ adjustments: await count('adjustments'), movements: await count('stock_movements') }).toEqual(before);
      // right up to the limit is fine, one ten-thousandth past it is not
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '0.0991' });
      expect(await cableLevel()).toBe(MAX_EXACT_E4);
      expect((await rejected(adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '0.0001' }))).map((p) => p.fix)).toEqual([
        'Nothing more can be added to CABLE in warehouse MAIN; take some out first.',
      ]);
      // another warehouse has its own level
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'CABLE', quantity: MAX_TYPED });
    });

    it('defect 11: a receipt and a credit that would take a level past the exact range are refused the same way', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '1' });
      const po = (await ledger.write((db) => createPurchaseOrder(db, { supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'CABLE', quantity: MAX_TYPED }] }))).number;
      const receipt = await rejected(receive({ purchaseOrder: po, serials: [] }));
      expect(receipt.map((p) => [p.code, p.product, p.warehouse])).toEqual([['stock_level_out_of_range', 'CABLE', 'MAIN']]);
      expect(receipt[0]?.message).toContain('has 1 in warehouse MAIN; adding 900719925474 would take it above 900719925474.0991');
      expect(await count('purchase_receipts')).toBe(0);

      const credit = await rejected(ledger.write((db) => createCredit(db, { customer: 'BAKER', warehouse: 'MAIN', product: 'CABLE', quantity: MAX_TYPED, serials: [] })));
      expect(credit.map((p) => p.code)).toEqual(['stock_level_out_of_range']);
      expect(await count('credits')).toBe(0);
      expect(await cableLevel()).toBe(10_000);
    });

    it('defect 11: a level at the largest quantity can be shipped in full: only levels past the range are refused', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: MAX_TYPED });
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-1') });
      const so = (await ledger.write((db) => createSalesOrder(db, { customer: 'BAKER', warehouse: 'MAIN', lines: [{ product: 'CABLE', quantity: MAX_TYPED }, { product: 'WIDGET', quantity: '1' }] }))).number;
      expect(await ledger.write((db) => shipSalesOrder(db, { salesOrder: so, serials: serials('W-1') }))).toMatchObject({ orderCompleted: true });
      expect(await cableLevel()).toBeUndefined();
    });

    it('defect 11: several changes of one document to the same level add up, and each is checked in turn', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '1' });
      const problems = await ledger.write(async (db) => {
        const cable = (await findProduct(db, 'CABLE')) as ledgerOps.ProductRef;
        const main = await db.selectFrom('warehouses').select(['id', 'code']).where('code', '=', 'MAIN').executeTakeFirstOrThrow();
        const back = await db.selectFrom('warehouses').select(['id', 'code']).where('code', '=', 'BACK').executeTakeFirstOrThrow();
        const op = (warehouse: { id: number; code: string }, units: number): ledgerOps.InOp => ({
          op: 'in',
          movement: 'adjustment_in',
          product: cable,
          warehouse,
          quantityE4: units * 10_000,
          serials: [],
        });
        // each within range alone; MAIN's three together are not, BACK's two are
        return (await ledgerOps.check(db, [op(main, 500_000_000_000), op(back, 400_000_000_000), op(main, 300_000_000_000), op(back, 500_000_000_000), op(main, 200_000_000_000)])).problems;
      });
      expect(problems.map((p) => [p.code, p.product, p.warehouse])).toEqual([['stock_level_out_of_range', 'CABLE', 'MAIN']]);
      expect(problems[0]?.message).toBe(
        "Product CABLE has 1 in warehouse MAIN (800000000001 with this document's earlier lines); adding 200000000000 would take it above 900719925474.0991, the largest stock level held exactly.",
      );
      expect(problems[0]?.fix).toBe('Add at most 100719925473.0991 of CABLE to warehouse MAIN.');
    });

    it('defect 11: opening stock whose rows for one product and warehouse add up past the exact range is refused at the row that took it there', async () => {
      const attempt = importOpeningStock(ledger.db, {
        file: 'opening.csv',
        records: records([
          ['Product Code', 'Warehouse Code', 'Quantity'],
          ['CABLE', 'MAIN', '500000000000'],
          ['CABLE', 'BACK', '500000000000'],
          ['cable', 'main', '500000000000'],
          ['CABLE', 'MAIN', '1'],
        ]),
      });
      // before the fix the ledger's problems were ignored and the import wrote a level of 1,000,000,000,001 units
      const error = await attempt.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ImportRejectedError);
      const problems = (error as ImportRejectedError).sink.kept;
      expect(problems.map((p) => [p.line, p.column, p.code, p.product, p.warehouse])).toEqual([[4, 'Quantity', 'stock_level_out_of_range', 'CABLE', 'MAIN']]);
      expect(problems[0]?.message).toContain('adding 1000000000001 would take it above 900719925474.0991');
      expect(problems[0]?.message).toContain("The file's rows for CABLE in MAIN, from line 2 to line 5, are added together.");
      expect(problems[0]?.source).toBe('opening.csv line 4, Quantity');
      expect(await soh()).toEqual([]);
    });

    it('defect 11: opening stock that adds up past the level already there is refused at its last row', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '900000000000' });
      const attempt = importOpeningStock(ledger.db, {
        file: 'opening.csv',
        records: records([
          ['Product Code', 'Warehouse Code', 'Quantity'],
          ['CABLE', 'MAIN', '500000000'],
          ['CABLE', 'MAIN', '500000000'],
        ]),
      });
      const error = (await attempt.then(
        () => undefined,
        (e: unknown) => e,
      )) as ImportRejectedError;
      expect(error).toBeInstanceOf(ImportRejectedError);
      expect(error.sink.kept.map((p) => [p.line, p.code])).toEqual([[3, 'stock_level_out_of_range']]);
      expect(error.sink.kept[0]?.message).toContain('Product CABLE has 900000000000 in warehouse MAIN; adding 1000000000 would take it above 900719925474.0991');
      expect(await cableLevel()).toBe(9_000_000_000_000_000);
    });
  });

  describe('db verify catches a level past the exact range (defect 11)', () => {
    /**
     * Writes a level and one movement for CABLE in MAIN with raw SQL, as a damaged or older
     * ledger might hold: damage on purpose, so the verify after the test must find it too.
     */
    async function writeRaw(levelE4: bigint, movementsE4: bigint[]): Promise<void> {
      ledger.expectDamage('a stock level past the exact range, written with raw SQL');
      const product = (await findProduct(ledger.db, 'CABLE'))?.id as number;
      const warehouse = (await ledger.db.selectFrom('warehouses').select('id').where('code', '=', 'MAIN').executeTakeFirstOrThrow()).id;
      await ledger.write(async (db) => {
        // bigint literals: a JS number cannot carry these values exactly
        await sql`insert into stock_levels (product_id, warehouse_id, quantity_e4) values (${product}, ${warehouse}, ${sql.raw(String(levelE4))})`.execute(db);
        for (const m of movementsE4) {
          await sql`insert into stock_movements (product_id, warehouse_id, quantity_e4, kind, document_type, document_id, document_number, document_line_id, at)
                    values (${product}, ${warehouse}, ${sql.raw(String(m))}, 'adjustment_in', 'adjustment', 1, 'SA-00000001', null, '2026-01-01T00:00:00.000Z')`.execute(db);
        }
      });
    }

    it('defect 11: a level past 2^53 whose movements sum to it fails verify, naming the product, warehouse and exact level', async () => {
      await writeRaw(2n ** 53n + 7n, [2n ** 52n, 2n ** 52n + 7n]);
      const report = await ledger.verify();
      // before the fix: ok, because the level and its movements agreed
      expect(report.ok).toBe(false);
      expect(report.discrepancies).toEqual([
        { invariant: 3, message: 'CABLE in MAIN: stock level 900719925474.0999 is beyond ±900719925474.0991, the largest stock level held exactly.' },
      ]);
    });

    it('defect 11: sums are compared exactly: one ten-thousandth of difference past 2^53 is found and shown exactly', async () => {
      // as JS numbers both are 2^53: the old comparison saw them equal
      await writeRaw(2n ** 53n, [2n ** 53n + 1n]);
      const report = await ledger.verify();
      expect(report.ok).toBe(false);
      expect(report.discrepancies.map((d) => d.message)).toEqual([
        'CABLE in MAIN: stock level is 900719925474.0992 but its movements sum to 900719925474.0993.',
        'CABLE in MAIN: stock level 900719925474.0992 is beyond ±900719925474.0991, the largest stock level held exactly.',
        'CABLE in MAIN: its movements sum to 900719925474.0993, beyond ±900719925474.0991, the largest stock level held exactly.',
      ]);
    });

    it('defect 11: movements that sum past the range are named, and so is a level past it below zero', async () => {
      await writeRaw(5n, [2n ** 53n + 5n]);
      expect((await ledger.verify()).discrepancies.map((d) => d.message)).toEqual([
        'CABLE in MAIN: stock level is 0.0005 but its movements sum to 900719925474.0997.',
        'CABLE in MAIN: its movements sum to 900719925474.0997, beyond ±900719925474.0991, the largest stock level held exactly.',
      ]);
      const below = sql.raw(String(-(2n ** 53n)));
      await ledger.write(async (db) => {
        await sql`update stock_levels set quantity_e4 = ${below}`.execute(db);
        await sql`update stock_movements set quantity_e4 = ${below}`.execute(db);
      });
      expect((await ledger.verify()).discrepancies.map((d) => d.message)).toEqual([
        'CABLE in MAIN: stock level -900719925474.0992 is beyond ±900719925474.0991, the largest stock level held exactly.',
      ]);
    });
  });
});
