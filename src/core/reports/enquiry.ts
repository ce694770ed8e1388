// The serial enquiry (RULES.md E-1): any filter, each serial's product, warehouse, status,
// assignments and last document. One query, streamed: a ledger of a million serials comes
// out a chunk at a time with flat memory (issue 8), its assignments joined in rather than
// looked up per chunk (the connection is busy while a query streams).

import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { gatherProblems, RejectedError, shown, type Problem } from '../../errors.js';
import { documentParty, documentPrefixes, movedByDocuments, movedForOrder, movedForParty } from '../documents/links.js';
import { resolveDocument } from '../documents/resolve.js';
import { findEntry, findProduct } from '../master-data/lookup.js';
import { findSalesOrder } from '../sales/sales-orders.js';
import { serialKey } from '../values/serial-text.js';
import { collect, streamRows } from '../../db/stream.js';
import type { Db } from '../../db/open.js';
import type { Database, SerialStatus } from '../../db/schema.js';

export interface EnquiryFilter {
  /** exact serial text, ignoring case (uses the serial index) */
  serial?: string;
  /** part of the serial text, ignoring case */
  contains?: string;
  product?: string;
  warehouse?: string;
  status?: SerialStatus;
  /** serials moved by this document (a purchase order means its receipts) */
  document?: string;
  /** serials received from this supplier */
  supplier?: string;
  /** serials shipped to, or credited from, this customer */
  customer?: string;
  /** serials shipped on this sales order (its shipments) */
  salesOrder?: string;
  /** last movement at or after this instant (UTC ISO); the command line turns a local day into it */
  from?: string;
  /** last movement before this instant (UTC ISO): `--to DAY` is the start of the local day after */
  before?: string;
  limit?: number;
}

export interface EnquiryRow {
  serial: string;
  product: string;
  warehouse: string | null;
  status: SerialStatus;
  /** open sales orders the serial is assigned to (S-2) */
  assignments: string[];
  /** party: the supplier of a receipt or the customer of a shipment */
  lastDocument: { type: string; number: string; date: string; kind: string; party: string | null };
}

/** A checked enquiry: its rows as a stream, and how many there are. */
export interface Enquiry {
  rows(): AsyncIterable<EnquiryRow[]>;
  count(): Promise<number>;
  /** how many rows of each status (within --limit: the first rows, in the rows' order) */
  totals(): Promise<Record<SerialStatus, number>>;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}

type Tables = Database & { s: Database['serials']; m: Database['serial_movements']; p: Database['products'] };
type Where = (eb: ExpressionBuilder<Tables, 's' | 'm' | 'p'>) => Expression<SqlBool>;

/**
 * Resolves every code and number the filter names; one that does not exist is an error
 * (exit 1, all of them at once), not "no serials match": a search that finds nothing is an
 * empty list, a filter that names nothing is a mistake (DESIGN.md).
 */
async function conditions(db: Db, filter: EnquiryFilter): Promise<Where> {
  const problems: Problem[] = [];
  const unknown = (kind: string, code: string, list: string) =>
    problems.push({ code: `unknown_${kind}`, message: `There is no ${kind} ${shown(code)}.`, fix: `See them with: ${list}`, ...(kind === 'product' || kind === 'warehouse' ? { [kind]: code } : {}) });
  const product = filter.product !== undefined ? await findProduct(db, filter.product) : undefined;
  if (filter.product !== undefined && !product) unknown('product', filter.product, 'serials product list');
  const warehouse = filter.warehouse !== undefined ? await findEntry(db, 'warehouse', filter.warehouse) : undefined;
  if (filter.warehouse !== undefined && !warehouse) unknown('warehouse', filter.warehouse, 'serials warehouse list');
  const supplier = filter.supplier !== undefined ? await findEntry(db, 'supplier', filter.supplier) : undefined;
  if (filter.supplier !== undefined && !supplier) unknown('supplier', filter.supplier, 'serials supplier list');
  const customer = filter.customer !== undefined ? await findEntry(db, 'customer', filter.customer) : undefined;
  if (filter.customer !== undefined && !customer) unknown('customer', filter.customer, 'serials customer list');
  const documents = filter.document !== undefined ? await resolveDocument(db, filter.document) : [];
  if (filter.document !== undefined && documents.length === 0) {
    problems.push({ code: 'unknown_document', message: `There is no document ${shown(filter.document)}.`, fix: `Give a document number such as ${documentPrefixes()}.`, document: filter.document });
  }
  const order = filter.salesOrder !== undefined ? await gatherProblems(findSalesOrder(db, filter.salesOrder), problems) : undefined;
  if (problems.length) throw new RejectedError(problems);

  return (eb) => {
    const and: Expression<SqlBool>[] = [];
    if (filter.serial !== undefined) and.push(eb('s.serial_key', '=', serialKey(filter.serial.trim())));
    if (filter.contains !== undefined) and.push(sql<boolean>`${sql.ref('s.serial_key')} like ${`%${escapeLike(serialKey(filter.contains.trim()))}%`} escape '\\'`);
    if (product) and.push(eb('s.product_id', '=', product.id));
    if (warehouse) and.push(eb('s.warehouse_id', '=', warehouse.id));
    if (filter.status !== undefined) and.push(eb('s.status', '=', filter.status));
    if (filter.from !== undefined) and.push(eb('m.at', '>=', filter.from));
    if (filter.before !== undefined) and.push(eb('m.at', '<', filter.before));
    if (documents.length > 0) and.push(movedByDocuments(documents));
    if (supplier) and.push(movedForParty('supplier', supplier.id));
    if (customer) and.push(movedForParty('customer', customer.id));
    if (order) and.push(movedForOrder('sales_order', order.id));
    return eb.and(and);
  };
}

/** Checks the filter (unknown codes are an error) and prepares the enquiry; nothing is read until asked. */
export async function prepareEnquiry(db: Db, filter: EnquiryFilter): Promise<Enquiry> {
  const where = await conditions(db, filter);
  const base = () =>
    db
      .selectFrom('serials as s')
      .innerJoin('products as p', 'p.id', 's.product_id')
      .innerJoin('serial_movements as m', 'm.id', 's.last_movement_id')
      .where(where);
  const query = base()
    .leftJoin('warehouses as w', 'w.id', 's.warehouse_id')
    // a serial assigned to several orders comes once per assignment; the rows are folded below
    .leftJoin('serial_assignments as a', 'a.serial_id', 's.id')
    .leftJoin('sales_order_lines as al', 'al.id', 'a.sales_order_line_id')
    .leftJoin('sales_orders as ao', (j) => j.onRef('ao.id', '=', 'al.sales_order_id').on('ao.status', '=', 'open'))
    .select(['s.id', 's.serial', 'p.code as product', 'w.code as warehouse', 's.status', 'm.document_type', 'm.document_number', 'm.kind', 'm.at', documentParty().as('party'), 'ao.number as assigned'])
    .orderBy('p.code_key')
    .orderBy('s.serial_key');
  return {
    async *rows() {
      let left = filter.limit ?? Infinity;
      let current: (EnquiryRow & { id: number }) | undefined;
      for await (const chunk of streamRows(db, query)) {
        const out: EnquiryRow[] = [];
        for (const r of chunk) {
          if (current?.id === r.id) {
            if (r.assigned !== null) current.assignments.push(r.assigned);
            continue;
          }
          if (current) {
            out.push(finish(current));
            if (--left <= 0) break;
          }
          current = {
            id: r.id,
            serial: r.serial,
            product: r.product,
            warehouse: r.warehouse,
            status: r.status,
            assignments: r.assigned === null ? [] : [r.assigned],
            lastDocument: { type: r.document_type, number: r.document_number, date: r.at, kind: r.kind, party: r.party },
          };
        }
        if (out.length > 0) yield out;
        if (left <= 0) return; // leaving the loop closes the statement
      }
      if (current) yield [finish(current)];
    },
    async totals() {
      const totals: Record<SerialStatus, number> = { available: 0, unavailable: 0, deleted: 0 };
      const limited = filter.limit === undefined ? base().select('s.status') : base().select('s.status').orderBy('p.code_key').orderBy('s.serial_key').limit(filter.limit);
      const rows = await db
        .selectFrom(limited.as('r'))
        .select(['r.status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('r.status')
        .execute();
      for (const r of rows) totals[r.status] = Number(r.n);
      return totals;
    },
    async count() {
      const row = await base()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const n = Number(row.n);
      return filter.limit === undefined ? n : Math.min(n, filter.limit);
    },
  };
}

function finish(row: EnquiryRow & { id: number }): EnquiryRow {
  return {
    serial: row.serial,
    product: row.product,
    warehouse: row.warehouse,
    status: row.status,
    assignments: row.assignments.sort(),
    lastDocument: row.lastDocument,
  };
}

/** Whether any product has a serial of this text (ignoring case and surrounding spaces): "not found" differs from "filtered out". */
export async function serialExists(db: Db, serial: string): Promise<boolean> {
  const row = await db.selectFrom('serials').select('id').where('serial_key', '=', serialKey(serial.trim())).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Every row of an enquiry in memory: for small results (the demo, tests). */
export async function enquire(db: Db, filter: EnquiryFilter): Promise<EnquiryRow[]> {
  return collect((await prepareEnquiry(db, filter)).rows());
}
