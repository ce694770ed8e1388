// Shipments of a sales order (RULES.md S-3, S-4). A shipment takes some or all of the
// outstanding quantities; serials assigned on the order carry over, the rest are given on
// the shipment. It is dispatched at once, or parked and dispatched later. Dispatch checks
// every serial in one pass; dispatched serials become unavailable (through the ledger).

import { codeKey } from './codes.js';
import { appendTo } from './collections.js';
import { now } from './clock.js';
import { RejectedError, type Problem } from './errors.js';
import * as ledger from './ledger.js';
import { chunk } from './chunk.js';
import { nextNumber } from './numbering.js';
import { formatQuantity, isWhole, parseQuantity, QUANTITY_SCALE } from './quantity.js';
import { findSalesOrder, salesOrderLines } from './sales-orders.js';
import { checkSerial, quoteSerial } from './serial-text.js';
import { bulkInsert } from '../db/bulk-insert.js';
import type { Db } from '../db/open.js';

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
}

export interface ShipmentResult {
  number: string;
  salesOrder: string;
  customer: string;
  warehouse: string;
  status: 'parked' | 'dispatched';
  orderCompleted: boolean;
  lines: { product: string; quantityE4: number; serials: number }[];
}

type OrderLine = Awaited<ReturnType<typeof salesOrderLines>>[number];

/** Quantities on parked (not yet dispatched) shipments, per order line. */
async function parkedQuantities(db: Db, salesOrderId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('shipment_lines as l')
    .innerJoin('shipments as s', 's.id', 'l.shipment_id')
    .select((eb) => ['l.sales_order_line_id as line', eb.fn.sum<number>('l.quantity_e4').as('e4')])
    .where('s.sales_order_id', '=', salesOrderId)
    .where('s.status', '=', 'parked')
    .groupBy('l.sales_order_line_id')
    .execute();
  return new Map(rows.map((r) => [r.line, Number(r.e4)]));
}

/** Serial ids already on parked shipments of the order: they cannot go on another one. */
async function parkedSerialIds(db: Db, salesOrderId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('shipment_serials as ss')
    .innerJoin('shipment_lines as l', 'l.id', 'ss.shipment_line_id')
    .innerJoin('shipments as s', 's.id', 'l.shipment_id')
    .select('ss.serial_id')
    .where('s.sales_order_id', '=', salesOrderId)
    .where('s.status', '=', 'parked')
    .execute();
  return new Set(rows.map((r) => r.serial_id));
}

async function serialIdsByKey(db: Db, productId: number, keys: string[]): Promise<Map<string, { id: number; serial: string }>> {
  const out = new Map<string, { id: number; serial: string }>();
  for (const part of chunk(keys, 900)) {
    const rows = await db.selectFrom('serials').select(['id', 'serial', 'serial_key']).where('product_id', '=', productId).where('serial_key', 'in', part).execute();
    for (const r of rows) out.set(r.serial_key, { id: r.id, serial: r.serial });
  }
  return out;
}

export async function shipSalesOrder(db: Db, input: ShipInput): Promise<ShipmentResult> {
  const order = await findSalesOrder(db, input.salesOrder);
  if (order.status !== 'open') {
    throw new RejectedError([
      { code: 'sales_order_not_open', message: `Sales order ${order.number} is ${order.status}; nothing can be shipped on it.`, fix: 'Create a new sales order.', document: order.number },
    ]);
  }
  const problems: Problem[] = [];
  const lines = await salesOrderLines(db, order.id);
  const parked = await parkedQuantities(db, order.id);
  const onParked = await parkedSerialIds(db, order.id);
  const outstanding = (l: OrderLine) => l.quantity_e4 - l.shipped_e4 - (parked.get(l.id) ?? 0);

  let targets: { line: OrderLine; quantityE4: number }[];
  if (input.product !== undefined) {
    const line = lines.find((l) => codeKey(l.product) === codeKey(input.product as string));
    if (!line) {
      throw new RejectedError([
        { code: 'product_not_on_order', message: `Product ${input.product} is not on sales order ${order.number}.`, fix: `See its lines with: serials so show ${order.number}`, product: input.product, document: order.number },
      ]);
    }
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
  for (const t of targets) {
    if (t.line.serialized === 1 && !isWhole(t.quantityE4)) {
      problems.push({
        code: 'fractional_serialized_quantity',
        message: `Product ${t.line.product} is serialized, so it ships in whole units, not ${formatQuantity(t.quantityE4)}.`,
        fix: 'Give a whole number (P-3).',
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

  // Serials per line: assigned ones first (S-3), then the given ones.
  const planned = new Map<number, { id: number; serial: string }[]>();
  for (const t of serializedTargets) {
    const units = t.quantityE4 / QUANTITY_SCALE;
    const assigned = (
      await db
        .selectFrom('serial_assignments as a')
        .innerJoin('serials as s', 's.id', 'a.serial_id')
        .select(['s.id', 's.serial'])
        .where('a.sales_order_line_id', '=', t.line.id)
        .orderBy('a.id')
        .execute()
    ).filter((a) => !onParked.has(a.id));
    const list = assigned.slice(0, Math.max(0, units));
    const taken = new Set(list.map((a) => a.id));
    const extra = given.get(t.line.id) ?? [];
    const wanted: { key: string; text: string }[] = [];
    for (const s of extra) {
      const checked = checkSerial(s.raw);
      if (!checked.ok) {
        problems.push({ code: 'invalid_serial', message: `Serial ${quoteSerial(s.raw)}${s.source ? ` (${s.source})` : ''} ${checked.reason}.`, fix: 'Correct the serial.', serial: s.raw, product: t.line.product });
      } else wanted.push({ key: checked.key, text: checked.text });
    }
    const found = await serialIdsByKey(
      db,
      t.line.product_id,
      wanted.map((w) => w.key),
    );
    for (const { key, text } of wanted) {
      const s = found.get(key);
      if (!s) {
        problems.push({ code: 'unknown_serial', message: `Serial ${quoteSerial(text)} of ${t.line.product} is not in the ledger.`, fix: 'Check the serial.', serial: text, product: t.line.product });
      } else if (taken.has(s.id) || onParked.has(s.id)) {
        problems.push({
          code: 'duplicate_serial',
          message: `Serial ${quoteSerial(s.serial)} of ${t.line.product} is already on this shipment or a parked shipment of ${order.number}.`,
          fix: 'Remove it from the input.',
          serial: s.serial,
          product: t.line.product,
        });
      } else {
        taken.add(s.id);
        list.push(s);
      }
    }
    if (list.length > units) {
      problems.push({
        code: 'too_many_serials',
        message: `Shipping ${units} of ${t.line.product} needs ${units} serial(s); ${list.length} were assigned or given.`,
        fix: 'Give fewer serials, or ship a larger quantity.',
        product: t.line.product,
        document: order.number,
      });
    }
    planned.set(t.line.id, list);
  }
  if (problems.length) throw new RejectedError(problems);

  const number = await nextNumber(db, 'shipments', 'SS');
  const shipment = await db
    .insertInto('shipments')
    .values({ number, sales_order_id: order.id, status: 'parked', created_at: now(), dispatched_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const t of targets.filter((x) => x.quantityE4 > 0)) {
    const line = await db
      .insertInto('shipment_lines')
      .values({ shipment_id: shipment.id, sales_order_line_id: t.line.id, product_id: t.line.product_id, quantity_e4: t.quantityE4 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const serials = planned.get(t.line.id) ?? [];
    await bulkInsert(db, 'shipment_serials', ['shipment_line_id', 'serial_id'], serials.map((s) => [line.id, s.id]));
  }
  if (input.park) return describeShipment(db, number);
  return dispatchShipment(db, number);
}

/** S-4: every serialized line has exactly its quantity of serials, each available in the order's warehouse now. */
export async function dispatchShipment(db: Db, number: string): Promise<ShipmentResult> {
  const shipment = await db
    .selectFrom('shipments')
    .select(['id', 'number', 'status', 'sales_order_id'])
    .where('number', 'in', [number.trim(), number.trim().toUpperCase()])
    .executeTakeFirst();
  if (!shipment) throw new RejectedError([{ code: 'unknown_shipment', message: `There is no shipment ${number}.`, fix: 'See the order: serials so show SO-…', document: number }]);
  if (shipment.status !== 'parked') {
    throw new RejectedError([{ code: 'already_dispatched', message: `Shipment ${shipment.number} was dispatched already.`, fix: 'Nothing to do.', document: shipment.number }]);
  }
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
  const lines = await db
    .selectFrom('shipment_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.id', 'l.sales_order_line_id', 'l.product_id', 'l.quantity_e4', 'p.code', 'p.serialized'])
    .where('l.shipment_id', '=', shipment.id)
    .execute();
  const ops: ledger.OutOp[] = [];
  // S-3: serials assigned on the order after the shipment was parked carry over now.
  const onParked = await parkedSerialIds(db, order.id);
  for (const line of lines.filter((l) => l.serialized === 1)) {
    const have = await db.selectFrom('shipment_serials').select('serial_id').where('shipment_line_id', '=', line.id).execute();
    const missing = line.quantity_e4 / QUANTITY_SCALE - have.length;
    if (missing <= 0) continue;
    const extra = (
      await db
        .selectFrom('serial_assignments')
        .select('serial_id')
        .where('sales_order_line_id', '=', line.sales_order_line_id)
        .orderBy('id')
        .execute()
    )
      .map((a) => a.serial_id)
      .filter((id) => !onParked.has(id))
      .slice(0, missing);
    await bulkInsert(db, 'shipment_serials', ['shipment_line_id', 'serial_id'], extra.map((id) => [line.id, id]));
  }
  for (const line of lines) {
    const serials = await db
      .selectFrom('shipment_serials as ss')
      .innerJoin('serials as s', 's.id', 'ss.serial_id')
      .select('s.serial')
      .where('ss.shipment_line_id', '=', line.id)
      .execute();
    if (line.serialized === 1 && serials.length * QUANTITY_SCALE !== line.quantity_e4) {
      problems.push({
        code: 'serials_missing',
        message: `Shipment ${shipment.number}: ${line.code} needs ${formatQuantity(line.quantity_e4)} serial(s) to be dispatched, and has ${serials.length}.`,
        fix: `Assign serials on the order (serials so assign ${order.number} --product ${line.code} ...) or give them with the shipment.`,
        product: line.code,
        document: shipment.number,
      });
      continue;
    }
    ops.push({
      op: 'out',
      movement: 'shipment',
      product: { id: line.product_id, code: line.code, serialized: line.serialized === 1 },
      warehouse: { id: order.warehouse_id, code: order.warehouse },
      quantityE4: line.quantity_e4,
      serials: serials.map((s) => ({ raw: s.serial })),
      lineId: line.id,
    });
  }
  const checked = await ledger.check(db, ops);
  for (const p of checked.problems) problems.push(p);
  if (problems.length) throw new RejectedError(problems);

  const at = now();
  await ledger.apply(db, checked.plan, { type: 'shipment', id: shipment.id, number: shipment.number }, at);
  for (const line of lines) {
    await db
      .updateTable('sales_order_lines')
      .set((eb) => ({ shipped_e4: eb('shipped_e4', '+', line.quantity_e4) }))
      .where('id', '=', line.sales_order_line_id)
      .execute();
    // the order's own assignments of what it shipped are used up; other orders' remain (stale)
    await db
      .deleteFrom('serial_assignments')
      .where('sales_order_line_id', '=', line.sales_order_line_id)
      .where('serial_id', 'in', (eb) => eb.selectFrom('shipment_serials').select('serial_id').where('shipment_line_id', '=', line.id))
      .execute();
  }
  await db.updateTable('shipments').set({ status: 'dispatched', dispatched_at: at }).where('id', '=', shipment.id).execute();
  const remaining = await salesOrderLines(db, order.id);
  if (remaining.every((l) => l.shipped_e4 >= l.quantity_e4)) {
    await db.updateTable('sales_orders').set({ status: 'completed', updated_at: at }).where('id', '=', order.id).execute();
  }
  return describeShipment(db, shipment.number);
}

export async function describeShipment(db: Db, number: string): Promise<ShipmentResult> {
  const s = await db
    .selectFrom('shipments as sh')
    .innerJoin('sales_orders as so', 'so.id', 'sh.sales_order_id')
    .innerJoin('customers as c', 'c.id', 'so.customer_id')
    .innerJoin('warehouses as w', 'w.id', 'so.warehouse_id')
    .select(['sh.id', 'sh.number', 'sh.status', 'so.number as order', 'so.status as order_status', 'c.code as customer', 'w.code as warehouse'])
    .where('sh.number', '=', number)
    .executeTakeFirstOrThrow();
  const lines = await db
    .selectFrom('shipment_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .leftJoin('shipment_serials as ss', 'ss.shipment_line_id', 'l.id')
    .select((eb) => ['p.code', 'l.quantity_e4', eb.fn.count<number>('ss.serial_id').as('n')])
    .where('l.shipment_id', '=', s.id)
    .groupBy(['l.id', 'p.code', 'l.quantity_e4'])
    .orderBy('l.id')
    .execute();
  return {
    number: s.number,
    salesOrder: s.order,
    customer: s.customer,
    warehouse: s.warehouse,
    status: s.status,
    orderCompleted: s.order_status === 'completed',
    lines: lines.map((l) => ({ product: l.code, quantityE4: l.quantity_e4, serials: Number(l.n) })),
  };
}
