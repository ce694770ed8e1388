// po create|receive|list|show|delete

import { createPurchaseOrder, deletePurchaseOrder, listPurchaseOrders, showPurchaseOrder, type PurchaseOrderView } from '../../core/purchasing/purchase-orders.js';
import { formatQuantity, toNumber } from '../../core/values/quantity.js';
import { orderFlags } from '../input/order-lines.js';
import { parseFlags, z } from '../input/validate.js';
import { capitalise, firstSerials } from '../output.js';
import type { Context } from '../context.js';

export async function create(ctx: Context): Promise<void> {
  const flags = orderFlags(ctx.opts, 'supplier', 'UNIT_COST');
  const lines = flags.lines.map((l) => ({ ...l, unitCost: l.unitPrice }));
  const po = await ctx.withLedger(
    (db) => createPurchaseOrder(db, { supplier: flags.party, warehouse: flags.warehouse, lines, number: flags.number }),
    { write: true },
  );
  if (ctx.json) return ctx.out.json(poJson(po));
  ctx.out.line(`Created purchase order ${po.number} from ${po.supplier} into ${po.warehouse} (${po.lines.length} line(s)).`);
  ctx.out.note(`Next: serials po receive ${po.number} --product ${po.lines[0]?.product ?? 'PRODUCT'} --serials ...`);
}

const listFlags = z.object({ status: z.optional(z.enum(['open', 'completed', 'deleted'])) });

export async function list(ctx: Context): Promise<void> {
  const flags = parseFlags(listFlags, ctx.opts);
  const rows = await ctx.withLedger((db) => listPurchaseOrders(db, { status: flags.status }));
  const format = ctx.format();
  if (format === 'json') {
    return ctx.out.json(rows.map((r) => ({ number: r.number, supplier: r.supplier, warehouse: r.warehouse, status: r.status, createdAt: r.createdAt, ordered: toNumber(r.orderedE4), received: toNumber(r.receivedE4) })));
  }
  const headers = ['Order Number', 'Supplier', 'Warehouse', 'Status', 'Created', 'Ordered', 'Received'];
  const body = rows.map((r) => [r.number, r.supplier, r.warehouse, capitalise(r.status), r.createdAt.slice(0, 10), formatQuantity(r.orderedE4), formatQuantity(r.receivedE4)]);
  if (format === 'csv') return ctx.out.csv(headers, body);
  ctx.out.table(headers, body);
}

function poJson(po: PurchaseOrderView) {
  return {
    number: po.number,
    supplier: po.supplier,
    warehouse: po.warehouse,
    status: po.status,
    createdAt: po.createdAt,
    lines: po.lines.map((l) => ({
      line: l.lineNo,
      product: l.product,
      serialized: l.serialized,
      quantity: toNumber(l.quantityE4),
      received: toNumber(l.receivedE4),
      outstanding: toNumber(l.outstandingE4),
      unitCost: l.unitCost,
      serials: l.serials,
    })),
    receipts: po.receipts,
  };
}

export async function show(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const po = await ctx.withLedger((db) => showPurchaseOrder(db, number));
  if (ctx.json) return ctx.out.json(poJson(po));
  ctx.out.line(`${ctx.out.color.bold(po.number)}  ${capitalise(po.status)}  supplier ${po.supplier}  warehouse ${po.warehouse}  created ${po.createdAt.slice(0, 10)}`);
  ctx.out.table(
    ['Line', 'Product', 'Ordered', 'Received', 'Outstanding', 'Unit Cost'],
    po.lines.map((l) => [l.lineNo, l.product, formatQuantity(l.quantityE4), formatQuantity(l.receivedE4), formatQuantity(l.outstandingE4), l.unitCost]),
  );
  for (const l of po.lines.filter((x) => x.serials.length)) {
    ctx.out.line(`Serials received for ${l.product} (${l.serials.length}): ${firstSerials(l.serials, ', ', `serials enquiry --document ${po.number}`)}`);
  }
  if (po.receipts.length) ctx.out.line(`Receipts: ${po.receipts.map((r) => r.number).join(', ')}`);
}

export async function remove(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const r = await ctx.withLedger((db) => deletePurchaseOrder(db, number), { write: true });
  if (ctx.json) return ctx.out.json(r);
  ctx.out.line(`Deleted purchase order ${r.number}.`);
}
