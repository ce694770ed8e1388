import { beforeEach, describe, expect, it } from 'vitest';
import { commandsFor, rejected, serials } from '../helpers/core.js';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { RejectedError } from '../../src/errors.js';
import { addEntry } from '../../src/core/master-data/directory.js';
import { addProduct } from '../../src/core/master-data/products.js';
import { serializeProduct } from '../../src/core/stock/product-serialization.js';
import { adjustStock } from '../../src/core/stock/adjustments.js';
import {
  createPurchaseOrder,
  deletePurchaseOrder,
  listPurchaseOrders,
  showPurchaseOrder,
  type NewPurchaseOrder,
} from '../../src/core/purchasing/purchase-orders.js';
import { enquire } from '../../src/core/reports/enquiry.js';
import { serialHistory } from '../../src/core/reports/history.js';

let ledger: TestLedger;
const { receive, soh } = commandsFor(() => ledger);

const createPo = (input: NewPurchaseOrder) => ledger.write((db) => createPurchaseOrder(db, input));
const show = (number: string) => showPurchaseOrder(ledger.db, number);

async function receiptCount(): Promise<number> {
  return (await ledger.db.selectFrom('purchase_receipts').select('id').execute()).length;
}

forEachEngine((engine) => {
  beforeEach(async () => {
    ledger = await newLedger(engine);
    await seed(ledger);
  });

  describe('purchase orders', () => {
    it('PO-1: creates an open order with supplier, warehouse, lines and optional unit cost', async () => {
      const po = await createPo({
        supplier: 'acme',
        warehouse: 'main',
        lines: [
          { product: 'widget', quantity: '3', unitCost: 12.5 },
          { product: 'CABLE', quantity: '10.25' },
        ],
      });
      expect(po.number).toBe('PO-00000001');
      expect(po).toMatchObject({ supplier: 'ACME', warehouse: 'MAIN', status: 'open', receipts: [] });
      expect(po.lines).toEqual([
        { lineNo: 1, product: 'WIDGET', serialized: true, quantityE4: 30_000, receivedE4: 0, outstandingE4: 30_000, unitCost: 12.5, serials: [] },
        { lineNo: 2, product: 'CABLE', serialized: false, quantityE4: 102_500, receivedE4: 0, outstandingE4: 102_500, unitCost: null, serials: [] },
      ]);
      const second = await createPo({ supplier: 'ACME', warehouse: 'BACK', lines: [{ product: 'CABLE', quantity: '1' }] });
      expect(second.number).toBe('PO-00000002');
      expect((await listPurchaseOrders(ledger.db)).map((p) => [p.number, p.status, p.lineCount, p.receivedLineCount])).toEqual([
        ['PO-00000001', 'open', 2, 0],
        ['PO-00000002', 'open', 1, 0],
      ]);
      // no stock moves when ordering
      expect(await soh()).toEqual([]);
    });

    it('PO-1: reports every problem with the order in one pass and writes nothing', async () => {
      const problems = await rejected(
        createPo({
          supplier: 'NOBODY',
          warehouse: 'NOWHERE',
          lines: [
            { product: 'GHOST', quantity: '1' },
            { product: 'CABLE', quantity: '0' },
            { product: 'WIDGET', quantity: '2', unitCost: -1 },
            { product: 'WIDGET', quantity: '1' },
          ],
        }),
      );
      expect(problems.map((p) => p.code).sort()).toEqual(
        ['duplicate_line', 'invalid_cost', 'invalid_quantity', 'unknown_product', 'unknown_supplier', 'unknown_warehouse'].sort(),
      );
      expect(problems.find((p) => p.code === 'unknown_product')?.product).toBe('GHOST');
      expect(problems.find((p) => p.code === 'unknown_warehouse')?.warehouse).toBe('NOWHERE');
      expect(await listPurchaseOrders(ledger.db)).toEqual([]);
    });

    it('PO-1: an order needs at least one line', async () => {
      const problems = await rejected(createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [] }));
      expect(problems.map((p) => p.code)).toEqual(['no_lines']);
    });

    it('PO-1: takes a number the user gives, rejecting one already used', async () => {
      const po = await createPo({ supplier: 'ACME', warehouse: 'MAIN', number: 'ACME-778', lines: [{ product: 'CABLE', quantity: '1' }] });
      expect(po.number).toBe('ACME-778');
      const problems = await rejected(createPo({ supplier: 'ACME', warehouse: 'MAIN', number: 'ACME-778', lines: [{ product: 'CABLE', quantity: '1' }] }));
      expect(problems.map((p) => [p.code, p.document])).toEqual([['number_taken', 'ACME-778']]);
      // the sequence skips numbers given by hand
      await createPo({ supplier: 'ACME', warehouse: 'MAIN', number: 'PO-00000001', lines: [{ product: 'CABLE', quantity: '1' }] });
      const next = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'CABLE', quantity: '1' }] });
      expect(next.number).toBe('PO-00000002');
    });

    it('PO-1: an open order with nothing received can be deleted; it is kept, marked deleted', async () => {
      const po = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '2' }] });
      expect(await ledger.write((db) => deletePurchaseOrder(db, po.number.toLowerCase()))).toEqual({ number: po.number, status: 'deleted' });
      // kept as it was ordered, with nothing outstanding: nothing more is expected on it
      expect((await show(po.number)).status).toBe('deleted');
      expect((await show(po.number)).lines.map((l) => [l.quantityE4, l.receivedE4, l.outstandingE4])).toEqual([[20_000, 0, 0]]);
      const again = await rejected(ledger.write((db) => deletePurchaseOrder(db, po.number)));
      expect(again.map((p) => [p.code, p.document])).toEqual([['purchase_order_not_open', po.number]]);
      const recv = await rejected(receive({ purchaseOrder: po.number, serials: serials('W1') }));
      expect(recv.map((p) => [p.code, p.document])).toEqual([['purchase_order_not_open', po.number]]);
      expect(await enquire(ledger.db, {})).toEqual([]);
    });

    it('PO-1: an order with receipts cannot be deleted', async () => {
      const po = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '2' }] });
      await receive({ purchaseOrder: po.number, serials: serials('W1') });
      const problems = await rejected(ledger.write((db) => deletePurchaseOrder(db, po.number)));
      expect(problems.map((p) => [p.code, p.document])).toEqual([['purchase_order_has_receipts', po.number]]);
      expect(problems[0]?.message).toContain('WIDGET 1');
      expect((await show(po.number)).status).toBe('open');
    });

    it('PO-1: an unknown purchase order is named in the error', async () => {
      const problems = await rejected(receive({ purchaseOrder: 'PO-99', serials: [] }));
      expect(problems.map((p) => [p.code, p.document])).toEqual([['unknown_purchase_order', 'PO-99']]);
      const del = await rejected(ledger.write((db) => deletePurchaseOrder(db, 'PO-99')));
      expect(del.map((p) => p.code)).toEqual(['unknown_purchase_order']);
    });

    it('PO-1: the order is completed once everything is received, and then takes no more receipts', async () => {
      const po = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '2' }, { product: 'CABLE', quantity: '1.5' }] });
      const r1 = await receive({ purchaseOrder: po.number, product: 'CABLE', serials: [] });
      expect(r1.completed).toBe(false);
      expect((await show(po.number)).status).toBe('open');
      const r2 = await receive({ purchaseOrder: po.number, serials: serials('W1', 'W2') });
      expect(r2.completed).toBe(true);
      expect((await show(po.number)).status).toBe('completed');
      expect((await listPurchaseOrders(ledger.db, { status: 'completed' })).map((p) => p.number)).toEqual([po.number]);
      const more = await rejected(receive({ purchaseOrder: po.number, serials: serials('W3') }));
      expect(more.map((p) => [p.code, p.document])).toEqual([['purchase_order_not_open', po.number]]);
      const del = await rejected(ledger.write((db) => deletePurchaseOrder(db, po.number)));
      expect(del.map((p) => p.code)).toEqual(['purchase_order_not_open']);
    });
  });

  describe('receiving', () => {
    it('PO-2: receives part of a serialized line, then the rest, one new serial per unit', async () => {
      const po = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '5' }] });
      const r1 = await receive({ purchaseOrder: po.number, serials: serials('W1', 'W2') });
      expect(r1).toMatchObject({ number: 'PR-00000001', purchaseOrder: po.number, warehouse: 'MAIN', completed: false, returning: [] });
      expect(r1.lines).toEqual([{ product: 'WIDGET', quantityE4: 20_000, serials: 2 }]);
      let view = await show(po.number);
      expect(view.lines[0]).toMatchObject({ receivedE4: 20_000, outstandingE4: 30_000, serials: ['W1', 'W2'] });
      const r2 = await receive({ purchaseOrder: po.number, product: 'WIDGET', serials: serials('W3', 'W4', 'W5') });
      expect(r2.number).toBe('PR-00000002');
      expect(r2.completed).toBe(true);
      view = await show(po.number);
      expect(view.lines[0]).toMatchObject({ receivedE4: 50_000, outstandingE4: 0, serials: ['W1', 'W2', 'W3', 'W4', 'W5'] });
      expect(view.receipts.map((r) => r.number)).toEqual(['PR-00000001', 'PR-00000002']);
      expect(await soh()).toEqual([{ product: 'WIDGET', warehouse: 'MAIN', quantityE4: 50_000, serials: 5 }]);
    });

    it('PO-2: receives part of a non-serialized line with a quantity, defaulting to all outstanding', async () => {
      const po = await createPo({ supplier: 'ACME', warehouse: 'BACK', lines: [{ product: 'CABLE', quantity: '10' }] });
      const r1 = await receive({ purchaseOrder: po.number, product: 'CABLE', quantity: '2.5', serials: [] });
      expect(r1.lines).toEqual([{ product: 'CABLE', quantityE4: 25_000, serials: 0 }]);
      expect((await show(po.number)).lines[0]?.outstandingE4).toBe(75_000);
      const r2 = await receive({ purchaseOrder: po.number, serials: [] });
      expect(r2.lines).toEqual([{ product: 'CABLE', quantityE4: 75_000, serials: 0 }]);
      expect(r2.completed).toBe(true);
      expect(await soh()).toEqual([{ product: 'CABLE', warehouse: 'BACK', quantityE4: 100_000, serials: null }]);
    });

    it('PO-2: rejects receiving more serials than outstanding, naming product and order, writing nothing', async () => {
      const po = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '3' }] });
      await receive({ purchaseOrder: po.number, serials: serials('W1', 'W2') });
      const problems = await rejected(receive({ purchaseOrder: po.number, serials: serials('W3', 'W4') }));
      expect(problems.map((p) => [p.code, p.product, p.document])).toEqual([['over_receipt', 'WIDGET', po.number]]);
      expect(problems[0]?.message).toMatch(/Receiving 2 of WIDGET .* more than the 1 outstanding/);
      expect((await show(po.number)).lines[0]?.receivedE4).toBe(20_000);
      expect((await enquire(ledger.db, { product: 'WIDGET' })).map((r) => r.serial)).toEqual(['W1', 'W2']);
      expect(await receiptCount()).toBe(1);
    });

    it('PO-2: with --product, a serial that names another product of the order is rejected, naming both, writing nothing', async () => {
      const po = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '2' }, { product: 'CABLE', quantity: '1' }] });
      const problems = await rejected(receive({ purchaseOrder: po.number, product: 'WIDGET', serials: [{ raw: 'W1' }, { raw: 'C9', product: 'CABLE', source: 'line 3' }] }));
      expect(problems.map((p) => [p.code, p.serial, p.product, p.document])).toEqual([['product_mismatch', 'C9', 'CABLE', po.number]]);
      expect(problems[0]?.message).toContain('only WIDGET is being received');
      expect(await receiptCount()).toBe(0);
    });

    it('PO-2: rejects receiving more than outstanding of a non-serialized line', async () => {
      const po = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'CABLE', quantity: '2' }] });
      const problems = await rejected(receive({ purchaseOrder: po.number, product: 'CABLE', quantity: '2.0001', serials: [] }));
      expect(problems.map((p) => [p.code, p.product])).toEqual([['over_receipt', 'CABLE']]);
      expect(await soh()).toEqual([]);
      expect(await receiptCount()).toBe(0);
    });

    it('PO-2: a serialized line needs serials: one per unit, as many as the quantity given', async () => {
      const po = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '3' }] });
      const none = await rejected(receive({ purchaseOrder: po.number, product: 'WIDGET', serials: [] }));
      expect(none.map((p) => [p.code, p.product])).toEqual([['serials_required', 'WIDGET']]);
      const withQty = await rejected(receive({ purchaseOrder: po.number, product: 'WIDGET', quantity: '2', serials: [] }));
      expect(withQty.map((p) => [p.code, p.product])).toEqual([['serial_count_mismatch', 'WIDGET']]);
      const mismatch = await rejected(receive({ purchaseOrder: po.number, product: 'WIDGET', quantity: '3', serials: serials('W1', 'W2') }));
      expect(mismatch.map((p) => p.code)).toEqual(['serial_count_mismatch']);
      const fraction = await rejected(receive({ purchaseOrder: po.number, product: 'WIDGET', quantity: '1.5', serials: serials('W1') }));
      expect(fraction.map((p) => p.code)).toContain('fractional_serialized_quantity');
      expect(await receiptCount()).toBe(0);
      expect(await enquire(ledger.db, {})).toEqual([]);
    });

    it('PO-2: with several serialized lines outstanding, serials must say which product they are for', async () => {
      await ledger.write((db) => addProduct(db, { code: 'GADGET', serialized: true }));
      const po = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '2' }, { product: 'GADGET', quantity: '2' }] });
      const problems = await rejected(receive({ purchaseOrder: po.number, serials: serials('X1') }));
      expect(problems.map((p) => [p.code, p.document])).toEqual([['product_required', po.number]]);
      // serials naming their product (CSV) go to their lines
      const r = await receive({
        purchaseOrder: po.number,
        serials: [
          { raw: 'X1', product: 'widget' },
          { raw: 'X1', product: 'GADGET' },
          { raw: 'G2', product: 'GADGET' },
        ],
      });
      expect(r.lines).toEqual([
        { product: 'WIDGET', quantityE4: 10_000, serials: 1 },
        { product: 'GADGET', quantityE4: 20_000, serials: 2 },
      ]);
      expect((await enquire(ledger.db, { serial: 'x1' })).map((x) => x.product)).toEqual(['GADGET', 'WIDGET']);
    });

    it('PO-2: a serial naming a product that is not on the order is rejected', async () => {
      await ledger.write((db) => addProduct(db, { code: 'GADGET', serialized: true }));
      const po = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '2' }] });
      const problems = await rejected(receive({ purchaseOrder: po.number, serials: [{ raw: 'W1', product: 'WIDGET' }, { raw: 'G1', product: 'GADGET' }] }));
      expect(problems.map((p) => [p.code, p.serial, p.product, p.document])).toEqual([['product_not_on_order', 'G1', 'GADGET', po.number]]);
      expect(await enquire(ledger.db, {})).toEqual([]);
      const onlyProduct = await rejected(receive({ purchaseOrder: po.number, product: 'CABLE', serials: [] }));
      expect(onlyProduct.map((p) => [p.code, p.product])).toEqual([['product_not_on_order', 'CABLE']]);
    });

    it('PO-2: serials for another line of the order are not silently dropped when receiving one product', async () => {
      await ledger.write((db) => addProduct(db, { code: 'GADGET', serialized: true }));
      const po = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '2' }, { product: 'GADGET', quantity: '2' }] });
      // --product WIDGET with a CSV that also has a GADGET row: either both are received, or the
      // GADGET serial is reported; it must not vanish while the command reports success.
      const outcome = await receive({ purchaseOrder: po.number, product: 'WIDGET', serials: [{ raw: 'W1', product: 'WIDGET' }, { raw: 'G1', product: 'GADGET' }] }).then(
        (r) => ({ ok: true as const, r }),
        (e: unknown) => ({ ok: false as const, e }),
      );
      if (outcome.ok) {
        expect((await enquire(ledger.db, { serial: 'G1', product: 'GADGET' })).map((x) => x.status)).toEqual(['available']);
      } else {
        expect(outcome.e).toBeInstanceOf(RejectedError);
        expect((outcome.e as RejectedError).problems.some((p) => p.serial === 'G1')).toBe(true);
      }
    });

    it('PO-2: serials given for a non-serialized line are rejected naming the product', async () => {
      const po = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'CABLE', quantity: '2' }] });
      const problems = await rejected(receive({ purchaseOrder: po.number, product: 'CABLE', serials: serials('C1', 'C2') }));
      expect(problems.map((p) => [p.code, p.product])).toEqual([['not_serialized', 'CABLE']]);
      expect(await soh()).toEqual([]);
      expect(await receiptCount()).toBe(0);
    });

    it('PO-2: nothing outstanding to receive is rejected', async () => {
      const po = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '2' }] });
      const problems = await rejected(receive({ purchaseOrder: po.number, serials: [] }));
      expect(problems.map((p) => [p.code, p.document])).toEqual([['nothing_to_receive', po.number]]);
    });

    it('PO-3: received serials become available in the order\'s warehouse', async () => {
      const po = await createPo({ supplier: 'ACME', warehouse: 'BACK', lines: [{ product: 'WIDGET', quantity: '2' }] });
      const r = await receive({ purchaseOrder: po.number, serials: serials('W1', 'W2') });
      const rows = await enquire(ledger.db, { product: 'WIDGET' });
      expect(rows.map((x) => [x.serial, x.warehouse, x.status, x.lastDocument.type, x.lastDocument.number])).toEqual([
        ['W1', 'BACK', 'available', 'purchase_receipt', r.number],
        ['W2', 'BACK', 'available', 'purchase_receipt', r.number],
      ]);
      expect(await soh()).toEqual([{ product: 'WIDGET', warehouse: 'BACK', quantityE4: 20_000, serials: 2 }]);
    });

    it('PO-3: a serial already available for the product anywhere is rejected, naming where it is', async () => {
      const adj = await ledger.write((db) =>
        adjustStock(db, { direction: 'in', warehouse: 'BACK', product: 'WIDGET', serials: serials('W1'), reason: 'opening' }),
      );
      const po = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '2' }] });
      const problems = await rejected(receive({ purchaseOrder: po.number, serials: serials('w1', 'W2') }));
      expect(problems.map((p) => [p.code, p.serial, p.product, p.warehouse, p.document])).toEqual([
        ['serial_already_in_stock', 'W1', 'WIDGET', 'BACK', adj.number],
      ]);
      expect(await enquire(ledger.db, { serial: 'W2' })).toEqual([]);
      expect((await show(po.number)).lines[0]?.receivedE4).toBe(0);
    });

    it('PO-3/N-4: a serial that left stock can be received again; the receipt says so', async () => {
      await ledger.write((db) => adjustStock(db, { direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W1'), reason: 'opening' }));
      const out = await ledger.write((db) => adjustStock(db, { direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W1'), reason: 'faulty' }));
      const po = await createPo({ supplier: 'ACME', warehouse: 'BACK', lines: [{ product: 'WIDGET', quantity: '1' }] });
      const r = await receive({ purchaseOrder: po.number, serials: serials('W1') });
      expect(r.returning).toEqual([{ serial: 'W1', product: 'WIDGET', previousStatus: 'unavailable', lastDocument: out.number }]);
      expect((await enquire(ledger.db, { serial: 'W1' })).map((x) => [x.warehouse, x.status])).toEqual([['BACK', 'available']]);
      expect((await serialHistory(ledger.db, 'W1')).map((h) => h.kind)).toEqual(['adjustment_in', 'adjustment_out', 'receipt']);
    });

    it('PO-4: each received serial remembers its order, receipt, supplier and unit cost', async () => {
      await ledger.write((db) => addEntry(db, 'supplier', { code: 'BOLT' }));
      const a = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '1', unitCost: 4.5 }] });
      const b = await createPo({ supplier: 'BOLT', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '1' }] });
      const ra = await receive({ purchaseOrder: a.number, serials: serials('WA') });
      const rb = await receive({ purchaseOrder: b.number, serials: serials('WB') });
      const ha = await serialHistory(ledger.db, 'WA');
      expect(ha).toHaveLength(1);
      expect(ha[0]).toMatchObject({ kind: 'receipt', document: ra.number, purchaseOrder: a.number, party: 'ACME', unitCost: 4.5, to: 'MAIN', status: 'available' });
      const hb = await serialHistory(ledger.db, 'WB');
      expect(hb[0]).toMatchObject({ document: rb.number, purchaseOrder: b.number, party: 'BOLT', unitCost: null });
      const rows = await enquire(ledger.db, { product: 'WIDGET' });
      expect(rows.map((x) => [x.serial, x.lastDocument.number, x.lastDocument.party])).toEqual([
        ['WA', ra.number, 'ACME'],
        ['WB', rb.number, 'BOLT'],
      ]);
      expect((await enquire(ledger.db, { supplier: 'bolt' })).map((x) => x.serial)).toEqual(['WB']);
      expect((await enquire(ledger.db, { document: a.number })).map((x) => x.serial)).toEqual(['WA']);
    });

    it('PO-4: each receipt line remembers whether the product was serialized at that moment', async () => {
      const before = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'CABLE', quantity: '2', unitCost: 1.25 }] });
      await receive({ purchaseOrder: before.number, serials: [] });
      await ledger.write((db) => serializeProduct(db, { product: 'CABLE', serials: serials('C1', 'C2') }));
      const after = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'CABLE', quantity: '1', unitCost: 2 }] });
      await receive({ purchaseOrder: after.number, serials: serials('C3') });
      const lines = await ledger.db
        .selectFrom('purchase_receipt_lines as l')
        .innerJoin('purchase_receipts as r', 'r.id', 'l.receipt_id')
        .innerJoin('purchase_orders as po', 'po.id', 'r.purchase_order_id')
        .select(['po.number', 'l.serialized', 'l.quantity_e4', 'l.unit_cost'])
        .orderBy('l.id')
        .execute();
      expect(lines).toEqual([
        { number: before.number, serialized: 0, quantity_e4: 20_000, unit_cost: 1.25 },
        { number: after.number, serialized: 1, quantity_e4: 10_000, unit_cost: 2 },
      ]);
      expect((await show(before.number)).lines[0]?.serials).toEqual([]);
      expect((await show(after.number)).lines[0]?.serials).toEqual(['C3']);
      expect(await soh()).toEqual([{ product: 'CABLE', warehouse: 'MAIN', quantityE4: 30_000, serials: 3 }]);
    });

    it('PO-2: receiving without a product takes all non-serialized outstanding and the serials given', async () => {
      const po = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '2' }, { product: 'CABLE', quantity: '4' }] });
      const r = await receive({ purchaseOrder: po.number, serials: serials('W1') });
      expect(r.lines).toEqual([
        { product: 'WIDGET', quantityE4: 10_000, serials: 1 },
        { product: 'CABLE', quantityE4: 40_000, serials: 0 },
      ]);
      expect(r.completed).toBe(false);
      expect(await soh()).toEqual([
        { product: 'CABLE', warehouse: 'MAIN', quantityE4: 40_000, serials: null },
        { product: 'WIDGET', warehouse: 'MAIN', quantityE4: 10_000, serials: 1 },
      ]);
    });

    it('PO-2: --qty without --product is rejected', async () => {
      const po = await createPo({ supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'CABLE', quantity: '4' }] });
      const problems = await rejected(receive({ purchaseOrder: po.number, quantity: '1', serials: [] }));
      expect(problems.map((p) => p.code)).toContain('product_required');
      expect(await soh()).toEqual([]);
    });
  });
});
