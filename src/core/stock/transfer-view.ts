// Lists and shows of warehouse transfers: their lines and the serials each line moved.
// Documents are read in chunks (IN_LIST), never a query per document or per serial; a list
// that does not print serials counts them instead of reading them.

import { RejectedError, type Problem } from '../../errors.js';
import { typedNumber } from '../documents/numbering.js';
import { movedSerials } from '../documents/document-serials.js';
import { requireEntry, requireProduct } from '../master-data/lookup.js';
import { appendTo } from '../values/collections.js';
import { chunk, IN_LIST } from '../../db/chunk.js';
import type { Db } from '../../db/open.js';

export interface TransferView {
  number: string;
  from: string;
  to: string;
  createdAt: string;
  lines: { product: string; quantityE4: number; serials: string[]; serialCount: number }[];
}

export interface TransferFilter {
  /** the transfer's number (show) */
  number?: string;
  /** transfers from or to this warehouse */
  warehouse?: string;
  /** transfers with a line of this product */
  product?: string;
  /** created at or after this UTC instant */
  from?: string;
  /** created before this UTC instant */
  before?: string;
  /** read every serial (JSON, a show); otherwise lines carry only their serialCount */
  serials?: boolean;
}

/** Transfers matching the filter, oldest first, each with its lines. An unknown warehouse or product is rejected. */
export async function listTransfers(db: Db, filter: TransferFilter = {}): Promise<TransferView[]> {
  const problems: Problem[] = [];
  const warehouse = filter.warehouse === undefined ? undefined : await requireEntry(db, 'warehouse', filter.warehouse, problems);
  const product = filter.product === undefined ? undefined : await requireProduct(db, filter.product, problems);
  if (problems.length) throw new RejectedError(problems);

  let q = db
    .selectFrom('transfers as t')
    .innerJoin('warehouses as wf', 'wf.id', 't.from_warehouse_id')
    .innerJoin('warehouses as wt', 'wt.id', 't.to_warehouse_id')
    .select(['t.id', 't.number', 'wf.code as from', 'wt.code as to', 't.created_at'])
    .orderBy('t.id');
  if (filter.number !== undefined) q = q.where('t.number', 'in', typedNumber(filter.number));
  if (warehouse) {
    const id = warehouse.id;
    q = q.where((eb) => eb.or([eb('t.from_warehouse_id', '=', id), eb('t.to_warehouse_id', '=', id)]));
  }
  if (product) q = q.where('t.id', 'in', (eb) => eb.selectFrom('transfer_lines as pl').select('pl.transfer_id').where('pl.product_id', '=', product.id));
  if (filter.from !== undefined) q = q.where('t.created_at', '>=', filter.from);
  if (filter.before !== undefined) q = q.where('t.created_at', '<', filter.before);
  const headers = await q.execute();

  const ids = headers.map((h) => h.id);
  const lines = new Map<number, { id: number; code: string; quantity_e4: number }[]>();
  const counts = new Map<number, number>();
  for (const part of chunk(ids, IN_LIST)) {
    const rows = await db
      .selectFrom('transfer_lines as l')
      .innerJoin('products as p', 'p.id', 'l.product_id')
      .select(['l.id', 'l.transfer_id', 'p.code', 'l.quantity_e4'])
      .where('l.transfer_id', 'in', part)
      .orderBy('l.transfer_id')
      .orderBy('l.line_no')
      .execute();
    for (const l of rows) appendTo(lines, l.transfer_id, l);
    if (filter.serials) continue;
    const counted = await db
      .selectFrom('serial_movements as m')
      .select(['m.document_line_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('m.document_type', '=', 'transfer')
      .where('m.document_id', 'in', part)
      .groupBy('m.document_line_id')
      .execute();
    for (const c of counted) counts.set(c.document_line_id ?? 0, Number(c.n));
  }
  const serials = filter.serials ? await movedSerials(db, 'transfer', ids) : undefined;
  return headers.map((h) => ({
    number: h.number,
    from: h.from,
    to: h.to,
    createdAt: h.created_at,
    lines: (lines.get(h.id) ?? []).map((l) => {
      const moved = serials?.get(l.id) ?? [];
      return { product: l.code, quantityE4: l.quantity_e4, serials: moved, serialCount: serials ? moved.length : (counts.get(l.id) ?? 0) };
    }),
  }));
}

/** One transfer with every serial it moved, or undefined when there is no such number. */
export async function showTransfer(db: Db, number: string): Promise<TransferView | undefined> {
  const [found] = await listTransfers(db, { number, serials: true });
  return found;
}
