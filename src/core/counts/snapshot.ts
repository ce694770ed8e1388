// What a count expects to find (RULES.md K-1): per line the stock level of its product in the
// count's warehouse, and for a serialized product every serial available there. Taken when
// the count is created and again when it starts (stock may have moved in between), in
// set-based statements: a warehouse of 200,000 serials is a few statements, not 200,000.

import type { Db } from '../../db/open.js';

export interface SnapshotChange {
  product: string;
  /** the line is new: an all-products count found stock of a product it had no line for */
  added: boolean;
  expectedBeforeE4: number;
  expectedE4: number;
  serialsAdded: number;
  serialsRemoved: number;
}

/** Lines beyond which the whole serials table is read rather than each product's serials (see takeSnapshot). */
const MANY_LINES = 50;

interface CountRef {
  id: number;
  warehouseId: number;
}

/** Sets every line's expected quantity to its stock level now; returns each line's level before and after. */
async function takeQuantities(db: Db, count: CountRef): Promise<Map<number, { product: string; before: number; after: number }>> {
  const before = await db
    .selectFrom('stock_count_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.id', 'p.code', 'l.expected_e4'])
    .where('l.stock_count_id', '=', count.id)
    .execute();
  await db
    .updateTable('stock_count_lines')
    .set((eb) => ({
      expected_e4: eb.fn.coalesce(
        eb
          .selectFrom('stock_levels as s')
          .select('s.quantity_e4')
          .whereRef('s.product_id', '=', 'stock_count_lines.product_id')
          .where('s.warehouse_id', '=', count.warehouseId),
        eb.lit(0),
      ),
    }))
    .where('stock_count_id', '=', count.id)
    .execute();
  const after = await db.selectFrom('stock_count_lines').select(['id', 'expected_e4']).where('stock_count_id', '=', count.id).execute();
  const levels = new Map(after.map((r) => [r.id, r.expected_e4]));
  return new Map(before.map((r) => [r.id, { product: r.code, before: r.expected_e4, after: levels.get(r.id) ?? 0 }]));
}

/** Per line, how many rows a statement grouped by line counted. */
async function perLine(rows: Promise<{ line_id: number; n: number | string | bigint }[]>): Promise<Map<number, number>> {
  return new Map((await rows).map((r) => [r.line_id, Number(r.n)]));
}

/**
 * Takes (or takes again) what the count expects: quantities from the stock levels, and the
 * available serials of its serialized lines. Taken again, expected serials no longer there are
 * dropped and new ones added, so it costs what changed; with `report` it returns the lines
 * that changed (a first snapshot has nothing to compare with).
 */
export async function takeSnapshot(db: Db, count: CountRef, options: { report: boolean }): Promise<SnapshotChange[]> {
  const quantities = await takeQuantities(db, count);
  const gone = (w: Db) =>
    w
      .selectFrom('stock_count_expected as e')
      .innerJoin('serials as r', 'r.id', 'e.serial_id')
      .where('e.stock_count_id', '=', count.id)
      .where((eb) => eb.or([eb('r.status', '!=', 'available'), eb('r.warehouse_id', '!=', count.warehouseId)]));
  // Available there and not yet expected. Of a few products, their serials are read through
  // the index by product; of many (a whole warehouse), the serials table is read straight
  // through instead, each row's product looked up among the lines: measured on 1,000,000
  // serials of 1,000 products, 140 ms against a second of lookups by product.
  const many = quantities.size > MANY_LINES;
  const fresh = (w: Db) =>
    (many
      ? w.selectFrom('serials as r').crossJoin('stock_count_lines as l').whereRef('l.product_id', '=', 'r.product_id')
      : w.selectFrom('stock_count_lines as l').innerJoin('serials as r', 'r.product_id', 'l.product_id')
    )
      .where('l.stock_count_id', '=', count.id)
      .where('l.serialized', '=', 1)
      .where('r.status', '=', 'available')
      .where('r.warehouse_id', '=', count.warehouseId)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('stock_count_expected as e')
              .select('e.serial_id')
              .where('e.stock_count_id', '=', count.id)
              .whereRef('e.serial_id', '=', 'r.id'),
          ),
        ),
      );
  let removed = new Map<number, number>();
  let added = new Map<number, number>();
  if (options.report) {
    removed = await perLine(gone(db).select((eb) => ['e.line_id', eb.fn.countAll<number>().as('n')]).groupBy('e.line_id').execute());
    added = await perLine(fresh(db).select((eb) => ['l.id as line_id', eb.fn.countAll<number>().as('n')]).groupBy('l.id').execute());
    if (removed.size > 0) {
      await db
        .deleteFrom('stock_count_expected')
        .where('stock_count_id', '=', count.id)
        .where('serial_id', 'in', gone(db).select('e.serial_id'))
        .execute();
    }
  }
  if (!options.report || added.size > 0) {
    await db
      .insertInto('stock_count_expected')
      .columns(['stock_count_id', 'line_id', 'serial_id'])
      .expression(fresh(db).select((eb) => [eb.val(count.id).as('stock_count_id'), 'l.id as line_id', 'r.id as serial_id']))
      .execute();
  }
  const changes: SnapshotChange[] = [];
  for (const [lineId, q] of quantities) {
    const change = { serialsAdded: added.get(lineId) ?? 0, serialsRemoved: removed.get(lineId) ?? 0 };
    if (q.before === q.after && change.serialsAdded === 0 && change.serialsRemoved === 0) continue;
    changes.push({ product: q.product, added: false, expectedBeforeE4: q.before, expectedE4: q.after, ...change });
  }
  return changes;
}

/** How many serials each line expects. */
export async function expectedSerialCounts(db: Db, countId: number): Promise<Map<number, number>> {
  return perLine(
    db
      .selectFrom('stock_count_expected')
      .select((eb) => ['line_id', eb.fn.countAll<number>().as('n')])
      .where('stock_count_id', '=', countId)
      .groupBy('line_id')
      .execute(),
  );
}
