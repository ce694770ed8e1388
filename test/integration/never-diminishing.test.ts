// Never Diminishing products (RULES.md P-7; issue 8, defect 8): a labour or service line
// stands on orders, shipments, receipts, credits, returns and adjustments like any other,
// and completes by quantity, but the product has no stock: nothing checks a level for it,
// and nothing writes a stock movement or a level.

import { beforeEach, describe, expect, it } from 'vitest';
import { commandsFor, rejected, serials } from '../helpers/core.js';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { addProduct } from '../../src/core/master-data/products.js';
import { createPurchaseOrder, showPurchaseOrder } from '../../src/core/purchasing/purchase-orders.js';
import { createSalesOrder, showSalesOrder } from '../../src/core/sales/sales-orders.js';
import { dispatchShipment, shipSalesOrder, type ShipInput } from '../../src/core/sales/shipments.js';
import { createCredit, type CreditInput } from '../../src/core/sales/credits.js';
import { createSupplierReturn } from '../../src/core/purchasing/supplier-returns.js';
import { importOpeningStock } from '../../src/core/imports/opening-stock.js';
import type { ImportRecord } from '../../src/core/imports/common.js';

let ledger: TestLedger;
const { adjust, receive, soh } = commandsFor(() => ledger);

/** Every stock movement and level of LABOUR: P-7 says there are none, ever. */
async function labourStock() {
  const product = await ledger.db.selectFrom('products').select('id').where('code', '=', 'LABOUR').executeTakeFirstOrThrow();
  return {
    movements: await ledger.db.selectFrom('stock_movements').select(['kind', 'document_number', 'quantity_e4']).where('product_id', '=', product.id).execute(),
    levels: await ledger.db.selectFrom('stock_levels').select(['warehouse_id', 'quantity_e4']).where('product_id', '=', product.id).execute(),
  };
}
const noLabourStock = { movements: [], levels: [] };

const salesOrder = async (lines: [string, string][]) =>
  (await ledger.write((db) => createSalesOrder(db, { customer: 'BAKER', warehouse: 'MAIN', lines: lines.map(([product, quantity]) => ({ product, quantity })) }))).number;
const purchaseOrder = async (lines: [string, string][]) =>
  (await ledger.write((db) => createPurchaseOrder(db, { supplier: 'ACME', warehouse: 'MAIN', lines: lines.map(([product, quantity]) => ({ product, quantity })) }))).number;
const ship = (input: Partial<ShipInput> & { salesOrder: string }) => ledger.write((db) => shipSalesOrder(db, { serials: [], ...input }));
const credit = (input: Partial<CreditInput>) => ledger.write((db) => createCredit(db, { product: 'LABOUR', serials: [], ...input }));

async function* records(lines: string[][]): AsyncIterable<ImportRecord> {
  for (const [i, values] of lines.entries()) yield { line: i + 1, values };
}

forEachEngine((engine) => {
  beforeEach(async () => {
    ledger = await newLedger(engine);
    await seed(ledger);
    await ledger.write((db) => addProduct(db, { code: 'LABOUR', description: 'Fitting, per hour', neverDiminishing: true }));
    await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-1', 'W-2', 'W-3') });
  });

  describe('Never Diminishing products (P-7)', () => {
    it('defect 8 (P-7): an order with a labour line ships and completes, and labour gets no stock', async () => {
      const so = await salesOrder([['WIDGET', '2'], ['LABOUR', '1.5']]);
      // before the fix: "Product LABOUR has 0 in warehouse MAIN; 1.5 cannot be taken out"
      const labour = await ship({ salesOrder: so, product: 'LABOUR' });
      expect(labour).toMatchObject({ status: 'dispatched', orderCompleted: false, lines: [{ product: 'LABOUR', quantityE4: 15_000, serials: 0 }] });
      const widgets = await ship({ salesOrder: so, serials: serials('W-1', 'W-2') });
      expect(widgets.orderCompleted).toBe(true);
      const view = await showSalesOrder(ledger.db, so);
      expect(view.status).toBe('completed');
      expect(view.lines.map((l) => [l.product, l.shippedE4, l.outstandingE4])).toEqual([
        ['WIDGET', 20_000, 0],
        ['LABOUR', 15_000, 0],
      ]);
      expect(await labourStock()).toEqual(noLabourStock);
      expect(await soh()).toEqual([{ product: 'WIDGET', warehouse: 'MAIN', quantityE4: 10_000, serials: 1 }]);
    });

    it('defect 8 (P-7): a whole order with a labour line ships at once, and a parked one with a labour line dispatches', async () => {
      const once = await salesOrder([['WIDGET', '1'], ['LABOUR', '2']]);
      expect(await ship({ salesOrder: once, serials: serials('W-1') })).toMatchObject({ status: 'dispatched', orderCompleted: true });

      const later = await salesOrder([['LABOUR', '3'], ['WIDGET', '1']]);
      const parked = await ship({ salesOrder: later, serials: serials('W-2'), park: true });
      expect(parked.status).toBe('parked');
      expect(await ledger.write((db) => dispatchShipment(db, parked.number))).toMatchObject({ status: 'dispatched', orderCompleted: true });
      expect(await labourStock()).toEqual(noLabourStock);
    });

    it('defect 8 (P-7): adjusting labour out needs no stock, and adjusting it in or out changes none', async () => {
      // before the fix: insufficient_stock, "has 0 in warehouse MAIN"
      const out = await adjust({ direction: 'out', warehouse: 'MAIN', product: 'LABOUR', quantity: '4', reason: 'written off' });
      expect(out.lines).toEqual([{ product: 'LABOUR', quantityE4: 40_000, serials: [] }]);
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'LABOUR', quantity: '2.25', reason: 'booked' });
      expect(await labourStock()).toEqual(noLabourStock);
      // the adjustment lines are kept as given
      const lines = await ledger.db.selectFrom('adjustment_lines').innerJoin('products as p', 'p.id', 'adjustment_lines.product_id').select(['p.code', 'quantity_e4']).where('p.code', '=', 'LABOUR').orderBy('adjustment_lines.id').execute();
      expect(lines).toEqual([
        { code: 'LABOUR', quantity_e4: -40_000 },
        { code: 'LABOUR', quantity_e4: 22_500 },
      ]);
    });

    it('defect 8 (P-7): a receipt of a labour line completes the purchase order and adds no stock', async () => {
      const po = await purchaseOrder([['WIDGET', '1'], ['LABOUR', '8']]);
      await receive({ purchaseOrder: po, product: 'LABOUR', quantity: '3', serials: [] });
      const rest = await receive({ purchaseOrder: po, serials: serials('W-9') });
      expect(rest.completed).toBe(true);
      expect(rest.lines.map((l) => [l.product, l.quantityE4])).toEqual([
        ['WIDGET', 10_000],
        ['LABOUR', 50_000],
      ]);
      expect((await showPurchaseOrder(ledger.db, po)).lines.map((l) => [l.product, l.receivedE4, l.outstandingE4])).toEqual([
        ['WIDGET', 10_000, 0],
        ['LABOUR', 80_000, 0],
      ]);
      // still no more than is outstanding (PO-2)
      const again = await purchaseOrder([['LABOUR', '1']]);
      expect((await rejected(receive({ purchaseOrder: again, product: 'LABOUR', quantity: '2', serials: [] }))).map((p) => p.code)).toEqual(['over_receipt']);
      expect(await labourStock()).toEqual(noLabourStock);
    });

    it('defect 8 (P-7): a credit of labour, against its order or free, adds no stock; the order still limits what is credited', async () => {
      const so = await salesOrder([['LABOUR', '2']]);
      await ship({ salesOrder: so });
      const r = await credit({ salesOrder: so, quantity: '1.5' });
      expect(r).toMatchObject({ product: 'LABOUR', quantityE4: 15_000, returned: true });
      // C-1 still counts: 0.5 is left to credit
      expect((await rejected(credit({ salesOrder: so, quantity: '1' }))).map((p) => p.code)).toEqual(['over_credit']);
      // before the fix, a free credit put 3 LABOUR into stock in BACK
      await credit({ customer: 'BAKER', warehouse: 'BACK', quantity: '3' });
      await credit({ customer: 'BAKER', warehouse: 'BACK', quantity: '1', noReturn: true });
      expect(await labourStock()).toEqual(noLabourStock);
    });

    it('defect 8 (P-7): a supplier return of labour needs no stock (R-1 counts only what was received and returned)', async () => {
      const po = await purchaseOrder([['LABOUR', '5']]);
      await receive({ purchaseOrder: po, serials: [] });
      const first = await ledger.write((db) => createSupplierReturn(db, { purchaseOrder: po, product: 'LABOUR', quantity: '4', serials: [] }));
      expect(first).toMatchObject({ product: 'LABOUR', quantityE4: 40_000 });
      const over = await rejected(ledger.write((db) => createSupplierReturn(db, { purchaseOrder: po, product: 'LABOUR', quantity: '2', serials: [] })));
      expect(over.map((p) => p.code)).toEqual(['over_return']);
      expect(await labourStock()).toEqual(noLabourStock);
    });

    it('defect 8 (P-7): opening stock of a labour product is taken but adds no stock', async () => {
      const result = await importOpeningStock(ledger.db, {
        file: 'opening.csv',
        records: records([
          ['Product Code', 'Warehouse Code', 'Quantity'],
          ['LABOUR', 'MAIN', '10'],
          ['CABLE', 'MAIN', '2.5'],
        ]),
      });
      expect(result.written).toMatchObject({ stockLevels: 1, rows: 2 });
      expect(await labourStock()).toEqual(noLabourStock);
      expect(await soh()).toContainEqual({ product: 'CABLE', warehouse: 'MAIN', quantityE4: 25_000, serials: null });
    });

    it('P-2/P-7: serials given for a labour line are refused, naming the product', async () => {
      const problems = await rejected(adjust({ direction: 'in', warehouse: 'MAIN', product: 'LABOUR', quantity: '1', serials: serials('L-1') }));
      expect(problems).toEqual([expect.objectContaining({ code: 'not_serialized', product: 'LABOUR' })]);
      expect(await labourStock()).toEqual(noLabourStock);
    });
  });
});
