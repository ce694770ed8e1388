// Receiving a purchase order, fully or in part (RULES.md PO-2 to PO-4).

import { quoteSerial } from '../values/serial-text.js';
import { RejectedError, type Problem, shown } from '../../errors.js';
import * as ledger from '../ledger/index.js';
import { appendTo } from '../values/collections.js';
import { codeKey } from '../values/codes.js';
import { productNotOnOrder } from '../documents/order-lines.js';
import { post } from '../documents/posting.js';
import { movedSerials } from '../documents/document-serials.js';
import { findPurchaseOrder, purchaseOrderLines } from './purchase-orders.js';
import { formatQuantity, parseQuantity, unitsToE4 } from '../values/quantity.js';
import type { Db } from '../../db/open.js';

export interface ReceiveInput {
  purchaseOrder: string;
  /** receive only this product's line */
  product?: string;
  /** quantity for that line; by default the number of serials, or all outstanding */
  quantity?: string;
  /** serials may name their product (CSV with a Product Code column) */
  serials: (ledger.SerialInput & { product?: string })[];
}

export interface ReceiptResult {
  number: string;
  purchaseOrder: string;
  supplier: string;
  warehouse: string;
  /** the purchase order is completed by this receipt */
  completed: boolean;
  /** `serials`: how many (which: receiptSerials) */
  lines: { product: string; quantityE4: number; serials: number }[];
  returning: ledger.ReturningSerial[];
}

/** PO-1: only an open order takes receipts; a completed or deleted one is refused naming it. */
export function notOpenForReceipt(po: { number: string; status: string }): RejectedError {
  return new RejectedError([
    {
      code: 'purchase_order_not_open',
      message: `Purchase order ${po.number} is ${po.status}; nothing can be received on it.`,
      fix: po.status === 'completed' ? 'Everything on it was received. Create a new purchase order.' : 'Create a new purchase order.',
      document: po.number,
    },
  ]);
}

export async function receivePurchaseOrder(db: Db, input: ReceiveInput): Promise<ReceiptResult> {
  const po = await findPurchaseOrder(db, input.purchaseOrder);
  if (po.status !== 'open') throw notOpenForReceipt(po);
  const problems: Problem[] = [];
  const lines = await purchaseOrderLines(db, po.id);
  const lineByProduct = new Map(lines.map((l) => [codeKey(l.product), l]));
  const warehouse = { id: po.warehouse_id, code: po.warehouse };

  // Serials grouped by the product they name (CSV), or unassigned.
  const named = new Map<number, (ledger.SerialInput & { product?: string })[]>();
  const unnamed: ledger.SerialInput[] = [];
  for (const s of input.serials) {
    if (s.product === undefined) {
      unnamed.push(s);
      continue;
    }
    const line = lineByProduct.get(codeKey(s.product));
    if (!line) {
      problems.push({
        code: 'product_not_on_order',
        message: `Serial ${quoteSerial(s.raw)}${s.source ? ` (${s.source})` : ''} is for product ${shown(s.product)}, which is not on purchase order ${po.number}.`,
        fix: `Receive it on the purchase order it was ordered on; see lines with: serials po show ${po.number}`,
        serial: s.raw,
        product: s.product,
        document: po.number,
      });
      continue;
    }
    appendTo(named, line.id, s);
  }

  let targets = lines;
  if (input.product !== undefined) {
    const line = lineByProduct.get(codeKey(input.product));
    if (!line) {
      throw new RejectedError([productNotOnOrder(input.product, { kind: 'purchase', number: po.number })]);
    }
    targets = [line];
    if (unnamed.length) named.set(line.id, [...(named.get(line.id) ?? []), ...unnamed]);
    for (const [lineId, list] of named) {
      if (lineId === line.id) continue;
      for (const s of list) {
        problems.push({
          code: 'product_mismatch',
          message: `Serial ${quoteSerial(s.raw)}${s.source ? ` (${s.source})` : ''} is for product ${shown(s.product ?? '')}, but only ${line.product} is being received (--product).`,
          fix: `Leave out --product to receive every product in the file, or remove the ${s.product} rows.`,
          serial: s.raw,
          product: s.product,
          document: po.number,
        });
      }
    }
  } else if (unnamed.length) {
    const serializedOutstanding = lines.filter((l) => l.serialized === 1 && l.quantity_e4 > l.received_e4);
    const only = serializedOutstanding.length === 1 ? serializedOutstanding[0] : undefined;
    if (only) {
      named.set(only.id, [...(named.get(only.id) ?? []), ...unnamed]);
    } else {
      problems.push({
        code: 'product_required',
        message: `Purchase order ${po.number} has ${serializedOutstanding.length} serialized lines outstanding, so the serials must say which product they are for.`,
        fix: 'Add --product, or give a CSV with Product Code and Serial Number columns (--serials-file).',
        document: po.number,
      });
    }
  }
  if (input.quantity !== undefined && input.product === undefined) {
    problems.push({ code: 'product_required', message: '--qty needs --product: which line is the quantity for?', fix: 'Add --product PRODUCT.' });
  }

  const ops: ledger.InOp[] = [];
  for (const line of targets) {
    const outstanding = line.quantity_e4 - line.received_e4;
    const serials = named.get(line.id) ?? [];
    let quantityE4: number;
    if (input.quantity !== undefined && input.product !== undefined) {
      const q = parseQuantity(input.quantity);
      if (!q.ok) {
        problems.push({ code: 'invalid_quantity', message: `--qty: ${q.reason}.`, fix: 'Give a positive quantity.', product: line.product });
        continue;
      }
      quantityE4 = q.e4;
    } else if (line.serialized === 1) {
      quantityE4 = unitsToE4(serials.length);
    } else {
      quantityE4 = outstanding;
    }
    if (quantityE4 === 0) {
      if (input.product !== undefined && line.serialized === 1) {
        problems.push({
          code: 'serials_required',
          message: `Product ${line.product} is serialized: give one serial per unit received.`,
          fix: 'Give serials with --serials, --serials-file or interactively.',
          product: line.product,
        });
      }
      continue;
    }
    if (quantityE4 > outstanding) {
      problems.push({
        code: 'over_receipt',
        message: `Receiving ${formatQuantity(quantityE4)} of ${line.product} on ${po.number} is more than the ${formatQuantity(outstanding)} outstanding (ordered ${formatQuantity(line.quantity_e4)}, received ${formatQuantity(line.received_e4)}).`,
        fix: `Receive at most ${formatQuantity(outstanding)} of ${line.product}; see what is outstanding with: serials po show ${po.number}`,
        product: line.product,
        document: po.number,
      });
    }
    ops.push({
      op: 'in',
      movement: 'receipt',
      product: { id: line.product_id, code: line.product, serialized: line.serialized === 1, neverDiminishing: line.never_diminishing === 1 },
      warehouse,
      quantityE4,
      serials,
      unitCost: line.unit_cost,
      lineId: line.id, // replaced by the receipt line below
    });
  }
  if (ops.length === 0 && problems.length === 0) {
    problems.push({
      code: 'nothing_to_receive',
      message: `Nothing to receive on ${po.number} with the input given.`,
      fix: `See what is outstanding with: serials po show ${po.number}`,
      document: po.number,
    });
  }
  let completed = false;
  const posted = await post(db, {
    type: 'purchase_receipt',
    problems,
    ops,
    document: {
      async create(number, at) {
        const receipt = await db.insertInto('purchase_receipts').values({ number, purchase_order_id: po.id, created_at: at }).returning('id').executeTakeFirstOrThrow();
        for (const op of ops) {
          const poLineId = op.lineId as number;
          const line = await db
            .insertInto('purchase_receipt_lines')
            .values({
              receipt_id: receipt.id,
              purchase_order_line_id: poLineId,
              product_id: op.product.id,
              quantity_e4: op.quantityE4,
              serialized: op.product.serialized ? 1 : 0,
              unit_cost: op.unitCost ?? null,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          op.lineId = line.id;
          await db
            .updateTable('purchase_order_lines')
            .set((eb) => ({ received_e4: eb('received_e4', '+', op.quantityE4) }))
            .where('id', '=', poLineId)
            .execute();
        }
        return receipt.id;
      },
    },
    async after(_receipt, at) {
      const after = await purchaseOrderLines(db, po.id);
      completed = after.every((l) => l.received_e4 >= l.quantity_e4);
      if (completed) await db.updateTable('purchase_orders').set({ status: 'completed', updated_at: at }).where('id', '=', po.id).execute();
    },
  });
  return {
    number: posted.number,
    purchaseOrder: po.number,
    supplier: po.supplier,
    warehouse: po.warehouse,
    completed,
    lines: ops.map((op) => ({ product: op.product.code, quantityE4: op.quantityE4, serials: op.serials.length })),
    returning: posted.returning,
  };
}

/** The serials a receipt brought in, per product, as the ledger holds them, in the order given: one query however many. */
export async function receiptSerials(db: Db, receiptNumber: string): Promise<Map<string, string[]>> {
  const receipt = await db.selectFrom('purchase_receipts').select('id').where('number', '=', receiptNumber).executeTakeFirstOrThrow();
  const lines = await db
    .selectFrom('purchase_receipt_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.id', 'p.code'])
    .where('l.receipt_id', '=', receipt.id)
    .orderBy('l.id')
    .execute();
  const moved = await movedSerials(db, 'purchase_receipt', [receipt.id]);
  return new Map(lines.map((l) => [l.code, moved.get(l.id) ?? []]));
}

/** Which serialized products a receive of this order (and product) would need serials for. */
export async function serializedProductsOutstanding(
  db: Db,
  purchaseOrder: string,
  product?: string,
): Promise<{ warehouse: string; products: string[] }> {
  const po = await findPurchaseOrder(db, purchaseOrder);
  const lines = await purchaseOrderLines(db, po.id);
  const products = lines
    .filter((l) => l.serialized === 1 && l.quantity_e4 > l.received_e4)
    .filter((l) => product === undefined || codeKey(l.product) === codeKey(product))
    .map((l) => l.product);
  return { warehouse: po.warehouse, products };
}
