import { beforeEach, describe, expect, it } from 'vitest';
import { commandsFor, rejected, serials } from '../helpers/core.js';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { addProduct } from '../../src/core/master-data/products.js';
import { createPurchaseOrder, showPurchaseOrder } from '../../src/core/purchasing/purchase-orders.js';
import { serializeProduct, unserializeProduct } from '../../src/core/stock/product-serialization.js';
import { enquire } from '../../src/core/reports/enquiry.js';
import { serialHistory } from '../../src/core/reports/history.js';
import { stockOnHand } from '../../src/core/reports/stock-on-hand.js';

let ledger: TestLedger;
const { adjust, receive } = commandsFor(() => ledger);

async function newPo(product = 'WIDGET', quantity = '5', warehouse = 'MAIN'): Promise<string> {
  const po = await ledger.write((db) => createPurchaseOrder(db, { supplier: 'ACME', warehouse, lines: [{ product, quantity }] }));
  return po.number;
}

/** Everything a rejected command could have written. */
async function snapshot() {
  const count = async (table: 'serials' | 'serial_movements' | 'stock_movements' | 'purchase_receipts' | 'adjustments') =>
    (await ledger.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  return {
    serials: await enquire(ledger.db, {}),
    stock: await stockOnHand(ledger.db, { includeZero: true }),
    counts: [await count('serials'), await count('serial_movements'), await count('stock_movements'), await count('purchase_receipts'), await count('adjustments')],
  };
}

forEachEngine((engine) => {
  beforeEach(async () => {
    ledger = await newLedger(engine);
    await seed(ledger);
    await ledger.write((db) => addProduct(db, { code: 'GADGET', serialized: true }));
  });

  describe('N-1 serial characters', () => {
    it('N-1: a tab in a received serial is rejected naming the serial, product and position', async () => {
      const po = await newPo();
      const problems = await rejected(receive({ purchaseOrder: po, serials: [{ raw: 'SN\t7', source: '--serials item 1' }] }));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ code: 'invalid_serial', serial: 'SN\t7', product: 'WIDGET', source: '--serials item 1' });
      expect(problems[0]?.message).toContain('"SN\\t7"');
      expect(problems[0]?.message).toContain('position 3');
      expect(problems[0]?.message).toContain('--serials item 1');
      expect(await enquire(ledger.db, {})).toEqual([]);
    });

    it('N-1: non-ASCII characters are rejected on adjustments, naming the position', async () => {
      const problems = await rejected(adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('NO-Ø1') }));
      expect(problems.map((p) => [p.code, p.serial])).toEqual([['invalid_serial', 'NO-Ø1']]);
      expect(problems[0]?.message).toContain('position 4');
      expect(await stockOnHand(ledger.db)).toEqual([]);
    });

    it('N-1: 50 printable characters, inner spaces and symbols included, are accepted; 51 are not', async () => {
      const fifty = 'A b~!@#$%^&*()_+{}|:"<>?`-=[]\\;\',./'.padEnd(50, 'Z');
      expect(fifty).toHaveLength(50);
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials(fifty) });
      expect((await enquire(ledger.db, { serial: fifty })).map((r) => r.serial)).toEqual([fifty]);
      const problems = await rejected(adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('Q'.repeat(51)) }));
      expect(problems.map((p) => p.code)).toEqual(['invalid_serial']);
      expect(problems[0]?.message).toContain('51 characters');
    });
  });

  describe('N-2 trimming', () => {
    it('N-2: leading and trailing spaces are trimmed on receipts; inner spaces are kept', async () => {
      const po = await newPo();
      await receive({ purchaseOrder: po, serials: serials('  SN 001  ') });
      expect((await enquire(ledger.db, {})).map((r) => r.serial)).toEqual(['SN 001']);
      expect((await showPurchaseOrder(ledger.db, po)).lines[0]?.serials).toEqual(['SN 001']);
      // and the trimmed text is the same unit when it comes back out
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('SN 001   ') });
      expect((await enquire(ledger.db, { serial: ' sn 001 ' })).map((r) => r.status)).toEqual(['unavailable']);
    });

    it('N-2: inner spaces make a different serial', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('SN 1', 'SN  1', 'SN1') });
      expect((await enquire(ledger.db, {})).map((r) => r.serial).sort()).toEqual(['SN  1', 'SN 1', 'SN1']);
    });

    it('N-2: a serial that is empty after trimming is rejected', async () => {
      const problems = await rejected(adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('   ', 'OK') }));
      expect(problems.map((p) => [p.code, p.serial])).toEqual([['invalid_serial', '   ']]);
      expect(problems[0]?.message).toContain('is empty');
      expect(await enquire(ledger.db, {})).toEqual([]);
    });

    it('N-2: trimming applies when serializing a product with stock', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '1' });
      await ledger.write((db) => serializeProduct(db, { product: 'CABLE', serials: serials(' C 1 ') }));
      expect((await enquire(ledger.db, { product: 'CABLE' })).map((r) => r.serial)).toEqual(['C 1']);
    });
  });

  describe('N-3 uniqueness', () => {
    it('N-3: serials are unique per product ignoring case; the text is kept as first entered', async () => {
      const first = await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('ab-1') });
      const po = await newPo();
      const problems = await rejected(receive({ purchaseOrder: po, serials: serials('AB-1') }));
      expect(problems.map((p) => [p.code, p.serial, p.product, p.warehouse, p.document])).toEqual([
        ['serial_already_in_stock', 'ab-1', 'WIDGET', 'MAIN', first.number],
      ]);
      expect((await enquire(ledger.db, { serial: 'AB-1' })).map((r) => r.serial)).toEqual(['ab-1']);
    });

    it('N-3: the same text under two products is two different units', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('X-1') });
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'GADGET', serials: serials('x-1') });
      const rows = await enquire(ledger.db, { serial: 'X-1' });
      expect(rows.map((r) => [r.product, r.serial, r.warehouse, r.status])).toEqual([
        ['GADGET', 'x-1', 'BACK', 'available'],
        ['WIDGET', 'X-1', 'MAIN', 'available'],
      ]);
      // taking one out leaves the other
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('X-1') });
      expect((await enquire(ledger.db, { serial: 'x-1' })).map((r) => [r.product, r.status])).toEqual([
        ['GADGET', 'available'],
        ['WIDGET', 'unavailable'],
      ]);
      // history of the text without a product shows both units
      expect((await serialHistory(ledger.db, 'X-1')).map((h) => [h.product, h.kind])).toEqual([
        ['GADGET', 'adjustment_in'],
        ['WIDGET', 'adjustment_in'],
        ['WIDGET', 'adjustment_out'],
      ]);
    });
  });

  describe('N-4/N-5 one record for ever, three statuses', () => {
    it('N-5: a unit is available, then unavailable when it leaves, then deleted when its product stops being serialized', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'GADGET', serials: serials('G1', 'G2') });
      expect((await enquire(ledger.db, { product: 'GADGET' })).map((r) => r.status)).toEqual(['available', 'available']);
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'GADGET', serials: serials('G1', 'G2') });
      expect((await enquire(ledger.db, { product: 'GADGET' })).map((r) => r.status)).toEqual(['unavailable', 'unavailable']);
      await ledger.write((db) => unserializeProduct(db, 'GADGET'));
      expect((await enquire(ledger.db, { product: 'GADGET' })).map((r) => r.status)).toEqual(['deleted', 'deleted']);
      expect(await enquire(ledger.db, { product: 'GADGET', status: 'available' })).toEqual([]);
    });

    it('N-4: a unit that comes back by receipt after being adjusted out keeps one record and a continuous history', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-9') });
      const out = await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-9') });
      const po = await newPo('WIDGET', '1', 'BACK');
      const r = await receive({ purchaseOrder: po, serials: serials('w-9') });
      expect(r.returning).toEqual([{ serial: 'W-9', product: 'WIDGET', previousStatus: 'unavailable', lastDocument: out.number }]);
      const records = await ledger.db.selectFrom('serials').select(['id', 'serial']).execute();
      expect(records.map((x) => x.serial)).toEqual(['W-9']);
      expect((await serialHistory(ledger.db, 'W-9')).map((h) => [h.kind, h.status])).toEqual([
        ['adjustment_in', 'available'],
        ['adjustment_out', 'unavailable'],
        ['receipt', 'available'],
      ]);
    });
  });

  describe('N-6 serials on a document', () => {
    it('N-6: the same serial twice on one document (ignoring case) is rejected', async () => {
      const problems = await rejected(
        adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: [{ raw: 'D-1', source: 'line 1' }, { raw: 'D-2', source: 'line 2' }, { raw: 'd-1', source: 'line 3' }] }),
      );
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ code: 'duplicate_serial', serial: 'd-1', product: 'WIDGET', source: 'line 3' });
      expect(problems[0]?.message).toContain('line 1');
      expect(await enquire(ledger.db, {})).toEqual([]);
    });

    it('N-6: a duplicate after trimming is a duplicate', async () => {
      const po = await newPo();
      const problems = await rejected(receive({ purchaseOrder: po, serials: serials('E1', ' E1 ') }));
      expect(problems.map((p) => [p.code, p.serial])).toEqual([['duplicate_serial', 'E1']]);
    });

    it('N-6: the same text for two products on one document is allowed', async () => {
      const r = await adjust({
        direction: 'in',
        warehouse: 'MAIN',
        serials: [
          { raw: 'Z1', product: 'WIDGET' },
          { raw: 'Z1', product: 'GADGET' },
        ],
      });
      expect(r.lines.map((l) => [l.product, l.serials])).toEqual([
        ['WIDGET', ['Z1']],
        ['GADGET', ['Z1']],
      ]);
    });

    it('N-6: a line carries exactly as many serials as its quantity (adjustment)', async () => {
      const tooFew = await rejected(adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', quantity: '3', serials: serials('A', 'B') }));
      expect(tooFew.map((p) => [p.code, p.product])).toEqual([['serial_count_mismatch', 'WIDGET']]);
      expect(tooFew[0]?.message).toMatch(/quantity 3 needs 3 serials, but 2 were given/);
      const tooMany = await rejected(adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', quantity: '1', serials: serials('A', 'B') }));
      expect(tooMany.map((p) => p.code)).toEqual(['serial_count_mismatch']);
      expect(await enquire(ledger.db, {})).toEqual([]);
    });

    it('N-6: a line carries exactly as many serials as its quantity (receipt and decrease)', async () => {
      const po = await newPo();
      const r = await rejected(receive({ purchaseOrder: po, product: 'WIDGET', quantity: '2', serials: serials('A', 'B', 'C') }));
      expect(r.map((p) => p.code)).toEqual(['serial_count_mismatch']);
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('A', 'B') });
      const out = await rejected(adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', quantity: '2', serials: serials('A') }));
      expect(out.map((p) => p.code)).toEqual(['serial_count_mismatch']);
      expect((await enquire(ledger.db, { status: 'available' })).map((x) => x.serial)).toEqual(['A', 'B']);
    });
  });

  describe('every problem in one pass, nothing written', () => {
    it('N-1: a receipt with three different bad serials gives three problems and writes nothing', async () => {
      const po = await newPo();
      await receive({ purchaseOrder: po, serials: serials('GOOD-1') });
      const before = await snapshot();
      const problems = await rejected(receive({ purchaseOrder: po, serials: serials('BAD\t1', 'GOOD-2', 'BAD-é', 'B'.repeat(60)) }));
      expect(problems).toHaveLength(3);
      expect(problems.map((p) => p.code)).toEqual(['invalid_serial', 'invalid_serial', 'invalid_serial']);
      expect(problems.map((p) => p.serial)).toEqual(['BAD\t1', 'BAD-é', 'B'.repeat(60)]);
      expect(problems.every((p) => p.product === 'WIDGET')).toBe(true);
      expect(await snapshot()).toEqual(before);
      expect((await showPurchaseOrder(ledger.db, po)).lines[0]?.receivedE4).toBe(10_000);
    });

    it('N-3/N-6: invalid, duplicate and already-in-stock serials are all reported together', async () => {
      const inn = await adjust({ direction: 'in', warehouse: 'BACK', product: 'WIDGET', serials: serials('HAVE-1') });
      const po = await newPo('WIDGET', '4');
      const before = await snapshot();
      const problems = await rejected(receive({ purchaseOrder: po, serials: serials('X\n', 'NEW-1', 'new-1', 'have-1') }));
      expect(problems.map((p) => [p.code, p.serial])).toEqual([
        ['invalid_serial', 'X\n'],
        ['duplicate_serial', 'new-1'],
        ['serial_already_in_stock', 'HAVE-1'],
      ]);
      expect(problems[2]).toMatchObject({ warehouse: 'BACK', document: inn.number });
      expect(await snapshot()).toEqual(before);
    });

    it('PO-2/N-1: an over-receipt and bad serials are reported in the same pass', async () => {
      const po = await newPo('WIDGET', '1');
      const problems = await rejected(receive({ purchaseOrder: po, serials: serials('OK-1', 'BAD\t') }));
      expect(problems.map((p) => p.code).sort()).toEqual(['invalid_serial', 'over_receipt']);
      expect(await enquire(ledger.db, {})).toEqual([]);
    });

    it('A-1/N-1: every bad serial across two products of one adjustment is reported', async () => {
      const before = await snapshot();
      const problems = await rejected(
        adjust({
          direction: 'in',
          warehouse: 'MAIN',
          serials: [
            { raw: 'W\t1', product: 'WIDGET' },
            { raw: 'G\u00001', product: 'GADGET' },
            { raw: 'G-OK', product: 'GADGET' },
            { raw: 'g-ok', product: 'GADGET' },
          ],
        }),
      );
      expect(problems.map((p) => [p.code, p.product, p.serial])).toEqual([
        ['invalid_serial', 'WIDGET', 'W\t1'],
        ['invalid_serial', 'GADGET', 'G\u00001'],
        ['duplicate_serial', 'GADGET', 'g-ok'],
      ]);
      expect(await snapshot()).toEqual(before);
    });
  });
});
