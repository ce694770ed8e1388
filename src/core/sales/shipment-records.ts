// What the shipment commands share: reading shipments and what parked ones hold, the
// order's assigned serials, and the summary every shipment command prints. Read-only.

import { movedSerials } from '../documents/document-serials.js';
import { serialKey } from '../values/serial-text.js';
import { appendTo } from '../values/collections.js';
import { RejectedError, shown } from '../../errors.js';
import { typedNumber } from '../documents/numbering.js';
import type { Db } from '../../db/open.js';

export interface ShipmentResult {
  number: string;
  salesOrder: string;
  customer: string;
  warehouse: string;
  status: 'parked' | 'dispatched' | 'cancelled';
  orderCompleted: boolean;
  /**
   * serialList: what a parked shipment holds (what it held, once cancelled), or what a
   * dispatched one moved; serials: how many (as every core result counts them)
   */
  lines: { product: string; serialized: boolean; quantityE4: number; serials: number; serialList: string[] }[];
}

/** Quantities on parked (not yet dispatched) shipments, per order line. */
export async function parkedQuantities(db: Db, salesOrderId: number): Promise<Map<number, number>> {
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

/** Serials already on parked shipments of the order: they cannot go on another one. */
export async function parkedSerials(db: Db, salesOrderId: number): Promise<{ ids: Set<number>; keys: Set<string>; rows: { product_id: number; serial_key: string }[] }> {
  const rows = await db
    .selectFrom('shipment_serials as ss')
    .innerJoin('shipment_lines as l', 'l.id', 'ss.shipment_line_id')
    .innerJoin('shipments as s', 's.id', 'l.shipment_id')
    .innerJoin('serials as ser', 'ser.id', 'ss.serial_id')
    .select(['ss.serial_id', 'ser.product_id', 'ser.serial_key'])
    .where('s.sales_order_id', '=', salesOrderId)
    .where('s.status', '=', 'parked')
    .execute();
  return { ids: new Set(rows.map((r) => r.serial_id)), keys: new Set(rows.map((r) => productKey(r.product_id, r.serial_key))), rows };
}

export const productKey = (productId: number, serialKey: string) => `${productId}:${serialKey}`;

export interface AssignedSerial {
  id: number;
  serial: string;
  serial_key: string;
}

/** Serials assigned on these order lines, oldest assignment first, per line. */
export async function assignedSerials(db: Db, orderLineIds: number[]): Promise<Map<number, AssignedSerial[]>> {
  const out = new Map<number, AssignedSerial[]>();
  if (orderLineIds.length === 0) return out;
  const rows = await db
    .selectFrom('serial_assignments as a')
    .innerJoin('serials as s', 's.id', 'a.serial_id')
    .select(['a.sales_order_line_id as line', 's.id', 's.serial', 's.serial_key'])
    .where('a.sales_order_line_id', 'in', orderLineIds)
    .orderBy('a.id')
    .execute();
  for (const r of rows) appendTo(out, r.line, r);
  return out;
}

/** A shipment by its number as typed (ss-00000001 finds SS-00000001), with its order's number. */
export async function findShipment(db: Db, number: string) {
  const shipment = await db
    .selectFrom('shipments as sh')
    .innerJoin('sales_orders as so', 'so.id', 'sh.sales_order_id')
    .select(['sh.id', 'sh.number', 'sh.status', 'sh.sales_order_id', 'so.number as salesOrder'])
    .where('sh.number', 'in', typedNumber(number))
    .executeTakeFirst();
  if (!shipment) {
    throw new RejectedError([
      {
        code: 'unknown_shipment',
        message: `There is no shipment ${shown(number)}.`,
        fix: 'Check the shipment number: serials so list lists the orders, and serials so show with an order number lists its shipments.',
        document: number,
      },
    ]);
  }
  return shipment;
}

/** Why a shipment that is no longer parked cannot be dispatched or cancelled. */
export function notParked(shipment: { number: string; status: string; salesOrder: string }, wanted: 'dispatched' | 'cancelled'): RejectedError {
  const order = shipment.salesOrder;
  if (shipment.status === 'cancelled') {
    return new RejectedError([
      wanted === 'cancelled'
        ? { code: 'shipment_cancelled', message: `Shipment ${shipment.number} on ${order} was cancelled already.`, fix: `Nothing to do; see the order with: serials so show ${order}`, document: shipment.number }
        : { code: 'shipment_cancelled', message: `Shipment ${shipment.number} on ${order} was cancelled, so it cannot be dispatched.`, fix: `Ship the order again: serials so ship ${order}`, document: shipment.number },
    ]);
  }
  return new RejectedError([
    wanted === 'dispatched'
      ? { code: 'already_dispatched', message: `Shipment ${shipment.number} on ${order} was dispatched already.`, fix: `Nothing to do; see the order with: serials so show ${order}`, document: shipment.number }
      : {
          code: 'already_dispatched',
          message: `Shipment ${shipment.number} on ${order} was dispatched, so it cannot be cancelled.`,
          fix: `Take units back with a credit note: serials credit create --so ${order} --product <code> --serials <serials> (or --qty <n>)`,
          document: shipment.number,
        },
  ]);
}

function bySerial(list: string[]): string[] {
  const keyed = list.map((serial) => ({ serial, key: serialKey(serial) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.serial);
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
    .select(['l.id', 'p.code', 'p.serialized', 'l.quantity_e4'])
    .where('l.shipment_id', '=', s.id)
    .orderBy('l.id')
    .execute();
  // a parked shipment's serials are planned; a dispatched one's are its movements (read as
  // every document's are); a cancelled one holds none
  const byLine = new Map<number | null, string[]>();
  if (s.status === 'parked') {
    const planned = await db
      .selectFrom('shipment_serials as ss')
      .innerJoin('shipment_lines as l', 'l.id', 'ss.shipment_line_id')
      .innerJoin('serials as ser', 'ser.id', 'ss.serial_id')
      .select(['ss.shipment_line_id as line', 'ser.serial'])
      .where('l.shipment_id', '=', s.id)
      .orderBy('ser.serial_key')
      .execute();
    for (const r of planned) appendTo(byLine, r.line, r.serial);
  } else if (s.status === 'dispatched') {
    // listed by serial, as a parked shipment's are: sorted here, where the keys are at hand,
    // rather than by a sort of every row in SQL
    for (const [line, list] of await movedSerials(db, 'shipment', [s.id])) byLine.set(line, bySerial(list));
  }
  return {
    number: s.number,
    salesOrder: s.order,
    customer: s.customer,
    warehouse: s.warehouse,
    status: s.status,
    orderCompleted: s.order_status === 'completed',
    lines: lines.map((l) => {
      const serialList = byLine.get(l.id) ?? [];
      return { product: l.code, serialized: l.serialized === 1, quantityE4: l.quantity_e4, serials: serialList.length, serialList };
    }),
  };
}
