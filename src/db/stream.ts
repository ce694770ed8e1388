// Rows of a query as they come from the database, a chunk at a time, for reports of any
// size (a whole ledger as CSV): memory holds one chunk, whatever the number of rows.

import type { Compilable } from 'kysely';
import type { Db } from './open.js';

/** Rows a chunk holds: large enough that per-chunk work is noise, small enough to stay flat. */
export const STREAM_CHUNK = 1000;

export async function* streamRows<O>(db: Db, query: Compilable<O>, chunkSize = STREAM_CHUNK): AsyncIterable<O[]> {
  for await (const result of db.getExecutor().stream(query.compile(), chunkSize)) yield result.rows;
}

/** Every row of a stream in memory: for results known to be small (the demo, tests). */
export async function collect<T>(chunks: AsyncIterable<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for await (const chunk of chunks) for (const row of chunk) rows.push(row);
  return rows;
}
