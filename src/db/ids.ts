// Ids of serials and their movements are allocated by the ledger rather than by the
// database, so that a serial row and its first movement can name each other in two plain
// multi-row inserts. On SQLite the next free id is the one after the largest: safe only
// because every write transaction holds the write lock from its first statement (BEGIN
// IMMEDIATE, src/db/sqlite-driver.ts), so nothing else can insert meanwhile. Another engine
// would reserve blocks from a sequence; callers only ever ask this module for blocks.

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
