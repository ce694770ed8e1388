// Stock on hand per product and warehouse (RULES.md E-2), with available serial counts.

import { codeKey } from './codes.js';
import type { Db } from '../db/open.js';

export interface StockRow {
  product: string;
  description: string;
  warehouse: string;
  quantityE4: number;
  serialized: boolean;
  /** available serials there; null for non-serialized products */
  serials: number | null;
}

export async function stockOnHand(
  db: Db,
  filter: { product?: string; warehouse?: string; includeZero?: boolean } = {},
): Promise<StockRow[]> {
  let q = db
    .selectFrom('stock_levels as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .innerJoin('warehouses as w', 'w.id', 'l.warehouse_id')
    .select(['l.product_id', 'l.warehouse_id', 'p.code as product', 'p.description', 'w.code as warehouse', 'l.quantity_e4', 'p.serialized']);
  if (filter.product !== undefined) q = q.where('p.code_key', '=', codeKey(filter.product));
  if (filter.warehouse !== undefined) q = q.where('w.code_key', '=', codeKey(filter.warehouse));
  if (!filter.includeZero) q = q.where('l.quantity_e4', '!=', 0);
  const rows = await q.orderBy('p.code_key').orderBy('w.code_key').execute();

  let countQuery = db
    .selectFrom('serials as s')
    .select((eb) => ['s.product_id', 's.warehouse_id', eb.fn.countAll<number>().as('n')])
    .where('s.status', '=', 'available')
    .groupBy(['s.product_id', 's.warehouse_id']);
  if (filter.product !== undefined) {
    countQuery = countQuery.where('s.product_id', 'in', (eb) =>
      eb.selectFrom('products').select('id').where('code_key', '=', codeKey(filter.product as string)),
    );
  }
  const counts = new Map((await countQuery.execute()).map((c) => [`${c.product_id}:${c.warehouse_id}`, Number(c.n)]));
  return rows.map((r) => ({
    product: r.product,
    description: r.description,
    warehouse: r.warehouse,
    quantityE4: r.quantity_e4,
    serialized: r.serialized === 1,
    serials: r.serialized === 1 ? counts.get(`${r.product_id}:${r.warehouse_id}`) ?? 0 : null,
  }));
}
