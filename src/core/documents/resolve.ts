// Resolves a document number typed by a user to the movements it made. A purchase order
// stands for all of its receipts, a sales order for all of its shipments.

import { typedNumber } from './numbering.js';
import type { Db } from '../../db/open.js';

export interface DocumentKey {
  type: string;
  ids: number[];
}

export async function resolveDocument(db: Db, number: string): Promise<DocumentKey[]> {
  const candidates = typedNumber(number);
  const keys: DocumentKey[] = [];
  const po = await db.selectFrom('purchase_orders').select('id').where('number', 'in', candidates).executeTakeFirst();
  if (po) {
    const receipts = await db.selectFrom('purchase_receipts').select('id').where('purchase_order_id', '=', po.id).execute();
    keys.push({ type: 'purchase_receipt', ids: receipts.map((r) => r.id) });
  }
  const so = await db.selectFrom('sales_orders').select('id').where('number', 'in', candidates).executeTakeFirst();
  if (so) {
    const shipments = await db.selectFrom('shipments').select('id').where('sales_order_id', '=', so.id).execute();
    keys.push({ type: 'shipment', ids: shipments.map((r) => r.id) });
  }
  const tables = [
    ['purchase_receipts', 'purchase_receipt'],
    ['adjustments', 'adjustment'],
    ['serialization_changes', 'serialization'],
    ['imports', 'import'],
    ['shipments', 'shipment'],
    ['credits', 'credit'],
    ['supplier_returns', 'supplier_return'],
  ] as const;
  for (const [table, type] of tables) {
    const row = await db.selectFrom(table).select('id').where('number', 'in', candidates).executeTakeFirst();
    if (row) keys.push({ type, ids: [row.id] });
  }
  return keys;
}
