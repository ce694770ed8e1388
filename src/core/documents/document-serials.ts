// The serials posted documents moved, as the ledger holds their text (its first spelling,
// whatever case they were given in), per document line, in the order they moved: what a
// receipt, credit, supplier return or adjustment prints as its `serials`. One query per
// IN-list of documents, however many serials (a document of 100,000 reads them in one pass).

import { appendTo } from '../values/collections.js';
import { chunk, IN_LIST } from '../../db/chunk.js';
import type { Db } from '../../db/open.js';
import type { DocumentType } from './registry.js';

/** Keyed by document line id. */
export async function movedSerials(db: Db, documentType: DocumentType, documentIds: readonly number[]): Promise<Map<number, string[]>> {
  const serials = new Map<number, string[]>();
  for (const part of chunk([...documentIds], IN_LIST)) {
    const moved = await db
      .selectFrom('serial_movements as m')
      .innerJoin('serials as s', 's.id', 'm.serial_id')
      .select(['m.document_line_id', 's.serial'])
      .where('m.document_type', '=', documentType)
      .where('m.document_id', 'in', part)
      .orderBy('m.id')
      .execute();
    for (const r of moved) appendTo(serials, r.document_line_id ?? 0, r.serial);
  }
  return serials;
}
