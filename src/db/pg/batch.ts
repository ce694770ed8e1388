// A batch (src/db/bulk-insert.ts) on PostgreSQL, set-based: the same rows written and the
// same rows reported as turned away as SQLite's row-by-row batch, in a few statements
// instead of one round trip per row.
//   - plain inserts of many rows: COPY … FROM STDIN (text format), the fastest way in;
//   - plain inserts of a few rows: one `insert … select * from unnest($1::T[], …)`, one
//     array parameter per column (never near PostgreSQL's 65,535 parameters);
//   - ignoreConflicts: the unnest insert in input order `on conflict do nothing returning`
//     the first column, which must be unique in the batch (serials: the id the ledger
//     allocated); the rows whose first column did not come back were turned away. A batch
//     whose first column repeats goes row by row instead, as SQLite's does;
//   - addOnConflict: rows with the same key are added together first (PostgreSQL refuses to
//     update one row twice in one statement): the first row's values, the sum of the added
//     column, the last row's `replace` columns — what SQLite's row-by-row upsert leaves.
// Column types for the array casts are read once per connection. The event loop turns
// between chunks, as it does between the slices of SQLite's batches.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import type { BatchSpec } from '../bulk-insert.js';
import { breathe } from '../sqlite-driver.js';
import { pgModule } from './modules.js';

/** Plain batches of at least this many rows go through COPY. */
export const COPY_MIN_ROWS = 1000;
/** Rows per unnest statement, and per piece of COPY data between turns of the event loop. */
const CHUNK_ROWS = 10_000;
const COPY_PIECE_ROWS = 2000;

type Skipped = { row: number }[];

const typesByClient = new WeakMap<ClientBase, Map<string, Map<string, string>>>();

/** Column name → type name (udt_name: int4, int8, text, float8, …) of a table in the current schema. */
async function columnTypes(client: ClientBase, table: string, columns: readonly string[]): Promise<Map<string, string>> {
  let tables = typesByClient.get(client);
  const known = tables?.get(table);
  if (known && columns.every((c) => known.has(c))) return known;
  // read once per connection, again only for a table or column created since (migrations)
  const result = await client.query<{ table_name: string; column_name: string; udt_name: string }>(
    `select table_name, column_name, udt_name from information_schema.columns where table_schema = current_schema()`,
  );
  tables = new Map();
  for (const r of result.rows) {
    let t = tables.get(r.table_name);
    if (!t) tables.set(r.table_name, (t = new Map()));
    t.set(r.column_name, r.udt_name);
  }
  typesByClient.set(client, tables);
  const types = tables.get(table);
  const missing = columns.filter((c) => !types?.has(c));
  if (!types || missing.length > 0) throw new Error(`a batch into ${table} names ${missing.length > 0 ? `columns it does not have: ${missing.join(', ')}` : 'a table the ledger does not have'}`);
  return types;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** `insert into t (a, b) select * from unnest($1::int4[], $2::text[])` and its array parameters. */
function unnestInsert(spec: BatchSpec, types: Map<string, string>, rows: readonly unknown[][], tail: string, ordered: boolean): { text: string; values: unknown[][] } {
  const arrays = spec.columns.map((_, c) => rows.map((row) => row[c] ?? null));
  const casts = spec.columns.map((c, i) => `$${i + 1}::${types.get(c) as string}[]`).join(', ');
  const names = spec.columns.map((_, i) => `v${i + 1}`);
  const select = ordered
    ? `select ${names.join(', ')} from unnest(${casts}) with ordinality as b(${names.join(', ')}, ord) order by ord`
    : `select * from unnest(${casts})`;
  return { text: `insert into ${ident(spec.table)} (${spec.columns.map(ident).join(', ')}) ${select}${tail}`, values: arrays };
}

/** One field of COPY's text format: \N for NULL; backslash, tab, newline and CR escaped. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  else if (typeof value === 'boolean') return value ? 't' : 'f';
  else if (value instanceof Date) return value.toISOString();
  else if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`;
  else text = String(value);
  return text.replace(/[\\\t\n\r]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r'));
}

async function copyIn(client: ClientBase, spec: BatchSpec, rows: readonly unknown[][]): Promise<void> {
  const { from } = pgModule('pg-copy-streams') as typeof import('pg-copy-streams');
  const width = spec.columns.length;
  async function* pieces(): AsyncGenerator<Buffer> {
    for (let start = 0; start < rows.length; start += COPY_PIECE_ROWS) {
      if (start > 0) await breathe();
      let text = '';
      const end = Math.min(rows.length, start + COPY_PIECE_ROWS);
      for (let r = start; r < end; r++) {
        const row = rows[r] as unknown[];
        for (let c = 0; c < width; c++) text += (c === 0 ? '' : '\t') + copyField(row[c]);
        text += '\n';
      }
      yield Buffer.from(text, 'utf8');
    }
  }
  const copy = client.query(from(`copy ${ident(spec.table)} (${spec.columns.map(ident).join(', ')}) from stdin`));
  await pipeline(Readable.from(pieces()), copy);
}

/** Row by row, as SQLite does: for a conflict-ignoring batch whose first column is not row-unique. */
async function rowByRow(client: ClientBase, spec: BatchSpec, rows: readonly unknown[][]): Promise<Skipped> {
  const text = `insert into ${ident(spec.table)} (${spec.columns.map(ident).join(', ')}) values (${spec.columns.map((_, i) => `$${i + 1}`).join(', ')}) on conflict do nothing`;
  const skipped: Skipped = [];
  for (let row = 0; row < rows.length; row++) {
    if (row > 0 && row % CHUNK_ROWS === 0) await breathe();
    const result = await client.query({ text, values: rows[row] as unknown[] });
    if ((result.rowCount ?? 0) === 0) skipped.push({ row });
  }
  return skipped;
}

async function ignoringConflicts(client: ClientBase, spec: BatchSpec, types: Map<string, string>, rows: readonly unknown[][]): Promise<Skipped> {
  const firsts = new Set<string>();
  for (const row of rows) {
    const first = row[0];
    if (first === null || first === undefined) return rowByRow(client, spec, rows);
    firsts.add(String(first));
  }
  if (firsts.size < rows.length) return rowByRow(client, spec, rows);
  const skipped: Skipped = [];
  const tail = ` on conflict do nothing returning ${ident(spec.columns[0] as string)} as k`;
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    if (start > 0) await breathe();
    const part = rows.slice(start, start + CHUNK_ROWS);
    // in input order: of two rows with one key, the first is inserted and the second turned away
    const { text, values } = unnestInsert(spec, types, part, tail, true);
    const result = await client.query<{ k: unknown }>({ text, values });
    if (result.rows.length === part.length) continue;
    const inserted = new Set(result.rows.map((r) => String(r.k)));
    part.forEach((row, i) => {
      if (!inserted.has(String(row[0]))) skipped.push({ row: start + i });
    });
  }
  return skipped;
}

/** Rows with the same key made one: the first row's values, `column` summed, `replace` columns the last row's. */
export function combineByKey(spec: BatchSpec, rows: readonly unknown[][]): unknown[][] {
  const add = spec.addOnConflict;
  if (!add) return [...rows];
  const keyAt = add.on.map((c) => spec.columns.indexOf(c));
  const sumAt = spec.columns.indexOf(add.column);
  const replaceAt = add.replace.map((c) => spec.columns.indexOf(c));
  if (keyAt.includes(-1) || sumAt < 0 || replaceAt.includes(-1)) throw new Error(`a batch into ${spec.table} adds on conflict over columns it does not insert`);
  const byKey = new Map<string, unknown[]>();
  const out: unknown[][] = [];
  for (const row of rows) {
    const key = keyAt.map((i) => row[i]);
    // NULLs are distinct in a unique index: such rows never meet
    if (key.some((v) => v === null || v === undefined)) {
      out.push([...row]);
      continue;
    }
    const name = JSON.stringify(key.map(String));
    const seen = byKey.get(name);
    if (!seen) {
      const copy = [...row];
      byKey.set(name, copy);
      out.push(copy);
      continue;
    }
    const a = seen[sumAt];
    const b = row[sumAt];
    seen[sumAt] = a === null || a === undefined || b === null || b === undefined ? null : Number(a) + Number(b);
    for (const i of replaceAt) seen[i] = row[i];
  }
  return out;
}

async function upserting(client: ClientBase, spec: BatchSpec, types: Map<string, string>, rows: readonly unknown[][]): Promise<Skipped> {
  const add = spec.addOnConflict as NonNullable<BatchSpec['addOnConflict']>;
  const sets = [
    `${ident(add.column)} = ${ident(spec.table)}.${ident(add.column)} + excluded.${ident(add.column)}`,
    ...add.replace.map((c) => `${ident(c)} = excluded.${ident(c)}`),
  ];
  const tail = ` on conflict (${add.on.map(ident).join(', ')}) do update set ${sets.join(', ')}`;
  const combined = combineByKey(spec, rows);
  for (let start = 0; start < combined.length; start += CHUNK_ROWS) {
    if (start > 0) await breathe();
    const { text, values } = unnestInsert(spec, types, combined.slice(start, start + CHUNK_ROWS), tail, true);
    await client.query({ text, values });
  }
  return [];
}

/**
 * Runs a batch on the connection, inside its open transaction. Returns the rows a unique
 * index turned away (only with ignoreConflicts), as indexes into `rows`.
 */
export async function runPgBatch(client: ClientBase, spec: BatchSpec, rows: readonly unknown[][]): Promise<Skipped> {
  if (rows.length === 0) return [];
  if (spec.ignoreConflicts && spec.addOnConflict) throw new Error(`a batch into ${spec.table} both ignores and adds on conflicts`);
  if (!spec.ignoreConflicts && !spec.addOnConflict && rows.length >= COPY_MIN_ROWS) {
    await copyIn(client, spec, rows);
    return [];
  }
  const types = await columnTypes(client, spec.table, spec.columns);
  if (spec.ignoreConflicts) return ignoringConflicts(client, spec, types, rows);
  if (spec.addOnConflict) return upserting(client, spec, types, rows);
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    if (start > 0) await breathe();
    const { text, values } = unnestInsert(spec, types, rows.slice(start, start + CHUNK_ROWS), '', false);
    await client.query({ text, values });
  }
  return [];
}
