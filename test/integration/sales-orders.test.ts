import { beforeEach, describe, expect, it } from 'vitest';
import { commandsFor, rejected, serials } from '../helpers/core.js';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { createSalesOrder, deleteSalesOrder, listSalesOrders, showSalesOrder } from '../../src/core/sales/sales-orders.js';
import { assignSerials, unassignSerials } from '../../src/core/sales/serial-assignments.js';
import { enquire } from '../../src/core/reports/enquiry.js';
import { shipSalesOrder } from '../../src/core/sales/shipments.js';
import { cancelShipment } from '../../src/core/sales/shipment-cancel.js';
import { unserializeProduct } from '../../src/core/stock/product-serialization.js';

let ledger: TestLedger;
const { adjust } = commandsFor(() => ledger);

const order = (lines: { product: string; quantity: string }[], customer = 'BAKER', warehouse = 'MAIN') =>
  ledger.write((db) => createSalesOrder(db, { customer, warehouse, lines }));
const assign = (salesOrder: string, raws: string[], product = 'WIDGET') =>
  ledger.write((db) => assignSerials(db, { salesOrder, product, serials: serials(...raws) }));

forEachEngine((engine) => {
  beforeEach(async () => {
    ledger = await newLedger(engine);
    await seed(ledger);
    await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-1', 'W-2', 'W-3') });
    await adjust({ direction: 'in', warehouse: 'BACK', product: 'WIDGET', serials: serials('B-1') });
  });

  describe('sales orders (S-1)', () => {
    it('S-1: an order has a customer, a warehouse and lines, numbered SO-…, open until shipped or deleted', async () => {
      const so = await order([
        { product: 'WIDGET', quantity: '2' },
        { product: 'CABLE', quantity: '2.5' },
      ]);
      expect(so).toMatchObject({ number: 'SO-00000001', customer: 'BAKER', warehouse: 'MAIN', status: 'open' });
      expect(so.lines.map((l) => [l.product, l.quantityE4, l.outstandingE4])).toEqual([
        ['WIDGET', 20_000, 20_000],
        ['CABLE', 25_000, 25_000],
      ]);
      expect((await listSalesOrders(ledger.db, { status: 'open' })).map((o) => [o.number, o.lineCount, o.shippedLineCount])).toEqual([['SO-00000001', 2, 0]]);
    });

    it('S-1/P-3: unknown customer, warehouse and product and a fractional serialized quantity are all reported at once', async () => {
      const problems = await rejected(
        ledger.write((db) => createSalesOrder(db, { customer: 'NOBODY', warehouse: 'NOWHERE', lines: [{ product: 'WIDGET', quantity: '1.5' }, { product: 'GHOST', quantity: '1' }] })),
      );
      expect(problems.map((p) => p.code).sort()).toEqual(['fractional_serialized_quantity', 'unknown_customer', 'unknown_product', 'unknown_warehouse']);
      expect(await listSalesOrders(ledger.db)).toEqual([]);
    });

    it('S-1/P-4: an open sales order blocks changing the product serialized flag, naming the order', async () => {
      const so = await order([{ product: 'WIDGET', quantity: '1' }]);
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-1', 'W-2', 'W-3') });
      await adjust({ direction: 'out', warehouse: 'BACK', product: 'WIDGET', serials: serials('B-1') });
      const problems = await rejected(ledger.write((db) => unserializeProduct(db, 'WIDGET')));
      expect(problems.find((p) => p.code === 'product_on_open_documents')?.message).toContain(so.number);
      await ledger.write((db) => deleteSalesOrder(db, so.number));
      await ledger.write((db) => unserializeProduct(db, 'WIDGET'));
    });

    it('S-1: deleting an open order drops its assignments; a deleted order cannot be deleted again', async () => {
      const so = await order([{ product: 'WIDGET', quantity: '2' }]);
      await assign(so.number, ['W-1']);
      expect(await ledger.write((db) => deleteSalesOrder(db, so.number))).toMatchObject({ status: 'deleted', assignmentsDropped: 1 });
      expect((await enquire(ledger.db, { serial: 'W-1' }))[0]?.assignments).toEqual([]);
      // kept as it was ordered, with nothing outstanding: nothing more is expected on it
      expect((await showSalesOrder(ledger.db, so.number)).lines.map((l) => [l.quantityE4, l.outstandingE4, l.assigned])).toEqual([[20_000, 0, []]]);
      const problems = await rejected(ledger.write((db) => deleteSalesOrder(db, so.number)));
      expect(problems[0]?.code).toBe('sales_order_not_open');
    });
  });

  describe('what an order shows (S-1, S-3)', () => {
    it('S-3: a line holds the serials waiting on its parked shipments apart from those dispatched; a cancelled shipment holds none', async () => {
      const so = await order([{ product: 'WIDGET', quantity: '3' }]);
      const ship = (raws: string[], park: boolean) => ledger.write((db) => shipSalesOrder(db, { salesOrder: so.number, product: 'WIDGET', quantity: String(raws.length), serials: serials(...raws), park }));
      const sent = await ship(['W-1'], false);
      const parked = await ship(['W-3', 'W-2'], true);
      expect(parked.lines).toEqual([{ product: 'WIDGET', serialized: true, quantityE4: 20_000, serials: 2, serialList: ['W-2', 'W-3'] }]);
      let line = (await showSalesOrder(ledger.db, so.number)).lines[0];
      expect(line).toMatchObject({ shippedE4: 10_000, parkedE4: 20_000, outstandingE4: 0 });
      expect(line?.shipped).toEqual([{ serial: 'W-1', shipment: sent.number }]);
      expect(line?.parked).toEqual([
        { serial: 'W-2', shipment: parked.number },
        { serial: 'W-3', shipment: parked.number },
      ]);
      // cancelling says what it held; the order then holds none of it
      expect((await ledger.write((db) => cancelShipment(db, parked.number))).lines).toEqual([{ product: 'WIDGET', serialized: true, quantityE4: 20_000, serials: 2, serialList: ['W-2', 'W-3'] }]);
      line = (await showSalesOrder(ledger.db, so.number)).lines[0];
      expect(line).toMatchObject({ parkedE4: 0, outstandingE4: 20_000, parked: [] });
    });
  });

  describe('serial assignment (S-2)', () => {
    it('S-2: an assigned serial stays available and shows its order in the enquiry and on the order', async () => {
      const so = await order([{ product: 'WIDGET', quantity: '2' }]);
      const r = await assign(so.number, ['w-1', 'W-2']);
      expect(r.serials).toEqual(['W-1', 'W-2']);
      expect(r.warnings).toEqual([]);
      const row = (await enquire(ledger.db, { serial: 'W-1' }))[0];
      expect(row).toMatchObject({ status: 'available', warehouse: 'MAIN', assignments: [so.number] });
      expect((await showSalesOrder(ledger.db, so.number)).lines[0]?.assigned).toEqual([
        { serial: 'W-1', stale: false },
        { serial: 'W-2', stale: false },
      ]);
    });

    it('S-2: a serial assigned to two open orders is a warning naming the other order, not an error', async () => {
      const first = await order([{ product: 'WIDGET', quantity: '1' }]);
      const second = await order([{ product: 'WIDGET', quantity: '1' }]);
      await assign(first.number, ['W-1']);
      const r = await assign(second.number, ['W-1']);
      expect(r.warnings).toEqual([{ serial: 'W-1', orders: [first.number] }]);
      expect((await enquire(ledger.db, { serial: 'W-1' }))[0]?.assignments).toEqual([first.number, second.number]);
    });

    it('S-2: more serials than the outstanding quantity is rejected, and nothing is assigned', async () => {
      const so = await order([{ product: 'WIDGET', quantity: '2' }]);
      await assign(so.number, ['W-1']);
      const problems = await rejected(assign(so.number, ['W-2', 'W-3']));
      expect(problems.map((p) => p.code)).toEqual(['over_assignment']);
      expect((await showSalesOrder(ledger.db, so.number)).lines[0]?.assigned.map((a) => a.serial)).toEqual(['W-1']);
    });

    it('S-2: serials that are unknown, in another warehouse, unavailable, already assigned here or repeated are each named, all at once', async () => {
      const so = await order([{ product: 'WIDGET', quantity: '3' }]);
      await assign(so.number, ['W-1']);
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-3') });
      const problems = await rejected(assign(so.number, ['NOPE', 'B-1', 'W-3', 'W-1', 'w-2', 'W-2']));
      expect(problems.map((p) => [p.code, p.serial])).toEqual([
        ['duplicate_serial', 'W-2'],
        ['unknown_serial', 'NOPE'],
        ['serial_not_available', 'B-1'],
        ['serial_not_available', 'W-3'],
        ['already_assigned', 'W-1'],
        ['over_assignment', undefined],
      ]);
      expect(problems.find((p) => p.serial === 'B-1')?.warehouse).toBe('MAIN');
    });

    it('N-1/N-6: so assign states the serial rules in the ledger\'s words: a serial given twice names its first place, one with a tab names the product and position', async () => {
      const so = await order([{ product: 'WIDGET', quantity: '3' }]);
      const problems = await rejected(ledger.write((db) => assignSerials(db, { salesOrder: so.number, product: 'WIDGET', serials: [{ raw: 'W-2', source: '--serials item 1' }, { raw: 'w-2', source: '--serials item 2' }, { raw: 'W\t9' }] })));
      expect(problems.map((p) => p.code)).toEqual(['duplicate_serial', 'invalid_serial']);
      expect(problems[0]?.message).toBe('Serial "w-2" (--serials item 2) of product WIDGET is listed twice on this document (first --serials item 1).');
      expect(problems[1]?.message).toMatch(/^Serial "W\\t9" of product WIDGET has a tab at position 2/);
      expect((await showSalesOrder(ledger.db, so.number)).lines[0]?.assigned).toEqual([]);
    });

    it('S-2: assignment needs a serialized product on the order; unassign removes only what is assigned', async () => {
      const so = await order([
        { product: 'WIDGET', quantity: '2' },
        { product: 'CABLE', quantity: '1' },
      ]);
      expect((await rejected(assign(so.number, ['X'], 'CABLE')))[0]?.code).toBe('not_serialized');
      await assign(so.number, ['W-1', 'W-2']);
      const problems = await rejected(ledger.write((db) => unassignSerials(db, { salesOrder: so.number, product: 'WIDGET', serials: serials('W-1', 'W-3') })));
      expect(problems.map((p) => [p.code, p.serial])).toEqual([['not_assigned', 'W-3']]);
      await ledger.write((db) => unassignSerials(db, { salesOrder: so.number, product: 'WIDGET', serials: serials('W-1') }));
      expect((await showSalesOrder(ledger.db, so.number)).lines[0]?.assigned.map((a) => a.serial)).toEqual(['W-2']);
    });

    it('S-4 (flag): an assigned serial that leaves stock is shown as a stale assignment on the order', async () => {
      const so = await order([{ product: 'WIDGET', quantity: '1' }]);
      await assign(so.number, ['W-1']);
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-1') });
      expect((await showSalesOrder(ledger.db, so.number)).lines[0]?.assigned).toEqual([{ serial: 'W-1', stale: true }]);
    });
  });
});
