// Supplier returns (RULES.md ): units go back to the supplier of a purchase order,
// from its warehouse, for no more than was received on it minus what was returned already.
// Each serial must have been received on that order — unless the product was not
// serialized when that receipt happened (PO-4), when any available serial will do.

import { lineForProduct, productNotOnOrder } from '../documents/order-lines.js';
import { now } from '../values/clock.js';
import { RejectedError, type Problem } from '../../errors.js';
import * as ledger from '../ledger/index.js';
import { chunk, IN_LIST } from '../../db/chunk.js';
import { nextNumber } from '../documents/numbering.js';
import { findPurchaseOrder, purchaseOrderLines } from './purchase-orders.js';
import { formatQuantity, parseQuantity, unitsToE4 } from '../values/quantity.js';
import { checkSerial, quoteSerial } from '../values/serial-text.js';
import type { Db } from '../../db/open.js';

export interface SupplierReturnInput {
  purchaseOrder: string;
  product: string;
  quantity?: string;
  serials: ledger.SerialInput[];
}

export interface SupplierReturnResult {
  number: string;
  purchaseOrder: string;
  supplier: string;
  warehouse: string;
  product: string;
  quantityE4: number;
  serials: number;
}

/** The purchase order line a return is made against, and its receipts. */
async function returnTarget(db: Db, input: Pick<SupplierReturnInput, 'purchaseOrder' | 'product'>) {
  const po = await findPurchaseOrder(db, input.purchaseOrder);
  const line = lineForProduct(await purchaseOrderLines(db, po.id), input.product);
  if (!line) throw new RejectedError([productNotOnOrder(input.product, { kind: 'purchase', number: po.number })]);
  const receiptLines = await db
    .selectFrom('purchase_receipt_lines as rl')
    .innerJoin('purchase_receipts as r', 'r.id', 'rl.receipt_id')
    .select(['rl.receipt_id', 'rl.serialized'])
    .where('rl.purchase_order_line_id', '=', line.id)
    .execute();
  if (receiptLines.length === 0) {
    throw new RejectedError([
      { code: 'nothing_received', message: `Nothing of ${line.product} was received on ${po.number}, so nothing can be returned on it (R-1).`, fix: 'Return against the order the units were received on.', product: line.product, document: po.number },
    ]);
  }
  return { po, line, receiptLines };
}

export type Target = Awaited<ReturnType<typeof returnTarget>>;

/** serials received on this order, unless a receipt took the product unserialized. */
async function checkReceivedOnOrder(db: Db, { po, line, receiptLines }: Target, inputs: ledger.SerialInput[], problems: Problem[]): Promise<void> {
  if (line.serialized !== 1 || receiptLines.some((r) => r.serialized === 0)) return;
  const receiptIds = [...new Set(receiptLines.map((r) => r.receipt_id))];
  const keys = new Map<string, string>();
  for (const s of inputs) {
    const checked = checkSerial(s.raw);
    if (checked.ok) keys.set(checked.key, checked.text);
  }
  for (const part of chunk([...keys.keys()], IN_LIST)) {
    const received = new Set(
      (
        await db
          .selectFrom('serials as s')
          .innerJoin('serial_movements as m', 'm.serial_id', 's.id')
          .select('s.serial_key')
          .where('s.product_id', '=', line.product_id)
          .where('s.serial_key', 'in', part)
          .where('m.document_type', '=', 'purchase_receipt')
          .where('m.document_id', 'in', receiptIds)
          .execute()
      ).map((r) => r.serial_key),
    );
    for (const key of part) {
      if (received.has(key)) continue;
      const text = keys.get(key) ?? key;
      problems.push({
        code: 'not_received_on_order',
        message: `Serial ${quoteSerial(text)} of ${line.product} was not received on ${po.number}.`,
        fix: 'Return it against the purchase order it was received on (see: serials history ' + quoteSerial(text) + ').',
        serial: text,
        product: line.product,
        document: po.number,
      });
    }
  }
}

const productRef = (line: Target['line']): ledger.ProductRef => ({ id: line.product_id, code: line.product, serialized: line.serialized === 1, neverDiminishing: line.never_diminishing === 1 });

/**
 * For the scanner prompt: the order line a return's serials are checked against, resolved
 * once before the prompt opens, so that an unknown order or product fails before scanning.
 */
export const supplierReturnScanTarget = returnTarget;

/** Why this serial cannot go back on the return (R-2: received on the order, available there now), or null. Read-only. */
export async function supplierReturnSerialProblem(db: Db, target: Target, text: string): Promise<string | null> {
  const problems: Problem[] = [];
  await checkReceivedOnOrder(db, target, [{ raw: text }], problems);
  // in the prompt's style: the serial first, as the ledger's own checks put it
  if (problems[0]) return problems[0].message.replace(/^Serial /, '');
  return ledger.serialProblem(db, { product: productRef(target.line), warehouse: { id: target.po.warehouse_id, code: target.po.warehouse }, direction: 'out' }, text);
}

export async function createSupplierReturn(db: Db, input: SupplierReturnInput): Promise<SupplierReturnResult> {
  const target = await returnTarget(db, input);
  const { po, line } = target;
  const problems: Problem[] = [];

  let quantityE4: number;
  if (input.quantity !== undefined) {
    const q = parseQuantity(input.quantity);
    if (!q.ok) throw new RejectedError([{ code: 'invalid_quantity', message: `--qty: ${q.reason}.`, fix: 'Give a positive quantity.', product: line.product }]);
    quantityE4 = q.e4;
  } else if (line.serialized === 1) {
    quantityE4 = unitsToE4(input.serials.length);
  } else {
    throw new RejectedError([{ code: 'quantity_required', message: `Give the quantity of ${line.product} returned.`, fix: 'Add --qty N.', product: line.product }]);
  }
  if (quantityE4 === 0) {
    throw new RejectedError([{ code: 'serials_required', message: `Product ${line.product} is serialized: give one serial per unit returned.`, fix: 'Give serials.', product: line.product }]);
  }
  const returned = await db
    .selectFrom('supplier_return_lines')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('quantity_e4'), eb.lit(0)).as('e4'))
    .where('purchase_order_line_id', '=', line.id)
    .executeTakeFirstOrThrow();
  const returnable = line.received_e4 - Number(returned.e4);
  if (quantityE4 > returnable) {
    problems.push({
      code: 'over_return',
      message: `Returning ${formatQuantity(quantityE4)} of ${line.product} on ${po.number} is more than the ${formatQuantity(returnable)} received and not yet returned.`,
      fix: 'Return at most what was received minus what was returned (R-1).',
      product: line.product,
      document: po.number,
    });
  }

  await checkReceivedOnOrder(db, target, input.serials, problems);

  // from the order's warehouse, no more than is in stock; serials become unavailable.
  const ops: ledger.OutOp[] = [
    {
      op: 'out',
      movement: 'supplier_return',
      product: productRef(line),
      warehouse: { id: po.warehouse_id, code: po.warehouse },
      quantityE4,
      serials: input.serials,
    },
  ];
  const checked = await ledger.check(db, ops, problems);
  if (problems.length) throw new RejectedError(problems);

  const number = await nextNumber(db, 'supplier_return');
  const ret = await db.insertInto('supplier_returns').values({ number, purchase_order_id: po.id, created_at: now() }).returning('id').executeTakeFirstOrThrow();
  const retLine = await db
    .insertInto('supplier_return_lines')
    .values({ supplier_return_id: ret.id, purchase_order_line_id: line.id, product_id: line.product_id, quantity_e4: quantityE4 })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const op of ops) op.lineId = retLine.id;
  await ledger.apply(db, checked.plan, { type: 'supplier_return', id: ret.id, number });
  return { number, purchaseOrder: po.number, supplier: po.supplier, warehouse: po.warehouse, product: line.product, quantityE4, serials: input.serials.length };
}
