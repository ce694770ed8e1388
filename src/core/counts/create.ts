// count create (RULES.md K-1): a count of one warehouse, of the products named or of every
// product with stock there, recording per product the expected quantity and, for serialized
// products, the expected serials. It moves nothing until it is completed (complete.ts).

import { RejectedError, type Problem } from '../../errors.js';
import { post } from '../documents/posting.js';
import { requireEntry, requireProduct, type ProductInfo } from '../master-data/lookup.js';
import { bulkInsert } from '../../db/bulk-insert.js';
import { showCount, type CountView } from './read.js';
import { takeSnapshot } from './snapshot.js';
import type { Db } from '../../db/open.js';

export interface NewCount {
  warehouse: string;
  /** the products to count; none: every product with stock in the warehouse */
  products?: string[];
  /** a number of the user's own; else the next SC-… */
  number?: string;
}

/** A product a count may hold: P-7, a Never Diminishing product has no stock to count. */
export function notCountable(product: Pick<ProductInfo, 'code'>): Problem {
  return {
    code: 'product_not_countable',
    message: `Product ${product.code} is Never Diminishing: it has no stock, so it cannot be counted.`,
    fix: `Leave --product ${product.code} out of the count.`,
    product: product.code,
  };
}

/** The products with stock in the warehouse (invariant 2: a serialized product's level is its available serials), by code. */
async function productsWithStock(db: Db, warehouseId: number): Promise<{ id: number; serialized: boolean }[]> {
  const rows = await db
    .selectFrom('stock_levels as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select(['p.id', 'p.serialized'])
    .where('s.warehouse_id', '=', warehouseId)
    .where('s.quantity_e4', '!=', 0)
    .where((eb) => eb.or([eb('p.serialized', '=', 1), eb('p.never_diminishing', '=', 0)]))
    .orderBy('p.code_key')
    .execute();
  return rows.map((r) => ({ id: r.id, serialized: r.serialized === 1 }));
}

export async function createCount(db: Db, input: NewCount): Promise<CountView> {
  const problems: Problem[] = [];
  const warehouse = await requireEntry(db, 'warehouse', input.warehouse, problems);
  const named = input.products ?? [];
  const chosen: { id: number; serialized: boolean }[] = [];
  const seen = new Set<number>();
  for (const code of named) {
    const product = await requireProduct(db, code, problems);
    if (!product || seen.has(product.id)) continue;
    seen.add(product.id);
    if (!product.serialized && product.neverDiminishing) problems.push(notCountable(product));
    else chosen.push({ id: product.id, serialized: product.serialized });
  }
  if (!warehouse) throw new RejectedError(problems);
  const allProducts = named.length === 0;
  if (allProducts) {
    for (const p of await productsWithStock(db, warehouse.id)) chosen.push(p);
    if (chosen.length === 0) {
      problems.push({
        code: 'nothing_to_count',
        message: `Warehouse ${warehouse.code} holds no stock: there is nothing to count.`,
        fix: `Name the products to count with --product (a product with no stock is counted as expecting none).`,
        warehouse: warehouse.code,
      });
    }
  }

  const posted = await post(db, {
    type: 'stock_count',
    problems,
    ops: [],
    document: {
      number: input.number,
      async create(number, at) {
        const row = await db
          .insertInto('stock_counts')
          .values({ number, warehouse_id: warehouse.id, status: 'open', all_products: allProducts ? 1 : 0, created_at: at, updated_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        await bulkInsert(
          db,
          'stock_count_lines',
          ['stock_count_id', 'line_no', 'product_id', 'serialized', 'expected_e4', 'counted_e4'],
          chosen.map((p, i) => [row.id, i + 1, p.id, p.serialized ? 1 : 0, 0, null]),
        );
        await takeSnapshot(db, { id: row.id, warehouseId: warehouse.id }, { report: false });
        return row.id;
      },
    },
  });
  return showCount(db, posted.number);
}
