import { beforeEach, describe, expect, it } from 'vitest';
import { commandsFor, rejected, serials } from '../helpers/core.js';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { addProduct } from '../../src/core/master-data/products.js';
import { createCount } from '../../src/core/counts/create.js';
import { showCount } from '../../src/core/counts/read.js';

let ledger: TestLedger;
const { adjust } = commandsFor(() => ledger);
const create = (warehouse: string, products?: string[]) => ledger.write((db) => createCount(db, { warehouse, products }));

/** The serials a count expects, per product. */
async function expectedSerials(number: string): Promise<Record<string, string[]>> {
  const rows = await ledger.db
    .selectFrom('stock_count_expected as e')
    .innerJoin('stock_counts as c', 'c.id', 'e.stock_count_id')
    .innerJoin('serials as r', 'r.id', 'e.serial_id')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .select(['p.code', 'r.serial'])
    .where('c.number', '=', number)
    .orderBy('r.serial')
    .execute();
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.code] ??= []).push(r.serial);
  return out;
}

forEachEngine((engine) => {
  beforeEach(async () => {
    ledger = await newLedger(engine);
    await seed(ledger);
    await ledger.write(async (db) => {
      await addProduct(db, { code: 'GADGET', serialized: true });
      await addProduct(db, { code: 'LABOUR', neverDiminishing: true });
      await addProduct(db, { code: 'EMPTY' });
    });
    await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W1', 'W2', 'W3') });
    await adjust({ direction: 'in', warehouse: 'BACK', product: 'WIDGET', serials: serials('W9') });
    await adjust({ direction: 'in', warehouse: 'MAIN', product: 'GADGET', serials: serials('G1') });
    await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '2.5' });
  });

  describe('count create (K-1)', () => {
    it('K-1: without products, every product with stock in the warehouse, its stock level and its available serials there', async () => {
      const c = await create('main');
      expect(c).toMatchObject({ number: 'SC-00000001', warehouse: 'MAIN', status: 'open', allProducts: true, startedAt: null });
      expect(c.lines.map((l) => [l.lineNo, l.product, l.serialized, l.expectedE4, l.expectedSerials, l.countedNowE4])).toEqual([
        [1, 'CABLE', false, 25_000, 0, null],
        [2, 'GADGET', true, 10_000, 1, 0],
        [3, 'WIDGET', true, 30_000, 3, 0],
      ]);
      expect(await expectedSerials(c.number)).toEqual({ GADGET: ['G1'], WIDGET: ['W1', 'W2', 'W3'] });
    });

    it('K-1: with products, a line per product named; a product with no stock there expects 0', async () => {
      const c = await create('BACK', ['widget', 'EMPTY', 'WIDGET']);
      expect(c.allProducts).toBe(false);
      expect(c.lines.map((l) => [l.product, l.expectedE4, l.expectedSerials])).toEqual([
        ['WIDGET', 10_000, 1],
        ['EMPTY', 0, 0],
      ]);
      expect(await expectedSerials(c.number)).toEqual({ WIDGET: ['W9'] });
    });

    it('K-1: a Never Diminishing product cannot be counted; unknown products and warehouses are named, all at once', async () => {
      const problems = await rejected(create('MAIN', ['LABOUR', 'NOPE']));
      expect(problems.map((p) => [p.code, p.product])).toEqual([
        ['product_not_countable', 'LABOUR'],
        ['unknown_product', 'NOPE'],
      ]);
      expect((await rejected(create('NOWHERE'))).map((p) => p.code)).toEqual(['unknown_warehouse']);
      expect(await ledger.db.selectFrom('stock_counts').select('id').execute()).toEqual([]);
    });

    it('K-1: a warehouse with no stock has nothing to count unless products are named', async () => {
      await ledger.write((db) => db.insertInto('warehouses').values({ code: 'EMPTYWH', code_key: 'emptywh', name: '', created_at: '2026-01-01T00:00:00.000Z' }).execute());
      expect((await rejected(create('EMPTYWH'))).map((p) => p.code)).toEqual(['nothing_to_count']);
      const c = await create('EMPTYWH', ['WIDGET']);
      expect(c.lines.map((l) => [l.product, l.expectedE4])).toEqual([['WIDGET', 0]]);
    });

    it('K-1: count show reads back what create recorded', async () => {
      const c = await create('MAIN', ['WIDGET']);
      expect(await showCount(ledger.db, 'sc-00000001')).toEqual(c);
    });
  });
});
