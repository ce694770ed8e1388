// so create|list|show|delete|assign|unassign

import { createSalesOrder, deleteSalesOrder, listSalesOrders, showSalesOrder, type SalesOrderView } from '../../core/sales/sales-orders.js';
import { assignSerials, unassignSerials } from '../../core/sales/serial-assignments.js';
import { dispatchShipment } from '../../core/sales/shipments.js';
import { cancelShipment } from '../../core/sales/shipment-cancel.js';
import type { ShipmentResult } from '../../core/sales/shipment-records.js';
import { formatQuantity, toNumber } from '../../core/values/quantity.js';
import { gatherSerials } from '../input/serials.js';
import { orderFlags } from '../input/order-lines.js';
import { parseFlags, z } from '../input/validate.js';
import { capitalise, firstSerials } from '../output.js';
import type { Context } from '../context.js';

function soJson(so: SalesOrderView) {
  return {
    number: so.number,
    customer: so.customer,
    warehouse: so.warehouse,
    status: so.status,
    createdAt: so.createdAt,
    lines: so.lines.map((l) => ({
      line: l.lineNo,
      product: l.product,
      serialized: l.serialized,
      quantity: toNumber(l.quantityE4),
      shipped: toNumber(l.shippedE4),
      outstanding: toNumber(l.outstandingE4),
      parked: toNumber(l.parkedE4),
      assigned: l.assigned.length,
      unitPrice: l.unitPrice,
      serialsAssigned: l.assigned,
      serialsShipped: l.shipped,
    })),
    shipments: so.shipments.map((sh) => ({ ...sh, lines: sh.lines.map((l) => ({ product: l.product, quantity: toNumber(l.quantityE4) })) })),
  };
}

export async function create(ctx: Context): Promise<void> {
  const flags = orderFlags(ctx.opts, 'customer', 'UNIT_PRICE');
  const so = await ctx.withLedger((db) => createSalesOrder(db, { customer: flags.party, warehouse: flags.warehouse, lines: flags.lines, number: flags.number }), { write: true });
  if (ctx.json) return ctx.out.json(soJson(so));
  ctx.out.line(`Created sales order ${so.number} for ${so.customer} from ${so.warehouse} (${so.lines.length} line(s)).`);
  const serialized = so.lines.find((l) => l.serialized);
  if (serialized) ctx.out.note(`Next: serials so assign ${so.number} --product ${serialized.product} --serials ...`);
}

const listFlags = z.object({ status: z.optional(z.enum(['open', 'completed', 'deleted'])) });

export async function list(ctx: Context): Promise<void> {
  const flags = parseFlags(listFlags, ctx.opts);
  const rows = await ctx.withLedger((db) => listSalesOrders(db, { status: flags.status }));
  const format = ctx.format();
  if (format === 'json') {
    return ctx.out.json(rows.map((r) => ({ number: r.number, customer: r.customer, warehouse: r.warehouse, status: r.status, createdAt: r.createdAt, ordered: toNumber(r.orderedE4), shipped: toNumber(r.shippedE4) })));
  }
  const headers = ['Order Number', 'Customer', 'Warehouse', 'Status', 'Created', 'Ordered', 'Shipped'];
  const body = rows.map((r) => [r.number, r.customer, r.warehouse, format === 'csv' ? r.status : capitalise(r.status), r.createdAt.slice(0, 10), formatQuantity(r.orderedE4), formatQuantity(r.shippedE4)]);
  if (format === 'csv') return ctx.out.csv(headers, body);
  ctx.out.table(headers, body);
}

export async function show(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const so = await ctx.withLedger((db) => showSalesOrder(db, number));
  if (ctx.json) return ctx.out.json(soJson(so));
  ctx.out.line(`${ctx.out.color.bold(so.number)}  ${capitalise(so.status)}  customer ${so.customer}  warehouse ${so.warehouse}  created ${so.createdAt.slice(0, 10)}`);
  ctx.out.table(
    ['Line', 'Product', 'Ordered', 'Assigned', 'Shipped', 'Parked', 'Outstanding', 'Unit Price'],
    so.lines.map((l) => [l.lineNo, l.product, formatQuantity(l.quantityE4), l.serialized ? l.assigned.length : '', formatQuantity(l.shippedE4), l.parkedE4 ? formatQuantity(l.parkedE4) : '', formatQuantity(l.outstandingE4), l.unitPrice]),
  );
  for (const sh of so.shipments) {
    const what = sh.lines.map((l) => `${l.product} ${formatQuantity(l.quantityE4)}`).join(', ');
    ctx.out.line(
      sh.status === 'parked'
        ? `Shipment ${sh.number}: parked ${sh.createdAt.slice(0, 10)}: ${what}. Dispatch it (serials so dispatch ${sh.number}) or cancel it (serials so cancel-shipment ${sh.number}).`
        : sh.status === 'cancelled'
          ? `Shipment ${sh.number}: cancelled (parked ${sh.createdAt.slice(0, 10)}): ${what}; nothing was dispatched.`
          : `Shipment ${sh.number}: dispatched ${(sh.dispatchedAt ?? sh.createdAt).slice(0, 10)}: ${what}.`,
    );
  }
  for (const l of so.lines.filter((x) => x.assigned.length)) {
    const shown = l.assigned.map((a) => (a.stale ? `${a.serial} (stale: no longer available in ${so.warehouse})` : a.serial));
    ctx.out.line(`Serials assigned to ${l.product} (${l.assigned.length}): ${firstSerials(shown, ', ')}`);
  }
  for (const l of so.lines.filter((x) => x.shipped.length)) {
    ctx.out.line(`Serials shipped for ${l.product} (${l.shipped.length}): ${firstSerials(l.shipped.map((s) => `${s.serial} (${s.shipment})`), ', ')}`);
  }
}

export async function remove(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const r = await ctx.withLedger((db) => deleteSalesOrder(db, number), { write: true });
  if (ctx.json) return ctx.out.json(r);
  ctx.out.line(`Deleted sales order ${r.number}${r.assignmentsDropped ? ` and its ${r.assignmentsDropped} serial assignment(s)` : ''}.`);
}

const assignFlags = z.object({ product: z.string() });

export function assignAction(mode: 'assign' | 'unassign') {
  return async (ctx: Context) => {
    const [number = ''] = ctx.args;
    const flags = parseFlags(assignFlags, ctx.opts);
    const serials = await gatherSerials(ctx, { required: true, prompt: `Serials of ${flags.product} to ${mode} ${mode === 'assign' ? 'to' : 'from'} ${number}:` });
    const input = { salesOrder: number, product: flags.product, serials };
    if (mode === 'unassign') {
      const r = await ctx.withLedger((db) => unassignSerials(db, input), { write: true });
      if (ctx.json) return ctx.out.json(r);
      return ctx.out.line(`Unassigned ${r.serials.length} serial(s) of ${r.product} from ${r.salesOrder}.`);
    }
    const r = await ctx.withLedger((db) => assignSerials(db, input), { write: true });
    for (const w of r.warnings) ctx.out.warn(`serial "${w.serial}" is also assigned to open order(s) ${w.orders.join(', ')} (S-2: allowed; whichever ships first takes it).`);
    if (ctx.json) return ctx.out.json(r);
    ctx.out.line(`Assigned ${r.serials.length} serial(s) of ${r.product} to ${r.salesOrder}.`);
  };
}

function reportShipment(ctx: Context, r: ShipmentResult): void {
  if (ctx.json) return ctx.out.json({ ...r, lines: r.lines.map((l) => ({ product: l.product, quantity: toNumber(l.quantityE4), serials: l.serials })) });
  const what = r.lines.map((l) => `${l.product} ${formatQuantity(l.quantityE4)}`).join(', ');
  ctx.out.line(
    r.status === 'parked'
      ? `Shipment ${r.number} on ${r.salesOrder} created and parked: ${what}. Dispatch it with: serials so dispatch ${r.number}`
      : r.status === 'cancelled'
        ? `Parked shipment ${r.number} on ${r.salesOrder} cancelled: ${what} outstanding again; nothing was dispatched.`
        : `Shipment ${r.number} on ${r.salesOrder} dispatched to ${r.customer} from ${r.warehouse}: ${what}.${r.orderCompleted ? ` ${r.salesOrder} is now completed.` : ''}`,
  );
}

export async function dispatch(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  reportShipment(ctx, await ctx.withLedger((db) => dispatchShipment(db, number), { write: true }));
}

export async function cancelShipmentAction(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  reportShipment(ctx, await ctx.withLedger((db) => cancelShipment(db, number), { write: true }));
}
