// Supplier returns (RULES.md ): units go back to the supplier of a purchase order,
// from its warehouse, for no more than was received on it minus what was returned already.
// Each serial must have been received on that order — unless the product was not
// serialized when that receipt happened (PO-4), when any available serial will do.

import { lineForProduct, productNotOnOrder, takenBack } from '../documents/order-lines.js';
import { gatherProblems, RejectedError, shown, type Problem } from '../../errors.js';
import * as ledger from '../ledger/index.js';
import * as rules from '../ledger/rules.js';
import { chunk, IN_LIST } from '../../db/chunk.js';
import { post } from '../documents/posting.js';
import { findPurchaseOrder, purchaseOrderLines } from './purchase-orders.js';
import { formatQuantity, parseQuantity, unitsToE4 } from '../values/quantity.js';
import { checkSerial, quoteSerial } from '../values/serial-text.js';
import { findProduct, requireProduct } from '../master-data/lookup.js';
import { movedSerials } from '../documents/document-serials.js';
import type { Db } from '../../db/open.js';
import { heldSerials } from '../documents/serial-holds.js';

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
  /** the serials that went back, as the ledger records them */
  serials: string[];
}

type OrderLine = Awaited<ReturnType<typeof purchaseOrderLines>>[number];

const productRef = (line: OrderLine): ledger.ProductRef => ({ id: line.product_id, code: line.product, serialized: line.serialized === 1, neverDiminishing: line.never_diminishing === 1 });

/**
 * The purchase order line a return is made against, and its receipts. Whatever is
 * unknown or wrong is added to `problems` and the rest is still looked up (one pass): the
 * product, from the line or else from master data, is known whenever it exists.
 */
async function returnParts(db: Db, input: Pick<SupplierReturnInput, 'purchaseOrder' | 'product'>, problems: Problem[]) {
  const po = await gatherProblems(findPurchaseOrder(db, input.purchaseOrder), problems);
  if (!po) return { po, line: undefined, receiptLines: [], product: await requireProduct(db, input.product, problems) };
  const line = lineForProduct(await purchaseOrderLines(db, po.id), input.product);
  if (!line) {
    problems.push(productNotOnOrder(input.product, { kind: 'purchase', number: po.number }));
    return { po, line, receiptLines: [], product: await findProduct(db, input.product) };
  }
  const receiptLines = await db
    .selectFrom('purchase_receipt_lines as rl')
    .innerJoin('purchase_receipts as r', 'r.id', 'rl.receipt_id')
    .select(['rl.receipt_id', 'rl.serialized'])
    .where('rl.purchase_order_line_id', '=', line.id)
    .execute();
  if (receiptLines.length === 0) {
    problems.push({
      code: 'nothing_received',
      message: `Nothing of ${line.product} was received on ${po.number}, so nothing can be returned on it.`,
      fix: 'Return against the order the units were received on.',
      product: line.product,
      document: po.number,
    });
  }
  return { po, line, receiptLines, product: productRef(line) };
}

/** The purchase order line a return is made against, and its receipts; rejected if any is wrong. */
async function returnTarget(db: Db, input: Pick<SupplierReturnInput, 'purchaseOrder' | 'product'>) {
  const problems: Problem[] = [];
  const { po, line, receiptLines } = await returnParts(db, input, problems);
  if (problems.length || !po || !line) throw new RejectedError(problems);
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

/**
 * For the scanner prompt: the order line a return's serials are checked against, resolved
 * once before the prompt opens, so that an unknown order or product fails before scanning.
 */
export const supplierReturnScanTarget = returnTarget;

/** Why this serial cannot go back on the return (R-2: received on the order, available there now), or null. Read-only. */
export async function supplierReturnSerialProblem(db: Db, target: Target, text: string): Promise<string | null> {
  const problems: Problem[] = [];
  await checkReceivedOnOrder(db, target, [{ raw: text }], problems);
  // the rule's one message, as a rejection of the whole return would give it
  if (problems[0]) return problems[0].message;
  return ledger.serialProblem(db, { product: productRef(target.line), warehouse: { id: target.po.warehouse_id, code: target.po.warehouse }, direction: 'out', held: await heldSerials(db) }, text);
}

export async function createSupplierReturn(db: Db, input: SupplierReturnInput): Promise<SupplierReturnResult> {
  // One pass: every problem is gathered, as far as what is known allows, then reported together.
  const problems: Problem[] = [];
  const { po, line, receiptLines, product } = await returnParts(db, input, problems);
  const productCode = product?.code ?? input.product;

  // Quantity: given, or one per serial; undefined when it is invalid or cannot be told.
  let quantityE4: number | undefined;
  if (input.quantity !== undefined) {
    const q = parseQuantity(input.quantity);
    if (q.ok) quantityE4 = q.e4;
    else problems.push({ code: 'invalid_quantity', message: `--qty: ${q.reason}.`, fix: 'Give a positive quantity.', product: productCode });
  } else if (product?.serialized) {
    quantityE4 = unitsToE4(input.serials.length);
  } else if (product) {
    problems.push({ code: 'quantity_required', message: `Give the quantity of ${product.code} returned.`, fix: 'Add --qty N.', product: product.code });
  }
  if (product && quantityE4 === 0) {
    problems.push({ code: 'serials_required', message: `Product ${product.code} is serialized: give one serial per unit returned.`, fix: 'Give serials.', product: product.code });
  }

  if (po && line && receiptLines.length > 0) {
    const returnable = line.received_e4 - (await takenBack(db, 'supplier_return_lines', line.id));
    if (quantityE4 !== undefined && quantityE4 > returnable) {
      problems.push({
        code: 'over_return',
        message: `Returning ${formatQuantity(quantityE4)} of ${line.product} on ${po.number} is more than the ${formatQuantity(returnable)} received and not yet returned.`,
        fix:
          returnable > 0
            ? `Return at most ${formatQuantity(returnable)} of ${line.product} on ${po.number}.`
            : `Nothing more of ${line.product} can be returned on ${po.number}; see what was received with: serials po show ${po.number}`,
        product: line.product,
        document: po.number,
      });
    }
    await checkReceivedOnOrder(db, { po, line, receiptLines }, input.serials, problems);
  }

  // from the order's warehouse, no more than is in stock; serials become unavailable.
  // With an invalid quantity, a serialized product's serials are still checked, one per unit;
  // with nothing received on the line, none can go back, and only their text is checked.
  const ledgerQuantityE4 = quantityE4 ?? (product?.serialized ? unitsToE4(input.serials.length) : undefined);
  const ops: ledger.OutOp[] =
    !po || !line || receiptLines.length === 0 || ledgerQuantityE4 === undefined
      ? []
      : [
          {
            op: 'out',
            movement: 'supplier_return',
            product: productRef(line),
            warehouse: { id: po.warehouse_id, code: po.warehouse },
            quantityE4: ledgerQuantityE4,
            serials: input.serials,
          },
        ];
  if (ops.length === 0) rules.serialListProblems({ code: product?.code ?? input.product, label: product?.code ?? shown(input.product), serialized: product?.serialized }, input.serials, problems);
  const ready = po && line && quantityE4 !== undefined ? { po, line, quantityE4 } : undefined;
  const posted = await post(db, {
    type: 'supplier_return',
    problems,
    ops,
    document: {
      async create(number, at) {
        // every one of these missing is a problem already, and problems stop before this
        if (!ready) throw new Error('a supplier return without its order, line or quantity reached posting');
        const ret = await db.insertInto('supplier_returns').values({ number, purchase_order_id: ready.po.id, created_at: at }).returning('id').executeTakeFirstOrThrow();
        const retLine = await db
          .insertInto('supplier_return_lines')
          .values({ supplier_return_id: ret.id, purchase_order_line_id: ready.line.id, product_id: ready.line.product_id, quantity_e4: ready.quantityE4 })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const op of ops) op.lineId = retLine.id;
        return ret.id;
      },
    },
  });
  if (!ready) throw new Error('unreachable: posting a supplier return with problems throws');
  return {
    number: posted.number,
    purchaseOrder: ready.po.number,
    supplier: ready.po.supplier,
    warehouse: ready.po.warehouse,
    product: ready.line.product,
    quantityE4: ready.quantityE4,
    serials: input.serials.length === 0 ? [] : [...(await movedSerials(db, 'supplier_return', [posted.id])).values()].flat(),
  };
}
