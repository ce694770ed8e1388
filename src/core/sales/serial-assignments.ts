// Assigning serials to a sales order line in advance (RULES.md S-2). An assignment is not a
// status: the serial stays available. Assigning one that is already assigned to another
// open order is allowed, with a warning naming that order.

import { lineForProduct, productNotOnOrder } from '../documents/order-lines.js';
import { now } from '../values/clock.js';
import { RejectedError, type Problem } from '../../errors.js';
import * as ledger from '../ledger/index.js';
import * as rules from '../ledger/rules.js';
import type { SerialInput } from '../ledger/index.js';
import { formatQuantity, QUANTITY_SCALE } from '../values/quantity.js';
import { findSalesOrder, salesOrderLines } from './sales-orders.js';
import { quoteSerial } from '../values/serial-text.js';
import { chunk, IN_LIST } from '../../db/chunk.js';
import { appendTo } from '../values/collections.js';
import { bulkInsert } from '../../db/bulk-insert.js';
import type { Db } from '../../db/open.js';
import { grouped } from '../values/words.js';

export interface AssignInput {
  salesOrder: string;
  product: string;
  serials: SerialInput[];
}

export interface AssignResult {
  salesOrder: string;
  product: string;
  serials: string[];
  /** serials also assigned to other open orders: allowed, but worth knowing */
  warnings: { serial: string; orders: string[] }[];
}

async function orderLine(db: Db, input: { salesOrder: string; product: string }) {
  const order = await findSalesOrder(db, input.salesOrder);
  if (order.status !== 'open') {
    throw new RejectedError([
      { code: 'sales_order_not_open', message: `Sales order ${order.number} is ${order.status}; serials can be assigned only to open orders.`, fix: 'Assign them to an open order.', document: order.number },
    ]);
  }
  const line = lineForProduct(await salesOrderLines(db, order.id), input.product);
  if (!line) throw new RejectedError([productNotOnOrder(input.product, { kind: 'sales', number: order.number })]);
  if (line.serialized !== 1) {
    throw new RejectedError([
      { code: 'not_serialized', message: `Product ${line.product} is not serialized, so no serials can be assigned to it.`, fix: 'Ship it by quantity.', product: line.product, document: order.number },
    ]);
  }
  return { order, line };
}

/** Resolves each given serial to the product's serial record; records every problem. */
async function resolveSerials(db: Db, productId: number, productCode: string, inputs: SerialInput[], problems: Problem[]) {
  const wanted = new Map<string, { text: string; source?: string }>();
  for (const input of inputs) {
    const checked = rules.serialText(input, productCode);
    if (!checked.ok) {
      problems.push(checked.problem);
    } else if (wanted.has(checked.key)) {
      problems.push(rules.repeatedSerial(checked.text, productCode, wanted.get(checked.key)?.source ?? 'earlier', input.source));
    } else {
      wanted.set(checked.key, { text: checked.text, source: input.source });
    }
  }
  const found = await ledger.findSerials(db, productId, [...wanted.keys()]);
  return { wanted, found };
}

export async function assignSerials(db: Db, input: AssignInput): Promise<AssignResult> {
  const { order, line } = await orderLine(db, input);
  const problems: Problem[] = [];
  const { wanted, found } = await resolveSerials(db, line.product_id, line.product, input.serials, problems);
  const existing = await db.selectFrom('serial_assignments').select('serial_id').where('sales_order_line_id', '=', line.id).execute();
  const assignedHere = new Set(existing.map((e) => e.serial_id));
  const toAssign: { id: number; serial: string }[] = [];
  for (const [key, w] of wanted) {
    const s = found.get(key);
    const label = `Serial ${quoteSerial(s?.serial ?? w.text)} of ${line.product}`;
    if (!s) {
      problems.push({ code: 'unknown_serial', message: `${label} is not in the ledger.`, fix: 'Check the serial.', serial: w.text, product: line.product });
    } else if (s.status !== 'available' || s.warehouse_id !== order.warehouse_id) {
      problems.push({
        code: 'serial_not_available',
        message: `${label} is not available in warehouse ${order.warehouse}, the warehouse of ${order.number}.`,
        fix: `See where it is: serials enquiry ${quoteSerial(s.serial)} --product ${line.product}`,
        serial: s.serial,
        product: line.product,
        warehouse: order.warehouse,
        document: order.number,
      });
    } else if (assignedHere.has(s.id)) {
      problems.push({ code: 'already_assigned', message: `${label} is already assigned to ${order.number}.`, fix: 'Remove it from the input.', serial: s.serial, product: line.product, document: order.number });
    } else {
      toAssign.push({ id: s.id, serial: s.serial });
    }
  }
  // S-2: no more serials than the line still needs
  const outstandingUnits = (line.quantity_e4 - line.shipped_e4) / QUANTITY_SCALE;
  if (existing.length + wanted.size > outstandingUnits) {
    problems.push({
      code: 'over_assignment',
      message: `${order.number} needs ${formatQuantity(line.quantity_e4 - line.shipped_e4)} more of ${line.product} and has ${grouped(existing.length)} ${existing.length === 1 ? 'serial' : 'serials'} assigned; ${grouped(wanted.size)} more ${wanted.size === 1 ? 'is' : 'are'} too many.`,
      fix: 'Assign at most the outstanding quantity.',
      product: line.product,
      document: order.number,
    });
  }
  if (problems.length) throw new RejectedError(problems);

  const at = now();
  await bulkInsert(db, 'serial_assignments', ['sales_order_line_id', 'serial_id', 'created_at'], toAssign.map((s) => [line.id, s.id, at]));
  const elsewhere = await openAssignmentsOf(db, toAssign.map((s) => s.id), order.id);
  const warnings = toAssign.filter((s) => elsewhere.has(s.id)).map((s) => ({ serial: s.serial, orders: elsewhere.get(s.id) ?? [] }));
  return { salesOrder: order.number, product: line.product, serials: toAssign.map((s) => s.serial), warnings };
}

export async function unassignSerials(db: Db, input: AssignInput): Promise<{ salesOrder: string; product: string; serials: string[] }> {
  const { order, line } = await orderLine(db, input);
  const problems: Problem[] = [];
  const { wanted, found } = await resolveSerials(db, line.product_id, line.product, input.serials, problems);
  const existing = new Set(
    (await db.selectFrom('serial_assignments').select('serial_id').where('sales_order_line_id', '=', line.id).execute()).map((e) => e.serial_id),
  );
  const ids: number[] = [];
  const serials: string[] = [];
  for (const [key, w] of wanted) {
    const s = found.get(key);
    if (!s || !existing.has(s.id)) {
      problems.push({
        code: 'not_assigned',
        message: `Serial ${quoteSerial(s?.serial ?? w.text)} of ${line.product} is not assigned to ${order.number}.`,
        fix: `See what is assigned: serials so show ${order.number}`,
        serial: s?.serial ?? w.text,
        product: line.product,
        document: order.number,
      });
    } else {
      ids.push(s.id);
      serials.push(s.serial);
    }
  }
  if (problems.length) throw new RejectedError(problems);
  for (const part of chunk(ids, IN_LIST)) {
    await db.deleteFrom('serial_assignments').where('sales_order_line_id', '=', line.id).where('serial_id', 'in', part).execute();
  }
  return { salesOrder: order.number, product: line.product, serials };
}

/** Open orders (other than `exceptOrderId`) each serial is assigned to. */
export async function openAssignmentsOf(db: Db, serialIds: number[], exceptOrderId?: number): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (const part of chunk(serialIds, IN_LIST)) {
    let q = db
      .selectFrom('serial_assignments as a')
      .innerJoin('sales_order_lines as l', 'l.id', 'a.sales_order_line_id')
      .innerJoin('sales_orders as so', 'so.id', 'l.sales_order_id')
      .select(['a.serial_id', 'so.number'])
      .where('a.serial_id', 'in', part)
      .where('so.status', '=', 'open')
      .orderBy('so.number');
    if (exceptOrderId !== undefined) q = q.where('so.id', '!=', exceptOrderId);
    for (const r of await q.execute()) appendTo(out, r.serial_id, r.number);
  }
  return out;
}
