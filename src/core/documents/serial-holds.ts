// Serials a document in progress holds for itself: a parked assembly's component units are
// promised to it, so no other document may ship, move or adjust them out meanwhile. Which
// documents hold serials, and where they list them, is the registry's to say (`holdsSerials`);
// the ledger asks the lookup built here about every serial a document would take.

import { chunk, IN_LIST } from '../../db/chunk.js';
import type { HeldSerials } from '../ledger/types.js';
import { holdingDocuments, type DocumentSpec, type DocumentType } from './registry.js';
import type { Db } from '../../db/open.js';

/**
 * The serials held right now by documents other than `except` (the parked assembly that is
 * itself being completed). Usually none are: one short query per type, and no lookups after.
 */
export async function heldSerials(db: Db, except?: { type: DocumentType; id: number }): Promise<HeldSerials> {
  const holders: { spec: DocumentSpec; h: NonNullable<DocumentSpec['holdsSerials']>; except?: number }[] = [];
  for (const spec of holdingDocuments()) {
    const h = spec.holdsSerials;
    if (!h) continue;
    // table and column names come from the registry, which the typed builder cannot follow
    let open = db
      .selectFrom(`${spec.table} as d` as 'assemblies as d')
      .select('d.id')
      .where('d.status', 'in', h.statuses as 'parked'[]);
    if (except?.type === spec.type) open = open.where('d.id', '!=', except.id);
    if (await open.limit(1).executeTakeFirst()) holders.push({ spec, h, except: except?.type === spec.type ? except.id : undefined });
  }
  return {
    any: holders.length > 0,
    async of(serialIds) {
      const found = new Map<number, { label: string; number: string }>();
      for (const { spec, h, except: skip } of holders) {
        for (const part of chunk([...serialIds], IN_LIST)) {
          let query = db
            .selectFrom(`${h.table} as x` as 'assembly_serials as x')
            .innerJoin(`${spec.table} as d` as 'assemblies as d', 'd.id', `x.${h.column}` as 'x.assembly_id')
            .select(['d.number', `x.${h.serial}` as 'x.serial_id'])
            .where(`x.${h.serial}` as 'x.serial_id', 'in', part)
            .where('d.status', 'in', h.statuses as 'parked'[]);
          if (skip !== undefined) query = query.where('d.id', '!=', skip);
          for (const r of await query.execute()) if (r.serial_id !== null) found.set(r.serial_id, { label: spec.label, number: r.number });
        }
      }
      return found;
    },
  };
}
