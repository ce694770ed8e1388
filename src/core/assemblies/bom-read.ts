// Reading bills of materials (M-1) and what they were built into: a product's components,
// which BOMs a product stands in, and which units still hold components. Assemblies,
// disassemblies, `bom show` and P-4 all read them through here.

import { chunk, IN_LIST } from '../../db/chunk.js';
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

/** Of these unit serials, those with components inside them now, with the assembly that built each. */
export async function unitsWithComponents(db: Db, unitIds: number[]): Promise<Map<number, string>> {
  const built = new Map<number, string>();
  for (const part of chunk(unitIds, IN_LIST)) {
    const rows = await db
      .selectFrom('serial_links as l')
      .innerJoin('assemblies as a', 'a.id', 'l.assembly_id')
      .select(['l.unit_serial_id', 'a.number'])
      .where('l.unit_serial_id', 'in', part)
      .where('l.disassembly_id', 'is', null)
      .execute();
    for (const r of rows) built.set(r.unit_serial_id, r.number);
  }
  return built;
}
