import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commandsFor, rejected, serials } from '../helpers/core.js';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { addEntry } from '../../src/core/master-data/directory.js';
import { addProduct } from '../../src/core/master-data/products.js';
import { createPurchaseOrder } from '../../src/core/purchasing/purchase-orders.js';
import { receivePurchaseOrder } from '../../src/core/purchasing/purchase-receipts.js';
import { serializeProduct, unserializeProduct } from '../../src/core/stock/product-serialization.js';
import { enquire, serialExists, type EnquiryFilter } from '../../src/core/reports/enquiry.js';
import { prepareHistory, serialHistory } from '../../src/core/reports/history.js';
import { stockOnHand } from '../../src/core/reports/stock-on-hand.js';

let ledger: TestLedger;
const { adjust } = commandsFor(() => ledger);

afterEach(() => {
  vi.useRealTimers();
});

/** Runs the next commands as if it were this moment (only Date is faked). */
function at(iso: string): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(iso));
}

async function buy(supplier: string, warehouse: string, product: string, raws: string[], unitCost?: number) {
  const po = await ledger.write((db) =>
    createPurchaseOrder(db, { supplier, warehouse, lines: [{ product, quantity: String(raws.length), unitCost: unitCost ?? null }] }),
  );
  const receipt = await ledger.write((db) => receivePurchaseOrder(db, { purchaseOrder: po.number, serials: serials(...raws) }));
  return { po: po.number, receipt: receipt.number };
}

const find = async (filter: EnquiryFilter) => (await enquire(ledger.db, filter)).map((r) => `${r.product}/${r.serial}`);

forEachEngine((engine) => {
  describe('E-1 serial enquiry', () => {
    // A small history over three days:
    //  2024-03-10  PO-1 from ACME into MAIN: WIDGET SN-001, SN-002, Sn-003 (cost 9.5)
    //  2024-03-11  PO-2 from BOLT into BACK: GADGET SN-001, G_7, G%8
    //  2024-03-12  adjustment out of MAIN: WIDGET SN-002
    //  2024-03-12  adjustment in BACK: WIDGET XY-100
    let po1: { po: string; receipt: string };
    let po2: { po: string; receipt: string };
    let out: string;
    let inn: string;

    beforeEach(async () => {
      ledger = await newLedger(engine);
      await seed(ledger);
      await ledger.write(async (db) => {
        await addEntry(db, 'supplier', { code: 'BOLT' });
        await addProduct(db, { code: 'GADGET', serialized: true });
      });
      at('2024-03-10T09:00:00Z');
      po1 = await buy('ACME', 'MAIN', 'WIDGET', ['SN-001', 'SN-002', 'Sn-003'], 9.5);
      at('2024-03-11T23:59:59Z');
      po2 = await buy('BOLT', 'BACK', 'GADGET', ['SN-001', 'G_7', 'G%8']);
      at('2024-03-12T00:00:00Z');
      out = (await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('SN-002') })).number;
      inn = (await adjust({ direction: 'in', warehouse: 'BACK', product: 'WIDGET', serials: serials('XY-100') })).number;
      vi.useRealTimers();
    });

    it('E-1: with no filter lists every serial ordered by product then serial, with its last document', async () => {
      const rows = await enquire(ledger.db, {});
      expect(rows).toEqual([
        { serial: 'G%8', product: 'GADGET', warehouse: 'BACK', status: 'available', assignments: [], lastDocument: { type: 'purchase_receipt', number: po2.receipt, date: '2024-03-11T23:59:59.000Z', kind: 'receipt', party: 'BOLT' } },
        { serial: 'G_7', product: 'GADGET', warehouse: 'BACK', status: 'available', assignments: [], lastDocument: { type: 'purchase_receipt', number: po2.receipt, date: '2024-03-11T23:59:59.000Z', kind: 'receipt', party: 'BOLT' } },
        { serial: 'SN-001', product: 'GADGET', warehouse: 'BACK', status: 'available', assignments: [], lastDocument: { type: 'purchase_receipt', number: po2.receipt, date: '2024-03-11T23:59:59.000Z', kind: 'receipt', party: 'BOLT' } },
        { serial: 'SN-001', product: 'WIDGET', warehouse: 'MAIN', status: 'available', assignments: [], lastDocument: { type: 'purchase_receipt', number: po1.receipt, date: '2024-03-10T09:00:00.000Z', kind: 'receipt', party: 'ACME' } },
        { serial: 'SN-002', product: 'WIDGET', warehouse: 'MAIN', status: 'unavailable', assignments: [], lastDocument: { type: 'adjustment', number: out, date: '2024-03-12T00:00:00.000Z', kind: 'adjustment_out', party: null } },
        { serial: 'Sn-003', product: 'WIDGET', warehouse: 'MAIN', status: 'available', assignments: [], lastDocument: { type: 'purchase_receipt', number: po1.receipt, date: '2024-03-10T09:00:00.000Z', kind: 'receipt', party: 'ACME' } },
        { serial: 'XY-100', product: 'WIDGET', warehouse: 'BACK', status: 'available', assignments: [], lastDocument: { type: 'adjustment', number: inn, date: '2024-03-12T00:00:00.000Z', kind: 'adjustment_in', party: null } },
      ]);
    });

    it('E-1: exact serial text ignores case and surrounding spaces, across products', async () => {
      expect(await find({ serial: 'sn-001' })).toEqual(['GADGET/SN-001', 'WIDGET/SN-001']);
      expect(await find({ serial: '  SN-003 ' })).toEqual(['WIDGET/Sn-003']);
      expect(await find({ serial: 'SN-00' })).toEqual([]);
      expect(await find({ serial: 'SN-999' })).toEqual([]);
    });

    it('E-1: --contains matches part of the text ignoring case', async () => {
      expect(await find({ contains: 'n-00' })).toEqual(['GADGET/SN-001', 'WIDGET/SN-001', 'WIDGET/SN-002', 'WIDGET/Sn-003']);
      expect(await find({ contains: 'Y-1' })).toEqual(['WIDGET/XY-100']);
      expect(await find({ contains: 'zzz' })).toEqual([]);
    });

    it('E-1: --contains treats % and _ literally', async () => {
      expect(await find({ contains: '_' })).toEqual(['GADGET/G_7']);
      expect(await find({ contains: '%' })).toEqual(['GADGET/G%8']);
      expect(await find({ contains: 'G_' })).toEqual(['GADGET/G_7']);
    });

    it('E-1: filters by product and by warehouse (codes ignore case)', async () => {
      expect(await find({ product: 'gadget' })).toEqual(['GADGET/G%8', 'GADGET/G_7', 'GADGET/SN-001']);
      expect(await find({ warehouse: 'back' })).toEqual(['GADGET/G%8', 'GADGET/G_7', 'GADGET/SN-001', 'WIDGET/XY-100']);
      expect(await find({ warehouse: 'MAIN', product: 'WIDGET' })).toEqual(['WIDGET/SN-001', 'WIDGET/SN-002', 'WIDGET/Sn-003']);
    });

    it('E-1: a filter naming a product, warehouse, supplier, customer or document that does not exist is an error naming each, not "no serials match" (issue 8, defect 10)', async () => {
      const problems = await rejected(enquire(ledger.db, { product: 'NOPE', warehouse: 'NOWHERE', supplier: 'NOBODY', customer: 'NOONE', document: 'PO-99999999' }));
      expect(problems.map((p) => [p.code, p.message])).toEqual([
        ['unknown_product', 'There is no product "NOPE".'],
        ['unknown_warehouse', 'There is no warehouse "NOWHERE".'],
        ['unknown_supplier', 'There is no supplier "NOBODY".'],
        ['unknown_customer', 'There is no customer "NOONE".'],
        ['unknown_document', 'There is no document "PO-99999999".'],
      ]);
    });

    it('E-1: filters by status', async () => {
      expect(await find({ status: 'unavailable' })).toEqual(['WIDGET/SN-002']);
      expect(await find({ status: 'available', warehouse: 'MAIN' })).toEqual(['WIDGET/SN-001', 'WIDGET/Sn-003']);
      expect(await find({ status: 'deleted' })).toEqual([]);
    });

    it('E-1: filters by document: a purchase order means its receipts, and serials moved since still match', async () => {
      expect(await find({ document: po1.po })).toEqual(['WIDGET/SN-001', 'WIDGET/SN-002', 'WIDGET/Sn-003']);
      expect(await find({ document: po1.po.toLowerCase() })).toEqual(['WIDGET/SN-001', 'WIDGET/SN-002', 'WIDGET/Sn-003']);
      expect(await find({ document: po2.receipt })).toEqual(['GADGET/G%8', 'GADGET/G_7', 'GADGET/SN-001']);
      expect(await find({ document: out })).toEqual(['WIDGET/SN-002']);
      expect(await find({ document: inn })).toEqual(['WIDGET/XY-100']);
    });

    it('E-1: a purchase order with no receipts matches nothing', async () => {
      const po = await ledger.write((db) => createPurchaseOrder(db, { supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '1' }] }));
      expect(await find({ document: po.number })).toEqual([]);
    });

    it('E-1: filters by supplier the serial was received from, even after it moved', async () => {
      expect(await find({ supplier: 'acme' })).toEqual(['WIDGET/SN-001', 'WIDGET/SN-002', 'WIDGET/Sn-003']);
      expect(await find({ supplier: 'BOLT' })).toEqual(['GADGET/G%8', 'GADGET/G_7', 'GADGET/SN-001']);
      expect(await find({ supplier: 'BOLT', serial: 'SN-001' })).toEqual(['GADGET/SN-001']);
    });

    it('E-1: filters by the time of the last movement, from an instant (inclusive) to before another (the command line turns local days into them)', async () => {
      expect(await find({ from: '2024-03-12T00:00:00.000Z' })).toEqual(['WIDGET/SN-002', 'WIDGET/XY-100']);
      expect(await find({ before: '2024-03-11T00:00:00.000Z' })).toEqual(['WIDGET/SN-001', 'WIDGET/Sn-003']);
      // 23:59:59 on the 11th is before midnight
      expect(await find({ from: '2024-03-11T00:00:00.000Z', before: '2024-03-12T00:00:00.000Z' })).toEqual(['GADGET/G%8', 'GADGET/G_7', 'GADGET/SN-001']);
      // the bounds are instants, not days: a day that begins at 10:00 UTC (a zone at UTC-10) starts after the morning's receipt
      expect(await find({ from: '2024-03-10T10:00:00.000Z', before: '2024-03-11T10:00:00.000Z' })).toEqual([]);
      expect(await find({ from: '2024-03-10T09:00:00.000Z', before: '2024-03-10T09:00:00.001Z' })).toEqual(['WIDGET/SN-001', 'WIDGET/Sn-003']);
      expect(await find({ from: '2024-03-13T00:00:00.000Z' })).toEqual([]);
      expect(await find({ before: '2024-03-10T00:00:00.000Z' })).toEqual([]);
      expect(await find({ from: '2024-03-10T00:00:00.000Z', before: '2024-03-13T00:00:00.000Z', status: 'available', product: 'WIDGET' })).toEqual([
        'WIDGET/SN-001',
        'WIDGET/Sn-003',
        'WIDGET/XY-100',
      ]);
    });

    it('E-1: whether a serial exists at all, ignoring case and spaces, tells "not found" from "filtered out"', async () => {
      expect(await serialExists(ledger.db, ' sn-002 ')).toBe(true);
      expect(await find({ serial: 'SN-002', status: 'available' })).toEqual([]);
      expect(await serialExists(ledger.db, 'SN-999')).toBe(false);
      expect(await serialExists(ledger.db, 'SN-00')).toBe(false);
    });

    it('E-1: a limit caps the rows', async () => {
      expect(await find({ limit: 2 })).toEqual(['GADGET/G%8', 'GADGET/G_7']);
    });

    it('E-1: deleted serials show their last known warehouse and the un-serialize document', async () => {
      await adjust({ direction: 'out', warehouse: 'BACK', product: 'GADGET', serials: serials('SN-001', 'G_7', 'G%8') });
      const sz = await ledger.write((db) => unserializeProduct(db, 'GADGET'));
      const rows = await enquire(ledger.db, { product: 'GADGET', status: 'deleted' });
      expect(rows.map((r) => [r.serial, r.warehouse, r.status, r.lastDocument.number, r.lastDocument.type])).toEqual([
        ['G%8', 'BACK', 'deleted', sz.number, 'serialization'],
        ['G_7', 'BACK', 'deleted', sz.number, 'serialization'],
        ['SN-001', 'BACK', 'deleted', sz.number, 'serialization'],
      ]);
      expect(await find({ document: sz.number })).toEqual(['GADGET/G%8', 'GADGET/G_7', 'GADGET/SN-001']);
    });
  });

  describe('E-2 history and stock on hand', () => {
    beforeEach(async () => {
      ledger = await newLedger(engine);
      await seed(ledger);
    });

    it('E-2: history lists every movement of a serial in order, with documents, warehouses and statuses', async () => {
      at('2024-05-01T08:00:00Z');
      const bought = await buy('ACME', 'MAIN', 'WIDGET', ['H-1'], 12);
      at('2024-05-02T08:00:00Z');
      const out = await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('h-1'), reason: 'lost' });
      at('2024-05-03T08:00:00Z');
      const back = await adjust({ direction: 'in', warehouse: 'BACK', product: 'WIDGET', serials: serials('H-1'), reason: 'found' });
      vi.useRealTimers();
      const history = await serialHistory(ledger.db, ' h-1 ');
      expect(history).toEqual([
        {
          serial: 'H-1',
          product: 'WIDGET',
          at: '2024-05-01T08:00:00.000Z',
          kind: 'receipt',
          documentType: 'purchase_receipt',
          document: bought.receipt,
          purchaseOrder: bought.po,
          salesOrder: null,
          from: null,
          to: 'MAIN',
          statusBefore: null,
          status: 'available',
          party: 'ACME',
          unitCost: 12,
          unit: null,
        },
        {
          serial: 'H-1',
          product: 'WIDGET',
          at: '2024-05-02T08:00:00.000Z',
          kind: 'adjustment_out',
          documentType: 'adjustment',
          document: out.number,
          purchaseOrder: null,
          salesOrder: null,
          from: 'MAIN',
          to: null,
          statusBefore: 'available',
          status: 'unavailable',
          party: null,
          unitCost: null,
          unit: null,
        },
        {
          serial: 'H-1',
          product: 'WIDGET',
          at: '2024-05-03T08:00:00.000Z',
          kind: 'adjustment_in',
          documentType: 'adjustment',
          document: back.number,
          purchaseOrder: null,
          salesOrder: null,
          from: null,
          to: 'BACK',
          statusBefore: 'unavailable',
          status: 'available',
          party: null,
          unitCost: null,
          unit: null,
        },
      ]);
    });

    it('E-2: history keeps movement order even when several happen in the same instant', async () => {
      at('2024-06-01T00:00:00Z');
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('T-1') });
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('T-1') });
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'WIDGET', serials: serials('T-1') });
      await adjust({ direction: 'out', warehouse: 'BACK', product: 'WIDGET', serials: serials('T-1') });
      vi.useRealTimers();
      expect((await serialHistory(ledger.db, 'T-1')).map((h) => [h.kind, h.document])).toEqual([
        ['adjustment_in', 'SA-00000001'],
        ['adjustment_out', 'SA-00000002'],
        ['adjustment_in', 'SA-00000003'],
        ['adjustment_out', 'SA-00000004'],
      ]);
    });

    it('E-2: history of a serialized-with-stock product starts at the serialize document', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '1' });
      const sz = await ledger.write((db) => serializeProduct(db, { product: 'CABLE', serials: serials('C-1') }));
      expect((await serialHistory(ledger.db, 'C-1', 'cable')).map((h) => [h.kind, h.document, h.to, h.status])).toEqual([
        ['serialize', sz.number, 'MAIN', 'available'],
      ]);
    });

    it('E-2: history says which products have the serial: each one when the same text is a serial of several, the one asked for with a product', async () => {
      await ledger.write((db) => addProduct(db, { code: 'GADGET', serialized: true }));
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('X-1') });
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'GADGET', serials: serials('x-1') });
      expect((await prepareHistory(ledger.db, 'X-1')).units).toEqual([
        { serial: 'x-1', product: 'GADGET' },
        { serial: 'X-1', product: 'WIDGET' },
      ]);
      expect((await prepareHistory(ledger.db, 'X-1', 'widget')).units).toEqual([{ serial: 'X-1', product: 'WIDGET' }]);
    });

    it('E-2: history of an unknown serial is rejected naming it', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('K-1') });
      const problems = await rejected(serialHistory(ledger.db, 'K-2'));
      expect(problems.map((p) => [p.code, p.serial])).toEqual([['unknown_serial', 'K-2']]);
      const wrongProduct = await rejected(serialHistory(ledger.db, 'K-1', 'CABLE'));
      expect(wrongProduct.map((p) => [p.code, p.serial, p.product])).toEqual([['unknown_serial', 'K-1', 'CABLE']]);
    });

    it('E-2: soh shows stock per product and warehouse with available serial counts', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W1', 'W2', 'W3') });
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'WIDGET', serials: serials('W4') });
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W2') });
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'CABLE', quantity: '7.5' });
      const rows = await stockOnHand(ledger.db);
      expect(rows).toEqual([
        { product: 'CABLE', description: '', warehouse: 'BACK', quantityE4: 75_000, serialized: false, serials: null },
        { product: 'WIDGET', description: '', warehouse: 'BACK', quantityE4: 10_000, serialized: true, serials: 1 },
        { product: 'WIDGET', description: '', warehouse: 'MAIN', quantityE4: 20_000, serialized: true, serials: 2 },
      ]);
      expect((await stockOnHand(ledger.db, { product: 'widget' })).map((r) => [r.warehouse, r.quantityE4, r.serials])).toEqual([
        ['BACK', 10_000, 1],
        ['MAIN', 20_000, 2],
      ]);
      expect((await stockOnHand(ledger.db, { warehouse: 'back' })).map((r) => [r.product, r.quantityE4])).toEqual([
        ['CABLE', 75_000],
        ['WIDGET', 10_000],
      ]);
    });

    it('E-2: soh hides rows that went to zero unless asked for them', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W1') });
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W1') });
      expect(await stockOnHand(ledger.db)).toEqual([]);
      expect((await stockOnHand(ledger.db, { includeZero: true })).map((r) => [r.product, r.warehouse, r.quantityE4, r.serials])).toEqual([
        ['WIDGET', 'MAIN', 0, 0],
      ]);
    });
  });
});
