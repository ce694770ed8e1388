// enquiry, history, soh

import { prepareEnquiry, type EnquiryRow } from '../../core/reports/enquiry.js';
import { prepareHistory, type HistoryEntry } from '../../core/reports/history.js';
import { prepareStockOnHand, type StockRow } from '../../core/reports/stock-on-hand.js';
import { quoteSerial } from '../../core/values/serial-text.js';
import { presentReport, type Columns } from '../render/report.js';
import { formatQuantity, toNumber } from '../../core/values/quantity.js';
import { capitalise } from '../output.js';
import { date, parseFlags, positiveInt, z } from '../input/validate.js';
import { BULK_CACHE_KIB } from '../../db/open.js';
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

// A report reads the ledger once, in order: a large page cache would only hold memory.
const REPORT = { cacheKiB: BULK_CACHE_KIB };

export async function enquiry(ctx: Context): Promise<void> {
  const flags = parseFlags(enquiryFlags, ctx.opts);
  const [serial] = ctx.args;
  const format = ctx.format();
  const limit = flags.limit === undefined ? undefined : Number(flags.limit);
  // Unleashed's Import Serial Numbers layout first, so an export can be read back in.
  const columns: Columns<EnquiryRow> = {
    headers: ['Product Code', 'Warehouse Code', 'Serial Number', 'Status', 'Last Document', 'Last Date', 'Party', 'Assignments'],
    cells: (r, f) => [
      r.product,
      r.warehouse,
      r.serial,
      f === 'csv' ? r.status : capitalise(r.status),
      r.lastDocument.number,
      f === 'csv' ? r.lastDocument.date : r.lastDocument.date.slice(0, 10),
      r.lastDocument.party,
      r.assignments.join(' '),
    ],
    json: (r) => r,
  };
  await ctx.withLedger(async (db) => {
    const report = await prepareEnquiry(db, { ...flags, salesOrder: flags.so, serial, limit });
    await presentReport(ctx, format, report, columns, {
      tableLimit: limit,
      seeAll: 'use --limit N or --format csv to see them all',
      empty: serial !== undefined ? `No serial ${quoteSerial(serial)} in the ledger. Try: serials enquiry --contains ${quoteSerial(serial)}` : 'No serials match.',
      footer: (n) => `${n.toLocaleString('en')} serial(s).`,
    });
  }, REPORT);
}

export async function history(ctx: Context): Promise<void> {
  const [serial = ''] = ctx.args;
  const format = ctx.format();
  const columns: Columns<HistoryEntry> = {
    headers: ['Product', 'Serial', 'When', 'Movement', 'Document', 'From', 'To', 'Status', 'Party'],
    cells: (e, f) => [
      e.product,
      e.serial,
      f === 'csv' ? e.at : e.at.replace('T', ' ').slice(0, 19),
      e.kind,
      e.purchaseOrder || e.salesOrder ? `${e.document} (${e.purchaseOrder ?? e.salesOrder})` : e.document,
      e.from,
      e.to,
      f === 'csv' ? e.status : capitalise(e.status),
      e.party,
    ],
    json: (e) => ({
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
    }),
  };
  await ctx.withLedger(async (db) => {
    const report = await prepareHistory(db, serial, ctx.opts.product as string | undefined);
    await presentReport(ctx, format, report, columns, { seeAll: 'use --format csv or --json to see them all' });
  }, REPORT);
}

export async function soh(ctx: Context): Promise<void> {
  const format = ctx.format();
  const columns: Columns<StockRow> = {
    // CSV headers are the opening-stock import's, so that an export reads back unchanged.
    headers:
      format === 'csv'
        ? ['Product Code', 'Product Description', 'Warehouse Code', 'Quantity', 'Serials Available']
        : ['Product Code', 'Product Description', 'Warehouse Code', 'Quantity On Hand', 'Serials Available'],
    cells: (r) => [r.product, r.description, r.warehouse, formatQuantity(r.quantityE4), r.serials],
    json: (r) => ({ product: r.product, description: r.description, warehouse: r.warehouse, quantity: toNumber(r.quantityE4), serialized: r.serialized, serials: r.serials }),
  };
  await ctx.withLedger(async (db) => {
    const report = await prepareStockOnHand(db, {
      product: ctx.opts.product as string | undefined,
      warehouse: ctx.opts.warehouse as string | undefined,
      includeZero: ctx.opts.all === true,
    });
    await presentReport(ctx, format, report, columns, { seeAll: 'use --format csv or --json to see them all', empty: 'No stock on hand.' });
  }, REPORT);
}
