// Ids of serials and their movements are allocated by the ledger rather than by the
// database, so that a serial row and its first movement can name each other in two plain
// multi-row inserts. On both engines the next free id is the one after the largest: safe
// only because every write transaction holds the ledger's write lock from its first
// statement (SQLite: BEGIN IMMEDIATE, src/db/sqlite-driver.ts; PostgreSQL: the ledger's
// advisory lock, src/db/pg/driver.ts), so nothing else can insert meanwhile. A sequence
// would leave gaps and break "blocks are consecutive"; callers only ever ask this module for blocks.

import type { Db } from './open.js';

export interface IdAllocator {
  /**
   * The first of `count` consecutive ids. Blocks come one after another: a block's first
   * id is the id after the previous block's last (imports rely on it to tell their own
   * serials from older ones by id alone).
   */
  take(count: number): number;
}

/** Allocates ids of one table for the rest of the current write transaction. */
export async function idAllocator(db: Db, table: 'serials' | 'serial_movements'): Promise<IdAllocator> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  let next = Number(row?.max ?? 0) + 1;
  return {
    take(count) {
      const first = next;
      next += count;
      return first;
    },
  };
}
