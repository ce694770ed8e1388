// Finds master data by code, turning an unknown code into a Problem that says how to fix it.

import { RejectedError, shown, type Problem } from '../../errors.js';
import { codeKey } from '../values/codes.js';
import type { ProductRef, WarehouseRef } from '../ledger/index.js';
import type { Db } from '../../db/open.js';

export type DirectoryKind = 'warehouse' | 'supplier' | 'customer';
export const DIRECTORY_TABLE = { warehouse: 'warehouses', supplier: 'suppliers', customer: 'customers' } as const;

export interface EntryRef {
  id: number;
  code: string;
  name: string;
}

export interface ProductInfo extends ProductRef {
  description: string;
}

export async function findEntry(db: Db, kind: DirectoryKind, code: string): Promise<EntryRef | undefined> {
  return db
    .selectFrom(DIRECTORY_TABLE[kind])
    .select(['id', 'code', 'name'])
    .where('code_key', '=', codeKey(code))
    .executeTakeFirst();
}

/** Looks the code up; if unknown, records a problem and returns undefined. */
export async function requireEntry(
  db: Db,
  kind: DirectoryKind,
  code: string,
  problems: Problem[],
): Promise<EntryRef | undefined> {
  const found = await findEntry(db, kind, code);
  if (!found) {
    problems.push({
      code: `unknown_${kind}`,
      message: `There is no ${kind} with code ${shown(code)}.`,
      fix: `List them with: serials ${kind} list  (or add it: serials ${kind} add ${shown(code)} --name ...)`,
      ...(kind === 'warehouse' ? { warehouse: code } : {}),
    });
  }
  return found;
}

export async function findProduct(db: Db, code: string): Promise<ProductInfo | undefined> {
  const row = await db
    .selectFrom('products')
    .select(['id', 'code', 'description', 'serialized', 'never_diminishing'])
    .where('code_key', '=', codeKey(code))
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        code: row.code,
        description: row.description,
        serialized: row.serialized === 1,
        neverDiminishing: row.never_diminishing === 1,
      }
    : undefined;
}

export async function requireProduct(db: Db, code: string, problems: Problem[], source?: string): Promise<ProductInfo | undefined> {
  const found = await findProduct(db, code);
  if (!found) {
    problems.push({
      code: 'unknown_product',
      message: `There is no product with code ${shown(code)}${source ? ` (${source})` : ''}.`,
      fix: `List products with: serials product list  (or add it: serials product add ${shown(code)})`,
      product: code,
      ...(source ? { source } : {}),
    });
  }
  return found;
}

export function warehouseRef(entry: EntryRef): WarehouseRef {
  return { id: entry.id, code: entry.code };
}

/**
 * Product and warehouse for checking scanned serials as they arrive. Looked up once, before
 * the prompt opens: an unknown product or warehouse is refused then (RejectedError naming
 * each), not after the scanning.
 */
export async function scanTarget(db: Db, productCode: string, warehouseCode: string): Promise<{ product: ProductInfo; warehouse: WarehouseRef }> {
  const problems: Problem[] = [];
  const product = await requireProduct(db, productCode, problems);
  const warehouse = await requireEntry(db, 'warehouse', warehouseCode, problems);
  if (!product || !warehouse) throw new RejectedError(problems);
  return { product, warehouse: warehouseRef(warehouse) };
}
