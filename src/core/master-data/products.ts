// Products: add, list, show (RULES.md P-1 to P-3).

import { checkCode } from '../values/codes.js';
import { now } from '../values/clock.js';
import { RejectedError, type Problem, shown } from '../../errors.js';
import { findProduct, type ProductInfo } from './lookup.js';
import { openDocumentsForProduct, type OpenDocument } from '../documents/open-documents.js';
import { getSettings } from './settings.js';
import type { Db } from '../../db/open.js';
import type { SerialStatus } from '../../db/schema.js';

export interface NewProduct {
  code: string;
  description?: string;
  serialized?: boolean;
  neverDiminishing?: boolean;
}

/** ':' separates product, quantity and cost in `--line P:Q:C`, so it cannot be part of a code. */
export const PRODUCT_CODE_FORBIDDEN = ':';

export async function addProduct(db: Db, input: NewProduct): Promise<ProductInfo> {
  const problems: Problem[] = [];
  const checked = checkCode(input.code, { forbid: PRODUCT_CODE_FORBIDDEN });
  if (!checked.ok) {
    throw new RejectedError([
      {
        code: 'invalid_code',
        message: `The product code ${shown(input.code)} ${checked.reason}.`,
        fix: "Use 1 to 100 printable ASCII characters, without ':'.",
      },
    ]);
  }
  const existing = await findProduct(db, checked.code);
  if (existing) {
    problems.push({
      code: 'duplicate_product',
      message: `A product with code '${existing.code}' already exists (codes are compared ignoring case).`,
      fix: `Use another code, or see it with: serials product show '${existing.code}'`,
      product: existing.code,
    });
  }
  if (input.serialized) await checkMayBeSerialized(db, { code: checked.code, neverDiminishing: !!input.neverDiminishing }, problems);
  if (problems.length) throw new RejectedError(problems);
  const at = now();
  const row = await db
    .insertInto('products')
    .values({
      code: checked.code,
      code_key: checked.key,
      description: (input.description ?? '').trim(),
      serialized: input.serialized ? 1 : 0,
      never_diminishing: input.neverDiminishing ? 1 : 0,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    code: checked.code,
    description: (input.description ?? '').trim(),
    serialized: !!input.serialized,
    neverDiminishing: !!input.neverDiminishing,
  };
}

/** P-1 and P-2: whether a product may be serialized at all; records why not. */
export async function checkMayBeSerialized(
  db: Db,
  product: { code: string; neverDiminishing: boolean },
  problems: Problem[],
  source?: string,
): Promise<void> {
  const where = source ? ` (${source})` : '';
  if (!(await getSettings(db)).serialTrackingEnabled) {
    problems.push({
      code: 'serial_tracking_off',
      message: `Product ${product.code}${where} cannot be serialized: serial tracking is not enabled for the company.`,
      fix: 'Enable it once with: serials settings enable-serial-tracking',
      product: product.code,
      source,
    });
  }
  if (product.neverDiminishing) {
    problems.push({
      code: 'never_diminishing_serialized',
      message: `Product ${product.code}${where} is Never Diminishing, so it cannot be serialized.`,
      fix: 'A product is either Never Diminishing or serialized, not both.',
      product: product.code,
      source,
    });
  }
}

export interface ProductSummary {
  code: string;
  description: string;
  serialized: boolean;
  neverDiminishing: boolean;
  onHandE4: number;
}

export async function listProducts(db: Db): Promise<ProductSummary[]> {
  const rows = await db
    .selectFrom('products as p')
    .leftJoin('stock_levels as s', 's.product_id', 'p.id')
    .select((eb) => [
      'p.code',
      'p.description',
      'p.serialized',
      'p.never_diminishing',
      eb.fn.coalesce(eb.fn.sum<number>('s.quantity_e4'), eb.lit(0)).as('on_hand'),
    ])
    .groupBy(['p.id', 'p.code', 'p.description', 'p.serialized', 'p.never_diminishing', 'p.code_key'])
    .orderBy('p.code_key')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    description: r.description,
    serialized: r.serialized === 1,
    neverDiminishing: r.never_diminishing === 1,
    onHandE4: Number(r.on_hand),
  }));
}

export interface ProductDetail extends ProductInfo {
  stock: { warehouse: string; quantityE4: number }[];
  serialCounts: Record<SerialStatus, number>;
  openDocuments: OpenDocument[];
}

export async function showProduct(db: Db, code: string): Promise<ProductDetail> {
  const product = await findProduct(db, code);
  if (!product) {
    throw new RejectedError([
      { code: 'unknown_product', message: `There is no product with code ${shown(code)}.`, fix: 'List products with: serials product list', product: code },
    ]);
  }
  const stock = await db
    .selectFrom('stock_levels as s')
    .innerJoin('warehouses as w', 'w.id', 's.warehouse_id')
    .select(['w.code as warehouse', 's.quantity_e4 as quantityE4'])
    .where('s.product_id', '=', product.id)
    .where('s.quantity_e4', '!=', 0)
    .orderBy('w.code_key')
    .execute();
  const counts = await db
    .selectFrom('serials')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .where('product_id', '=', product.id)
    .groupBy('status')
    .execute();
  const serialCounts: Record<SerialStatus, number> = { available: 0, unavailable: 0, deleted: 0 };
  for (const c of counts) serialCounts[c.status] = Number(c.n);
  return { ...product, stock, serialCounts, openDocuments: await openDocumentsForProduct(db, product.id) };
}

/** Whether the product exists and is serialized (for deciding whether to ask for serials). */
export async function isSerialized(db: Db, code: string): Promise<boolean> {
  return (await findProduct(db, code))?.serialized === true;
}
