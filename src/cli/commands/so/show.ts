import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { showSalesOrder, type SalesOrderLineView, type SalesOrderView } from '../../../core/sales/sales-orders.js';
import { toNumber } from '../../../core/values/quantity.js';
import { orderFields, orderTitle, salesOrderJson } from '../../families/orders.js';
import { firstSerials } from '../../output.js';
import { presentShow, type Column, type View } from '../../render/present.js';
import { grouped } from '../../../core/values/words.js';

export const spec: CommandSpec = {
  noun: 'so',
  verb: 'show',
  args: '<so>',
  summary: "show lines; assigned, shipped, parked and outstanding quantities; the order's shipments and their serials; stale assignments flagged",
  formats: ['table', 'csv', 'json'],
  examples: ['serials so show SO-00000001', 'serials so show SO-00000001 --json', 'serials so show SO-00000001 --format csv   # one row per line'],
};

type Line = SalesOrderLineView;

// every row shows every number, 0 included: a plain line has 0 serials assigned
const lineColumns: Column<Line>[] = [
  { header: 'Line', kind: 'count', value: (l) => l.lineNo },
  { header: 'Product', kind: 'code', value: (l) => l.product },
  { header: 'Ordered', kind: 'quantity', value: (l) => toNumber(l.quantityE4) },
  { header: 'Assigned', kind: 'count', value: (l) => l.assigned.length },
  { header: 'Shipped', kind: 'quantity', value: (l) => toNumber(l.shippedE4) },
  { header: 'Parked', kind: 'quantity', value: (l) => toNumber(l.parkedE4) },
  { header: 'Outstanding', kind: 'quantity', value: (l) => toNumber(l.outstandingE4) },
  { header: 'Unit Price', kind: 'money', value: (l) => l.unitPrice },
];

/** The CSV: one row per line, each with the order's own columns. */
function csvView(so: SalesOrderView): View<Line> {
  return {
    columns: [
      { header: 'Order Number', kind: 'code', value: () => so.number },
      { header: 'Customer', kind: 'code', value: () => so.customer },
      { header: 'Warehouse', kind: 'code', value: () => so.warehouse },
      { header: 'Status', kind: 'status', value: () => so.status },
      { header: 'Created', kind: 'time', value: () => so.createdAt },
      ...lineColumns,
    ],
    json: (l) => l,
  };
}

interface ShipmentRow {
  shipment: string;
  status: string;
  /** dispatched, or (parked or cancelled) created */
  at: string;
  product: string;
  quantity: number;
  serialCount: number;
}

const shipmentView: View<ShipmentRow> = {
  columns: [
    { header: 'Shipment', kind: 'code', value: (r) => r.shipment },
    { header: 'Status', kind: 'status', value: (r) => r.status },
    { header: 'Date', kind: 'time', value: (r) => r.at },
    { header: 'Product', kind: 'code', value: (r) => r.product },
    { header: 'Quantity', kind: 'quantity', value: (r) => r.quantity },
    { header: 'Serials', kind: 'count', value: (r) => r.serialCount },
  ],
  json: (r) => r,
};

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const so = await ctx.withLedger((db) => showSalesOrder(db, number));
  const json = salesOrderJson(so);
  const shipmentRows: ShipmentRow[] = json.shipments.flatMap((sh) =>
    sh.lines.map((l) => ({ shipment: sh.number, status: sh.status, at: sh.dispatchedAt ?? sh.createdAt, product: l.product, quantity: l.quantity, serialCount: l.serialCount })),
  );
  const notes: string[] = [];
  if (so.status === 'deleted') notes.push('Deleted: nothing is outstanding on this order.');
  for (const l of so.lines.filter((x) => x.assigned.length)) {
    const shown = l.assigned.map((a) => (a.stale ? `${a.serial} (stale: no longer available in ${so.warehouse})` : a.serial));
    notes.push(`Serials assigned to ${l.product} (${grouped(l.assigned.length)}): ${firstSerials(shown, ', ')}`);
  }
  for (const sh of json.shipments) {
    for (const l of sh.lines.filter((x) => x.serialCount)) {
      const where = sh.status === 'parked' ? `on parked shipment ${sh.number}` : `shipped on ${sh.number}`;
      notes.push(`Serials of ${l.product} ${where} (${grouped(l.serialCount)}): ${firstSerials(l.serials, ', ')}`);
    }
    if (sh.status === 'parked') notes.push(`Shipment ${sh.number} is parked: dispatch it with serials so dispatch ${sh.number}, or cancel it with serials so cancel-shipment ${sh.number}.`);
  }
  presentShow(ctx, {
    json,
    title: orderTitle(so),
    fields: orderFields('Customer', so, so.customer),
    sections: [
      { title: 'Lines', rows: so.lines, view: { columns: lineColumns, json: (l: Line) => l } },
      { title: 'Shipments', rows: shipmentRows, view: shipmentView },
    ],
    csv: { rows: so.lines, view: csvView(so) },
    notes,
  });
}
