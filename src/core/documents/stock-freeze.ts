// K-3: while a stock count is in progress, no other document moves stock of its products in
// its warehouse. Which documents freeze stock, and how their lines and warehouse are found,
// is the registry's to say (`freezesStock`); the ledger asks the lookup built here for every
// level a document would touch, on every path (posting, imports), so no command can forget.

import { PerLevel } from '../ledger/per-level.js';
import type { FrozenLevels } from '../ledger/types.js';
import { freezingDocuments, type DocumentType } from './registry.js';
import type { Db } from '../../db/open.js';

/**
 * The levels frozen right now, by documents other than `except` (the count that is itself
 * posting its differences). Usually there are none, and this is one short query per type.
 */
export async function frozenLevels(db: Db, except?: { type: DocumentType; id: number }): Promise<FrozenLevels> {
  const frozen = new PerLevel<{ label: string; number: string }>();
  let any = false;
  for (const spec of freezingDocuments()) {
    const f = spec.freezesStock;
    if (!f) continue;
    // table and column names come from the registry, which the typed builder cannot follow
    let query = db
      .selectFrom(`${spec.table} as d` as 'stock_counts as d')
      .innerJoin(`${f.lines} as l` as 'stock_count_lines as l', `l.${f.column}` as 'l.stock_count_id', 'd.id')
      .select(['d.number', `d.${f.warehouse}` as 'd.warehouse_id', 'l.product_id'])
      .where('d.status', 'in', f.statuses as 'in_progress'[]);
    if (except?.type === spec.type) query = query.where('d.id', '!=', except.id);
    for (const r of await query.execute()) {
      // the first one found names the level: two counts cannot both hold it in progress
      if (frozen.get(r.product_id, r.warehouse_id) === undefined) frozen.set(r.product_id, r.warehouse_id, { label: spec.label, number: r.number });
      any = true;
    }
  }
  return { any, by: (productId, warehouseId) => (any ? frozen.get(productId, warehouseId) : undefined) };
}
