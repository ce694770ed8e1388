// The serial enquiry (RULES.md E-1): any filter, each serial's product, warehouse, status,
// assignments and last document.

import { sql } from 'kysely';
import { codeKey } from './codes.js';
import { documentParty } from './document-links.js';
import { resolveDocument } from './documents.js';
import { findSalesOrder } from './sales-orders.js';
import { serialKey } from './serial-text.js';
import { openAssignmentsOf } from './serial-assignments.js';
import type { Db } from '../db/open.js';
import type { SerialStatus } from '../db/schema.js';

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
  /** last movement on or after this date (YYYY-MM-DD) */
  from?: string;
  /** last movement on or before this date (YYYY-MM-DD) */
  to?: string;
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

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}

function nextDay(date: string): string {
  const d = new Date(date + 'T00:00:00.000Z');
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

export async function enquire(db: Db, filter: EnquiryFilter): Promise<EnquiryRow[]> {
  let q = db
    .selectFrom('serials as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .leftJoin('warehouses as w', 'w.id', 's.warehouse_id')
    .innerJoin('serial_movements as m', 'm.id', 's.last_movement_id')
    .select([
      's.id',
      's.serial',
      'p.code as product',
      'w.code as warehouse',
      's.status',
      'm.document_type',
      'm.document_number',
      'm.kind',
      'm.at',
      documentParty().as('party'),
    ]);
  if (filter.serial !== undefined) q = q.where('s.serial_key', '=', serialKey(filter.serial.trim()));
  if (filter.contains !== undefined) {
    const pattern = `%${escapeLike(serialKey(filter.contains.trim()))}%`;
    q = q.where(sql<boolean>`${sql.ref('s.serial_key')} like ${pattern} escape '\\'`);
  }
  if (filter.product !== undefined) q = q.where('p.code_key', '=', codeKey(filter.product));
  if (filter.warehouse !== undefined) q = q.where('w.code_key', '=', codeKey(filter.warehouse));
  if (filter.status !== undefined) q = q.where('s.status', '=', filter.status);
  if (filter.from !== undefined) q = q.where('m.at', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('m.at', '<', nextDay(filter.to));
  if (filter.document !== undefined) {
    const keys = await resolveDocument(db, filter.document);
    if (keys.length === 0) return [];
    q = q.where((eb) =>
      eb.or(
        keys.map((k) =>
          eb(
            's.id',
            'in',
            eb
              .selectFrom('serial_movements as dm')
              .select('dm.serial_id')
              .where('dm.document_type', '=', k.type)
              .where('dm.document_id', 'in', k.ids.length ? k.ids : [-1]),
          ),
        ),
      ),
    );
  }
  if (filter.supplier !== undefined) {
    const supplier = codeKey(filter.supplier);
    q = q.where('s.id', 'in', (eb) =>
      eb
        .selectFrom('serial_movements as rm')
        .innerJoin('purchase_receipts as rpr', 'rpr.id', 'rm.document_id')
        .innerJoin('purchase_orders as rpo', 'rpo.id', 'rpr.purchase_order_id')
        .innerJoin('suppliers as rs', 'rs.id', 'rpo.supplier_id')
        .select('rm.serial_id')
        .where('rm.document_type', '=', 'purchase_receipt')
        .where('rs.code_key', '=', supplier),
    );
  }
  if (filter.customer !== undefined) {
    const customer = codeKey(filter.customer);
    q = q.where((eb) =>
      eb.or([
        eb(
          's.id',
          'in',
          eb
            .selectFrom('serial_movements as cm')
            .innerJoin('shipments as csh', 'csh.id', 'cm.document_id')
            .innerJoin('sales_orders as cso', 'cso.id', 'csh.sales_order_id')
            .innerJoin('customers as cc', 'cc.id', 'cso.customer_id')
            .select('cm.serial_id')
            .where('cm.document_type', '=', 'shipment')
            .where('cc.code_key', '=', customer),
        ),
        eb(
          's.id',
          'in',
          eb
            .selectFrom('serial_movements as km')
            .innerJoin('credits as kcn', 'kcn.id', 'km.document_id')
            .innerJoin('customers as kc', 'kc.id', 'kcn.customer_id')
            .select('km.serial_id')
            .where('km.document_type', '=', 'credit')
            .where('kc.code_key', '=', customer),
        ),
      ]),
    );
  }
  if (filter.salesOrder !== undefined) {
    // the serials its shipments dispatched; an unknown order is an error, not an empty list
    const order = await findSalesOrder(db, filter.salesOrder);
    q = q.where('s.id', 'in', (eb) =>
      eb
        .selectFrom('serial_movements as om')
        .innerJoin('shipments as osh', (j) => j.onRef('osh.id', '=', 'om.document_id').on('om.document_type', '=', 'shipment'))
        .select('om.serial_id')
        .where('osh.sales_order_id', '=', order.id),
    );
  }
  q = q.orderBy('p.code_key').orderBy('s.serial_key');
  if (filter.limit !== undefined) q = q.limit(filter.limit);
  const rows = await q.execute();
  const assignments = await openAssignmentsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    serial: r.serial,
    product: r.product,
    warehouse: r.warehouse,
    status: r.status,
    assignments: assignments.get(r.id) ?? [],
    lastDocument: { type: r.document_type, number: r.document_number, date: r.at, kind: r.kind, party: r.party },
  }));
}
