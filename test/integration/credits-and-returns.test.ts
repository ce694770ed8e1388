import { beforeEach, describe, expect, it } from 'vitest';
import { commandsFor, rejected, serials } from '../helpers/core.js';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { addProduct } from '../../src/core/master-data/products.js';
import { serializeProduct } from '../../src/core/stock/product-serialization.js';
import { createPurchaseOrder } from '../../src/core/purchasing/purchase-orders.js';
import { createSalesOrder, deleteSalesOrder } from '../../src/core/sales/sales-orders.js';
import { shipSalesOrder } from '../../src/core/sales/shipments.js';
import { createCredit, type CreditInput } from '../../src/core/sales/credits.js';
import { createSupplierReturn, type SupplierReturnInput } from '../../src/core/purchasing/supplier-returns.js';
import { enquire } from '../../src/core/reports/enquiry.js';
import { serialHistory } from '../../src/core/reports/history.js';

let ledger: TestLedger;
const { adjust, receive, soh } = commandsFor(() => ledger);

const po = async (product: string, quantity: string) =>
  (await ledger.write((db) => createPurchaseOrder(db, { supplier: 'ACME', warehouse: 'MAIN', lines: [{ product, quantity }] }))).number;
const soShipped = async (raws: string[], product = 'WIDGET') => {
  const so = (await ledger.write((db) => createSalesOrder(db, { customer: 'BAKER', warehouse: 'MAIN', lines: [{ product, quantity: String(raws.length) }] }))).number;
  await ledger.write((db) => shipSalesOrder(db, { salesOrder: so, serials: serials(...raws) }));
  return so;
};
const credit = (input: Partial<CreditInput>) => ledger.write((db) => createCredit(db, { product: 'WIDGET', serials: [], ...input }));
const supplierReturn = (input: Partial<SupplierReturnInput> & { purchaseOrder: string }) =>
  ledger.write((db) => createSupplierReturn(db, { product: 'WIDGET', serials: [], ...input }));
const status = async (serial: string) => (await enquire(ledger.db, { serial }))[0];

forEachEngine((engine) => {
  beforeEach(async () => {
    ledger = await newLedger(engine);
    await seed(ledger);
  });

  describe('credit notes (C-1 to C-4)', () => {
    beforeEach(async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-1', 'W-2', 'W-3', 'W-4') });
    });

    it('C-1/C-3: a serial dispatched on the order comes back available in the order warehouse, or another one given', async () => {
      const so = await soShipped(['W-1', 'W-2']);
      const r = await credit({ salesOrder: so, serials: serials('w-1') });
      // the serials as the ledger records them, not as typed
      expect(r).toMatchObject({ salesOrder: so, customer: 'BAKER', warehouse: 'MAIN', returned: true, serials: ['W-1'] });
      expect(r.returning.map((x) => x.serial)).toEqual(['W-1']);
      expect(await status('W-1')).toMatchObject({ status: 'available', warehouse: 'MAIN', lastDocument: { number: r.number, party: 'BAKER' } });
      await credit({ salesOrder: so, serials: serials('W-2'), warehouse: 'BACK' });
      expect(await status('W-2')).toMatchObject({ status: 'available', warehouse: 'BACK' });
      expect((await serialHistory(ledger.db, 'W-1')).map((h) => h.kind)).toEqual(['adjustment_in', 'shipment', 'credit']);
    });

    it('C-1: a serial shipped on a different order is rejected, naming that order', async () => {
      const first = await soShipped(['W-1']);
      const second = await soShipped(['W-2']);
      const problems = await rejected(credit({ salesOrder: second, serials: serials('W-1') }));
      expect(problems[0]).toMatchObject({ code: 'not_shipped_on_order', serial: 'W-1' });
      expect(problems[0]?.message).toContain(first);
    });

    it('C-1: what counts is the serial\'s latest dispatch: adjusted back in and out it still credits on its order; shipped again on another order it belongs to that one', async () => {
      const first = await soShipped(['W-1', 'W-2']);
      // W-1 turns up in stock and is scrapped: still the unit shipped on `first`, not credited since
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-1') });
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-1') });
      // W-2 turns up too, and is sold again on `second`
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-2') });
      const second = await soShipped(['W-2']);
      const problems = await rejected(credit({ salesOrder: first, serials: serials('W-1', 'W-2') }));
      expect(problems).toEqual([expect.objectContaining({ code: 'not_shipped_on_order', serial: 'W-2' })]);
      expect(problems[0]?.message).toContain(`last shipped on SS-00000002 of ${second}`);
      expect(problems[0]?.fix).toBe(`Credit it against ${second}: serials credit create --so ${second} --product WIDGET --serials W-2`);
      expect((await credit({ salesOrder: first, serials: serials('W-1') })).serials).toEqual(['W-1']);
      expect((await credit({ salesOrder: second, serials: serials('W-2') })).serials).toEqual(['W-2']);
      // credited, then scrapped again: it was credited since its dispatch, so not twice
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-1') });
      const again = await rejected(credit({ salesOrder: first, serials: serials('W-1') }));
      expect(again).toEqual([expect.objectContaining({ code: 'already_credited', serial: 'W-1' })]);
      expect(again[0]?.message).toContain('CN-00000001');
    });

    it('C-1: the same serial credited twice is rejected; quantities cannot exceed dispatched minus credited', async () => {
      const so = await soShipped(['W-1', 'W-2']);
      await credit({ salesOrder: so, serials: serials('W-1') });
      expect((await rejected(credit({ salesOrder: so, serials: serials('W-1') }))).map((p) => p.code)).toEqual(['serial_in_stock']);
      await credit({ salesOrder: so, quantity: '1', noReturn: true });
      const problems = await rejected(credit({ salesOrder: so, serials: serials('W-2') }));
      expect(problems.map((p) => p.code)).toEqual(['over_credit']);
    });

    it('C-2: a value-only credit moves no stock and takes no serials', async () => {
      const so = await soShipped(['W-1']);
      const before = await soh();
      const r = await credit({ salesOrder: so, quantity: '1', noReturn: true });
      expect(r).toMatchObject({ returned: false, serials: [] });
      expect(await soh()).toEqual(before);
      expect((await status('W-1'))?.status).toBe('unavailable');
      expect((await rejected(credit({ salesOrder: so, quantity: '1', noReturn: true, serials: serials('W-1') }))).map((p) => p.code)).toContain('serials_on_value_credit');
    });

    it('C-4: a free credit rejects a serial in stock, accepts one shipped earlier (history continues) and creates an unknown one', async () => {
      await soShipped(['W-1']);
      expect((await rejected(credit({ customer: 'BAKER', warehouse: 'MAIN', serials: serials('W-2') })))[0]?.code).toBe('serial_already_in_stock');
      const r = await credit({ customer: 'BAKER', warehouse: 'BACK', serials: serials('W-1', 'NEW-9') });
      expect(r.salesOrder).toBeNull();
      expect(await status('W-1')).toMatchObject({ status: 'available', warehouse: 'BACK' });
      expect(await status('NEW-9')).toMatchObject({ status: 'available', warehouse: 'BACK' });
      expect((await serialHistory(ledger.db, 'W-1')).map((h) => h.kind)).toEqual(['adjustment_in', 'shipment', 'credit']);
    });

    it('C-1: a credit against a deleted sales order is rejected, naming the order', async () => {
      const so = (await ledger.write((db) => createSalesOrder(db, { customer: 'BAKER', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '1' }] }))).number;
      await ledger.write((db) => deleteSalesOrder(db, so));
      const problems = await rejected(credit({ salesOrder: so, quantity: '1', noReturn: true }));
      expect(problems.find((p) => p.code === 'sales_order_deleted')).toMatchObject({ document: so });
    });

    it('C-1: non-serialized lines are credited by quantity, decimals allowed', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '5' });
      const so = (await ledger.write((db) => createSalesOrder(db, { customer: 'BAKER', warehouse: 'MAIN', lines: [{ product: 'CABLE', quantity: '2.5' }] }))).number;
      await ledger.write((db) => shipSalesOrder(db, { salesOrder: so, serials: [] }));
      await credit({ salesOrder: so, product: 'CABLE', quantity: '1.25' });
      expect(await soh()).toContainEqual({ product: 'CABLE', warehouse: 'MAIN', quantityE4: 37_500, serials: null });
      expect((await rejected(credit({ salesOrder: so, product: 'CABLE', quantity: '1.5' }))).map((p) => p.code)).toEqual(['over_credit']);
    });
  });

  describe('supplier returns (R-1 to R-3)', () => {
    it('R-1/R-3: serials received on the order go back and become unavailable; no more than received minus returned', async () => {
      const order = await po('WIDGET', '3');
      await receive({ purchaseOrder: order, product: 'WIDGET', serials: serials('R-1', 'R-2', 'R-3') });
      const r = await supplierReturn({ purchaseOrder: order, serials: serials('r-1') });
      expect(r).toMatchObject({ supplier: 'ACME', warehouse: 'MAIN', quantityE4: 10_000, serials: ['R-1'] });
      expect(await status('R-1')).toMatchObject({ status: 'unavailable', lastDocument: { number: r.number, party: 'ACME' } });
      await supplierReturn({ purchaseOrder: order, serials: serials('R-2', 'R-3') });
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('R-1') });
      expect((await rejected(supplierReturn({ purchaseOrder: order, serials: serials('R-1') }))).map((p) => p.code)).toEqual(['over_return']);
    });

    it('R-1: a return against an order line with nothing received is rejected, naming the order', async () => {
      const order = await po('WIDGET', '2');
      const problems = await rejected(supplierReturn({ purchaseOrder: order, serials: serials('W-1') }));
      expect(problems).toEqual([expect.objectContaining({ code: 'nothing_received', product: 'WIDGET', document: order })]);
    });

    it('R-2: a serial received on another purchase order is rejected', async () => {
      const a = await po('WIDGET', '1');
      const b = await po('WIDGET', '1');
      await receive({ purchaseOrder: a, product: 'WIDGET', serials: serials('A-1') });
      await receive({ purchaseOrder: b, product: 'WIDGET', serials: serials('B-1') });
      const problems = await rejected(supplierReturn({ purchaseOrder: b, serials: serials('A-1') }));
      expect(problems.map((p) => [p.code, p.serial])).toEqual([['not_received_on_order', 'A-1']]);
    });

    it('R-2/PO-4: if the product was not serialized at the receipt, any available serial in that warehouse may be returned', async () => {
      await ledger.write((db) => addProduct(db, { code: 'DRILL' }));
      const order = await po('DRILL', '2');
      await receive({ purchaseOrder: order, product: 'DRILL', serials: [] });
      // the order is complete, so the product may now be serialized (P-4, P-5)
      await ledger.write((db) => serializeProduct(db, { product: 'DRILL', serials: serials('D-1', 'D-2') }));
      const r = await supplierReturn({ purchaseOrder: order, product: 'DRILL', serials: serials('D-2') });
      expect(r.quantityE4).toBe(10_000);
      expect(await status('D-2')).toMatchObject({ status: 'unavailable' });
    });

    it('R-1: non-serialized returns by quantity, no more than is in stock', async () => {
      const order = await po('CABLE', '4');
      await receive({ purchaseOrder: order, product: 'CABLE', serials: [] });
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'CABLE', quantity: '3' });
      const problems = await rejected(supplierReturn({ purchaseOrder: order, product: 'CABLE', quantity: '2' }));
      expect(problems.map((p) => p.code)).toEqual(['insufficient_stock']);
      await supplierReturn({ purchaseOrder: order, product: 'CABLE', quantity: '0.5' });
      expect(await soh()).toContainEqual({ product: 'CABLE', warehouse: 'MAIN', quantityE4: 5_000, serials: null });
    });
  });
});
