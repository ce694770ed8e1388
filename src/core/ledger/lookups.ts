// What the ledger reads of its current state: serials by key, the documents of their last
// movements, warehouse codes and stock levels. Long key lists are read in chunks: anyOf()
// lists of listChunk() keys on the hot paths (one array parameter on PostgreSQL), IN_LIST ones elsewhere.

import { anyOf, chunk, IN_LIST, listChunk } from '../../db/chunk.js';
import type { Db } from '../../db/open.js';
import type { ExistingSerial } from './types.js';
import { PerLevel } from './per-level.js';

/** The ledger's serials of a product with these keys (see values/serial-text.ts), by key. */
export async function findSerials(db: Db, productId: number, keys: string[]): Promise<Map<string, ExistingSerial>> {
  const found = new Map<string, ExistingSerial>();
  for (const part of chunk(keys, listChunk(db))) {
    const rows = await db
      .selectFrom('serials')
      .select(['id', 'serial', 'serial_key', 'status', 'warehouse_id', 'last_movement_id'])
      .where('product_id', '=', productId)
      .where(anyOf(db, 'serial_key', part))
      .execute();
    for (const row of rows) found.set(row.serial_key, row);
  }
  return found;
}

/** Every serial of a product that is not deleted (P-6 deletes them). */
export async function liveSerials(db: Db, productId: number): Promise<ExistingSerial[]> {
  return db
    .selectFrom('serials')
    .select(['id', 'serial', 'serial_key', 'status', 'warehouse_id', 'last_movement_id'])
    .where('product_id', '=', productId)
    .where('status', '!=', 'deleted')
    .execute();
}

/** The document number of each of these movements. */
export async function lastDocuments(db: Db, movementIds: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const part of chunk(movementIds, listChunk(db))) {
    const rows = await db.selectFrom('serial_movements').select(['id', 'document_number']).where(anyOf(db, 'id', part)).execute();
    for (const row of rows) out.set(row.id, row.document_number);
  }
  return out;
}

/** Warehouse codes by id, read once when first needed. */
export function warehouseCodes(db: Db): (id: number | null) => Promise<string> {
  let codes: Map<number, string> | undefined;
  return async (id) => {
    if (id === null) return '(none)';
    codes ??= new Map((await db.selectFrom('warehouses').select(['id', 'code']).execute()).map((r) => [r.id, r.code]));
    return codes.get(id) ?? `#${id}`;
  };
}

/**
 * The stock levels of these (product, warehouse) pairs, read in a few queries; a pair with no
 * level row is absent (a level of 0).
 */
export async function stockLevels(db: Db, pairs: readonly { productId: number; warehouseId: number }[]): Promise<PerLevel<number>> {
  const levels = new PerLevel<number>();
  if (pairs.length === 0) return levels;
  const warehouses = new Set(pairs.map((p) => p.warehouseId));
  // by product only (a product has a level in a few warehouses): no second IN list to size
  for (const part of chunk([...new Set(pairs.map((p) => p.productId))], IN_LIST)) {
    const rows = await db.selectFrom('stock_levels').select(['product_id', 'warehouse_id', 'quantity_e4']).where('product_id', 'in', part).execute();
    for (const r of rows) if (warehouses.has(r.warehouse_id)) levels.set(r.product_id, r.warehouse_id, r.quantity_e4);
  }
  return levels;
}

/** A link in force: a component unit inside an assembled unit, put there by an assembly. */
export interface OpenLink {
  unitId: number;
  unit: string;
  /** the unit's product code */
  product: string;
  assembly: string;
  componentId: number;
  component: string;
  componentProductId: number;
}

/**
 * M-2 to M-4: the links in force (not closed by a disassembly) of these units, or of these
 * components, in the order they were made. Assemblies, disassemblies and the ledger's own
 * checks ask this one question.
 */
export async function openLinks(db: Db, side: 'unit' | 'component', serialIds: readonly number[]): Promise<OpenLink[]> {
  const links: OpenLink[] = [];
  const column = side === 'unit' ? 'l.unit_serial_id' : 'l.component_serial_id';
  for (const part of chunk([...serialIds], listChunk(db))) {
    const rows = await db
      .selectFrom('serial_links as l')
      .innerJoin('serials as u', 'u.id', 'l.unit_serial_id')
      .innerJoin('products as p', 'p.id', 'u.product_id')
      .innerJoin('assemblies as a', 'a.id', 'l.assembly_id')
      .innerJoin('serials as c', 'c.id', 'l.component_serial_id')
      .select(['l.unit_serial_id', 'u.serial as unit', 'p.code', 'a.number', 'l.component_serial_id', 'c.serial as component', 'c.product_id'])
      .where(anyOf(db, column, part))
      .where('l.disassembly_id', 'is', null)
      .orderBy('l.id')
      .execute();
    for (const r of rows) {
      links.push({ unitId: r.unit_serial_id, unit: r.unit, product: r.code, assembly: r.number, componentId: r.component_serial_id, component: r.component, componentProductId: r.product_id });
    }
  }
  return links;
}

/** Of these serials, those inside an assembled unit now, with the link that holds each. */
export async function insideUnits(db: Db, serialIds: readonly number[]): Promise<Map<number, OpenLink>> {
  return new Map((await openLinks(db, 'component', serialIds)).map((l) => [l.componentId, l]));
}
