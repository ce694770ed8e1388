// enquiry, history, soh

import { enquire, type EnquiryRow } from '../../core/enquiry.js';
import { serialHistory } from '../../core/history.js';
import { stockOnHand } from '../../core/stock-on-hand.js';
import { formatQuantity, toNumber } from '../../core/quantity.js';
import { capitalise } from '../output.js';
import { date, parseFlags, positiveInt, z } from '../validate.js';
import type { Context } from '../context.js';

const enquiryFlags = z.object({
  contains: z.optional(z.string()),
  product: z.optional(z.string()),
  warehouse: z.optional(z.string()),
  status: z.optional(z.enum(['available', 'unavailable', 'deleted'])),
  document: z.optional(z.string()),
  supplier: z.optional(z.string()),
  customer: z.optional(z.string()),
  so: z.optional(z.string()),
  from: z.optional(date),
  to: z.optional(date),
  limit: z.optional(positiveInt),
});

export async function enquiry(ctx: Context): Promise<void> {
  const flags = parseFlags(enquiryFlags, ctx.opts);
  const [serial] = ctx.args;
  const format = ctx.format();
  const rows = await ctx.withLedger((db) =>
    enquire(db, { ...flags, salesOrder: flags.so, serial, limit: flags.limit === undefined ? undefined : Number(flags.limit) }),
  );
  if (format === 'json') {
    return ctx.out.json(rows.map((r) => ({ ...r, lastDocument: { ...r.lastDocument } })));
  }
  // Unleashed's Import Serial Numbers layout first, so an export can be read back in.
  const headers = ['Product Code', 'Warehouse Code', 'Serial Number', 'Status', 'Last Document', 'Last Date', 'Party', 'Assignments'];
  const body = rows.map((r: EnquiryRow) => [
    r.product,
    r.warehouse,
    r.serial,
    format === 'csv' ? r.status : capitalise(r.status),
    r.lastDocument.number,
    format === 'csv' ? r.lastDocument.date : r.lastDocument.date.slice(0, 10),
    r.lastDocument.party,
    r.assignments.join(' '),
  ]);
  if (format === 'csv') return ctx.out.csv(headers, body);
  if (rows.length === 0) {
    ctx.out.note(serial !== undefined ? `No serial "${serial}" in the ledger. Try: serials enquiry --contains ${JSON.stringify(serial)}` : 'No serials match.');
    return;
  }
  ctx.out.table(headers, body);
  ctx.out.note(`${rows.length} serial(s).`);
}

export async function history(ctx: Context): Promise<void> {
  const [serial = ''] = ctx.args;
  const format = ctx.format();
  const entries = await ctx.withLedger((db) => serialHistory(db, serial, ctx.opts.product as string | undefined));
  if (format === 'json') {
    return ctx.out.json(
      entries.map((e) => ({
        serial: e.serial,
        product: e.product,
        at: e.at,
        kind: e.kind,
        document: e.document,
        documentType: e.documentType,
        purchaseOrder: e.purchaseOrder,
        salesOrder: e.salesOrder,
        from: e.from,
        to: e.to,
        statusBefore: e.statusBefore,
        status: e.status,
        party: e.party,
        unitCost: e.unitCost,
      })),
    );
  }
  const headers = ['Product', 'Serial', 'When', 'Movement', 'Document', 'From', 'To', 'Status', 'Party'];
  const body = entries.map((e) => [
    e.product,
    e.serial,
    format === 'csv' ? e.at : e.at.replace('T', ' ').slice(0, 19),
    e.kind,
    e.purchaseOrder || e.salesOrder ? `${e.document} (${e.purchaseOrder ?? e.salesOrder})` : e.document,
    e.from,
    e.to,
    format === 'csv' ? e.status : capitalise(e.status),
    e.party,
  ]);
  if (format === 'csv') return ctx.out.csv(headers, body);
  ctx.out.table(headers, body);
}

export async function soh(ctx: Context): Promise<void> {
  const format = ctx.format();
  const rows = await ctx.withLedger((db) =>
    stockOnHand(db, { product: ctx.opts.product as string | undefined, warehouse: ctx.opts.warehouse as string | undefined, includeZero: ctx.opts.all === true }),
  );
  if (format === 'json') {
    return ctx.out.json(rows.map((r) => ({ product: r.product, description: r.description, warehouse: r.warehouse, quantity: toNumber(r.quantityE4), serialized: r.serialized, serials: r.serials })));
  }
  const body = rows.map((r) => [r.product, r.description, r.warehouse, formatQuantity(r.quantityE4), r.serials]);
  // CSV headers are the opening-stock import's, so that an export reads back unchanged.
  if (format === 'csv') return ctx.out.csv(['Product Code', 'Product Description', 'Warehouse Code', 'Quantity', 'Serials Available'], body);
  const headers = ['Product Code', 'Product Description', 'Warehouse Code', 'Quantity On Hand', 'Serials Available'];
  if (rows.length === 0) return ctx.out.note('No stock on hand.');
  ctx.out.table(headers, body);
}
