// Splits long lists for statements with `in (...)` lists, which SQLite caps at 32,766
// bound parameters per statement (multi-row inserts chunk themselves: src/db/bulk-insert.ts).

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
