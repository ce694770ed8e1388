// SQLite allows at most 32,766 bound parameters in one statement; multi-row statements are
// cut into chunks that stay under it. Very large statements cost more to prepare than they
// save, so rows per statement are also capped (measured with `npm run bench`).

export const MAX_BIND_PARAMETERS = 32_766;
const MAX_ROWS_PER_STATEMENT = 500;

export function rowsPerStatement(columns: number): number {
  return Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_BIND_PARAMETERS / columns)));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
