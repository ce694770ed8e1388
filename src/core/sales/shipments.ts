// Shipments of a sales order (RULES.md S-3, S-4). A shipment takes some or all of the
// outstanding quantities; serials assigned on the order carry over, the rest are given on
// the shipment. It is dispatched at once, or parked and dispatched later. Dispatch checks
// every serial in one pass; dispatched serials become unavailable (through the ledger).

import { codeKey } from '../values/codes.js';
import { lineForProduct, productNotOnOrder } from '../documents/order-lines.js';
import { appendTo } from '../values/collections.js';
import { RejectedError, type Problem } from '../../errors.js';
import * as ledger from '../ledger/index.js';
import * as rules from '../ledger/rules.js';
import { dispatch, park, serialsMissing, type DispatchLine } from './dispatch.js';
import { assignedSerials, describeShipment, findShipment, notParked, parkedQuantities, parkedSerials, productKey, type AssignedSerial, type ShipmentResult } from './shipment-records.js';
import { formatQuantity, isWhole, parseQuantity, QUANTITY_SCALE } from '../values/quantity.js';
import { findSalesOrder, salesOrderLines } from './sales-orders.js';
import { quoteSerial } from '../values/serial-text.js';
import type { Db } from '../../db/open.js';
import { count } from '../values/words.js';

export interface ShipInput {
  salesOrder: string;
  /** ship only this product's line */
  product?: string;
  /** quantity of that line (default: all outstanding) */
  quantity?: string;
  /** serials beyond those assigned; may name their product (CSV) */
  serials: (ledger.SerialInput & { product?: string })[];
  /** create the shipment but do not dispatch it yet */
  park?: boolean;
  /**
   * Quantities of some of the lines shipped (the scanner's "ship what was scanned"): each
   * named line ships this much instead of all it has outstanding.
   */
  quantities?: { product: string; quantity: string }[];
}

/** A shipment as `so ship` reports it: with each line's serials, as the ledger holds them. */
export type OrderLine = Awaited<ReturnType<typeof salesOrderLines>>[number];

type Target = { line: OrderLine; quantityE4: number };

export type TargetInput = Pick<ShipInput, 'salesOrder' | 'product' | 'quantity' | 'quantities'>;

/**
 * What a shipment of the order would take: every line with something outstanding, or the
 * given product's line and quantity (S-3). Problems are added to `problems`.
 */
export async function shipmentTargets(db: Db, input: TargetInput, problems: Problem[]) {
  const order = await findSalesOrder(db, input.salesOrder);
  if (order.status !== 'open') {
    throw new RejectedError([
      { code: 'sales_order_not_open', message: `Sales order ${order.number} is ${order.status}; nothing can be shipped on it.`, fix: 'Create a new sales order.', document: order.number },
    ]);
  }
  const lines = await salesOrderLines(db, order.id);
  const parked = await parkedQuantities(db, order.id);
  const outstanding = (l: OrderLine) => l.quantity_e4 - l.shipped_e4 - (parked.get(l.id) ?? 0);

  let targets: Target[];
  if (input.product !== undefined) {
    const line = lineForProduct(lines, input.product);
    if (!line) throw new RejectedError([productNotOnOrder(input.product, { kind: 'sales', number: order.number })]);
    let quantityE4 = outstanding(line);
    if (input.quantity !== undefined) {
      const q = parseQuantity(input.quantity);
      if (!q.ok) problems.push({ code: 'invalid_quantity', message: `--qty: ${q.reason}.`, fix: 'Give a positive quantity.', product: line.product });
      else quantityE4 = q.e4;
    }
    targets = [{ line, quantityE4 }];
  } else {
    if (input.quantity !== undefined) problems.push({ code: 'product_required', message: '--qty needs --product.', fix: 'Add --product PRODUCT.' });
    targets = lines.filter((l) => outstanding(l) > 0).map((line) => ({ line, quantityE4: outstanding(line) }));
  }
  for (const given of input.quantities ?? []) {
    const t = targets.find((x) => codeKey(x.line.product) === codeKey(given.product));
    const q = parseQuantity(given.quantity);
    if (t && q.ok) t.quantityE4 = q.e4;
    else if (t) problems.push({ code: 'invalid_quantity', message: `Quantity of ${t.line.product}: ${q.ok ? '' : q.reason}.`, fix: 'Give a positive quantity.', product: t.line.product });
  }
  for (const t of targets) {
    if (t.line.serialized === 1 && !isWhole(t.quantityE4)) {
      problems.push({
        code: 'fractional_serialized_quantity',
        message: `Product ${t.line.product} is serialized, so it ships in whole units, not ${formatQuantity(t.quantityE4)}.`,
        fix: 'Give a whole number.',
        product: t.line.product,
        document: order.number,
      });
    }
    // S-3: no more than is outstanding
    if (t.quantityE4 > outstanding(t.line)) {
      problems.push({
        code: 'over_shipment',
        message: `Shipping ${formatQuantity(t.quantityE4)} of ${t.line.product} on ${order.number} is more than the ${formatQuantity(outstanding(t.line))} outstanding.`,
        fix: 'Ship at most the outstanding quantity (parked shipments count as shipped).',
        product: t.line.product,
        document: order.number,
      });
    }
  }
  if (targets.length === 0 || targets.every((t) => t.quantityE4 <= 0)) {
    problems.push({ code: 'nothing_to_ship', message: `Nothing is outstanding on ${order.number}.`, fix: `See the order: serials so show ${order.number}`, document: order.number });
  }
  return { order, targets };
}

/** Up to `units` serials assigned on the order line that carry over to a shipment now (S-3): not those on a parked one. */
export function carriedOver(orderLineId: number, units: number, assigned: Map<number, AssignedSerial[]>, onParked: { ids: Set<number> }): AssignedSerial[] {
  return (assigned.get(orderLineId) ?? []).filter((a) => !onParked.ids.has(a.id)).slice(0, Math.max(0, units));
}

export async function shipSalesOrder(db: Db, input: ShipInput): Promise<ShipmentResult> {
  const problems: Problem[] = [];
  const { order, targets } = await shipmentTargets(db, input, problems);
  const onParked = await parkedSerials(db, order.id);

  // Given serials go to the line of their product, or to the only serialized line shipped.
  const serializedTargets = targets.filter((t) => t.line.serialized === 1);
  const given = new Map<number, ledger.SerialInput[]>();
  for (const s of input.serials) {
    const target = s.product !== undefined ? serializedTargets.find((t) => codeKey(t.line.product) === codeKey(s.product as string)) : serializedTargets.length === 1 ? serializedTargets[0] : undefined;
    if (!target) {
      problems.push({
        code: s.product !== undefined ? 'product_not_shipped' : 'product_required',
        message:
          s.product !== undefined
            ? `Serial ${quoteSerial(s.raw)} is for ${s.product}, which is not being shipped on ${order.number}.`
            : `Serial ${quoteSerial(s.raw)} does not say which product it is, and ${serializedTargets.length} serialized lines are being shipped.`,
        fix: 'Add --product, or give a CSV with Product Code and Serial Number columns.',
        serial: s.raw,
        document: order.number,
      });
      continue;
    }
    appendTo(given, target.line.id, s);
  }

  // Serials per line: assigned ones first (S-3), then the given ones. They stay text here:
  // the ledger resolves each serial once, when it checks the dispatch.
  const assigned = await assignedSerials(
    db,
    serializedTargets.map((t) => t.line.id),
  );
  const shipLines: DispatchLine[] = [];
  for (const t of targets.filter((x) => x.quantityE4 > 0)) {
    const product = { id: t.line.product_id, code: t.line.product, serialized: t.line.serialized === 1, neverDiminishing: t.line.never_diminishing === 1 };
    const line: DispatchLine = { orderLineId: t.line.id, product, quantityE4: t.quantityE4, units: [] };
    shipLines.push(line);
    if (!product.serialized) continue;
    const units = t.quantityE4 / QUANTITY_SCALE;
    line.units = carriedOver(t.line.id, t.quantityE4 / QUANTITY_SCALE, assigned, onParked).map((a) => ({ text: a.serial, key: a.serial_key, from: 'assignment' as const }));
    const taken = new Set(line.units.map((u) => u.key));
    for (const s of given.get(t.line.id) ?? []) {
      const checked = rules.serialText(s, t.line.product);
      if (!checked.ok) {
        problems.push(checked.problem);
      } else if (taken.has(checked.key) || onParked.keys.has(productKey(product.id, checked.key))) {
        problems.push({
          code: 'duplicate_serial',
          message: `Serial ${quoteSerial(checked.text)} of ${t.line.product} is already on this shipment or a parked shipment of ${order.number}.`,
          fix: 'Remove it from the input.',
          serial: checked.text,
          product: t.line.product,
        });
      } else {
        taken.add(checked.key);
        line.units.push({ text: checked.text, key: checked.key });
      }
    }
    if (line.units.length > units) {
      problems.push({
        code: 'too_many_serials',
        message: `Shipping ${units} of ${t.line.product} needs ${count(units, 'serial')}; ${line.units.length} ${line.units.length === 1 ? 'was' : 'were'} assigned or given.`,
        fix: 'Give fewer serials, or ship a larger quantity.',
        product: t.line.product,
        document: order.number,
      });
    } else if (line.units.length < units && !input.park && isWhole(t.quantityE4)) {
      problems.push(serialsMissing(null, order.number, line));
    }
  }

  if (input.park) return park(db, order.id, order.number, shipLines, problems);
  return describeShipment(db, await dispatch(db, order, shipLines, problems, 'new'));
}

/** S-4: every serialized line has exactly its quantity of serials, each available in the order's warehouse now. */
export async function dispatchShipment(db: Db, number: string): Promise<ShipmentResult> {
  const shipment = await findShipment(db, number);
  if (shipment.status !== 'parked') throw notParked(shipment, 'dispatched');
  const order = await db
    .selectFrom('sales_orders as so')
    .innerJoin('warehouses as w', 'w.id', 'so.warehouse_id')
    .select(['so.id', 'so.number', 'so.status', 'so.warehouse_id', 'w.code as warehouse'])
    .where('so.id', '=', shipment.sales_order_id)
    .executeTakeFirstOrThrow();
  const problems: Problem[] = [];
  if (order.status !== 'open') {
    problems.push({ code: 'sales_order_not_open', message: `Sales order ${order.number} is ${order.status}.`, fix: 'Ship only open orders.', document: order.number });
  }
  const rows = await db
    .selectFrom('shipment_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.id', 'l.sales_order_line_id', 'l.product_id', 'l.quantity_e4', 'p.code', 'p.serialized', 'p.never_diminishing'])
    .where('l.shipment_id', '=', shipment.id)
    .orderBy('l.id')
    .execute();
  const lines: DispatchLine[] = rows.map((r) => ({
    orderLineId: r.sales_order_line_id,
    shipmentLineId: r.id,
    product: { id: r.product_id, code: r.code, serialized: r.serialized === 1, neverDiminishing: r.never_diminishing === 1 },
    quantityE4: r.quantity_e4,
    units: [],
  }));
  const byShipmentLine = new Map(lines.map((l) => [l.shipmentLineId, l]));
  const planned = await db
    .selectFrom('shipment_serials as ss')
    .innerJoin('shipment_lines as l', 'l.id', 'ss.shipment_line_id')
    .innerJoin('serials as s', 's.id', 'ss.serial_id')
    .select(['ss.shipment_line_id as line', 's.serial', 's.serial_key'])
    .where('l.shipment_id', '=', shipment.id)
    // the units (and so their movements) in one order on every engine: SQLite's plan order
    .orderBy('l.id')
    .orderBy('ss.serial_id')
    .execute();
  const assigned = await assignedSerials(
    db,
    lines.filter((l) => l.product.serialized).map((l) => l.orderLineId),
  );
  const assignedKeys = new Map([...assigned].map(([lineId, list]) => [lineId, new Set(list.map((a) => a.serial_key))]));
  for (const p of planned) {
    const line = byShipmentLine.get(p.line);
    if (!line) continue;
    line.units.push({ text: p.serial, key: p.serial_key, from: 'parked', assigned: assignedKeys.get(line.orderLineId)?.has(p.serial_key) === true });
  }

  // S-3: serials assigned on the order after the shipment was parked carry over now.
  const onParked = await parkedSerials(db, order.id);
  for (const line of lines.filter((l) => l.product.serialized)) {
    const missing = line.quantityE4 / QUANTITY_SCALE - line.units.length;
    const extra = carriedOver(line.orderLineId, missing, assigned, onParked);
    for (const a of extra) line.units.push({ text: a.serial, key: a.serial_key, from: 'assignment' });
    if (line.units.length * QUANTITY_SCALE !== line.quantityE4) problems.push(serialsMissing(shipment.number, order.number, line));
  }
  await dispatch(db, order, lines, problems, { id: shipment.id, number: shipment.number });
  return describeShipment(db, shipment.number);
}

