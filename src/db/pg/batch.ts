// A batch (src/db/bulk-insert.ts) on PostgreSQL. Until the set-based version lands this runs
// the compiled single-row statement once per row, like SQLite's batch, and reports the rows
// that inserted nothing.

import type { Client } from 'pg';

export async function runPgBatch(client: Client, sql: string, rows: readonly unknown[][]): Promise<{ row: number }[]> {
  const text = sql.slice(sql.indexOf('*/') + 2).trim();
  const skipped: { row: number }[] = [];
  for (let row = 0; row < rows.length; row++) {
    const result = await client.query({ text, values: rows[row] as unknown[] });
    if ((result.rowCount ?? 0) === 0) skipped.push({ row });
  }
  return skipped;
}
