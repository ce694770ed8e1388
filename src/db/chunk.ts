// Splits long lists for statements with `in (...)` lists, which SQLite caps at 32,766
// bound parameters per statement (multi-row inserts chunk themselves: src/db/bulk-insert.ts).

/** Keys per `in (...)` list: well under the parameter limit, and fast for SQLite's planner. */
export const IN_LIST = 900;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
