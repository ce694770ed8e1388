// Batches (src/db/bulk-insert.ts) on each engine: SQLite runs them row by row, PostgreSQL
// set-based (COPY, or one insert from unnest arrays: src/db/pg/batch.ts). Both must write the
// same rows and report the same turned-away rows. Each test writes inside a transaction it
// rolls back, so the ledger stays as seeded (and verifies).

import { beforeEach, expect, it } from 'vitest';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { bulkInsert } from '../../src/db/bulk-insert.js';
import { SERIAL_COLUMNS } from '../../src/core/ledger/writes.js';
import type { Db } from '../../src/db/open.js';

let ledger: TestLedger;
let widget: number;
let cable: number;
let main: number;

const ROLLBACK = new Error('rolled back on purpose');

/** fn's result, from a write transaction that is then rolled back. */
async function rolledBack<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  let out: T | undefined;
  try {
    await ledger.write(async (db) => {
      out = await fn(db);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  return out as T;
}

const AT = '2026-01-01T00:00:00.000Z';

/** A serial row in SERIAL_COLUMNS order. */
function serialRow(id: number, serial: string, product = widget, warehouse: number | null = main): unknown[] {
  return [id, product, serial, serial.toLowerCase(), 'available', warehouse, id, AT, AT];
}

async function serialsById(db: Db): Promise<{ id: number; product_id: number; serial: string; serial_key: string; warehouse_id: number | null }[]> {
  return db.selectFrom('serials').select(['id', 'product_id', 'serial', 'serial_key', 'warehouse_id']).orderBy('id').execute();
}

// Text that COPY's text format must escape or must not mistake for its own markers.
const AWKWARD = ['tab\there', 'new\nline', 'carriage\rreturn', 'back\\slash', '\\N', '\\', 'trailing\\', '\\t not a tab', 'ünïcødé ✓ 😀 日本', ' spaced ', '', 'a,b;"c"'];

forEachEngine((engine) => {
  beforeEach(async () => {
    ledger = await newLedger(engine);
    await seed(ledger);
    const ids = async (table: 'products' | 'warehouses', code: string) => (await ledger.db.selectFrom(table).select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    widget = await ids('products', 'WIDGET');
    cable = await ids('products', 'CABLE');
    main = await ids('warehouses', 'MAIN');
  });

  it('a conflict-ignoring batch reports the rows a unique index turned away, keeping the first of two repeated keys', async () => {
    const { skipped, rows } = await rolledBack(async (db) => {
      await bulkInsert(db, 'serials', SERIAL_COLUMNS, [serialRow(1, 'OLD-1')]);
      const skipped = await bulkInsert(
        db,
        'serials',
        SERIAL_COLUMNS,
        [serialRow(2, 'A-1'), serialRow(3, 'A-2'), serialRow(4, 'a-1'), serialRow(5, 'A-1', cable), serialRow(6, 'old-1'), serialRow(7, 'A-3')],
        { ignoreConflicts: true },
      );
      return { skipped, rows: await serialsById(db) };
    });
    // 'a-1' repeats 'A-1' of the same product (keys are lowercase); 'old-1' is already there
    expect(skipped).toEqual([2, 4]);
    expect(rows.map((r) => [r.id, r.serial, r.product_id])).toEqual([
      [1, 'OLD-1', widget],
      [2, 'A-1', widget],
      [3, 'A-2', widget],
      [5, 'A-1', cable],
      [7, 'A-3', widget],
    ]);
  });

  it('a conflict-ignoring batch whose first column repeats still reports the rows turned away', async () => {
    const { skipped, names } = await rolledBack(async (db) => {
      const skipped = await bulkInsert(
        db,
        'customers',
        ['code', 'code_key', 'name', 'created_at'],
        [
          ['X', 'x', 'first', AT],
          ['X', 'x2', 'second', AT],
          ['Y', 'x', 'third', AT],
          ['BAKER', 'baker', 'fourth', AT],
        ],
        { ignoreConflicts: true },
      );
      const names = (await db.selectFrom('customers').select(['code_key', 'name']).orderBy('code_key').execute()).map((r) => `${r.code_key}=${r.name}`);
      return { skipped, names };
    });
    expect(skipped).toEqual([2, 3]);
    expect(names).toEqual(['baker=BAKER', 'x=first', 'x2=second']);
  });

  it('a batch that adds on conflict sums repeated keys inside the batch and into the rows already there', async () => {
    const levels = await rolledBack(async (db) => {
      const back = (await db.selectFrom('warehouses').select('id').where('code', '=', 'BACK').executeTakeFirstOrThrow()).id;
      const add = { addOnConflict: { on: ['product_id', 'warehouse_id'], column: 'quantity_e4' } } as const;
      await bulkInsert(db, 'stock_levels', ['product_id', 'warehouse_id', 'quantity_e4'], [[cable, main, 1_000_000]], add);
      await bulkInsert(
        db,
        'stock_levels',
        ['product_id', 'warehouse_id', 'quantity_e4'],
        [
          [cable, main, 50_000],
          [cable, back, 7],
          [cable, main, -20_000],
          [widget, main, 30_000],
          [cable, main, 5],
          [cable, back, 3],
        ],
        add,
      );
      const rows = await db.selectFrom('stock_levels').select(['product_id', 'warehouse_id', 'quantity_e4']).execute();
      return Object.fromEntries(rows.map((r) => [`${r.product_id === cable ? 'CABLE' : 'WIDGET'}@${r.warehouse_id === main ? 'MAIN' : 'BACK'}`, Number(r.quantity_e4)]));
    });
    expect(levels).toEqual({ 'CABLE@MAIN': 1_030_005, 'CABLE@BACK': 10, 'WIDGET@MAIN': 30_000 });
  });

  it('serial text comes back exactly as written, tabs, newlines, backslashes, \\N and unicode included, in small and large batches', async () => {
    const written: unknown[][] = [];
    // a small batch (PostgreSQL: one unnest insert), then a large one (PostgreSQL: COPY)
    AWKWARD.forEach((text, i) => written.push(serialRow(i + 1, `${text}#${i}`, widget, i % 3 === 0 ? null : main)));
    for (let i = 0; i < 1500; i++) {
      const id = AWKWARD.length + 1 + i;
      written.push(serialRow(id, `${AWKWARD[i % AWKWARD.length]}#${id}`, cable, i % 4 === 0 ? null : main));
    }
    const rows = await rolledBack(async (db) => {
      await bulkInsert(db, 'serials', SERIAL_COLUMNS, written.slice(0, AWKWARD.length));
      await bulkInsert(db, 'serials', SERIAL_COLUMNS, written.slice(AWKWARD.length));
      return serialsById(db);
    });
    expect(rows.length).toBe(written.length);
    expect(rows.map((r) => [r.id, r.product_id, r.serial, r.serial_key, r.warehouse_id])).toEqual(written.map((w) => [w[0], w[1], w[2], w[3], w[5]]));
  });

  it('a plain batch that breaks a unique index fails whole, small or large, and the ledger goes on working', async () => {
    for (const size of [5, 1500]) {
      const rows = Array.from({ length: size }, (_, i) => serialRow(i + 1, `U-${i}`));
      rows.push(serialRow(size + 1, 'U-0'));
      await expect(ledger.write((db) => bulkInsert(db, 'serials', SERIAL_COLUMNS, rows))).rejects.toThrow(/unique/i);
      expect(await ledger.db.selectFrom('serials').select('id').execute()).toEqual([]);
    }
    const ok = await rolledBack(async (db) => {
      await bulkInsert(db, 'serials', SERIAL_COLUMNS, [serialRow(1, 'U-0')]);
      return serialsById(db);
    });
    expect(ok.map((r) => r.serial)).toEqual(['U-0']);
  });

  it('batches of more rows than a statement can take parameters for: all written, the repeated ones reported', async () => {
    // 9 columns x 9,000 rows = 81,000 values: over PostgreSQL's 65,535 parameters per statement
    const count = 9000;
    const plain = Array.from({ length: count }, (_, i) => serialRow(i + 1, `P-${i}`));
    const again = Array.from({ length: count }, (_, i) => serialRow(count + i + 1, `P-${i * 2}`, widget));
    const { skipped, total } = await rolledBack(async (db) => {
      await bulkInsert(db, 'serials', SERIAL_COLUMNS, plain);
      const skipped = await bulkInsert(db, 'serials', SERIAL_COLUMNS, again, { ignoreConflicts: true });
      const total = await db.selectFrom('serials').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return { skipped, total: Number(total.n) };
    });
    // P-0, P-2, … P-8998 exist already: the first half of `again`
    expect(skipped).toEqual(Array.from({ length: count / 2 }, (_, i) => i));
    expect(total).toBe(count + count / 2);
  });

  // the speed of this is npm run bench's (section p); here, that a receipt-sized batch is written whole
  it('a batch of 100,000 serials is written whole (PostgreSQL: in one COPY)', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => serialRow(i + 1, `BIG-${String(i).padStart(6, '0')}`));
    const n = await rolledBack(async (db) => {
      await bulkInsert(db, 'serials', SERIAL_COLUMNS, rows);
      return Number((await db.selectFrom('serials').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    });
    expect(n).toBe(100_000);
  });
});
