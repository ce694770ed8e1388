import { beforeEach, describe, expect, it } from 'vitest';
import { commandsFor, rejected, serials } from '../helpers/core.js';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { addProduct } from '../../src/core/master-data/products.js';
import { createCount } from '../../src/core/counts/create.js';
import { listCounts, showCount } from '../../src/core/counts/read.js';
import { deleteCount, startCount } from '../../src/core/counts/status.js';
import { enterCount, scanCount, unscanCount, type CountSerialInput } from '../../src/core/counts/scans.js';
import { countVariance, type VarianceRow } from '../../src/core/counts/variance.js';
import { completeCount } from '../../src/core/counts/complete.js';
import { enquire } from '../../src/core/reports/enquiry.js';
import { serializeProduct } from '../../src/core/stock/product-serialization.js';

let ledger: TestLedger;
const { adjust } = commandsFor(() => ledger);
const create = (warehouse: string, products?: string[]) => ledger.write((db) => createCount(db, { warehouse, products }));
const start = (number: string) => ledger.write((db) => startCount(db, number));
const scan = (number: string, raws: string[], product?: string) => ledger.write((db) => scanCount(db, { number, product }, [raws.map((raw): CountSerialInput => ({ raw }))]));
const unscan = (number: string, raws: string[], product?: string) => ledger.write((db) => unscanCount(db, { number, product, serials: raws.map((raw) => ({ raw })) }));
const enter = (number: string, product: string, quantity: string) => ledger.write((db) => enterCount(db, { number, product, quantity }));
const complete = (number: string, uncountedAsZero = false) => ledger.write((db) => completeCount(db, { number, uncountedAsZero }));

/** The variance of a count: its rows (serial, class, warehouse, scans, action) by serial, and its summary. */
async function variance(number: string) {
  const report = await countVariance(ledger.db, number);
  const rows: VarianceRow[] = [];
  for await (const chunk of report.rows) rows.push(...chunk);
  rows.sort((a, b) => a.serial.localeCompare(b.serial));
  return {
    rows: rows.map((r) => [r.serial, r.product, r.class, r.situation, r.warehouse, r.scans, r.action]),
    summary: report.summary(),
  };
}

/** Each serial of a product: its warehouse, status and the kind of its last movement. */
async function serialState(product: string) {
  return (await enquire(ledger.db, { product })).map((x) => [x.serial, x.warehouse, x.status, x.lastDocument.kind]);
}

async function level(product: string, warehouse: string): Promise<number> {
  const row = await ledger.db
    .selectFrom('stock_levels as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .innerJoin('warehouses as w', 'w.id', 's.warehouse_id')
    .select('s.quantity_e4')
    .where('p.code', '=', product)
    .where('w.code', '=', warehouse)
    .executeTakeFirst();
  return row?.quantity_e4 ?? 0;
}

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

    it('K-1: a whole warehouse of many products expects each one\'s serials there (read straight through the serials table)', async () => {
      const codes = Array.from({ length: 60 }, (_, i) => `P${String(i).padStart(2, '0')}`);
      await ledger.write(async (db) => {
        for (const code of codes) await addProduct(db, { code, serialized: true });
      });
      await adjust({ direction: 'in', warehouse: 'BACK', serials: codes.flatMap((product) => [{ raw: `${product}-1`, product }, { raw: `${product}-2`, product }]) });
      await adjust({ direction: 'in', warehouse: 'MAIN', serials: codes.map((product) => ({ raw: `${product}-3`, product })) });
      const c = await create('BACK');
      expect(c.lines).toHaveLength(61);
      expect(c.lines.every((l) => l.expectedSerials === (l.product === 'WIDGET' ? 1 : 2))).toBe(true);
      const expected = await expectedSerials(c.number);
      expect(expected.P07).toEqual(['P07-1', 'P07-2']);
      expect(Object.values(expected).flat()).toHaveLength(121);
    });

    it('K-1: count show reads back what create recorded', async () => {
      const c = await create('MAIN', ['WIDGET']);
      expect(await showCount(ledger.db, 'sc-00000001')).toEqual(c);
    });
  });

  describe('count start (K-1, K-3)', () => {
    it('K-1: start takes the expected stock again and says what changed since the count was created', async () => {
      const c = await create('MAIN', ['WIDGET', 'CABLE']);
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W3') });
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W4', 'W5') });
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '1' });
      const started = await start(c.number);
      expect(started.count.status).toBe('in_progress');
      expect(started.count.startedAt).not.toBeNull();
      expect(started.changes).toEqual([
        { product: 'WIDGET', added: false, expectedBeforeE4: 30_000, expectedE4: 40_000, serialsAdded: 2, serialsRemoved: 1 },
        { product: 'CABLE', added: false, expectedBeforeE4: 25_000, expectedE4: 35_000, serialsAdded: 0, serialsRemoved: 0 },
      ]);
      expect(await expectedSerials(c.number)).toEqual({ WIDGET: ['W1', 'W2', 'W4', 'W5'] });
    });

    it('K-1: nothing changed, nothing said; an all-products count also takes products that got stock since', async () => {
      const c = await create('BACK');
      expect(c.lines.map((l) => l.product)).toEqual(['WIDGET']);
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'GADGET', serials: serials('G7') });
      const started = await start(c.number);
      expect(started.changes).toEqual([{ product: 'GADGET', added: true, expectedBeforeE4: 0, expectedE4: 10_000, serialsAdded: 1, serialsRemoved: 0 }]);
      expect(started.count.lines.map((l) => [l.lineNo, l.product])).toEqual([
        [1, 'WIDGET'],
        [2, 'GADGET'],
      ]);
      const again = await create('MAIN', ['GADGET']);
      expect((await start(again.number)).changes).toEqual([]);
    });

    it('K-3: two counts cannot be in progress on the same product in the same warehouse: the second is refused naming the first', async () => {
      const first = await create('MAIN', ['WIDGET', 'GADGET']);
      const second = await create('MAIN', ['CABLE', 'GADGET']);
      const elsewhere = await create('BACK', ['WIDGET']);
      const other = await create('MAIN', ['CABLE']);
      await start(first.number);
      const problems = await rejected(start(second.number));
      expect(problems.map((p) => [p.code, p.document, p.warehouse, p.product])).toEqual([['stock_count_overlaps', first.number, 'MAIN', 'GADGET']]);
      expect(problems[0]?.message).toContain(first.number);
      expect((await showCount(ledger.db, second.number)).status).toBe('open');
      // another product, or the same product in another warehouse, is free to be counted
      await start(other.number);
      await start(elsewhere.number);
      expect((await rejected(start(first.number))).map((p) => p.code)).toEqual(['stock_count_in_progress']);
    });

    it('K-3: while in progress, its products cannot move in its warehouse (naming the count); others can; after delete they can again', async () => {
      const c = await create('MAIN', ['WIDGET']);
      // open: nothing is frozen yet
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W4') });
      await start(c.number);
      const problems = await rejected(adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W5') }));
      expect(problems.map((p) => [p.code, p.product, p.warehouse, p.document])).toEqual([['stock_frozen', 'WIDGET', 'MAIN', c.number]]);
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'GADGET', serials: serials('G2') });
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'WIDGET', serials: serials('W5') });
      const deleted = await ledger.write((db) => deleteCount(db, c.number));
      expect(deleted.status).toBe('deleted');
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W4') });
      expect((await rejected(ledger.write((db) => deleteCount(db, c.number)))).map((p) => p.code)).toEqual(['stock_count_deleted']);
    });

    it('P-4: while a count is open or in progress its products cannot be serialized; the fix says to complete or delete the count; after delete they can', async () => {
      const c = await create('MAIN', ['EMPTY']);
      for (const step of [async () => undefined, () => start(c.number)]) {
        await step();
        const problems = await rejected(ledger.write((db) => serializeProduct(db, { product: 'EMPTY', serials: [] })));
        expect(problems.map((p) => [p.code, p.document])).toEqual([['product_on_open_documents', c.number]]);
        expect(problems[0]?.message).toContain(`stock count ${c.number}`);
        expect(problems[0]?.fix).toContain(`serials count complete ${c.number}`);
      }
      await ledger.write((db) => deleteCount(db, c.number));
      await ledger.write((db) => serializeProduct(db, { product: 'EMPTY', serials: [] }));
    });
  });

  describe('count scan, unscan, enter (K-4)', () => {
    it('K-4: scanning needs the count started; an open count says to start it', async () => {
      const c = await create('MAIN', ['WIDGET']);
      const problems = await rejected(scan(c.number, ['W1']));
      expect(problems.map((p) => p.code)).toEqual(['stock_count_open']);
      expect(problems[0]?.fix).toContain(`serials count start ${c.number}`);
    });

    it('K-4: a serial goes to the product that expects it, else the one the ledger knows it as; one product takes new serials', async () => {
      const c = await create('MAIN', ['WIDGET', 'GADGET', 'CABLE']);
      await start(c.number);
      const r = await scan(c.number, ['g1', ' W1 ', 'W9']);
      expect(r).toEqual({ number: c.number, scanned: 3, newSerials: 3, repeats: 0, products: [{ product: 'WIDGET', scanned: 2 }, { product: 'GADGET', scanned: 1 }] });
      // two serialized products: an unknown serial needs --product
      const problems = await rejected(scan(c.number, ['NEW-1']));
      expect(problems.map((p) => [p.code, p.serial])).toEqual([['serial_matches_no_product', 'NEW-1']]);
      expect(problems[0]?.fix).toContain('--product');
      await scan(c.number, ['NEW-1'], 'gadget');
      expect((await showCount(ledger.db, c.number)).lines.map((l) => [l.product, l.scannedSerials, l.countedNowE4])).toEqual([
        ['WIDGET', 2, 20_000],
        ['GADGET', 2, 20_000],
        ['CABLE', 0, null],
      ]);
      // CABLE is counted by quantity
      expect((await rejected(scan(c.number, ['C1'], 'CABLE'))).map((p) => p.code)).toEqual(['not_serialized']);
      expect((await rejected(scan(c.number, ['C1'], 'EMPTY'))).map((p) => p.code)).toEqual(['product_not_in_count']);
    });

    it('K-4: a serial two products claim is an error naming both and suggesting --product', async () => {
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'GADGET', serials: serials('W1') });
      const c = await create('MAIN', ['WIDGET', 'GADGET']);
      await start(c.number);
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'GADGET', serials: serials('SAME') });
      await adjust({ direction: 'in', warehouse: 'BACK', product: 'WIDGET', serials: serials('SAME') });
      const problems = await rejected(scan(c.number, ['W1', 'SAME']));
      expect(problems.map((p) => [p.code, p.serial])).toEqual([['serial_matches_several_products', 'SAME']]);
      expect(problems[0]?.message).toContain('WIDGET and GADGET');
      expect(problems[0]?.fix).toContain('--product');
      // nothing was written, W1 (expected of WIDGET) included
      expect((await showCount(ledger.db, c.number)).lines.map((l) => l.scannedSerials)).toEqual([0, 0]);
      await scan(c.number, ['SAME'], 'GADGET');
    });

    it('K-4: all or nothing, every problem in one pass: bad serial text (N-1, N-2) and unmatched serials', async () => {
      const c = await create('MAIN', ['WIDGET', 'GADGET']);
      await start(c.number);
      const problems = await rejected(scan(c.number, ['W1', 'BAD\tONE', '   ', 'NOPE']));
      expect(problems.map((p) => p.code)).toEqual(['invalid_serial', 'invalid_serial', 'serial_matches_no_product']);
      expect(problems[0]?.message).toContain('a tab at position 4');
      expect((await showCount(ledger.db, c.number)).lines.map((l) => l.scannedSerials)).toEqual([0, 0]);
    });

    it('K-4: a repeat scan is recorded as scanned twice, not counted twice; unscan takes a scan back', async () => {
      const c = await create('MAIN', ['WIDGET']);
      await start(c.number);
      expect(await scan(c.number, ['W1', 'w1', 'W2'])).toMatchObject({ scanned: 3, newSerials: 2, repeats: 1 });
      expect(await scan(c.number, ['W1'])).toMatchObject({ scanned: 1, newSerials: 0, repeats: 1 });
      const shown = await showCount(ledger.db, c.number);
      expect(shown.lines.map((l) => [l.scannedSerials, l.scans, l.countedNowE4])).toEqual([[2, 4, 20_000]]);
      expect(await unscan(c.number, ['W1', 'W2'])).toEqual({ number: c.number, unscanned: 2, removed: 1 });
      expect((await showCount(ledger.db, c.number)).lines.map((l) => [l.scannedSerials, l.scans])).toEqual([[1, 2]]);
      const problems = await rejected(unscan(c.number, ['W2', 'W1', 'W1', 'W1']));
      expect(problems.map((p) => [p.code, p.serial])).toEqual([
        ['serial_not_scanned', 'W2'],
        ['serial_not_scanned', 'W1'],
      ]);
    });

    it('K-4: count enter sets the quantity found of a non-serialized product (decimals allowed, replaced by a later entry)', async () => {
      const c = await create('MAIN', ['CABLE', 'WIDGET']);
      await start(c.number);
      expect(await enter(c.number, 'cable', '1.5')).toEqual({ number: c.number, product: 'CABLE', expectedE4: 25_000, countedE4: 15_000, previousE4: null });
      expect(await enter(c.number, 'CABLE', '0')).toMatchObject({ countedE4: 0, previousE4: 15_000 });
      expect((await rejected(enter(c.number, 'WIDGET', '3'))).map((p) => p.code)).toEqual(['serialized_product']);
      expect((await rejected(enter(c.number, 'CABLE', '-1'))).map((p) => p.code)).toEqual(['invalid_quantity']);
    });
  });

  describe('count variance and complete (K-5, K-6)', () => {
    /** MAIN: W1..W3 expected; W5 left stock; W9 is in BACK; X1 is unknown. Scanned: W1 twice, W2, W5, W9, X1; W3 not. */
    async function counted(): Promise<string> {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W5') });
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W5') });
      const c = await create('MAIN', ['WIDGET', 'CABLE']);
      await start(c.number);
      await scan(c.number, ['W1', 'W2', 'W5', 'W9', 'X1']);
      await scan(c.number, ['W1']);
      await enter(c.number, 'CABLE', '1.5');
      return c.number;
    }

    it('K-5: every serial classified: counted, missing, unexpected (unknown or unavailable), wrong place (with where), scanned twice', async () => {
      const number = await counted();
      const v = await variance(number);
      expect(v.rows).toEqual([
        ['W1', 'WIDGET', 'scanned_twice', 'counted', null, 2, 'none'],
        ['W2', 'WIDGET', 'counted', 'counted', null, 1, 'none'],
        ['W3', 'WIDGET', 'missing', 'missing', null, 0, 'remove'],
        ['W5', 'WIDGET', 'unexpected', 'unexpected', null, 1, 'add'],
        ['W9', 'WIDGET', 'wrong_place', 'wrong_place', 'BACK', 1, 'move'],
        ['X1', 'WIDGET', 'unexpected', 'unexpected', null, 1, 'add'],
      ]);
      expect(v.summary.products.map((p) => [p.line.product, p.expectedE4, p.countedE4, p.differenceE4, p.counted, p.missing, p.unexpected, p.wrongPlace, p.scannedTwice])).toEqual([
        ['WIDGET', 30_000, 50_000, 20_000, 2, 1, 2, 1, 1],
        ['CABLE', 25_000, 15_000, -10_000, 0, 0, 0, 0, 0],
      ]);
      expect(v.summary.totals).toEqual({ counted: 2, missing: 1, unexpected: 2, wrongPlace: 1, scannedTwice: 1, expectedE4: 55_000, countedE4: 65_000, differenceE4: 10_000, notCounted: [] });
    });

    it('K-6, N-4: complete posts every difference in one transaction: missing out, unexpected in (returning as the same record), wrong place moved here, quantities adjusted', async () => {
      const number = await counted();
      const w5 = await ledger.db.selectFrom('serials').select('id').where('serial', '=', 'W5').executeTakeFirstOrThrow();
      const done = await complete(number);
      expect(done.posted).toEqual({ removed: 1, added: 2, moved: 1, adjustedLines: 1 });
      expect(done.returning).toEqual([{ serial: 'W5', product: 'WIDGET', previousStatus: 'unavailable', lastDocument: 'SA-00000006' }]);
      expect(await serialState('WIDGET')).toEqual([
        ['W1', 'MAIN', 'available', 'adjustment_in'],
        ['W2', 'MAIN', 'available', 'adjustment_in'],
        ['W3', 'MAIN', 'unavailable', 'count_out'],
        ['W5', 'MAIN', 'available', 'count_in'],
        ['W9', 'MAIN', 'available', 'count_move'],
        ['X1', 'MAIN', 'available', 'count_in'],
      ]);
      expect((await ledger.db.selectFrom('serials').select('id').where('serial', '=', 'W5').executeTakeFirstOrThrow()).id).toBe(w5.id);
      expect(await level('WIDGET', 'MAIN')).toBe(50_000);
      expect(await level('WIDGET', 'BACK')).toBe(0);
      expect(await level('CABLE', 'MAIN')).toBe(15_000);
      const movements = await ledger.db.selectFrom('stock_movements').select(['kind', 'quantity_e4', 'at']).where('document_number', '=', number).orderBy('id').execute();
      expect(movements.map((m) => [m.kind, m.quantity_e4])).toEqual(
        expect.arrayContaining([
          ['count_out', -10_000],
          ['count_in', 20_000],
          ['count_move', -10_000],
          ['count_move', 10_000],
          ['count_out', -10_000],
        ]),
      );
      // one posting: one moment for every movement
      expect(new Set(movements.map((m) => m.at)).size).toBe(1);
      const shown = await showCount(ledger.db, number);
      expect([shown.status, shown.completedAt]).toEqual(['completed', done.completedAt]);
      expect(shown.lines.map((l) => [l.product, l.countedE4])).toEqual([
        ['WIDGET', 50_000],
        ['CABLE', 15_000],
      ]);
      // the freeze is over
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W9') });
      expect((await rejected(complete(number))).map((p) => p.code)).toEqual(['stock_count_completed']);
    });

    it('K-5: a completed count shows what was recorded at completion, not the ledger today', async () => {
      const number = await counted();
      const before = await variance(number);
      await complete(number);
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W9', 'W1') });
      const after = await variance(number);
      expect(after.rows).toEqual(before.rows);
      const figures = (v: typeof before) => ({ totals: v.summary.totals, products: v.summary.products.map(({ line, ...p }) => ({ product: line.product, ...p })) });
      expect(figures(after)).toEqual(figures(before));
      const classes = await ledger.db.selectFrom('stock_count_scans').select(['serial', 'class', 'found_warehouse_id']).orderBy('serial').execute();
      expect(classes.map((c) => [c.serial, c.class, c.found_warehouse_id !== null])).toEqual([
        ['W1', 'scanned_twice', false],
        ['W2', 'counted', false],
        ['W5', 'unexpected', false],
        ['W9', 'wrong_place', true],
        ['X1', 'unexpected', false],
      ]);
    });

    it('K-6: lines nothing was counted for refuse completion, naming them, unless counted as zero', async () => {
      const c = await create('MAIN', ['WIDGET', 'CABLE', 'GADGET']);
      await start(c.number);
      await scan(c.number, ['W1', 'W2', 'W3']);
      const problems = await rejected(complete(c.number));
      expect(problems.map((p) => p.code)).toEqual(['lines_not_counted']);
      expect(problems[0]?.message).toContain('CABLE and GADGET');
      expect(problems[0]?.fix).toContain('--uncounted-as-zero');
      expect((await showCount(ledger.db, c.number)).status).toBe('in_progress');
      const done = await complete(c.number, true);
      expect(done.posted).toEqual({ removed: 1, added: 0, moved: 0, adjustedLines: 1 });
      expect(await level('CABLE', 'MAIN')).toBe(0);
      expect(await level('GADGET', 'MAIN')).toBe(0);
      expect(await level('WIDGET', 'MAIN')).toBe(30_000);
      expect(done.products.map((p) => [p.line.product, p.countedE4, p.differenceE4])).toEqual([
        ['WIDGET', 30_000, 0],
        ['CABLE', 0, -25_000],
        ['GADGET', 0, -10_000],
      ]);
    });

    it('K-1: count list filters by status and warehouse', async () => {
      const a = await create('MAIN', ['WIDGET']);
      const b = await create('BACK', ['WIDGET']);
      await start(b.number);
      expect((await listCounts(ledger.db)).map((c) => [c.number, c.status, c.lineCount, c.expectedSerials])).toEqual([
        [b.number, 'in_progress', 1, 1],
        [a.number, 'open', 1, 3],
      ]);
      expect((await listCounts(ledger.db, { status: 'open' })).map((c) => c.number)).toEqual([a.number]);
      expect((await listCounts(ledger.db, { warehouse: 'back' })).map((c) => c.number)).toEqual([b.number]);
      expect((await rejected(listCounts(ledger.db, { warehouse: 'NOPE' }))).map((p) => p.code)).toEqual(['unknown_warehouse']);
    });
  });
});
