// For the scanner prompt of `so ship`: everything about a shipment that does not depend on
// its serials, checked before the prompt opens (an unknown, deleted or completed order, an
// unknown product or one not on the order, nothing outstanding, a bad --qty are refused at
// once), what each serialized line needs, and the check of one scanned serial against the
// stock, the order's assignments and its parked shipments. Read-only.

import { RejectedError, type Problem } from '../../errors.js';
import { requireProduct } from '../master-data/lookup.js';
import { scanSerial } from '../ledger/scan-check.js';
import { heldSerials } from '../documents/serial-holds.js';
import { serialShown } from '../ledger/scan-check.js';
import { QUANTITY_SCALE } from '../values/quantity.js';
import { assignedSerials, parkedSerials } from './shipment-records.js';
import { openAssignmentsOf } from './serial-assignments.js';
import { carriedOver, shipmentTargets, type TargetInput } from './shipments.js';
import type { ProductRef, WarehouseRef } from '../ledger/index.js';
import type { Db } from '../../db/open.js';

export interface ShipmentScanLine {
  product: ProductRef;
  /** units of the line on this shipment */
  units: number;
  /** serials assigned to the order that go with the shipment anyway (S-3): counted already */
  carried: { serial: string; key: string }[];
}

export interface ShipmentScanPlan {
  salesOrder: { id: number; number: string };
  customer: string;
  warehouse: WarehouseRef;
  /** the serialized lines that need serials beyond the assigned ones, in order */
  lines: ShipmentScanLine[];
}

export async function shipmentScanPlan(db: Db, input: TargetInput): Promise<ShipmentScanPlan> {
  const problems: Problem[] = [];
  let found: Awaited<ReturnType<typeof shipmentTargets>>;
  try {
    found = await shipmentTargets(db, input, problems);
  } catch (error) {
    // an unknown product is said as such, not as "not on the order"
    if (error instanceof RejectedError && error.code === 'product_not_on_order' && input.product !== undefined) {
      const unknown: Problem[] = [];
      await requireProduct(db, input.product, unknown);
      if (unknown.length) throw new RejectedError(unknown);
    }
    throw error;
  }
  if (problems.length) throw new RejectedError(problems);
  const { order, targets } = found;
  const serialized = targets.filter((t) => t.line.serialized === 1 && t.quantityE4 > 0);
  const assigned = await assignedSerials(
    db,
    serialized.map((t) => t.line.id),
  );
  const onParked = await parkedSerials(db, order.id);
  return {
    salesOrder: { id: order.id, number: order.number },
    customer: order.customer,
    warehouse: { id: order.warehouse_id, code: order.warehouse },
    lines: serialized
      .map((t) => {
        const units = t.quantityE4 / QUANTITY_SCALE;
        const carried = carriedOver(t.line.id, units, assigned, onParked).map((a) => ({ serial: a.serial, key: a.serial_key }));
        const product = { id: t.line.product_id, code: t.line.product, serialized: true, neverDiminishing: t.line.never_diminishing === 1 };
        return { product, units, carried };
      })
      .filter((l) => l.units > l.carried.length),
  };
}

export type ShipmentScanVerdict =
  | { ok: false; reason: string }
  /**
   * `assignedHere`: assigned to this order; `alsoAssignedTo`: other open orders it is
   * assigned to; `parkedElsewhere`: other orders' parked shipments that hold it (whichever
   * dispatches first takes it)
   */
  | { ok: true; text: string; key: string; assignedHere: boolean; alsoAssignedTo: string[]; parkedElsewhere: { shipment: string; salesOrder: string }[] };

/** Whether a scanned serial can go on this shipment of the plan's order, for this line. */
export async function shipmentScanSerial(db: Db, plan: ShipmentScanPlan, line: ShipmentScanLine, text: string): Promise<ShipmentScanVerdict> {
  const verdict = await scanSerial(db, { product: line.product, warehouse: plan.warehouse, direction: 'out', held: await heldSerials(db) }, text);
  if (!verdict.ok) return verdict;
  if (verdict.id === undefined) return { ok: false, reason: `${serialShown(verdict.text)} is not a serial of ${line.product.code} in the ledger` };
  // parked shipments holding it: this order's cannot take it twice; another's may lose it
  const parked = await db
    .selectFrom('shipment_serials as ss')
    .innerJoin('shipment_lines as l', 'l.id', 'ss.shipment_line_id')
    .innerJoin('shipments as s', 's.id', 'l.shipment_id')
    .innerJoin('sales_orders as so', 'so.id', 's.sales_order_id')
    .select(['s.number as shipment', 'so.id', 'so.number as salesOrder'])
    .where('ss.serial_id', '=', verdict.id)
    .where('s.status', '=', 'parked')
    .orderBy('s.number')
    .execute();
  const own = parked.find((p) => p.id === plan.salesOrder.id);
  if (own) return { ok: false, reason: `${serialShown(verdict.text)} is on parked shipment ${own.shipment} of ${plan.salesOrder.number} already` };
  const orders = (await openAssignmentsOf(db, [verdict.id])).get(verdict.id) ?? [];
  return {
    ok: true,
    text: verdict.text,
    key: verdict.key,
    assignedHere: orders.includes(plan.salesOrder.number),
    alsoAssignedTo: orders.filter((o) => o !== plan.salesOrder.number),
    parkedElsewhere: parked.map((p) => ({ shipment: p.shipment, salesOrder: p.salesOrder })),
  };
}
