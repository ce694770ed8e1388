// Stock on hand per product and warehouse (RULES.md E-2), with available serial counts.
// One query, streamed: the serial counts are grouped by the database and joined in, so a
// report of any size comes out a chunk at a time.

import { RejectedError, shown, type Problem } from '../../errors.js';
import { findEntry, findProduct } from '../master-data/lookup.js';
import { collect, streamRows } from '../../db/stream.js';
import type { Db } from '../../db/open.js';

export interface StockRow {
  product: string;
  description: string;
  warehouse: string;
  quantityE4: number;
  serialized: boolean;
  /** available serials there; null for non-serialized products */
  serials: number | null;
}

export interface StockFilter {
  product?: string;
  warehouse?: string;
  includeZero?: boolean;
}

/** Checks the filter (an unknown product or warehouse is an error) and prepares the report. */
export async function prepareStockOnHand(db: Db, filter: StockFilter = {}): Promise<{ rows(): AsyncIterable<StockRow[]> }> {
  const problems: Problem[] = [];
  const product = filter.product !== undefined ? await findProduct(db, filter.product) : undefined;
  if (filter.product !== undefined && !product) {
    problems.push({ code: 'unknown_product', message: `There is no product ${shown(filter.product)}.`, fix: 'See them with: serials product list', product: filter.product });
  }
  const warehouse = filter.warehouse !== undefined ? await findEntry(db, 'warehouse', filter.warehouse) : undefined;
  if (filter.warehouse !== undefined && !warehouse) {
    problems.push({ code: 'unknown_warehouse', message: `There is no warehouse ${shown(filter.warehouse)}.`, fix: 'See them with: serials warehouse list', warehouse: filter.warehouse });
  }
  if (problems.length) throw new RejectedError(problems);

  let counts = db
    .selectFrom('serials as c')
    .select((eb) => ['c.product_id', 'c.warehouse_id', eb.fn.countAll<number>().as('n')])
    .where('c.status', '=', 'available')
    .groupBy(['c.product_id', 'c.warehouse_id']);
  if (product) counts = counts.where('c.product_id', '=', product.id);
  if (warehouse) counts = counts.where('c.warehouse_id', '=', warehouse.id);
  let q = db
    .selectFrom('stock_levels as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .innerJoin('warehouses as w', 'w.id', 'l.warehouse_id')
    .leftJoin(counts.as('n'), (j) => j.onRef('n.product_id', '=', 'l.product_id').onRef('n.warehouse_id', '=', 'l.warehouse_id'))
    .select(['p.code as product', 'p.description', 'w.code as warehouse', 'l.quantity_e4', 'p.serialized', 'n.n as serials']);
  if (product) q = q.where('l.product_id', '=', product.id);
  if (warehouse) q = q.where('l.warehouse_id', '=', warehouse.id);
  if (!filter.includeZero) q = q.where('l.quantity_e4', '!=', 0);
  const query = q.orderBy('p.code_key').orderBy('w.code_key');
  return {
    async *rows() {
      for await (const chunk of streamRows(db, query)) {
        yield chunk.map((r) => ({
          product: r.product,
          description: r.description,
          warehouse: r.warehouse,
          quantityE4: r.quantity_e4,
          serialized: r.serialized === 1,
          serials: r.serialized === 1 ? Number(r.serials ?? 0) : null,
        }));
      }
    },
  };
}

/** Every row in memory: for small results (the demo, tests). */
export async function stockOnHand(db: Db, filter: StockFilter = {}): Promise<StockRow[]> {
  return collect((await prepareStockOnHand(db, filter)).rows());
}
