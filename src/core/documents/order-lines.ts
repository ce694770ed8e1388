// Lines of an order (purchase or sales): product, quantity and an optional price, checked
// the same way on both (P-3 whole units for serialized products; one line per product).

import type { Problem } from '../../errors.js';
import { shown } from '../../errors.js';
import { codeKey } from '../values/codes.js';
import { requireProduct } from '../master-data/lookup.js';
import { formatQuantity, isWhole, parseQuantity } from '../values/quantity.js';
import type { Db } from '../../db/open.js';

export interface OrderLineInput {
  product: string;
  quantity: string;
  /** unit cost (purchases) or unit price (sales) */
  unitPrice?: number | null;
  source?: string;
}

export interface OrderLine {
  productId: number;
  quantityE4: number;
  unitPrice: number | null;
}

export async function checkOrderLines(
  db: Db,
  inputs: OrderLineInput[],
  problems: Problem[],
  order: { name: string; price: 'cost' | 'price' },
): Promise<OrderLine[]> {
  if (inputs.length === 0) {
    problems.push({ code: 'no_lines', message: `A ${order.name} needs at least one line.`, fix: `Add --line PRODUCT:QTY[:UNIT_${order.price.toUpperCase()}].` });
  }
  const lines: OrderLine[] = [];
  const seen = new Map<number, string>();
  for (const [i, line] of inputs.entries()) {
    const source = line.source ?? `line ${i + 1}`;
    const product = await requireProduct(db, line.product, problems, source);
    const qty = parseQuantity(line.quantity);
    if (!qty.ok) {
      problems.push({ code: 'invalid_quantity', message: `Quantity of ${line.product} (${source}): ${qty.reason}.`, fix: 'Give a positive quantity.', product: line.product, source });
    }
    if (line.unitPrice !== undefined && line.unitPrice !== null && !(Number.isFinite(line.unitPrice) && line.unitPrice >= 0)) {
      problems.push({ code: 'invalid_cost', message: `Unit ${order.price} of ${line.product} (${source}) must be zero or more.`, fix: `Give a ${order.price} like 12.50.`, product: line.product, source });
    }
    if (!product || !qty.ok) continue;
    if (product.serialized && !isWhole(qty.e4)) {
      problems.push({
        code: 'fractional_serialized_quantity',
        message: `Product ${product.code} is serialized, so its quantity must be a whole number, not ${formatQuantity(qty.e4)} (${source}).`,
        fix: 'Give a whole number of units: each unit of a serialized product has its own serial.',
        product: product.code,
        source,
      });
    }
    const first = seen.get(product.id);
    if (first) {
      problems.push({
        code: 'duplicate_line',
        message: `Product ${product.code} is on this order twice (${first} and ${source}).`,
        fix: 'Put the whole quantity on one line.',
        product: product.code,
        source,
      });
    }
    seen.set(product.id, source);
    lines.push({ productId: product.id, quantityE4: qty.e4, unitPrice: line.unitPrice ?? null });
  }
  return lines;
}

/** The line of an order for a product (codes compared as codes are everywhere). */
export function lineForProduct<L extends { product: string }>(lines: readonly L[], product: string): L | undefined {
  return lines.find((l) => codeKey(l.product) === codeKey(product));
}

/** The problem when a product is not on the order named. */
export function productNotOnOrder(product: string, order: { kind: 'purchase' | 'sales'; number: string }): Problem {
  return {
    code: 'product_not_on_order',
    message: `Product ${shown(product)} is not on ${order.kind} order ${order.number}.`,
    fix: `See its lines with: serials ${order.kind === 'purchase' ? 'po' : 'so'} show ${order.number}`,
    product,
    document: order.number,
  };
}

/** The order line each document's lines name: a credit a sales order line, a supplier return a purchase order line. */
const ORDER_LINE_COLUMN = { credit_lines: 'sales_order_line_id', supplier_return_lines: 'purchase_order_line_id' } as const;

/** How much of an order line documents of this kind have already taken back (credited, returned). */
export async function takenBack(db: Db, lines: keyof typeof ORDER_LINE_COLUMN, orderLineId: number): Promise<number> {
  const row = await db
    .selectFrom(lines)
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('quantity_e4'), eb.lit(0)).as('e4'))
    .where(ORDER_LINE_COLUMN[lines] as 'sales_order_line_id', '=', orderLineId)
    .executeTakeFirstOrThrow();
  return Number(row.e4);
}
