// Lists and shows of credit notes and supplier returns: their lines and the serials they moved.

import { appendTo } from './collections.js';
import type { Db } from '../db/open.js';

export interface ReturnDocumentView {
  number: string;
  /** the sales order (credits) or purchase order (supplier returns), if any */
  order: string | null;
  party: string;
  warehouse: string;
  createdAt: string;
  lines: { product: string; quantityE4: number; returned: boolean; serials: string[] }[];
}

async function serialsOf(db: Db, documentType: string, documentId: number): Promise<Map<number, string[]>> {
  const rows = await db
    .selectFrom('serial_movements as m')
    .innerJoin('serials as s', 's.id', 'm.serial_id')
    .select(['m.document_line_id', 's.serial'])
    .where('m.document_type', '=', documentType)
    .where('m.document_id', '=', documentId)
    .orderBy('m.id')
    .execute();
  const out = new Map<number, string[]>();
  for (const r of rows) appendTo(out, r.document_line_id ?? 0, r.serial);
  return out;
}

export async function listCredits(db: Db, number?: string): Promise<ReturnDocumentView[]> {
  let q = db
    .selectFrom('credits as cn')
    .innerJoin('customers as c', 'c.id', 'cn.customer_id')
    .innerJoin('warehouses as w', 'w.id', 'cn.warehouse_id')
    .leftJoin('sales_orders as so', 'so.id', 'cn.sales_order_id')
    .select(['cn.id', 'cn.number', 'so.number as order', 'c.code as party', 'w.code as warehouse', 'cn.created_at'])
    .orderBy('cn.id');
  if (number !== undefined) q = q.where('cn.number', 'in', [number.trim(), number.trim().toUpperCase()]);
  const out: ReturnDocumentView[] = [];
  for (const d of await q.execute()) {
    const serials = await serialsOf(db, 'credit', d.id);
    const lines = await db
      .selectFrom('credit_lines as l')
      .innerJoin('products as p', 'p.id', 'l.product_id')
      .select(['l.id', 'p.code', 'l.quantity_e4', 'l.returned'])
      .where('l.credit_id', '=', d.id)
      .execute();
    out.push({
      number: d.number,
      order: d.order,
      party: d.party,
      warehouse: d.warehouse,
      createdAt: d.created_at,
      lines: lines.map((l) => ({ product: l.code, quantityE4: l.quantity_e4, returned: l.returned === 1, serials: serials.get(l.id) ?? [] })),
    });
  }
  return out;
}

export async function listSupplierReturns(db: Db, number?: string): Promise<ReturnDocumentView[]> {
  let q = db
    .selectFrom('supplier_returns as sr')
    .innerJoin('purchase_orders as po', 'po.id', 'sr.purchase_order_id')
    .innerJoin('suppliers as s', 's.id', 'po.supplier_id')
    .innerJoin('warehouses as w', 'w.id', 'po.warehouse_id')
    .select(['sr.id', 'sr.number', 'po.number as order', 's.code as party', 'w.code as warehouse', 'sr.created_at'])
    .orderBy('sr.id');
  if (number !== undefined) q = q.where('sr.number', 'in', [number.trim(), number.trim().toUpperCase()]);
  const out: ReturnDocumentView[] = [];
  for (const d of await q.execute()) {
    const serials = await serialsOf(db, 'supplier_return', d.id);
    const lines = await db
      .selectFrom('supplier_return_lines as l')
      .innerJoin('products as p', 'p.id', 'l.product_id')
      .select(['l.id', 'p.code', 'l.quantity_e4'])
      .where('l.supplier_return_id', '=', d.id)
      .execute();
    out.push({
      number: d.number,
      order: d.order,
      party: d.party,
      warehouse: d.warehouse,
      createdAt: d.created_at,
      lines: lines.map((l) => ({ product: l.code, quantityE4: l.quantity_e4, returned: true, serials: serials.get(l.id) ?? [] })),
    });
  }
  return out;
}
