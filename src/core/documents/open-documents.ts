// P-4: the open documents a product is on, for every document type the registry says
// blocks a change to a product's serialized flag while open.

import { DOCUMENT_TYPES } from './registry.js';
import type { Db } from '../../db/open.js';

export interface OpenDocument {
  /** as people say it: "purchase order" */
  type: string;
  number: string;
}

export async function openDocumentsForProduct(db: Db, productId: number): Promise<OpenDocument[]> {
  const open: OpenDocument[] = [];
  const blocking = DOCUMENT_TYPES.filter((d) => d.blocksSerializationChange).sort((a, b) => (a.blocksSerializationChange?.listed ?? 0) - (b.blocksSerializationChange?.listed ?? 0));
  for (const spec of blocking) {
    const blocks = spec.blocksSerializationChange;
    if (!blocks) continue;
    // table and column names come from the registry, which the typed builder cannot follow
    const header = blocks.product;
    const rows = await db
      .selectFrom(`${spec.table} as d` as 'purchase_orders as d')
      .select('d.number')
      .where((eb) =>
        eb.or([
          eb('d.id', 'in', eb.selectFrom(`${blocks.lines} as l` as 'purchase_order_lines as l').select(`l.${blocks.column}` as 'l.purchase_order_id').where('l.product_id', '=', productId)),
          // the product a document makes, named on its own row
          ...(header ? [eb(`d.${header}` as 'd.id', '=', productId)] : []),
        ]),
      )
      .where('d.status', 'in', blocks.openStatuses as 'open'[])
      .orderBy('d.number')
      .execute();
    for (const r of rows) open.push({ type: spec.label, number: r.number });
  }
  return open;
}
