// Resolves a document number typed by a user to the documents whose movements it stands
// for: itself, or for an order, the documents that belong to it and count for it (a purchase
// order stands for its receipts, a sales order for its shipments and credits; registry.ts).

import { typedNumber } from './numbering.js';
import { countingDocumentsOf, DOCUMENT_TYPES, type OrderType } from './registry.js';
import type { DocumentKey } from './links.js';
import type { Db } from '../../db/open.js';

export async function resolveDocument(db: Db, number: string): Promise<DocumentKey[]> {
  const candidates = typedNumber(number);
  const keys: DocumentKey[] = [];
  for (const spec of DOCUMENT_TYPES) {
    const row = await db.selectFrom(spec.table).select('id').where('number', 'in', candidates).executeTakeFirst();
    if (!row) continue;
    if (spec.movements.length > 0) keys.push({ type: spec.type, ids: [row.id] });
    else {
      for (const part of countingDocumentsOf(spec.type as OrderType)) {
        // the column is the registry's, which the typed builder cannot follow
        const column = part.order?.column as 'id';
        const rows = await db.selectFrom(part.table).select('id').where(column, '=', row.id).execute();
        keys.push({ type: part.type, ids: rows.map((r) => r.id) });
      }
    }
  }
  return keys;
}
