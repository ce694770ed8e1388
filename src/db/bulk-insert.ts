// Multi-row inserts for bulk moves. Kysely builds and compiles a query tree for every
// statement, which for 100,000 serials costs as much as SQLite's own work. The statement
// for a given table, columns and row count is the same every time, so it is compiled once
// by Kysely (so placeholders and quoting stay the dialect's) and then run with new
// parameters. Rows are cut into chunks under SQLite's bound-parameter limit.

import { CompiledQuery } from 'kysely';
import type { Db } from './open.js';
import type { Database } from './schema.js';

const MAX_BIND_PARAMETERS = 32_766;
const MAX_ROWS_PER_STATEMENT = 500;

const compiled = new WeakMap<Db, Map<string, string>>();

function statementFor(db: Db, table: keyof Database, columns: readonly string[], rows: number): string {
  let cache = compiled.get(db);
  if (!cache) compiled.set(db, (cache = new Map()));
  const key = `${table}|${columns.join(',')}|${rows}`;
  let text = cache.get(key);
  if (!text) {
    const row = Object.fromEntries(columns.map((c) => [c, null]));
    text = db
      .insertInto(table)
      .values(Array.from({ length: rows }, () => row) as never)
      .compile().sql;
    cache.set(key, text);
  }
  return text;
}

/** Inserts rows given as value arrays in `columns` order. */
export async function bulkInsert(db: Db, table: keyof Database, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_BIND_PARAMETERS / columns.length)));
  for (let start = 0; start < rows.length; start += perStatement) {
    const part = rows.slice(start, start + perStatement);
    const parameters: unknown[] = [];
    for (const r of part) for (const v of r) parameters.push(v);
    await db.executeQuery(CompiledQuery.raw(statementFor(db, table, columns, part.length), parameters));
  }
}
