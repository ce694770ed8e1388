// serials enquiry [serial] [filters]: where each serial is, its status and its last document.
//
// The rows stream from the ledger: CSV and JSON of a million serials come out a chunk at a
// time with flat memory; a table stops at a limit and says how to see the rest.
//
// CSV: one row per serial, one value per cell, and the first columns are those of the
// serials import (Product Code, Warehouse Code, Serial Number, Status), so an export reads
// back in. "Last Date" is the local date-time of the last movement; "Assignments" is how
// many open sales orders the serial is assigned to (JSON lists them; a table shows the
// first and how many more).
//
// An exact serial that no product has is "not found" (exit 1); a search with filters that
// finds nothing is an empty list.
//
// --format pdf --output FILE prints it as a report to hand over: the filter it was run with,
// when, the totals per status, page numbers, and each serial's barcode. It streams like the
// CSV: a million serials take the memory of one page.

import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { prepareEnquiry, serialExists, type EnquiryRow } from '../../../core/reports/enquiry.js';
import { collect } from '../../../db/stream.js';
import { BULK_CACHE_KIB } from '../../../db/open.js';
import { RejectedError } from '../../../errors.js';
import { quoteSerial } from '../../../core/values/serial-text.js';
import type { SerialStatus } from '../../../db/schema.js';
import { date, parseFlags, positiveInt, z } from '../../input/validate.js';
import { presentList, type View } from '../../render/present.js';
import { endOfLocalDay, startOfLocalDay } from '../../render/time.js';
import { count } from '../../render/words.js';
import { writeEnquiryReport } from '../../render/pdf/enquiry-report.js';
import { pdfJob, presentPdf } from '../../render/pdf/writer.js';

export const spec: CommandSpec = {
  noun: 'enquiry',
  args: '[serial]',
  summary: 'find serials by serial text, product, warehouse, status, document, party or date',
  flags: [
    { flags: '--contains <text>', description: 'serial text contains this (ignoring case)' },
    { flags: '--product <code>', description: 'product' },
    { flags: '--warehouse <code>', description: 'warehouse (current, or last known)' },
    { flags: '--status <status>', description: 'status', choices: ['available', 'unavailable', 'deleted'] },
    { flags: '--document <number>', description: 'moved by this document (a PO means its receipts)' },
    { flags: '--supplier <code>', description: 'received from this supplier' },
    { flags: '--customer <code>', description: 'shipped to, or credited from, this customer' },
    { flags: '--so <number>', description: 'shipped on this sales order' },
    { flags: '--from <date>', description: 'last movement on or after this local day, YYYY-MM-DD' },
    { flags: '--to <date>', description: 'last movement on or before this local day, YYYY-MM-DD' },
    { flags: '--limit <n>', description: 'at most this many rows' },
  ],
  formats: ['table', 'csv', 'json', 'pdf'],
  examples: [
    'serials enquiry SN-0001',
    'serials enquiry --contains 00 --status available',
    'serials enquiry --supplier ACME --from 2026-01-01 --format csv',
    'serials enquiry --document PO-00000001 --json',
    'serials enquiry --warehouse MAIN --status available --format pdf --output stock.pdf',
  ],
};

const flags = () =>
  z.object({
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

/** A report reads the ledger once, in order: a large page cache would only hold memory. */
const REPORT = { cacheKiB: BULK_CACHE_KIB };

/** The enquiry as a table, CSV and JSON show it (the demo shows the same). */
export function enquiryView(): View<EnquiryRow> {
  return {
    columns: [
      // a table has room for short headers only; CSV keeps the import's names
      { header: 'Product', kind: 'code', value: (r) => r.product, only: 'table' },
      { header: 'Product Code', kind: 'code', value: (r) => r.product, only: 'csv' },
      { header: 'Warehouse', kind: 'code', value: (r) => r.warehouse, only: 'table' },
      { header: 'Warehouse Code', kind: 'code', value: (r) => r.warehouse, only: 'csv' },
      { header: 'Serial', kind: 'code', value: (r) => r.serial, only: 'table' },
      { header: 'Serial Number', kind: 'code', value: (r) => r.serial, only: 'csv' },
      { header: 'Status', kind: 'status', value: (r) => r.status },
      { header: 'Document', kind: 'code', value: (r) => r.lastDocument.number, only: 'table' },
      { header: 'Last Document', kind: 'code', value: (r) => r.lastDocument.number, only: 'csv' },
      { header: 'Date', kind: 'date', value: (r) => r.lastDocument.date, only: 'table' },
      { header: 'Last Date', kind: 'time', value: (r) => r.lastDocument.date, only: 'csv' },
      { header: 'Party', kind: 'text', value: (r) => r.lastDocument.party },
      { header: 'Assigned', kind: 'text', value: (r) => assigned(r.assignments), only: 'table' },
      { header: 'Assignments', kind: 'count', value: (r) => r.assignments.length, only: 'csv' },
    ],
    json: (r) => ({
      serial: r.serial,
      product: r.product,
      warehouse: r.warehouse,
      status: r.status,
      assignments: r.assignments,
      lastDocument: { type: r.lastDocument.type, number: r.lastDocument.number, date: r.lastDocument.date, kind: r.lastDocument.kind, party: r.lastDocument.party },
    }),
  };
}

/** "SO-00000003", or "SO-00000003 +1" when assigned to two open orders. */
function assigned(orders: readonly string[]): string {
  return orders.length > 1 ? `${orders[0]} +${orders.length - 1}` : (orders[0] ?? '');
}

type Flags = ReturnType<typeof flags>['_zod']['output'];

/** The filter as the report prints it: "status available, product WIDGET", in the user's words. */
function describeFilter(serial: string | undefined, f: Flags): string {
  const parts: string[] = [];
  if (serial !== undefined) parts.push(`serial ${quoteSerial(serial)}`);
  const named: [string, string | undefined][] = [
    ['serial contains', f.contains === undefined ? undefined : quoteSerial(f.contains)],
    ['product', f.product],
    ['warehouse', f.warehouse],
    ['status', f.status],
    ['document', f.document],
    ['supplier', f.supplier],
    ['customer', f.customer],
    ['sales order', f.so],
    ['last movement from', f.from],
    ['last movement to', f.to],
    ['first', f.limit === undefined ? undefined : `${f.limit} rows`],
  ];
  for (const [label, value] of named) if (value !== undefined) parts.push(`${label} ${value}`);
  return parts.length > 0 ? parts.join(', ') : 'every serial';
}

export async function run(ctx: Context): Promise<void> {
  const f = parseFlags(flags(), ctx.opts);
  const [serial] = ctx.args;
  const job = ctx.format() === 'pdf' ? pdfJob(ctx, 'Serial enquiry') : undefined;
  const printedAt = new Date().toISOString();
  const limit = f.limit === undefined ? undefined : Number(f.limit);
  const filter = {
    serial,
    contains: f.contains,
    product: f.product,
    warehouse: f.warehouse,
    status: f.status,
    document: f.document,
    supplier: f.supplier,
    customer: f.customer,
    salesOrder: f.so,
    // --from and --to are local calendar days; the ledger compares UTC instants
    from: f.from === undefined ? undefined : startOfLocalDay(f.from),
    before: f.to === undefined ? undefined : endOfLocalDay(f.to),
    limit,
  };
  const filtered = Object.entries(filter).some(([key, value]) => key !== 'serial' && key !== 'limit' && value !== undefined);
  const view = enquiryView();
  await ctx.withLedger(async (db) => {
    const enquiry = await prepareEnquiry(db, filter);
    if (job && serial === undefined) {
      const [total, totals] = [await enquiry.count(), await enquiry.totals()];
      const written = await writeEnquiryReport(job, { filter: describeFilter(serial, f), printedAt, total, totals, rows: enquiry.rows() });
      presentPdf(ctx, job, written, 'the enquiry', written.value);
      return;
    }
    if (serial === undefined) {
      await presentList(ctx, enquiry, view, {
        limit,
        seeAll: 'use --limit N or --format csv',
        empty: 'No serials match.',
        footer: (n) => `${count(n, 'serial')}.`,
      });
      return;
    }
    // one serial: a row per product that has it, read at once
    const rows = await collect(enquiry.rows());
    if (rows.length === 0 && !(filtered && (await serialExists(db, serial)))) {
      throw new RejectedError([
        {
          code: 'unknown_serial',
          message: `No serial ${quoteSerial(serial)} is in the ledger.`,
          fix: `Search for part of it with: serials enquiry --contains ${quoteSerial(serial.trim())}`,
          serial,
        },
      ]);
    }
    if (job) {
      const totals: Record<SerialStatus, number> = { available: 0, unavailable: 0, deleted: 0 };
      for (const r of rows) totals[r.status]++;
      const written = await writeEnquiryReport(job, { filter: describeFilter(serial, f), printedAt, total: rows.length, totals, rows });
      presentPdf(ctx, job, written, 'the enquiry', written.value);
      return;
    }
    await presentList(ctx, rows, view, { limit, empty: 'No serials match.', footer: (n) => `${count(n, 'serial')}.` });
  }, REPORT);
}
