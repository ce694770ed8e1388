// count start and count delete (RULES.md K-1, K-3). Starting takes the expected stock again
// (it may have moved since the count was created) and from then on freezes the count's
// products in its warehouse: the ledger refuses any other document that would move them
// (core/documents/stock-freeze.ts). Deleting releases them.

import { RejectedError } from '../../errors.js';
import { now } from '../values/clock.js';
import { listed } from '../values/words.js';
import { bulkInsert } from '../../db/bulk-insert.js';
import { findCount, requireStatus } from './find.js';
import { countView, type CountView } from './read.js';
import { takeSnapshot, type SnapshotChange } from './snapshot.js';
import type { Db } from '../../db/open.js';

export interface CountStarted {
  count: CountView;
  /** lines whose expected stock changed since the count was created */
  changes: SnapshotChange[];
}

/** Two counts in progress never hold the same product in the same warehouse: the one that does, and the products. */
async function overlapping(db: Db, countId: number, warehouseId: number): Promise<{ number: string; products: string[] } | undefined> {
  const rows = await db
    .selectFrom('stock_count_lines as mine')
    .innerJoin('stock_count_lines as theirs', 'theirs.product_id', 'mine.product_id')
    .innerJoin('stock_counts as c', 'c.id', 'theirs.stock_count_id')
    .innerJoin('products as p', 'p.id', 'mine.product_id')
    .select(['c.number', 'p.code'])
    .where('mine.stock_count_id', '=', countId)
    .where('c.id', '!=', countId)
    .where('c.status', '=', 'in_progress')
    .where('c.warehouse_id', '=', warehouseId)
    .orderBy('c.id')
    .orderBy('mine.line_no')
    .execute();
  const first = rows[0];
  return first && { number: first.number, products: rows.filter((r) => r.number === first.number).map((r) => r.code) };
}

/** An all-products count also counts products that got stock there since it was created. */
async function addNewProducts(db: Db, countId: number, warehouseId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('stock_levels as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select(['p.id', 'p.code', 'p.serialized'])
    .where('s.warehouse_id', '=', warehouseId)
    .where('s.quantity_e4', '!=', 0)
    .where((eb) => eb.or([eb('p.serialized', '=', 1), eb('p.never_diminishing', '=', 0)]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('stock_count_lines as l').select('l.id').where('l.stock_count_id', '=', countId).whereRef('l.product_id', '=', 'p.id'))))
    .orderBy('p.code_key')
    .execute();
  if (rows.length === 0) return [];
  const last = await db
    .selectFrom('stock_count_lines')
    .select((eb) => eb.fn.max('line_no').as('n'))
    .where('stock_count_id', '=', countId)
    .executeTakeFirst();
  const from = Number(last?.n ?? 0);
  await bulkInsert(
    db,
    'stock_count_lines',
    ['stock_count_id', 'line_no', 'product_id', 'serialized', 'expected_e4', 'counted_e4'],
    rows.map((r, i) => [countId, from + i + 1, r.id, r.serialized, 0, null]),
  );
  return rows.map((r) => r.code);
}

export async function startCount(db: Db, number: string): Promise<CountStarted> {
  const count = await findCount(db, number);
  requireStatus(count, ['open'], 'be started');
  // an all-products count also counts what got stock since; every line then must be free
  const added = count.allProducts ? await addNewProducts(db, count.id, count.warehouseId) : [];
  const other = await overlapping(db, count.id, count.warehouseId);
  if (other) {
    throw new RejectedError([
      {
        code: 'stock_count_overlaps',
        message: `Stock count ${other.number} is already in progress in warehouse ${count.warehouse} for ${listed(other.products)}: two counts cannot count the same product in one warehouse at once.`,
        fix: `Complete or delete ${other.number} first (serials count complete ${other.number}), or create this count without ${listed(other.products)}.`,
        document: other.number,
        warehouse: count.warehouse,
        product: other.products[0],
      },
    ]);
  }
  const changes = await takeSnapshot(db, { id: count.id, warehouseId: count.warehouseId }, { report: true });
  for (const c of changes) if (added.includes(c.product)) c.added = true;
  const at = now();
  await db.updateTable('stock_counts').set({ status: 'in_progress', started_at: at, updated_at: at }).where('id', '=', count.id).execute();
  return { count: await countView(db, { ...count, status: 'in_progress', startedAt: at }), changes };
}

/** An open or in-progress count is deleted: kept, marked deleted, and its products move freely again. */
export async function deleteCount(db: Db, number: string): Promise<CountView> {
  const count = await findCount(db, number);
  requireStatus(count, ['open', 'in_progress'], 'be deleted');
  await db.updateTable('stock_counts').set({ status: 'deleted', updated_at: now() }).where('id', '=', count.id).execute();
  return countView(db, { ...count, status: 'deleted' });
}
