import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { showPurchaseOrder, type PurchaseOrderLineView, type PurchaseOrderView } from '../../../core/purchasing/purchase-orders.js';
import { toNumber } from '../../../core/values/quantity.js';
import { orderFields, orderTitle, purchaseOrderJson } from '../../families/orders.js';
import { firstSerials } from '../../output.js';
import { presentShow, type Column, type View } from '../../render/present.js';
import { grouped } from '../../../core/values/words.js';

export const spec: CommandSpec = {
  noun: 'po',
  verb: 'show',
  args: '<po>',
  summary: 'show lines, received and outstanding quantities, and serials received',
  formats: ['table', 'csv', 'json'],
  examples: ['serials po show PO-00000001', 'serials po show PO-00000001 --json', 'serials po show PO-00000001 --format csv   # one row per line'],
};

type Line = PurchaseOrderLineView;

const lineColumns: Column<Line>[] = [
  { header: 'Line', kind: 'count', value: (l) => l.lineNo },
  { header: 'Product', kind: 'code', value: (l) => l.product },
  { header: 'Ordered', kind: 'quantity', value: (l) => toNumber(l.quantityE4) },
  { header: 'Received', kind: 'quantity', value: (l) => toNumber(l.receivedE4) },
  { header: 'Outstanding', kind: 'quantity', value: (l) => toNumber(l.outstandingE4) },
  { header: 'Unit Cost', kind: 'money', value: (l) => l.unitCost },
];

/** The CSV: one row per line, each with the order's own columns. */
function csvView(po: PurchaseOrderView): View<Line> {
  return {
    columns: [
      { header: 'Order Number', kind: 'code', value: () => po.number },
      { header: 'Supplier', kind: 'code', value: () => po.supplier },
      { header: 'Warehouse', kind: 'code', value: () => po.warehouse },
      { header: 'Status', kind: 'status', value: () => po.status },
      { header: 'Created', kind: 'time', value: () => po.createdAt },
      ...lineColumns,
    ],
    json: (l) => l,
  };
}

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const po = await ctx.withLedger((db) => showPurchaseOrder(db, number));
  const notes: string[] = [];
  if (po.status === 'deleted') notes.push('Deleted: nothing is outstanding on this order.');
  for (const l of po.lines.filter((x) => x.serials.length)) {
    notes.push(`Serials received for ${l.product} (${grouped(l.serials.length)}): ${firstSerials(l.serials, ', ', `serials enquiry --document ${po.number} lists them all`)}`);
  }
  if (po.receipts.length) notes.push(`Receipts: ${firstSerials(po.receipts.map((r) => r.number), ', ')}`);
  presentShow(ctx, {
    json: purchaseOrderJson(po),
    title: orderTitle(po),
    fields: orderFields('Supplier', po, po.supplier),
    sections: [{ title: 'Lines', rows: po.lines, view: { columns: lineColumns, json: (l: Line) => l } }],
    csv: { rows: po.lines, view: csvView(po) },
    notes,
  });
}
