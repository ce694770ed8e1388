// Reading bills of materials (M-1): a product's components, and which BOMs a product stands
// in. Assemblies, disassemblies, `bom show` and P-4 all read BOMs through here.

import type { Db } from '../../db/open.js';
import type { ProductRef } from '../ledger/index.js';

export interface BomComponent {
  product: ProductRef & { description: string };
  /** per unit of the assembled product */
  quantityE4: number;
  lineNo: number;
}

/** A product's BOM in line order; empty when it has none. */
export async function readBom(db: Db, productId: number): Promise<BomComponent[]> {
  const rows = await db
    .selectFrom('bom_components as b')
    .innerJoin('products as p', 'p.id', 'b.component_id')
    .select(['b.line_no', 'b.quantity_e4', 'p.id', 'p.code', 'p.description', 'p.serialized', 'p.never_diminishing'])
    .where('b.product_id', '=', productId)
    .orderBy('b.line_no')
    .execute();
  return rows.map((r) => ({
    product: { id: r.id, code: r.code, description: r.description, serialized: r.serialized === 1, neverDiminishing: r.never_diminishing === 1 },
    quantityE4: r.quantity_e4,
    lineNo: r.line_no,
  }));
}

/** P-4: whether the product has a BOM of its own, and the products whose BOMs list it (codes, sorted). */
export async function bomsUsing(db: Db, productId: number): Promise<{ hasBom: boolean; componentOf: string[] }> {
  const own = await db.selectFrom('bom_components').select('product_id').where('product_id', '=', productId).limit(1).executeTakeFirst();
  const of = await db
    .selectFrom('bom_components as b')
    .innerJoin('products as p', 'p.id', 'b.product_id')
    .select('p.code')
    .where('b.component_id', '=', productId)
    .orderBy('p.code')
    .execute();
  return { hasBom: own !== undefined, componentOf: of.map((r) => r.code) };
}

