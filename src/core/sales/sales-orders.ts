// Sales orders: create, list, show, delete (RULES.md S-1). Assigning serials to their lines
// is in serial-assignments.ts.

import { now } from '../values/clock.js';
import { appendTo } from '../values/collections.js';
import { RejectedError, type Problem, shown } from '../../errors.js';
import { requireEntry } from '../master-data/lookup.js';
import { typedNumber } from '../documents/numbering.js';
import { post } from '../documents/posting.js';
import { checkOrderLines, type OrderLineInput } from '../documents/order-lines.js';
import { formatQuantity } from '../values/quantity.js';
import type { Db } from '../../db/open.js';
import type { DocumentStatus } from '../../db/schema.js';

export interface NewSalesOrder {
  customer: string;
  warehouse: string;
  lines: OrderLineInput[];
  number?: string;
}

export interface AssignedSerial {
  serial: string;
  /** S-4: the serial is no longer available in the order's warehouse */
  stale: boolean;
}

export interface SalesOrderLineView {
  lineNo: number;
  product: string;
  serialized: boolean;
  quantityE4: number;
  shippedE4: number;
  outstandingE4: number;
  /** on parked shipments: not shipped yet, and not outstanding either (S-3) */
  parkedE4: number;
  unitPrice: number | null;
  assigned: AssignedSerial[];
  /** serials dispatched on this line's shipments, with the shipment */
  shipped: { serial: string; shipment: string }[];
  /** serials waiting on this line's parked shipments, with the shipment */
  parked: { serial: string; shipment: string }[];
}

export interface SalesOrderView {
  number: string;
  customer: string;
  warehouse: string;
  status: DocumentStatus;
  createdAt: string;
  lines: SalesOrderLineView[];
  shipments: SalesOrderShipment[];
}

export interface SalesOrderShipment {
  number: string;
  status: 'parked' | 'dispatched' | 'cancelled';
  createdAt: string;
  dispatchedAt: string | null;
  lines: { product: string; quantityE4: number }[];
}

export async function createSalesOrder(db: Db, input: NewSalesOrder): Promise<SalesOrderView> {
  const problems: Problem[] = [];
  const customer = await requireEntry(db, 'customer', input.customer, problems);
  const warehouse = await requireEntry(db, 'warehouse', input.warehouse, problems);
  const lines = await checkOrderLines(db, input.lines, problems, { name: 'sales order', price: 'price' });
  // a missing customer or warehouse is a problem already, and problems stop before create
  const ready = customer && warehouse ? { customer, warehouse } : undefined;
  const { number } = await post(db, {
    type: 'sales_order',
    problems,
    ops: [],
    document: {
      number: input.number,
      async create(number, at) {
        if (!ready) throw new Error('a sales order without its customer or warehouse reached posting');
        const order = await db
          .insertInto('sales_orders')
          .values({ number, customer_id: ready.customer.id, warehouse_id: ready.warehouse.id, status: 'open', created_at: at, updated_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('sales_order_lines')
          .values(lines.map((l, i) => ({ sales_order_id: order.id, line_no: i + 1, product_id: l.productId, quantity_e4: l.quantityE4, shipped_e4: 0, unit_price: l.unitPrice })))
          .execute();
        return order.id;
      },
    },
  });
  return showSalesOrder(db, number);
}

export async function findSalesOrder(db: Db, number: string) {
  const order = await db
    .selectFrom('sales_orders as so')
    .innerJoin('customers as c', 'c.id', 'so.customer_id')
    .innerJoin('warehouses as w', 'w.id', 'so.warehouse_id')
    .select(['so.id', 'so.number', 'so.status', 'so.created_at', 'so.warehouse_id', 'w.code as warehouse', 'c.id as customer_id', 'c.code as customer'])
    .where('so.number', 'in', typedNumber(number))
    .executeTakeFirst();
  if (!order) {
    throw new RejectedError([{ code: 'unknown_sales_order', message: `There is no sales order ${shown(number)}.`, fix: 'List sales orders with: serials so list', document: number }]);
  }
  return order;
}

export async function salesOrderLines(db: Db, salesOrderId: number) {
  return db
    .selectFrom('sales_order_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.id', 'l.line_no', 'l.product_id', 'p.code as product', 'p.serialized', 'p.never_diminishing', 'l.quantity_e4', 'l.shipped_e4', 'l.unit_price'])
    .where('l.sales_order_id', '=', salesOrderId)
    .orderBy('l.line_no')
    .execute();
}

export async function showSalesOrder(db: Db, number: string): Promise<SalesOrderView> {
  const order = await findSalesOrder(db, number);
  const lines = await salesOrderLines(db, order.id);
  const assigned = await db
    .selectFrom('serial_assignments as a')
    .innerJoin('sales_order_lines as l', 'l.id', 'a.sales_order_line_id')
    .innerJoin('serials as s', 's.id', 'a.serial_id')
    .select(['a.sales_order_line_id as line', 's.serial', 's.status', 's.warehouse_id'])
    .where('l.sales_order_id', '=', order.id)
    .orderBy('a.id')
    .execute();
  // what was dispatched is in the serials' movements (shipment_serials holds parked plans only)
  const shippedRows = await db
    .selectFrom('shipments as sh')
    .innerJoin('serial_movements as m', (join) => join.on('m.document_type', '=', 'shipment').onRef('m.document_id', '=', 'sh.id'))
    .innerJoin('shipment_lines as sl', 'sl.id', 'm.document_line_id')
    .innerJoin('serials as s', 's.id', 'm.serial_id')
    .select(['sl.sales_order_line_id as line', 's.serial', 'sh.number'])
    .where('sh.sales_order_id', '=', order.id)
    .where('sh.status', '=', 'dispatched')
    .orderBy('sh.id')
    .orderBy('s.serial_key')
    .execute();
  const shippedByLine = new Map<number, { serial: string; shipment: string }[]>();
  for (const r of shippedRows) appendTo(shippedByLine, r.line, { serial: r.serial, shipment: r.number });
  // what parked shipments are waiting to take is in shipment_serials
  const parkedRows = await db
    .selectFrom('shipments as sh')
    .innerJoin('shipment_lines as sl', 'sl.shipment_id', 'sh.id')
    .innerJoin('shipment_serials as ss', 'ss.shipment_line_id', 'sl.id')
    .innerJoin('serials as s', 's.id', 'ss.serial_id')
    .select(['sl.sales_order_line_id as line', 's.serial', 'sh.number'])
    .where('sh.sales_order_id', '=', order.id)
    .where('sh.status', '=', 'parked')
    .orderBy('sh.id')
    .orderBy('s.serial_key')
    .execute();
  const parkedSerialsByLine = new Map<number, { serial: string; shipment: string }[]>();
  for (const r of parkedRows) appendTo(parkedSerialsByLine, r.line, { serial: r.serial, shipment: r.number });
  const shipmentRows = await db
    .selectFrom('shipments as sh')
    .innerJoin('shipment_lines as l', 'l.shipment_id', 'sh.id')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['sh.id', 'sh.number', 'sh.status', 'sh.created_at', 'sh.dispatched_at', 'l.sales_order_line_id as line', 'p.code', 'l.quantity_e4'])
    .where('sh.sales_order_id', '=', order.id)
    .orderBy('sh.id')
    .orderBy('l.id')
    .execute();
  const shipments = new Map<number, SalesOrderShipment>();
  const parkedByLine = new Map<number, number>();
  for (const r of shipmentRows) {
    let sh = shipments.get(r.id);
    if (!sh) shipments.set(r.id, (sh = { number: r.number, status: r.status, createdAt: r.created_at, dispatchedAt: r.dispatched_at, lines: [] }));
    sh.lines.push({ product: r.code, quantityE4: r.quantity_e4 });
    if (r.status === 'parked') parkedByLine.set(r.line, (parkedByLine.get(r.line) ?? 0) + r.quantity_e4);
  }
  const byLine = new Map<number, AssignedSerial[]>();
  for (const a of assigned) appendTo(byLine, a.line, { serial: a.serial, stale: a.status !== 'available' || a.warehouse_id !== order.warehouse_id });
  // only an open order expects anything more: a deleted (or completed) one has nothing outstanding
  const open = order.status === 'open';
  return {
    number: order.number,
    customer: order.customer,
    warehouse: order.warehouse,
    status: order.status,
    createdAt: order.created_at,
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      product: l.product,
      serialized: l.serialized === 1,
      quantityE4: l.quantity_e4,
      shippedE4: l.shipped_e4,
      // what `so ship` can still take: parked shipments count as shipped until cancelled (S-3)
      outstandingE4: open ? l.quantity_e4 - l.shipped_e4 - (parkedByLine.get(l.id) ?? 0) : 0,
      parkedE4: parkedByLine.get(l.id) ?? 0,
      unitPrice: l.unit_price,
      assigned: byLine.get(l.id) ?? [],
      shipped: shippedByLine.get(l.id) ?? [],
      parked: parkedSerialsByLine.get(l.id) ?? [],
    })),
    shipments: [...shipments.values()],
  };
}

export interface SalesOrderSummary {
  number: string;
  customer: string;
  warehouse: string;
  status: DocumentStatus;
  createdAt: string;
  /** totals over the lines: units of different products added up, so for checks, not for people */
  orderedE4: number;
  shippedE4: number;
  lineCount: number;
  /** lines shipped in full */
  shippedLineCount: number;
}

export async function listSalesOrders(db: Db, filter: { status?: DocumentStatus } = {}): Promise<SalesOrderSummary[]> {
  let q = db
    .selectFrom('sales_orders as so')
    .innerJoin('customers as c', 'c.id', 'so.customer_id')
    .innerJoin('warehouses as w', 'w.id', 'so.warehouse_id')
    .leftJoin('sales_order_lines as l', 'l.sales_order_id', 'so.id')
    .select((eb) => [
      'so.number',
      'c.code as customer',
      'w.code as warehouse',
      'so.status',
      'so.created_at',
      eb.fn.coalesce(eb.fn.sum<number>('l.quantity_e4'), eb.lit(0)).as('ordered'),
      eb.fn.coalesce(eb.fn.sum<number>('l.shipped_e4'), eb.lit(0)).as('shipped'),
      eb.fn.count<number>('l.id').as('lines'),
      eb.fn.coalesce(eb.fn.sum<number>(eb.case().when('l.shipped_e4', '>=', eb.ref('l.quantity_e4')).then(1).else(0).end()), eb.lit(0)).as('shipped_lines'),
    ])
    .groupBy(['so.id', 'so.number', 'c.code', 'w.code', 'so.status', 'so.created_at'])
    .orderBy('so.id');
  if (filter.status) q = q.where('so.status', '=', filter.status);
  return (await q.execute()).map((r) => ({
    number: r.number,
    customer: r.customer,
    warehouse: r.warehouse,
    status: r.status,
    createdAt: r.created_at,
    orderedE4: Number(r.ordered),
    shippedE4: Number(r.shipped),
    lineCount: Number(r.lines),
    shippedLineCount: Number(r.shipped_lines),
  }));
}

/** S-1: only an open order with nothing shipped can be deleted; its assignments go with it. */
export async function deleteSalesOrder(db: Db, number: string): Promise<{ number: string; status: DocumentStatus; assignmentsDropped: number }> {
  const order = await findSalesOrder(db, number);
  if (order.status !== 'open') {
    throw new RejectedError([{ code: 'sales_order_not_open', message: `Sales order ${order.number} is ${order.status}, so it cannot be deleted.`, fix: 'Only open sales orders can be deleted.', document: order.number }]);
  }
  const lines = await salesOrderLines(db, order.id);
  const shipped = lines.filter((l) => l.shipped_e4 > 0);
  if (shipped.length) {
    throw new RejectedError([
      {
        code: 'sales_order_has_shipments',
        message: `Sales order ${order.number} has shipped ${shipped.map((l) => `${l.product} ${formatQuantity(l.shipped_e4)}`).join(', ')}, so it cannot be deleted.`,
        fix: 'Credit what was shipped instead, or leave the order as it is.',
        document: order.number,
      },
    ]);
  }
  const parked = await db.selectFrom('shipments').select('number').where('sales_order_id', '=', order.id).where('status', '=', 'parked').orderBy('id').execute();
  if (parked.length) {
    throw new RejectedError([
      {
        code: 'sales_order_has_parked_shipments',
        message: `Sales order ${order.number} has ${parked.length === 1 ? 'a parked shipment' : 'parked shipments'} ${parked.map((p) => p.number).join(', ')}, so it cannot be deleted.`,
        fix: `Cancel ${parked.length === 1 ? 'it' : 'them'} first (${parked.map((p) => `serials so cancel-shipment ${p.number}`).join('; ')}), then delete the order.`,
        document: parked[0]?.number,
      },
    ]);
  }
  const dropped = await db
    .deleteFrom('serial_assignments')
    .where('sales_order_line_id', 'in', lines.length ? lines.map((l) => l.id) : [-1])
    .executeTakeFirst();
  await db.updateTable('sales_orders').set({ status: 'deleted', updated_at: now() }).where('id', '=', order.id).execute();
  return { number: order.number, status: 'deleted', assignmentsDropped: Number(dropped.numDeletedRows) };
}
