// Splits long lists for statements with `in (...)` lists, which SQLite caps at 32,766
// bound parameters per statement (multi-row inserts chunk themselves: src/db/bulk-insert.ts).
// On PostgreSQL (65,535 parameters per statement) a list is better sent as ONE array
// parameter, `column = any($1::int8[])`: measured there, six times faster than IN lists of
// 900 for 100,000 keys. The hot paths (receipts, shipments, imports of many serials) use
// anyOf() with listChunk(); the rest keep IN_LIST chunks, correct on both engines.

import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { engineOf } from './engine.js';

/** Keys per `in (...)` list: well under the parameter limit, and fast for SQLite's planner. */
export const IN_LIST = 900;

/** Keys per anyOf() list on PostgreSQL: one array parameter, kept to a size one statement reads quickly. */
const PG_LIST = 50_000;

/** How many keys one anyOf() condition takes on this engine. */
export function listChunk(db: Kysely<any>): number {
  return engineOf(db) === 'postgres' ? PG_LIST : IN_LIST;
}

/**
 * `column in (…values)` on SQLite, `column = any($1::int8[] | text[])` on PostgreSQL (a
 * single parameter, however many values). Values are all numbers or all strings; chunk them
 * with listChunk(db).
 */
export function anyOf(db: Kysely<any>, column: string, values: readonly (number | string)[]): (eb: ExpressionBuilder<any, any>) => Expression<SqlBool> {
  if (engineOf(db) !== 'postgres') return (eb) => eb(eb.ref(column), 'in', values as (number | string)[]);
  const type = values.length > 0 && typeof values[0] === 'string' ? sql.raw('text[]') : sql.raw('int8[]');
  return () => sql<SqlBool>`${sql.ref(column)} = any(${sql.val([...values])}::${type})`;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
