import { beforeEach, describe, expect, it } from 'vitest';
import { commandsFor, rejected, serials } from '../helpers/core.js';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { addProduct } from '../../src/core/master-data/products.js';
import { adjustStock } from '../../src/core/stock/adjustments.js';
import { enquire } from '../../src/core/reports/enquiry.js';
import { serialHistory } from '../../src/core/reports/history.js';
import { serializeProduct, unserializeProduct } from '../../src/core/stock/product-serialization.js';

let ledger: TestLedger;
const { adjust, soh } = commandsFor(() => ledger);

async function serialIds(): Promise<{ serial: string; id: number }[]> {
  return ledger.db.selectFrom('serials').select(['serial', 'id']).orderBy('id').execute();
}

async function adjustmentCount(): Promise<number> {
  return (await ledger.db.selectFrom('adjustments').select('id').execute()).length;
}

forEachEngine((engine) => {
  beforeEach(async () => {
    ledger = await newLedger(engine);
    await seed(ledger);
  });

  describe('adjustments', () => {
    it('A-1: an increase of a serialized product names one new serial per unit; they become available', async () => {
      const r = await adjust({ direction: 'in', warehouse: 'main', product: 'widget', serials: serials('W1', 'W2', 'W3'), reason: ' opening stock ' });
      expect(r).toEqual({
        number: 'SA-00000001',
        direction: 'in',
        warehouse: 'MAIN',
        reason: 'opening stock',
        lines: [{ product: 'WIDGET', quantityE4: 30_000, serials: ['W1', 'W2', 'W3'] }],
        returning: [],
      });
      const rows = await enquire(ledger.db, { product: 'WIDGET' });
      expect(rows.map((x) => [x.serial, x.warehouse, x.status, x.lastDocument.number, x.lastDocument.kind])).toEqual([
        ['W1', 'MAIN', 'available', r.number, 'adjustment_in'],
        ['W2', 'MAIN', 'available', r.number, 'adjustment_in'],
        ['W3', 'MAIN', 'available', r.number, 'adjustment_in'],
      ]);
      expect(await soh()).toEqual([{ product: 'WIDGET', warehouse: 'MAIN', quantityE4: 30_000, serials: 3 }]);
    });

    it('A-1: a decrease names available serials in that warehouse; they become unavailable', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W1', 'W2', 'W3') });
      const r = await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('w2', 'W3'), reason: 'damaged' });
      // the serials as the ledger records them, not as typed ('w2')
      expect(r).toMatchObject({ number: 'SA-00000002', direction: 'out', reason: 'damaged', lines: [{ product: 'WIDGET', quantityE4: 20_000, serials: ['W2', 'W3'] }] });
      const rows = await enquire(ledger.db, { product: 'WIDGET' });
      expect(rows.map((x) => [x.serial, x.warehouse, x.status, x.lastDocument.number])).toEqual([
        ['W1', 'MAIN', 'available', 'SA-00000001'],
        ['W2', 'MAIN', 'unavailable', r.number],
        ['W3', 'MAIN', 'unavailable', r.number],
      ]);
      expect(await soh()).toEqual([{ product: 'WIDGET', warehouse: 'MAIN', quantityE4: 10_000, serials: 1 }]);
    });

    it('A-1: a decrease of a serial that is in another warehouse is rejected naming where it is', async () => {
      const inn = await adjust({ direction: 'in', warehouse: 'BACK', product: 'WIDGET', serials: serials('W1') });
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W2') });
      const problems = await rejected(adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W1', 'W2') }));
      expect(problems.map((p) => [p.code, p.serial, p.product, p.warehouse, p.document])).toEqual([
        ['serial_in_other_warehouse', 'W1', 'WIDGET', 'BACK', inn.number],
      ]);
      expect(problems[0]?.message).toContain('BACK');
      expect(problems[0]?.message).toContain('MAIN');
      // nothing changed: W2 is still available too
      expect((await enquire(ledger.db, { status: 'available' })).map((x) => [x.serial, x.warehouse])).toEqual([
        ['W1', 'BACK'],
        ['W2', 'MAIN'],
      ]);
      expect(await adjustmentCount()).toBe(2);
    });

    it('A-1: a decrease of an unknown or already unavailable serial is rejected', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W1', 'W2') });
      const gone = await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W1') });
      const problems = await rejected(adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W1', 'NOPE', 'W2') }));
      expect(problems.map((p) => [p.code, p.serial, p.warehouse]).sort()).toEqual([
        ['serial_not_available', 'W1', 'MAIN'],
        ['unknown_serial', 'NOPE', 'MAIN'],
      ]);
      const notAvailable = problems.find((p) => p.code === 'serial_not_available');
      expect(notAvailable?.document).toBe(gone.number);
      expect(notAvailable?.message).toContain('unavailable');
      expect(await soh()).toEqual([{ product: 'WIDGET', warehouse: 'MAIN', quantityE4: 10_000, serials: 1 }]);
    });

    it('A-1: an adjustment needs a reason and a known warehouse and product', async () => {
      const problems = await rejected(
        ledger.write((db) => adjustStock(db, { direction: 'in', warehouse: 'ATTIC', product: 'GHOST', serials: serials('X1'), reason: '  ' })),
      );
      expect(problems.map((p) => p.code).sort()).toEqual(['reason_required', 'unknown_product', 'unknown_warehouse']);
      expect(problems.find((p) => p.code === 'unknown_warehouse')?.warehouse).toBe('ATTIC');
      expect(problems.find((p) => p.code === 'unknown_product')?.product).toBe('GHOST');
      expect(await adjustmentCount()).toBe(0);
    });

    it('A-1: a serialized product needs serials; a plain one needs a quantity; serials for a plain product are rejected', async () => {
      const a = await rejected(adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET' }));
      expect(a.map((p) => [p.code, p.product])).toEqual([['serials_required', 'WIDGET']]);
      const b = await rejected(adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE' }));
      expect(b.map((p) => [p.code, p.product])).toEqual([['quantity_required', 'CABLE']]);
      const c = await rejected(adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '1', serials: serials('C1') }));
      expect(c.map((p) => [p.code, p.product])).toEqual([['not_serialized', 'CABLE']]);
      expect(await soh()).toEqual([]);
    });

    it('A-1: serials naming their products (CSV) adjust several products in one document', async () => {
      await ledger.write((db) => addProduct(db, { code: 'GADGET', serialized: true }));
      const r = await adjust({
        direction: 'in',
        warehouse: 'BACK',
        serials: [
          { raw: 'S1', product: 'WIDGET' },
          { raw: 'S1', product: 'GADGET' },
          { raw: 'S2', product: 'widget' },
        ],
      });
      expect(r.lines).toEqual([
        { product: 'WIDGET', quantityE4: 20_000, serials: ['S1', 'S2'] },
        { product: 'GADGET', quantityE4: 10_000, serials: ['S1'] },
      ]);
      expect(await soh()).toEqual([
        { product: 'GADGET', warehouse: 'BACK', quantityE4: 10_000, serials: 1 },
        { product: 'WIDGET', warehouse: 'BACK', quantityE4: 20_000, serials: 2 },
      ]);
      const missing = await rejected(adjust({ direction: 'in', warehouse: 'BACK', serials: serials('S9') }));
      expect(missing.map((p) => [p.code, p.serial])).toEqual([['product_required', 'S9']]);
    });

    it('P-3: a non-serialized product adjusts by decimals in and out', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '10.125' });
      const out = await adjust({ direction: 'out', warehouse: 'MAIN', product: 'CABLE', quantity: '0.0005' });
      expect(out.lines).toEqual([{ product: 'CABLE', quantityE4: 5, serials: [] }]);
      expect(await soh()).toEqual([{ product: 'CABLE', warehouse: 'MAIN', quantityE4: 101_245, serials: null }]);
    });

    it('P-3: a serialized product cannot be adjusted by a decimal quantity', async () => {
      const problems = await rejected(adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', quantity: '0.5', serials: serials('W1') }));
      expect(problems.map((p) => [p.code, p.product])).toEqual([['fractional_serialized_quantity', 'WIDGET']]);
      expect(await soh()).toEqual([]);
    });

    it('A-1: taking out more of a plain product than the warehouse holds is rejected naming product and warehouse', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '2' });
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'CABLE', quantity: '5' });
      const problems = await rejected(adjust({ direction: 'out', warehouse: 'MAIN', product: 'CABLE', quantity: '2.5' }));
      expect(problems.map((p) => [p.code, p.product, p.warehouse])).toEqual([['insufficient_stock', 'CABLE', 'MAIN']]);
      expect(problems[0]?.message).toContain('has 2 in warehouse MAIN');
      expect(await soh()).toEqual([
        { product: 'CABLE', warehouse: 'BACK', quantityE4: 50_000, serials: null },
        { product: 'CABLE', warehouse: 'MAIN', quantityE4: 20_000, serials: null },
      ]);
    });

    it('A-1: taking a plain product out of a warehouse that never held it is rejected', async () => {
      const problems = await rejected(adjust({ direction: 'out', warehouse: 'BACK', product: 'CABLE', quantity: '1' }));
      expect(problems.map((p) => [p.code, p.warehouse])).toEqual([['insufficient_stock', 'BACK']]);
    });

    it('N-4: a serial adjusted out and back in is the same record, and the adjustment notes it', async () => {
      const first = await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('Ab-1') });
      const out = await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('AB-1') });
      const idsBefore = await serialIds();
      const back = await adjust({ direction: 'in', warehouse: 'BACK', product: 'WIDGET', serials: serials('ab-1', 'NEW-1') });
      expect(back.returning).toEqual([{ serial: 'Ab-1', product: 'WIDGET', previousStatus: 'unavailable', lastDocument: out.number }]);
      const idsAfter = await serialIds();
      expect(idsAfter.slice(0, idsBefore.length)).toEqual(idsBefore);
      expect(idsAfter.map((x) => x.serial)).toEqual(['Ab-1', 'NEW-1']);
      // text as first entered, now available in BACK, history continuing
      expect((await enquire(ledger.db, { serial: 'AB-1' })).map((x) => [x.serial, x.warehouse, x.status, x.lastDocument.number])).toEqual([
        ['Ab-1', 'BACK', 'available', back.number],
      ]);
      const history = await serialHistory(ledger.db, 'ab-1');
      expect(history.map((h) => [h.kind, h.document, h.from, h.to, h.statusBefore, h.status])).toEqual([
        ['adjustment_in', first.number, null, 'MAIN', null, 'available'],
        ['adjustment_out', out.number, 'MAIN', null, 'available', 'unavailable'],
        ['adjustment_in', back.number, null, 'BACK', 'unavailable', 'available'],
      ]);
      expect(await soh()).toEqual([{ product: 'WIDGET', warehouse: 'BACK', quantityE4: 20_000, serials: 2 }]);
    });

    it('N-4: a serial deleted by un-serializing comes back by adjustment as the same record', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('D-1') });
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('D-1') });
      const sz = await ledger.write((db) => unserializeProduct(db, 'WIDGET'));
      await ledger.write((db) => serializeProduct(db, { product: 'WIDGET', serials: [] }));
      const idsBefore = await serialIds();
      const back = await adjust({ direction: 'in', warehouse: 'BACK', product: 'WIDGET', serials: serials('d-1') });
      expect(back.returning).toEqual([{ serial: 'D-1', product: 'WIDGET', previousStatus: 'deleted', lastDocument: sz.number }]);
      expect(await serialIds()).toEqual(idsBefore);
      expect((await serialHistory(ledger.db, 'D-1')).map((h) => h.status)).toEqual(['available', 'unavailable', 'deleted', 'available']);
      expect(await soh()).toEqual([{ product: 'WIDGET', warehouse: 'BACK', quantityE4: 10_000, serials: 1 }]);
    });

    it('N-4: an increase of a serial still available is rejected, not treated as returning', async () => {
      const inn = await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W1') });
      const problems = await rejected(adjust({ direction: 'in', warehouse: 'BACK', product: 'WIDGET', serials: serials('W1') }));
      expect(problems.map((p) => [p.code, p.serial, p.warehouse, p.document])).toEqual([['serial_already_in_stock', 'W1', 'MAIN', inn.number]]);
      expect(await soh()).toEqual([{ product: 'WIDGET', warehouse: 'MAIN', quantityE4: 10_000, serials: 1 }]);
    });
  });
});
