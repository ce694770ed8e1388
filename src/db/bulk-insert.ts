// Bulk inserts. On SQLite the fastest way to insert many rows is one prepared single-row
// statement run once per row inside the transaction (measured here: faster than multi-row
// VALUES, and far faster than a Kysely query per row, whose per-call overhead dominates).
// So the statement is compiled once by Kysely — placeholders and quoting stay the
// dialect's — and handed to the connection as a "batch": the statement text behind a
// marker, with the rows themselves as the parameters. The statement cache in open.ts runs
// it row by row and reports the rows a unique index turned away.

import { CompiledQuery } from 'kysely';
import type { Db } from './open.js';
import type { Database } from './schema.js';

// Marks a batch statement: the marker, the batch's spec as JSON, the comment end, then the SQL.
export const BATCH_MARKER = '/*batch';

export interface BulkInsertOptions {
  /** skip rows that violate a unique index (ON CONFLICT DO NOTHING) and report them */
  ignoreConflicts?: boolean;
  /**
   * on a conflict on these columns, add the row's `column` to the existing row's (and take
   * the row's values of the `replace` columns, if any)
   */
  addOnConflict?: { on: readonly string[]; column: string; replace?: readonly string[] };
}

/** What a batch does, as the marker carries it. */
export interface BatchSpec {
  table: string;
  columns: string[];
  ignoreConflicts: boolean;
  addOnConflict: { on: string[]; column: string; replace: string[] } | null;
}

/** The spec in a batch statement's marker (`/*batch {…}*\/ insert …`). */
export function parseBatchSpec(sql: string): BatchSpec {
  const end = sql.indexOf('*/');
  if (!sql.startsWith(BATCH_MARKER) || end < 0) throw new Error('not a batch statement');
  return JSON.parse(sql.slice(BATCH_MARKER.length, end)) as BatchSpec;
}

function specOf(table: string, columns: readonly string[], options: BulkInsertOptions): BatchSpec {
  const add = options.addOnConflict;
  return {
    table,
    columns: [...columns],
    ignoreConflicts: options.ignoreConflicts ?? false,
    addOnConflict: add ? { on: [...add.on], column: add.column, replace: [...(add.replace ?? [])] } : null,
  };
}

const compiled = new WeakMap<Db, Map<string, string>>();

function statementFor(db: Db, table: keyof Database, columns: readonly string[], options: BulkInsertOptions): string {
  let cache = compiled.get(db);
  if (!cache) compiled.set(db, (cache = new Map()));
  const key = `${table}|${columns.join(',')}|${options.ignoreConflicts ?? false}|${JSON.stringify(options.addOnConflict ?? null)}`;
  let text = cache.get(key);
  if (!text) {
    let query = db.insertInto(table).values(Object.fromEntries(columns.map((c) => [c, null])) as never);
    if (options.ignoreConflicts) query = query.onConflict((oc) => oc.doNothing());
    const add = options.addOnConflict;
    if (add) {
      query = query.onConflict((oc) =>
        oc.columns(add.on as never).doUpdateSet(
          (eb) =>
            ({
              [add.column]: eb(`${table}.${add.column}` as never, '+', eb.ref(`excluded.${add.column}` as never)),
              ...Object.fromEntries((add.replace ?? []).map((c) => [c, eb.ref(`excluded.${c}` as never)])),
            }) as never,
        ),
      );
    }
    const spec = JSON.stringify(specOf(table, columns, options));
    // names are identifiers: they never end the comment early
    if (spec.includes('*/')) throw new Error(`a batch into ${table} names a column with */ in it`);
    text = `${BATCH_MARKER} ${spec}*/ ${query.compile().sql}`;
    cache.set(key, text);
  }
  return text;
}

/**
 * Inserts rows given as value arrays in `columns` order. Returns the indexes of the rows
 * that were not inserted because of a unique index (only with `ignoreConflicts`).
 */
export async function bulkInsert(
  db: Db,
  table: keyof Database,
  columns: readonly string[],
  rows: readonly unknown[][],
  options: BulkInsertOptions = {},
): Promise<number[]> {
  if (rows.length === 0) return [];
  // One call for all rows: they are handed over as they are, not copied into a parameter list.
  const result = await db.executeQuery<{ row: number }>(CompiledQuery.raw(statementFor(db, table, columns, options), rows as unknown[]));
  return result.rows.map((r) => r.row);
}
