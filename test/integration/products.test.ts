import { beforeEach, describe, expect, it } from 'vitest';
import { commandsFor, rejected, serials } from '../helpers/core.js';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { enableSerialTracking, getSettings } from '../../src/core/master-data/settings.js';
import { addEntry } from '../../src/core/master-data/directory.js';
import { addProduct, isSerialized, listProducts, showProduct } from '../../src/core/master-data/products.js';
import { serializeProduct, unserializeProduct } from '../../src/core/stock/product-serialization.js';
import { adjustStock } from '../../src/core/stock/adjustments.js';
import { createPurchaseOrder, deletePurchaseOrder } from '../../src/core/purchasing/purchase-orders.js';
import { receivePurchaseOrder } from '../../src/core/purchasing/purchase-receipts.js';
import { enquire } from '../../src/core/reports/enquiry.js';
import { serialHistory } from '../../src/core/reports/history.js';

let ledger: TestLedger;
const { soh } = commandsFor(() => ledger);

const adjust = (input: Parameters<typeof adjustStock>[1]) => ledger.write((db) => adjustStock(db, input));

forEachEngine((engine) => {
  describe('settings and products before serial tracking is on', () => {
    beforeEach(async () => {
      ledger = await newLedger(engine);
      await ledger.write(async (db) => {
        await addEntry(db, 'warehouse', { code: 'MAIN' });
        await addProduct(db, { code: 'CABLE' });
      });
    });

    it('P-1: no product can be created serialized until serial tracking is on', async () => {
      const problems = await rejected(ledger.write((db) => addProduct(db, { code: 'WIDGET', serialized: true })));
      expect(problems.map((p) => p.code)).toEqual(['serial_tracking_off']);
      expect(problems[0]?.product).toBe('WIDGET');
      expect(problems[0]?.fix).toContain('enable-serial-tracking');
      expect(await listProducts(ledger.db)).toHaveLength(1);
    });

    it('P-1: no existing product can be serialized until serial tracking is on', async () => {
      const problems = await rejected(ledger.write((db) => serializeProduct(db, { product: 'CABLE', serials: [] })));
      expect(problems.map((p) => p.code)).toEqual(['serial_tracking_off']);
      expect(await isSerialized(ledger.db, 'CABLE')).toBe(false);
    });

    it('P-1: enabling is once and for all: a second enable reports the first time and changes nothing', async () => {
      expect((await getSettings(ledger.db)).serialTrackingEnabled).toBe(false);
      const first = await ledger.write((db) => enableSerialTracking(db));
      expect(first.alreadyEnabled).toBe(false);
      const second = await ledger.write((db) => enableSerialTracking(db));
      expect(second).toEqual({ alreadyEnabled: true, enabledAt: first.enabledAt });
      const settings = await getSettings(ledger.db);
      expect(settings.serialTrackingEnabled).toBe(true);
      expect(settings.serialTrackingEnabledAt).toBe(first.enabledAt);
      // and now serializing works
      await ledger.write((db) => serializeProduct(db, { product: 'CABLE', serials: [] }));
      expect(await isSerialized(ledger.db, 'CABLE')).toBe(true);
    });
  });

  describe('products with serial tracking on', () => {
    beforeEach(async () => {
      ledger = await newLedger(engine);
      await seed(ledger);
    });

    it('P-2: a product is serialized or not, as created', async () => {
      const products = await listProducts(ledger.db);
      expect(products.map((p) => [p.code, p.serialized])).toEqual([
        ['CABLE', false],
        ['WIDGET', true],
      ]);
      expect(await isSerialized(ledger.db, 'widget')).toBe(true);
      expect(await isSerialized(ledger.db, 'cable')).toBe(false);
    });

    it('P-2: a Never Diminishing product cannot be created serialized', async () => {
      const problems = await rejected(ledger.write((db) => addProduct(db, { code: 'LABOUR', serialized: true, neverDiminishing: true })));
      expect(problems.map((p) => p.code)).toEqual(['never_diminishing_serialized']);
      expect(problems[0]?.product).toBe('LABOUR');
      expect((await listProducts(ledger.db)).map((p) => p.code)).not.toContain('LABOUR');
    });

    it('P-2: a Never Diminishing product cannot be serialized later', async () => {
      await ledger.write((db) => addProduct(db, { code: 'LABOUR', neverDiminishing: true }));
      const problems = await rejected(ledger.write((db) => serializeProduct(db, { product: 'LABOUR', serials: [] })));
      expect(problems.map((p) => p.code)).toEqual(['never_diminishing_serialized']);
      expect(problems[0]?.message).toContain('LABOUR');
      expect(await isSerialized(ledger.db, 'LABOUR')).toBe(false);
    });

    it('P-2: serializing an already serialized product, or un-serializing a plain one, is rejected', async () => {
      expect((await rejected(ledger.write((db) => serializeProduct(db, { product: 'WIDGET', serials: [] })))).map((p) => p.code)).toEqual([
        'already_serialized',
      ]);
      expect((await rejected(ledger.write((db) => unserializeProduct(db, 'CABLE')))).map((p) => p.code)).toEqual(['not_serialized']);
    });

    it('P-2: an unknown product is named in the error', async () => {
      const problems = await rejected(ledger.write((db) => serializeProduct(db, { product: 'NOPE', serials: [] })));
      expect(problems.map((p) => [p.code, p.product])).toEqual([['unknown_product', 'NOPE']]);
    });

    it('P-3: a serialized product rejects decimal quantities on adjustments and purchase order lines', async () => {
      const adj = await rejected(adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', quantity: '1.5', serials: serials('W1', 'W2'), reason: 'found' }));
      expect(adj.map((p) => p.code)).toContain('fractional_serialized_quantity');
      expect(adj.find((p) => p.code === 'fractional_serialized_quantity')?.product).toBe('WIDGET');
      const po = await rejected(
        ledger.write((db) => createPurchaseOrder(db, { supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '2.5' }] })),
      );
      expect(po.map((p) => [p.code, p.product])).toEqual([['fractional_serialized_quantity', 'WIDGET']]);
      expect(await soh()).toEqual([]);
    });

    it('P-3: a non-serialized product may hold decimal quantities', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '2.75', serials: [], reason: 'found' });
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'CABLE', quantity: '0.5', serials: [], reason: 'cut' });
      expect(await soh()).toEqual([{ product: 'CABLE', warehouse: 'MAIN', quantityE4: 22_500, serials: null }]);
    });

    it('P-4: serializing is blocked while the product is on an open purchase order, naming it', async () => {
      const po = await ledger.write((db) => createPurchaseOrder(db, { supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'CABLE', quantity: '3' }] }));
      const problems = await rejected(ledger.write((db) => serializeProduct(db, { product: 'CABLE', serials: [] })));
      expect(problems.map((p) => p.code)).toEqual(['product_on_open_documents']);
      expect(problems[0]?.message).toContain(po.number);
      expect(problems[0]?.document).toBe(po.number);
      expect(problems[0]?.product).toBe('CABLE');
      expect(await isSerialized(ledger.db, 'CABLE')).toBe(false);
      expect((await showProduct(ledger.db, 'CABLE')).openDocuments).toEqual([{ type: 'purchase order', number: po.number }]);
    });

    it('P-4: the error lists every blocking open document', async () => {
      const a = await ledger.write((db) => createPurchaseOrder(db, { supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '1' }] }));
      const b = await ledger.write((db) =>
        createPurchaseOrder(db, { supplier: 'ACME', warehouse: 'BACK', lines: [{ product: 'CABLE', quantity: '1' }, { product: 'WIDGET', quantity: '2' }] }),
      );
      const problems = await rejected(ledger.write((db) => unserializeProduct(db, 'WIDGET')));
      const blocking = problems.find((p) => p.code === 'product_on_open_documents');
      expect(blocking?.message).toContain(a.number);
      expect(blocking?.message).toContain(b.number);
      expect(blocking?.message).toContain('2 open document');
      expect(await isSerialized(ledger.db, 'WIDGET')).toBe(true);
    });

    it('P-4: a completed or deleted purchase order no longer blocks', async () => {
      const a = await ledger.write((db) => createPurchaseOrder(db, { supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'CABLE', quantity: '2' }] }));
      const b = await ledger.write((db) => createPurchaseOrder(db, { supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'CABLE', quantity: '1' }] }));
      await ledger.write((db) => receivePurchaseOrder(db, { purchaseOrder: a.number, serials: [] }));
      await ledger.write((db) => deletePurchaseOrder(db, b.number));
      const r = await ledger.write((db) => serializeProduct(db, { product: 'CABLE', serials: serials('C1', 'C2') }));
      expect(r.serialized).toBe(true);
      expect(r.serialCount).toBe(2);
    });

    it('P-5: serializing a product with stock needs one serial per unit; they become available where the stock is', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '2', serials: [], reason: 'opening' });
      const r = await ledger.write((db) => serializeProduct(db, { product: 'CABLE', serials: serials('C-1', 'C-2') }));
      expect(r.number).toMatch(/^SZ-\d{8}$/);
      expect(r.perWarehouse).toEqual([{ warehouse: 'MAIN', serialCount: 2 }]);
      expect(await isSerialized(ledger.db, 'CABLE')).toBe(true);
      const rows = await enquire(ledger.db, { product: 'CABLE' });
      expect(rows.map((x) => [x.serial, x.warehouse, x.status, x.lastDocument.number])).toEqual([
        ['C-1', 'MAIN', 'available', r.number],
        ['C-2', 'MAIN', 'available', r.number],
      ]);
      // the stock level itself does not change
      expect(await soh()).toEqual([{ product: 'CABLE', warehouse: 'MAIN', quantityE4: 20_000, serials: 2 }]);
    });

    it('P-5: with stock in two warehouses each serial names its warehouse and counts must match per warehouse', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '2', serials: [], reason: 'opening' });
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'CABLE', quantity: '1', serials: [], reason: 'opening' });
      const r = await ledger.write((db) =>
        serializeProduct(db, {
          product: 'CABLE',
          serials: [
            { raw: 'M1', warehouse: 'MAIN' },
            { raw: 'B1', warehouse: 'back' },
            { raw: 'M2', warehouse: 'MAIN' },
          ],
        }),
      );
      expect(r.serialCount).toBe(3);
      expect([...r.perWarehouse].sort((x, y) => x.warehouse.localeCompare(y.warehouse))).toEqual([
        { warehouse: 'BACK', serialCount: 1 },
        { warehouse: 'MAIN', serialCount: 2 },
      ]);
      expect((await enquire(ledger.db, { product: 'CABLE', warehouse: 'BACK' })).map((x) => x.serial)).toEqual(['B1']);
      expect((await enquire(ledger.db, { product: 'CABLE', warehouse: 'MAIN' })).map((x) => x.serial)).toEqual(['M1', 'M2']);
      expect(await soh()).toEqual([
        { product: 'CABLE', warehouse: 'BACK', quantityE4: 10_000, serials: 1 },
        { product: 'CABLE', warehouse: 'MAIN', quantityE4: 20_000, serials: 2 },
      ]);
    });

    it('P-5: a wrong count in one warehouse is rejected naming that warehouse, and nothing changes', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '2', serials: [], reason: 'opening' });
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'CABLE', quantity: '1', serials: [], reason: 'opening' });
      const problems = await rejected(
        ledger.write((db) =>
          serializeProduct(db, {
            product: 'CABLE',
            serials: [
              { raw: 'M1', warehouse: 'MAIN' },
              { raw: 'B1', warehouse: 'BACK' },
              { raw: 'B2', warehouse: 'BACK' },
            ],
          }),
        ),
      );
      expect(problems.map((p) => [p.code, p.warehouse]).sort()).toEqual([
        ['serial_count_mismatch', 'BACK'],
        ['serial_count_mismatch', 'MAIN'],
      ]);
      expect(await isSerialized(ledger.db, 'CABLE')).toBe(false);
      expect(await enquire(ledger.db, { product: 'CABLE' })).toEqual([]);
    });

    it('P-5: serials without a warehouse are rejected when the stock is in several warehouses', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '1', serials: [], reason: 'opening' });
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'CABLE', quantity: '1', serials: [], reason: 'opening' });
      const problems = await rejected(ledger.write((db) => serializeProduct(db, { product: 'CABLE', serials: serials('X1', 'X2') })));
      expect(problems.map((p) => p.code)).toContain('warehouse_required');
      expect(await isSerialized(ledger.db, 'CABLE')).toBe(false);
    });

    it('P-5: serials for a warehouse without stock, or an unknown warehouse, are rejected', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '1', serials: [], reason: 'opening' });
      const problems = await rejected(
        ledger.write((db) =>
          serializeProduct(db, {
            product: 'CABLE',
            serials: [
              { raw: 'M1', warehouse: 'MAIN' },
              { raw: 'B1', warehouse: 'BACK' },
              { raw: 'Z1', warehouse: 'NOWHERE' },
            ],
          }),
        ),
      );
      expect(problems.map((p) => [p.code, p.warehouse]).sort()).toEqual([
        ['serial_count_mismatch', 'BACK'],
        ['unknown_warehouse', 'NOWHERE'],
      ]);
      expect(await isSerialized(ledger.db, 'CABLE')).toBe(false);
    });

    it('P-5/N-6: the same serial given for two warehouses is a duplicate', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '1', serials: [], reason: 'opening' });
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'CABLE', quantity: '1', serials: [], reason: 'opening' });
      const problems = await rejected(
        ledger.write((db) =>
          serializeProduct(db, {
            product: 'CABLE',
            serials: [
              { raw: 'SAME-1', warehouse: 'MAIN' },
              { raw: 'same-1', warehouse: 'BACK' },
            ],
          }),
        ),
      );
      expect(problems.map((p) => p.code)).toContain('duplicate_serial');
      expect(problems.find((p) => p.code === 'duplicate_serial')?.serial).toBe('same-1');
      expect(await isSerialized(ledger.db, 'CABLE')).toBe(false);
    });

    it('P-5: stock that is not a whole number of units cannot be serialized', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '1.5', serials: [], reason: 'opening' });
      const problems = await rejected(ledger.write((db) => serializeProduct(db, { product: 'CABLE', serials: serials('X1') })));
      expect(problems.map((p) => [p.code, p.warehouse])).toEqual([['fractional_stock', 'MAIN']]);
      expect(problems[0]?.message).toContain('1.5');
      expect(await isSerialized(ledger.db, 'CABLE')).toBe(false);
    });

    it('P-5: invalid and duplicate serials are all reported when serializing', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '3', serials: [], reason: 'opening' });
      const problems = await rejected(ledger.write((db) => serializeProduct(db, { product: 'CABLE', serials: serials('OK1', 'bad\tone', 'ok1') })));
      expect(problems.map((p) => [p.code, p.serial]).sort()).toEqual([
        ['duplicate_serial', 'ok1'],
        ['invalid_serial', 'bad\tone'],
      ]);
      expect(await isSerialized(ledger.db, 'CABLE')).toBe(false);
    });

    it('P-5: a product without stock is serialized without serials', async () => {
      const r = await ledger.write((db) => serializeProduct(db, { product: 'CABLE', serials: [] }));
      expect(r).toMatchObject({ product: 'CABLE', serialized: true, serialCount: 0 });
      expect(await isSerialized(ledger.db, 'CABLE')).toBe(true);
      // and from now on it needs serials
      const problems = await rejected(adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', serials: [], reason: 'found' }));
      expect(problems.map((p) => p.code)).toEqual(['serials_required']);
    });

    it('P-6: un-serializing requires zero stock on hand, naming each warehouse with stock', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W1'), reason: 'found' });
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'WIDGET', serials: serials('W2'), reason: 'found' });
      const problems = await rejected(ledger.write((db) => unserializeProduct(db, 'WIDGET')));
      const stock = problems.filter((p) => p.code === 'stock_on_hand');
      expect(stock.map((p) => p.warehouse).sort()).toEqual(['BACK', 'MAIN']);
      expect(stock.every((p) => p.product === 'WIDGET')).toBe(true);
      expect(await isSerialized(ledger.db, 'WIDGET')).toBe(true);
      expect((await enquire(ledger.db, { product: 'WIDGET', status: 'available' })).map((r) => r.serial)).toEqual(['W1', 'W2']);
    });

    it('P-6: un-serializing a product without stock makes its serials deleted and keeps their history', async () => {
      const inn = await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W1', 'W2'), reason: 'found' });
      const out = await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W1', 'W2'), reason: 'scrapped' });
      const r = await ledger.write((db) => unserializeProduct(db, 'WIDGET'));
      expect(r).toMatchObject({ product: 'WIDGET', serialized: false, serialCount: 2 });
      expect(await isSerialized(ledger.db, 'WIDGET')).toBe(false);
      const rows = await enquire(ledger.db, { product: 'WIDGET' });
      expect(rows.map((x) => [x.serial, x.status, x.lastDocument.number])).toEqual([
        ['W1', 'deleted', r.number],
        ['W2', 'deleted', r.number],
      ]);
      const history = await serialHistory(ledger.db, 'W1', 'WIDGET');
      expect(history.map((h) => [h.document, h.status])).toEqual([
        [inn.number, 'available'],
        [out.number, 'unavailable'],
        [r.number, 'deleted'],
      ]);
      expect((await showProduct(ledger.db, 'WIDGET')).serialCounts).toEqual({ available: 0, unavailable: 0, deleted: 2 });
      // now a plain product: quantities without serials
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', quantity: '4', serials: [], reason: 'found' });
      expect(await soh()).toEqual([{ product: 'WIDGET', warehouse: 'MAIN', quantityE4: 40_000, serials: null }]);
    });

    it('P-6/N-4: serializing again brings a deleted serial back as the same record', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W1'), reason: 'found' });
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W1'), reason: 'lost' });
      await ledger.write((db) => unserializeProduct(db, 'WIDGET'));
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'WIDGET', quantity: '1', serials: [], reason: 'found again' });
      const r = await ledger.write((db) => serializeProduct(db, { product: 'WIDGET', serials: serials('w1') }));
      expect(r.returning).toEqual([expect.objectContaining({ serial: 'W1', product: 'WIDGET', previousStatus: 'deleted' })]);
      const rows = await enquire(ledger.db, { product: 'WIDGET' });
      expect(rows.map((x) => [x.serial, x.warehouse, x.status])).toEqual([['W1', 'BACK', 'available']]);
      expect((await serialHistory(ledger.db, 'W1')).map((h) => h.status)).toEqual(['available', 'unavailable', 'deleted', 'available']);
    });
  });
});
