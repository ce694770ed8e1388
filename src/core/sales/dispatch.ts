// Dispatching a shipment and parking one (RULES.md S-4): the lines being shipped with the
// serials they take, the one posting of the movements, and what follows it on the order.

import { codeKey } from '../values/codes.js';
import type { Problem } from '../../errors.js';
import * as ledger from '../ledger/index.js';
import { post } from '../documents/posting.js';
import { describeShipment, productKey, type ShipmentResult } from './shipment-records.js';
import { QUANTITY_SCALE } from '../values/quantity.js';
import { salesOrderLines } from './sales-orders.js';
import { quoteSerial, serialKey } from '../values/serial-text.js';
import { bulkInsert } from '../../db/bulk-insert.js';
import type { Db } from '../../db/open.js';
import { grouped } from '../values/words.js';

/** A serial as it will leave on a shipment line: by text, so that the ledger resolves it once. */
export interface Unit {
  text: string;
  key: string;
  /** how it came onto the shipment, when the user did not name it on this command */
  from?: 'assignment' | 'parked';
  /** on a parked shipment and also assigned to the order: cancelling alone would bring it back */
  assigned?: boolean;
}

/** One line of a shipment being dispatched, with the serials it takes. */
export interface DispatchLine {
  orderLineId: number;
  shipmentLineId?: number;
  product: ledger.ProductRef;
  quantityE4: number;
  units: Unit[];
}

export interface OrderRef {
  id: number;
  number: string;
  warehouse_id: number;
  warehouse: string;
}

/** `shipment`: the parked shipment's number, or null for a shipment being created. */
export function serialsMissing(shipment: string | null, order: string, line: DispatchLine): Problem {
  return {
    code: 'serials_missing',
    message: `${shipment ? `Shipment ${shipment}` : `The shipment on ${order}`}: ${line.product.code} needs ${grouped(line.quantityE4 / QUANTITY_SCALE)} ${line.quantityE4 === QUANTITY_SCALE ? 'serial' : 'serials'} to be dispatched, and has ${grouped(line.units.length)}.`,
    fix: `Assign serials on the order (serials so assign ${order} --product ${line.product.code} --serials <serials>) or give them with the shipment.`,
    product: line.product.code,
    document: shipment ?? order,
  };
}

/**
 * S-4: posts a dispatch. Every serial of every line is checked in one pass through the
 * ledger; a line with the wrong number of serials is reported as such (by the caller) and
 * its serials are still checked, with the ledger's own count check satisfied so it does not
 * say the same twice. `shipment` is the parked shipment dispatched, or a new one.
 */
export async function dispatch(db: Db, order: OrderRef, lines: DispatchLine[], problems: Problem[], shipment: { id: number; number: string } | 'new'): Promise<string> {
  const ops: ledger.OutOp[] = lines.map((l) => ({
    op: 'out',
    movement: 'shipment',
    product: l.product,
    warehouse: { id: order.warehouse_id, code: order.warehouse },
    quantityE4: l.product.serialized ? l.units.length * QUANTITY_SCALE : l.quantityE4,
    serials: l.units.map((u) => ({ raw: u.text })),
    lineId: l.shipmentLineId ?? null,
  }));
  const posted = await post(db, {
    type: 'shipment',
    problems,
    ops,
    review: (all, first) => explainTaken(order, lines, shipment === 'new' ? null : shipment.number, all.slice(first)),
    document:
      shipment === 'new'
        ? {
            async create(number, at) {
              const id = await createShipment(db, order.id, lines, number, at);
              ops.forEach((op, i) => (op.lineId = lines[i]?.shipmentLineId ?? null));
              return id;
            },
          }
        : shipment,
    after: (ref, at) => afterDispatch(db, ref.id, order.id, lines, at),
  });
  return posted.number;
}

/**
 * A serial the user did not name here that can no longer leave: says where it came from
 * and how to get it off this shipment (S-2: a stale assignment, or a parked shipment).
 */
function explainTaken(order: OrderRef, lines: DispatchLine[], shipment: string | null, problems: Problem[]): void {
  const origin = new Map<string, Unit & { product: string }>();
  for (const l of lines) {
    for (const u of l.units) if (u.from) origin.set(productKey(l.product.id, u.key), { ...u, product: l.product.code });
  }
  const productIds = new Map(lines.map((l) => [codeKey(l.product.code), l.product.id]));
  for (const p of problems) {
    const productId = p.product !== undefined ? productIds.get(codeKey(p.product)) : undefined;
    const o = p.serial !== undefined && productId !== undefined ? origin.get(productKey(productId, serialKey(p.serial))) : undefined;
    if (!o) continue;
    const serial = quoteSerial(p.serial as string);
    const unassign = `serials so unassign ${order.number} --product ${o.product} --serials ${serial}`;
    if (o.from === 'assignment') {
      p.message += ` It is assigned to ${order.number}: the assignment is stale.`;
      p.fix = `Unassign it (${unassign}) and ship another serial.`;
    } else {
      p.message += ` It has been on parked shipment ${shipment} since the shipment was parked${o.assigned ? `, and is assigned to ${order.number}` : ''}.`;
      p.fix = `Cancel the shipment (serials so cancel-shipment ${shipment})${o.assigned ? ` and unassign it (${unassign})` : ''}, then ship ${order.number} again with another serial.`;
    }
  }
}

/** After the serials left stock: the order's shipped quantities grow, and it may complete. */
async function afterDispatch(db: Db, shipmentId: number, orderId: number, lines: DispatchLine[], at: string): Promise<void> {
  for (const line of lines) {
    await db
      .updateTable('sales_order_lines')
      .set((eb) => ({ shipped_e4: eb('shipped_e4', '+', line.quantityE4) }))
      .where('id', '=', line.orderLineId)
      .execute();
    if (!line.product.serialized) continue;
    // the order's own assignments of what it shipped are used up; other orders' remain (stale)
    await db
      .deleteFrom('serial_assignments')
      .where('sales_order_line_id', '=', line.orderLineId)
      .where('serial_id', 'in', (eb) =>
        eb
          .selectFrom('serial_movements')
          .select('serial_id')
          .where('document_type', '=', 'shipment')
          .where('document_id', '=', shipmentId)
          .where('document_line_id', '=', line.shipmentLineId as number),
      )
      .execute();
  }
  // Dispatched serials are recorded by their movements; shipment_serials holds only what
  // parked shipments are waiting to take.
  await db
    .deleteFrom('shipment_serials')
    .where('shipment_line_id', 'in', (eb) => eb.selectFrom('shipment_lines').select('id').where('shipment_id', '=', shipmentId))
    .execute();
  await db.updateTable('shipments').set({ status: 'dispatched', dispatched_at: at }).where('id', '=', shipmentId).execute();
  const remaining = await salesOrderLines(db, orderId);
  if (remaining.every((l) => l.shipped_e4 >= l.quantity_e4)) {
    await db.updateTable('sales_orders').set({ status: 'completed', updated_at: at }).where('id', '=', orderId).execute();
  }
}

/** Creates the shipment and its lines (parked until dispatched); sets each line's shipment line id. */
async function createShipment(db: Db, orderId: number, lines: DispatchLine[], number: string, at: string): Promise<number> {
  const shipment = await db
    .insertInto('shipments')
    .values({ number, sales_order_id: orderId, status: 'parked', created_at: at, dispatched_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const l of lines) {
    const row = await db
      .insertInto('shipment_lines')
      .values({ shipment_id: shipment.id, sales_order_line_id: l.orderLineId, product_id: l.product.id, quantity_e4: l.quantityE4 })
      .returning('id')
      .executeTakeFirstOrThrow();
    l.shipmentLineId = row.id;
  }
  return shipment.id;
}


/**
 * A parked shipment keeps its serials in shipment_serials until it is dispatched. Parking
 * checks only that they exist (dispatch checks the rest), adding to the problems found so far.
 */
export async function park(db: Db, orderId: number, orderNumber: string, lines: DispatchLine[], problems: Problem[]): Promise<ShipmentResult> {
  const ids = new Map<DispatchLine, number[]>();
  for (const line of lines.filter((l) => l.units.length > 0)) {
    const found = await ledger.findSerials(
      db,
      line.product.id,
      line.units.map((u) => u.key),
    );
    const list: number[] = [];
    for (const u of line.units) {
      const s = found.get(u.key);
      if (s) list.push(s.id);
      else {
        problems.push({
          code: 'unknown_serial',
          message: `Serial ${quoteSerial(u.text)} of ${line.product.code} is not in the ledger.`,
          fix: 'Check the serial.',
          serial: u.text,
          product: line.product.code,
          document: orderNumber,
        });
      }
    }
    ids.set(line, list);
  }
  // parked, it moves nothing yet: its serials wait in shipment_serials
  const { number } = await post(db, {
    type: 'shipment',
    problems,
    ops: [],
    document: {
      async create(number, at) {
        const id = await createShipment(db, orderId, lines, number, at);
        for (const [line, list] of ids) {
          await bulkInsert(db, 'shipment_serials', ['shipment_line_id', 'serial_id'], list.map((serialId) => [line.shipmentLineId, serialId]));
        }
        return id;
      },
    },
  });
  return describeShipment(db, number);
}

