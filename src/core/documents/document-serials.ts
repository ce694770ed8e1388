// The serials a posted document moved, as the ledger holds their text, per document line, in
// the order they were given: what a receipt or a shipment prints as its `serials`. One query
// however many there are (a document of 100,000 serials reads them in one pass).

import type { DocumentType } from '../../db/schema.js';
import type { Db } from '../../db/open.js';

export async function documentSerials(db: Db, type: DocumentType, documentId: number): Promise<Map<number | null, string[]>> {
  const rows = await db
    .selectFrom('serial_movements as m')
    .innerJoin('serials as s', 's.id', 'm.serial_id')
    .select(['m.document_line_id as line', 's.serial'])
    .where('m.document_type', '=', type)
    .where('m.document_id', '=', documentId)
    .orderBy('m.id')
    .execute();
  const out = new Map<number | null, string[]>();
  for (const r of rows) {
    const list = out.get(r.line);
    if (list) list.push(r.serial);
    else out.set(r.line, [r.serial]);
  }
  return out;
}
