// For the scanner prompt of `po receive`: everything about a receipt that does not depend on
// its serials, checked before the prompt opens (an unknown, deleted or completed order, an
// unknown product or one not on the order, nothing outstanding, a bad --qty are refused at
// once, not after the scanning), and how many serials each serialized line needs.

import { RejectedError, type Problem } from '../../errors.js';
import { codeKey } from '../values/codes.js';
import { productNotOnOrder } from '../documents/order-lines.js';
import { requireProduct } from '../master-data/lookup.js';
import { formatQuantity, isWhole, parseQuantity, QUANTITY_SCALE } from '../values/quantity.js';
import { findPurchaseOrder, purchaseOrderLines } from './purchase-orders.js';
import { notOpenForReceipt, type ReceiveInput } from './purchase-receipts.js';
import type { ProductRef, WarehouseRef } from '../ledger/index.js';
import type { Db } from '../../db/open.js';

export interface ReceiptScanLine {
  product: ProductRef;
  /** units to scan: --qty, else what is outstanding */
  needed: number;
  /** units outstanding on the line */
  outstanding: number;
}

export interface ReceiptScanPlan {
  purchaseOrder: string;
  supplier: string;
  warehouse: WarehouseRef;
  /** the serialized lines to scan, in order */
  lines: ReceiptScanLine[];
  /** products received by quantity alone with them (lines not serialized) */
  byQuantity: string[];
}

export async function receiptScanPlan(db: Db, input: Pick<ReceiveInput, 'purchaseOrder' | 'product' | 'quantity'>): Promise<ReceiptScanPlan> {
  const po = await findPurchaseOrder(db, input.purchaseOrder);
  if (po.status !== 'open') throw notOpenForReceipt(po);
  const lines = await purchaseOrderLines(db, po.id);
  const outstanding = (l: (typeof lines)[number]) => l.quantity_e4 - l.received_e4;
  const problems: Problem[] = [];
  let targets = lines.filter((l) => outstanding(l) > 0);
  let quantityE4: number | undefined;
  if (input.product !== undefined) {
    const line = lines.find((l) => codeKey(l.product) === codeKey(input.product as string));
    if (!line) {
      // an unknown product is said as such, not as "not on the order"
      const unknown: Problem[] = [];
      await requireProduct(db, input.product, unknown);
      throw new RejectedError(unknown.length ? unknown : [productNotOnOrder(input.product, { kind: 'purchase', number: po.number })]);
    }
    if (outstanding(line) <= 0) {
      throw new RejectedError([
        {
          code: 'nothing_to_receive',
          message: `Nothing of ${line.product} is outstanding on ${po.number}: ${formatQuantity(line.quantity_e4)} ordered, ${formatQuantity(line.received_e4)} received.`,
          fix: `See what is outstanding with: serials po show ${po.number}`,
          product: line.product,
          document: po.number,
        },
      ]);
    }
    targets = [line];
    if (input.quantity !== undefined) {
      const q = parseQuantity(input.quantity);
      if (!q.ok) {
        problems.push({ code: 'invalid_quantity', message: `--qty: ${q.reason}.`, fix: 'Give a positive quantity.', product: line.product });
      } else if (q.e4 > outstanding(line)) {
        problems.push({
          code: 'over_receipt',
          message: `Receiving ${formatQuantity(q.e4)} of ${line.product} on ${po.number} is more than the ${formatQuantity(outstanding(line))} outstanding (ordered ${formatQuantity(line.quantity_e4)}, received ${formatQuantity(line.received_e4)}).`,
          fix: `Receive at most ${formatQuantity(outstanding(line))} of ${line.product}.`,
          product: line.product,
          document: po.number,
        });
      } else if (line.serialized === 1 && !isWhole(q.e4)) {
        problems.push({
          code: 'fractional_serialized_quantity',
          message: `Product ${line.product} is serialized, so it is received in whole units, not ${formatQuantity(q.e4)}.`,
          fix: 'Give a whole number.',
          product: line.product,
          document: po.number,
        });
      } else {
        quantityE4 = q.e4;
      }
    }
  } else if (input.quantity !== undefined) {
    problems.push({ code: 'product_required', message: '--qty needs --product: which line is the quantity for?', fix: 'Add --product PRODUCT.' });
  }
  if (targets.length === 0) {
    problems.push({ code: 'nothing_to_receive', message: `Nothing is outstanding on ${po.number}.`, fix: `See the order with: serials po show ${po.number}`, document: po.number });
  }
  if (problems.length) throw new RejectedError(problems);
  return {
    purchaseOrder: po.number,
    supplier: po.supplier,
    warehouse: { id: po.warehouse_id, code: po.warehouse },
    lines: targets
      .filter((l) => l.serialized === 1)
      .map((l) => ({
        product: { id: l.product_id, code: l.product, serialized: true, neverDiminishing: l.never_diminishing === 1 },
        needed: (quantityE4 ?? outstanding(l)) / QUANTITY_SCALE,
        outstanding: outstanding(l) / QUANTITY_SCALE,
      })),
    byQuantity: targets.filter((l) => l.serialized !== 1).map((l) => l.product),
  };
}
