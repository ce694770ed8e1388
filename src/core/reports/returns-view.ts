// Lists and shows of credit notes and supplier returns: their lines and the serials they
// moved. Both have the same shape; only where the header and lines come from differs.
// Documents are read in chunks (IN_LIST), not a query per document.

import { typedNumber } from '../documents/numbering.js';
import { movedSerials } from '../documents/document-serials.js';
import { appendTo } from '../values/collections.js';
import { chunk, IN_LIST } from '../../db/chunk.js';
import type { Db } from '../../db/open.js';
import type { DocumentType } from '../documents/registry.js';

export interface ReturnDocumentView {
  number: string;
  /** the sales order (credits) or purchase order (supplier returns), if any */
  order: string | null;
  party: string;
  warehouse: string;
  createdAt: string;
  lines: { product: string; quantityE4: number; returned: boolean; serials: string[] }[];
}

interface Header {
  id: number;
  number: string;
  order: string | null;
  party: string;
  warehouse: string;
  created_at: string;
}

interface LineRow {
  id: number;
  doc: number;
  code: string;
  quantity_e4: number;
  returned: number;
}


async function assemble(db: Db, documentType: DocumentType, headers: Header[], lineRows: (ids: number[]) => Promise<LineRow[]>): Promise<ReturnDocumentView[]> {
  const ids = headers.map((h) => h.id);
  const lines = new Map<number, LineRow[]>();
  for (const part of chunk(ids, IN_LIST)) for (const l of await lineRows(part)) appendTo(lines, l.doc, l);
  const serials = await movedSerials(db, documentType, ids);
  return headers.map((d) => ({
    number: d.number,
    order: d.order,
    party: d.party,
    warehouse: d.warehouse,
    createdAt: d.created_at,
    lines: (lines.get(d.id) ?? []).map((l) => ({ product: l.code, quantityE4: l.quantity_e4, returned: l.returned === 1, serials: serials.get(l.id) ?? [] })),
  }));
}

export async function listCredits(db: Db, number?: string): Promise<ReturnDocumentView[]> {
  let q = db
    .selectFrom('credits as cn')
    .innerJoin('customers as c', 'c.id', 'cn.customer_id')
    .innerJoin('warehouses as w', 'w.id', 'cn.warehouse_id')
    .leftJoin('sales_orders as so', 'so.id', 'cn.sales_order_id')
    .select(['cn.id', 'cn.number', 'so.number as order', 'c.code as party', 'w.code as warehouse', 'cn.created_at'])
    .orderBy('cn.id');
  if (number !== undefined) q = q.where('cn.number', 'in', typedNumber(number));
  return assemble(db, 'credit', await q.execute(), (ids) =>
    db
      .selectFrom('credit_lines as l')
      .innerJoin('products as p', 'p.id', 'l.product_id')
      .select(['l.id', 'l.credit_id as doc', 'p.code', 'l.quantity_e4', 'l.returned'])
      .where('l.credit_id', 'in', ids)
      .orderBy('l.id')
      .execute(),
  );
}

export async function listSupplierReturns(db: Db, number?: string): Promise<ReturnDocumentView[]> {
  let q = db
    .selectFrom('supplier_returns as sr')
    .innerJoin('purchase_orders as po', 'po.id', 'sr.purchase_order_id')
    .innerJoin('suppliers as s', 's.id', 'po.supplier_id')
    .innerJoin('warehouses as w', 'w.id', 'po.warehouse_id')
    .select(['sr.id', 'sr.number', 'po.number as order', 's.code as party', 'w.code as warehouse', 'sr.created_at'])
    .orderBy('sr.id');
  if (number !== undefined) q = q.where('sr.number', 'in', typedNumber(number));
  return assemble(db, 'supplier_return', await q.execute(), (ids) =>
    db
      .selectFrom('supplier_return_lines as l')
      .innerJoin('products as p', 'p.id', 'l.product_id')
      // a supplier return always takes its units out of stock
      .select((eb) => ['l.id', 'l.supplier_return_id as doc', 'p.code', 'l.quantity_e4', eb.lit(1).as('returned')])
      .where('l.supplier_return_id', 'in', ids)
      .orderBy('l.id')
      .execute(),
  );
}
