// Turning serial tracking on or off for one product (RULES.md P-4 to P-6). Each change is
// recorded as a document (SZ-…) so that the serials' history says what happened.

import { quoteSerial } from '../values/serial-text.js';
import { RejectedError, type Problem, shown } from '../../errors.js';
import * as ledger from '../ledger/index.js';
import { findEntry, findProduct, requireProduct } from '../master-data/lookup.js';
import { bomsUsing, readBom } from '../assemblies/bom-read.js';
import { bomSetCommand } from '../assemblies/boms.js';
import { post } from '../documents/posting.js';
import { openDocumentsForProduct } from '../documents/open-documents.js';
import { formatQuantity, isWhole, QUANTITY_SCALE } from '../values/quantity.js';
import { checkMayBeSerialized } from '../master-data/products.js';
import { codeKey } from '../values/codes.js';
import type { Db } from '../../db/open.js';
import { grouped } from '../values/words.js';

export interface SerializeInput {
  product: string;
  /** each serial may name its warehouse (CSV `Warehouse Code` column) */
  serials: (ledger.SerialInput & { warehouse?: string })[];
  /** the warehouse for serials that do not name one */
  warehouse?: string;
}

export interface SerializationResult {
  number: string;
  product: string;
  serialized: boolean;
  /** serials recorded (serialize) or marked deleted (unserialize) */
  serialCount: number;
  perWarehouse: { warehouse: string; serialCount: number }[];
  returning: ledger.ReturningSerial[];
}

/** P-1, P-2 and P-4: whether the product may be serialized at all (serialize, import serials). */
export async function checkSerializable(db: Db, product: { id: number; code: string; neverDiminishing: boolean }, problems: Problem[]): Promise<void> {
  await checkMayBeSerialized(db, product, problems);
  await blockers(db, product, problems);
}

/** P-4: open documents the product is on, and bills of materials it stands in. */
async function blockers(db: Db, product: { id: number; code: string }, problems: Problem[]): Promise<void> {
  const open = await openDocumentsForProduct(db, product.id);
  if (open.length > 0) {
    problems.push({
      code: 'product_on_open_documents',
      message: `Product ${product.code} is on ${open.length === 1 ? 'an open document' : `${open.length} open documents`}: ${open.map((d) => `${d.type} ${d.number}`).join(', ')}.`,
      fix: `Finish or remove ${open.length === 1 ? 'it' : 'them'} first${open[0] ? `, e.g. ${finishing(open[0])}` : ''}.`,
      product: product.code,
      document: open[0]?.number,
    });
  }
  await bomBlockers(db, product, problems);
}

/** P-4: the product's own BOM, and the BOMs it is a component of, each with how to undo it. */
async function bomBlockers(db: Db, product: { id: number; code: string }, problems: Problem[]): Promise<void> {
  const { hasBom, componentOf } = await bomsUsing(db, product.id);
  if (hasBom) {
    problems.push({
      code: 'product_has_bom',
      message: `Product ${product.code} has a bill of materials (see it with: serials bom show ${product.code}).`,
      fix: `Delete it first: serials bom delete ${product.code}`,
      product: product.code,
    });
  }
  const first = componentOf[0];
  if (first === undefined) return;
  // the first BOM without this product, as the command that sets it
  const owner = await findProduct(db, first);
  const rest = owner ? (await readBom(db, owner.id)).filter((c) => c.product.id !== product.id).map((c) => ({ product: c.product.code, quantityE4: c.quantityE4 })) : [];
  const without = rest.length > 0 ? `${bomSetCommand(first, rest)}, or delete that BOM: serials bom delete ${first}` : `serials bom delete ${first} (${product.code} is its only component)`;
  problems.push({
    code: 'product_in_boms',
    message: `Product ${product.code} is in ${componentOf.length === 1 ? 'the bill of materials of' : `${componentOf.length} bills of materials:`} ${componentOf.join(', ')}.`,
    fix: `Take ${product.code} out of ${componentOf.length === 1 ? 'it' : 'each of them'} first, e.g. ${without}`,
    product: product.code,
  });
}

/** How to see to an open document that blocks the change. */
function finishing(d: { type: string; number: string }): string {
  if (d.type === 'shipment') return `dispatch or cancel ${d.number}: serials so dispatch ${d.number}, or serials so cancel-shipment ${d.number}`;
  if (d.type === 'assembly') return `complete or delete ${d.number}: serials assembly complete ${d.number}, or serials assembly delete ${d.number}`;
  if (d.type === 'stock count') return `complete or delete ${d.number}: serials count complete ${d.number}, or serials count delete ${d.number}`;
  const noun = d.type === 'purchase order' ? 'po' : 'so';
  return `see what is outstanding on ${d.number} with: serials ${noun} show ${d.number}`;
}

/** P-5: one serial per unit in every warehouse that holds stock or was given serials. */
export function checkSerialCounts(product: { code: string }, warehouses: Iterable<{ code: string; stockE4: number; given: number }>, problems: Problem[]): void {
  for (const w of warehouses) {
    if (!isWhole(w.stockE4)) {
      problems.push({
        code: 'fractional_stock',
        message: `Product ${product.code} has ${formatQuantity(w.stockE4)} in warehouse ${w.code}, which is not a whole number of units.`,
        fix: `Adjust the stock in ${w.code} to a whole number first: serials adjust out --warehouse ${w.code} --product ${product.code} --qty ${formatQuantity(w.stockE4 % QUANTITY_SCALE)} --reason "whole units only"`,
        product: product.code,
        warehouse: w.code,
      });
    } else if (w.given !== w.stockE4 / QUANTITY_SCALE) {
      problems.push({
        code: 'serial_count_mismatch',
        message: `Product ${product.code} has ${formatQuantity(w.stockE4)} in stock in warehouse ${w.code}, but ${w.given === 1 ? '1 serial was' : `${grouped(w.given)} serials were`} given for it.`,
        fix: `Give exactly one serial per unit in stock in each warehouse: ${formatQuantity(w.stockE4)} for ${w.code}.`,
        product: product.code,
        warehouse: w.code,
      });
    }
  }
}

/** Stock of the product per warehouse, where it is not zero. */
export async function stockByWarehouse(db: Db, productId: number) {
  return db
    .selectFrom('stock_levels as s')
    .innerJoin('warehouses as w', 'w.id', 's.warehouse_id')
    .select(['w.id', 'w.code', 's.quantity_e4'])
    .where('s.product_id', '=', productId)
    .where('s.quantity_e4', '!=', 0)
    .orderBy('s.warehouse_id')
    .execute();
}

/** The serialization change document, and the product's flag changed with it. */
function recordChange(db: Db, productId: number, serialized: boolean) {
  return async (number: string, at: string): Promise<number> => {
    const row = await db
      .insertInto('serialization_changes')
      .values({ number, product_id: productId, serialized: serialized ? 1 : 0, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('products').set({ serialized: serialized ? 1 : 0, updated_at: at }).where('id', '=', productId).execute();
    return row.id;
  };
}

export async function serializeProduct(db: Db, input: SerializeInput): Promise<SerializationResult> {
  const problems: Problem[] = [];
  const product = await requireProduct(db, input.product, problems);
  if (!product) throw new RejectedError(problems);
  if (product.serialized) {
    throw new RejectedError([
      { code: 'already_serialized', message: `Product ${product.code} is already serialized.`, fix: 'Nothing to do.', product: product.code },
    ]);
  }
  await checkSerializable(db, product, problems);

  // P-5: one serial per unit in every warehouse that holds stock.
  const stock = await stockByWarehouse(db, product.id);
  const byWarehouse = new Map<string, { id: number; code: string; stockE4: number; serials: ledger.SerialInput[] }>();
  for (const s of stock) byWarehouse.set(codeKey(s.code), { id: s.id, code: s.code, stockE4: s.quantity_e4, serials: [] });
  const implied = stock.length === 1 ? stock[0] : undefined;
  const unknownWarehouses = new Set<string>();
  for (const serial of input.serials) {
    const whCode = serial.warehouse ?? input.warehouse ?? implied?.code;
    if (!whCode) {
      problems.push({
        code: 'warehouse_required',
        message: `Serial ${quoteSerial(serial.raw)}${serial.source ? ` (${serial.source})` : ''} does not say which warehouse it is in, and ${product.code} has stock in ${stock.length} warehouses.`,
        fix: 'Give a CSV with Warehouse Code and Serial Number columns (--serials-file), or --warehouse.',
        product: product.code,
      });
      continue;
    }
    let target = byWarehouse.get(codeKey(whCode));
    if (!target) {
      const entry = await findEntry(db, 'warehouse', whCode);
      if (!entry) {
        if (!unknownWarehouses.has(codeKey(whCode))) {
          problems.push({ code: 'unknown_warehouse', message: `There is no warehouse with code ${shown(whCode)}.`, fix: 'List them with: serials warehouse list', warehouse: whCode });
        }
        unknownWarehouses.add(codeKey(whCode));
        continue;
      }
      target = { id: entry.id, code: entry.code, stockE4: 0, serials: [] };
      byWarehouse.set(codeKey(entry.code), target);
    }
    target.serials.push(serial);
  }
  checkSerialCounts(
    product,
    [...byWarehouse.values()].map((w) => ({ code: w.code, stockE4: w.stockE4, given: w.serials.length })),
    problems,
  );
  const ops: ledger.LedgerOp[] = [...byWarehouse.values()]
    .filter((w) => w.serials.length > 0)
    .map((w) => ({ op: 'serialize', movement: 'serialize', product: { ...product, serialized: true }, warehouse: { id: w.id, code: w.code }, serials: w.serials }));
  const posted = await post(db, { type: 'serialization', problems, ops, document: { create: recordChange(db, product.id, true) } });
  return {
    number: posted.number,
    product: product.code,
    serialized: true,
    serialCount: input.serials.length,
    perWarehouse: [...byWarehouse.values()].filter((w) => w.serials.length).map((w) => ({ warehouse: w.code, serialCount: w.serials.length })),
    returning: posted.returning,
  };
}

/** How to empty a warehouse of the product: the adjustment to run, with its serials when they are few enough to name. */
async function takeOutFix(db: Db, product: { id: number; code: string }, stock: { id: number; code: string; quantity_e4: number }): Promise<string> {
  const SHOWN = 10;
  const serials = await db
    .selectFrom('serials')
    .select('serial')
    .where('product_id', '=', product.id)
    .where('warehouse_id', '=', stock.id)
    .where('status', '=', 'available')
    .orderBy('id')
    .limit(SHOWN + 1)
    .execute();
  const command = `serials adjust out --warehouse ${stock.code} --product ${product.code} --reason "no longer serialized"`;
  if (serials.length > 0 && serials.length <= SHOWN) return `Adjust it out first: ${command} --serials ${serials.map((r) => r.serial).join(',')}`;
  return `Adjust it out first: ${command} --serials-file FILE, FILE listing its serials (serials enquiry --product ${product.code} --warehouse ${stock.code} --status available --format csv)`;
}

export async function unserializeProduct(db: Db, code: string): Promise<SerializationResult> {
  const problems: Problem[] = [];
  const product = await requireProduct(db, code, problems);
  if (!product) throw new RejectedError(problems);
  if (!product.serialized) {
    throw new RejectedError([
      { code: 'not_serialized', message: `Product ${product.code} is not serialized.`, fix: 'Nothing to do.', product: product.code },
    ]);
  }
  await blockers(db, product, problems);
  for (const s of await stockByWarehouse(db, product.id)) {
    problems.push({
      code: 'stock_on_hand',
      message: `Product ${product.code} has ${formatQuantity(s.quantity_e4)} in stock in warehouse ${s.code}; it can be un-serialized only with no stock.`,
      fix: await takeOutFix(db, product, s),
      product: product.code,
      warehouse: s.code,
    });
  }
  const posted = await post(db, { type: 'serialization', problems, ops: [{ op: 'unserialize', movement: 'unserialize', product }], document: { create: recordChange(db, product.id, false) } });
  return { number: posted.number, product: product.code, serialized: false, serialCount: posted.applied.serialsRemoved, perWarehouse: [], returning: [] };
}
