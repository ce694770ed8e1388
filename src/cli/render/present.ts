// The one presenter: every table, CSV and JSON a command prints goes through here, from one
// description of its columns (a View). A command says what its rows are; this module knows
// the format asked for, whether stdout is a terminal and how wide it is, local time, money,
// and how to stop a big table and say how to see the rest.
//
// CSV and JSON of any size stream from the database a chunk at a time, waiting for a slow
// reader, so memory stays flat for a million rows.

import { csvLine } from '../../io/csv-write.js';
import type { Context } from '../context.js';
import { localDate, localDateTime, localTime } from './time.js';
import { renderTable, type Cell, type Shrink, type TableColumn } from './table.js';
import { grouped } from '../../core/values/words.js';

/** Rows a table shows before it stops and says how to see the rest (it never fails on size). */
export const TABLE_LIMIT = 1000;

/**
 * What a column holds, which decides how each format shows it:
 * - text: free text (names, descriptions, reasons): shortened first when a table is too wide
 * - code: codes, numbers of documents, serials: shortened only if text was not enough
 * - count, quantity: right-aligned, thousands separators in a table, plain in CSV
 * - money: two decimals
 * - time: a UTC ISO timestamp, shown in local time (CSV: a local date-time a spreadsheet reads)
 * - date: a UTC ISO timestamp, shown as the local calendar day
 * - status: a snake_case value: "Purchase receipt" in a table, as it is in CSV
 */
export type Kind = 'text' | 'code' | 'count' | 'quantity' | 'money' | 'time' | 'date' | 'status';

type Value = string | number | bigint | boolean | null | undefined;

export interface Column<R> {
  header: string;
  kind?: Kind;
  value(row: R): Value;
  /** a column only one of the formats has (e.g. a CSV column a table leaves out) */
  only?: 'table' | 'csv';
}

export interface View<R> {
  columns: readonly Column<R>[];
  /** the row as --json gives it (DESIGN.md, JSON contract) */
  json(row: R): unknown;
}

export type Rows<R> = readonly R[] | { rows(): AsyncIterable<readonly R[]>; count?(): Promise<number> };

export interface ListOptions {
  /** rows a table shows; a --limit the user gave replaces TABLE_LIMIT */
  limit?: number;
  /** how to see what a table leaves out, e.g. "use --format csv to see them all" */
  seeAll?: string;
  /** said (on stderr) when there are no rows */
  empty?: string;
  /** said (on stderr) after a table that shows every row, given how many */
  footer?: (shown: number) => string;
}

const RIGHT: ReadonlySet<Kind> = new Set(['count', 'quantity', 'money']);
const SHRINK: Partial<Record<Kind, Shrink>> = { text: 'text', code: 'code', status: 'code' };

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A status as a table shows it: "in_progress" → "In progress". */
export function statusText(status: string): string {
  return capitalise(status.replace(/_/g, ' '));
}

/** One value, as a table (for people) or a CSV (for spreadsheets) shows it. */
export function formatCell(kind: Kind, value: Value, target: 'table' | 'csv'): Cell {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return target === 'csv' ? String(value) : value ? 'Yes' : 'No';
  switch (kind) {
    case 'count':
    case 'quantity': {
      const n = Number(value);
      return target === 'csv' ? String(value) : grouped(n, { max: 4 });
    }
    case 'money': {
      const n = Number(value);
      return target === 'csv' ? n.toFixed(2) : grouped(n, { min: 2, max: 2 });
    }
    case 'time':
      return target === 'csv' ? localDateTime(String(value)) : localTime(String(value));
    case 'date':
      return localDate(String(value));
    case 'status':
      return target === 'csv' ? String(value) : statusText(String(value));
    default:
      return String(value);
  }
}

function columnsFor<R>(view: View<R>, target: 'table' | 'csv'): readonly Column<R>[] {
  return view.columns.filter((c) => c.only === undefined || c.only === target);
}

/** Writes to stdout, waiting for a slow reader (a pipe) rather than buffering without limit. */
export function emit(text: string): Promise<void> | undefined {
  if (process.stdout.write(text)) return undefined;
  return new Promise((resolve) => process.stdout.once('drain', resolve));
}

async function* chunks<R>(rows: Rows<R>): AsyncIterable<readonly R[]> {
  if (Array.isArray(rows)) yield rows as readonly R[];
  else yield* (rows as { rows(): AsyncIterable<readonly R[]> }).rows();
}

/** Renders rows as a table for this terminal (or pipe). */
export function tableText<R>(ctx: Context, rows: readonly R[], view: View<R>): string {
  const columns = columnsFor(view, 'table');
  const tty = process.stdout.isTTY === true;
  const table: TableColumn[] = columns.map((c) => ({
    header: c.header,
    align: RIGHT.has(c.kind ?? 'text') ? 'right' : 'left',
    shrink: SHRINK[c.kind ?? 'text'] ?? 'never',
  }));
  const cells = rows.map((r) => columns.map((c) => formatCell(c.kind ?? 'text', c.value(r), 'table')));
  return renderTable(table, cells, { color: ctx.out.color, tty, width: tty ? (process.stdout.columns ?? 80) : Infinity });
}

/** What CSV output starts with: a UTF-8 byte order mark when --bom asks for one (Excel reads the file as UTF-8 then). */
function bom(ctx: Context): string {
  return ctx.opts.bom === true ? '\uFEFF' : '';
}

/** Rows as CSV text (header line first). */
export function csvText<R>(rows: readonly R[], view: View<R>): string {
  const columns = columnsFor(view, 'csv');
  let text = csvLine(columns.map((c) => c.header));
  for (const r of rows) text += csvLine(columns.map((c) => formatCell(c.kind ?? 'text', c.value(r), 'csv')));
  return text;
}

/**
 * A list in the format asked for: a JSON array, CSV with a header line, or a table that
 * stops at a limit and says how to see the rest. Returns the number of rows written.
 */
export async function presentList<R>(ctx: Context, rows: Rows<R>, view: View<R>, options: ListOptions = {}): Promise<number> {
  const format = ctx.format();
  let n = 0;
  if (format === 'json') {
    // byte for byte what JSON.stringify(rows, null, 2) prints, one chunk at a time
    for await (const chunk of chunks(rows)) {
      let text = '';
      for (const row of chunk) text += (n++ === 0 ? '[\n  ' : ',\n  ') + JSON.stringify(view.json(row), null, 2).replace(/\n/g, '\n  ');
      await emit(text);
    }
    await emit(n === 0 ? '[]\n' : '\n]\n');
    return n;
  }
  if (format === 'csv') {
    const columns = columnsFor(view, 'csv');
    await emit(bom(ctx) + csvLine(columns.map((c) => c.header)));
    for await (const chunk of chunks(rows)) {
      let text = '';
      for (const r of chunk) text += csvLine(columns.map((c) => formatCell(c.kind ?? 'text', c.value(r), 'csv')));
      n += chunk.length;
      await emit(text);
    }
    return n;
  }
  const limit = options.limit ?? TABLE_LIMIT;
  const shown: R[] = [];
  let more = false;
  for await (const chunk of chunks(rows)) {
    for (const row of chunk) {
      if (shown.length === limit) {
        more = true;
        break;
      }
      shown.push(row);
    }
    if (more) break; // closes the query
  }
  if (shown.length === 0) {
    if (options.empty) ctx.out.note(options.empty);
    return 0;
  }
  await emit(tableText(ctx, shown, view));
  const seeAll = options.seeAll ?? 'use --format csv or --json to see them all';
  if (more) {
    const total = !Array.isArray(rows) && 'count' in rows && rows.count ? await rows.count() : Array.isArray(rows) ? rows.length : undefined;
    process.stderr.write(
      total !== undefined
        ? `… ${grouped(total - shown.length)} more not shown (${grouped(total)} in all): ${seeAll}.\n`
        : `… more not shown: ${seeAll}.\n`,
    );
  } else if (options.footer) {
    ctx.out.note(options.footer(shown.length));
  }
  return shown.length;
}

/**
 * A list of documents with lines: --json prints one object per document (its lines inside
 * it), a table and CSV one row per line (a spreadsheet holds one flat table).
 */
export async function presentDocuments<D, R>(
  ctx: Context,
  documents: readonly D[],
  view: { json(document: D): unknown; lines(document: D): readonly R[]; columns: readonly Column<R>[] },
  options: ListOptions = {},
): Promise<number> {
  if (ctx.format() === 'json') {
    ctx.out.json(documents.map((d) => view.json(d)));
    return documents.length;
  }
  return presentList(ctx, documents.flatMap((d) => view.lines(d)), { columns: view.columns, json: () => undefined }, options);
}

export interface Section<R> {
  /** a line above the section's table, e.g. "Lines" */
  title?: string;
  rows: readonly R[];
  view: View<R>;
}

export interface Shown {
  /** the object --json prints */
  json: unknown;
  /** the first line: what it is, e.g. "PO-00000001  Open" */
  title: string;
  /** label and value pairs under the title */
  fields?: readonly (readonly [string, Value])[];
  /** tables after the fields; an empty one is left out */
  sections?: readonly Section<any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** the rows --format csv gives (one table: a spreadsheet holds one) */
  csv: Section<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** lines after the tables (hints, serials lists) */
  notes?: readonly string[];
}

/** A show command: an object in JSON, one table in CSV, a titled page with tables for people. */
export function presentShow(ctx: Context, shown: Shown): void {
  const format = ctx.format();
  if (format === 'json') return ctx.out.json(shown.json);
  if (format === 'csv') return void process.stdout.write(bom(ctx) + csvText(shown.csv.rows, shown.csv.view));
  const { out } = ctx;
  out.line(out.color.bold(shown.title));
  const fields = (shown.fields ?? []).filter(([, v]) => v !== null && v !== undefined && v !== '');
  const labelWidth = Math.max(0, ...fields.map(([label]) => label.length));
  for (const [label, value] of fields) out.line(`  ${`${label}:`.padEnd(labelWidth + 1)}  ${value}`);
  for (const section of shown.sections ?? []) {
    if (section.rows.length === 0) continue;
    out.line();
    if (section.title) out.line(section.title);
    process.stdout.write(tableText(ctx, section.rows, section.view));
  }
  if (shown.notes?.length) {
    out.line();
    for (const note of shown.notes) out.line(note);
  }
}

/** A command that did something: its JSON object, or sentences for people. */
export function presentResult(ctx: Context, json: unknown, lines: readonly string[]): void {
  if (ctx.json) return ctx.out.json(json);
  for (const line of lines) ctx.out.line(line);
}
