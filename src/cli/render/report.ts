// Reports of any size (enquiry, history, stock on hand): CSV and JSON stream from the
// database to stdout a chunk at a time, waiting for the reader when it is slower, so memory
// stays flat for a million rows; a table stops at a limit and says how to see the rest.

import { csvLine } from '../../io/csv-write.js';
import { TABLE_LIMIT, type Format } from '../output.js';
import type { Context } from '../context.js';
import type { Cell } from './table.js';

export interface Report<R> {
  rows(): AsyncIterable<R[]>;
  /** how many rows the whole report has (asked only when a table stops short) */
  count?(): Promise<number>;
}

export interface Columns<R> {
  headers: string[];
  cells(row: R, format: 'table' | 'csv'): Cell[];
  json(row: R): unknown;
}

/** Writes to stdout, waiting for a slow reader (a pipe) rather than buffering without limit. */
function emit(text: string): Promise<void> | undefined {
  if (process.stdout.write(text)) return undefined;
  return new Promise((resolve) => process.stdout.once('drain', resolve));
}

export interface PresentOptions {
  /** rows the table shows; by default TABLE_LIMIT (a --limit given by the user replaces it) */
  tableLimit?: number;
  /** how to see what a table leaves out */
  seeAll: string;
  /** said (on stderr) when a table has no rows */
  empty?: string;
  /** said (on stderr) after a table, given the rows shown */
  footer?: (shown: number) => string;
}

/** Presents a report in the format asked for; returns the number of rows written. */
export async function presentReport<R>(ctx: Context, format: Format, report: Report<R>, columns: Columns<R>, options: PresentOptions): Promise<number> {
  let n = 0;
  if (format === 'json') {
    // byte for byte what JSON.stringify(rows, null, 2) prints, one chunk at a time
    for await (const chunk of report.rows()) {
      let text = '';
      for (const row of chunk) text += (n++ === 0 ? '[\n  ' : ',\n  ') + JSON.stringify(columns.json(row), null, 2).replace(/\n/g, '\n  ');
      await emit(text);
    }
    await emit(n === 0 ? '[]\n' : '\n]\n');
    return n;
  }
  if (format === 'csv') {
    await emit(csvLine(columns.headers));
    for await (const chunk of report.rows()) {
      let text = '';
      for (const row of chunk) text += csvLine(columns.cells(row, 'csv'));
      n += chunk.length;
      await emit(text);
    }
    return n;
  }
  const limit = options.tableLimit ?? TABLE_LIMIT;
  const rows: Cell[][] = [];
  let more = false;
  for await (const chunk of report.rows()) {
    for (const row of chunk) {
      if (rows.length === limit) {
        more = true;
        break;
      }
      rows.push(columns.cells(row, 'table'));
    }
    if (more) break; // closes the query
  }
  if (rows.length === 0) {
    if (options.empty) ctx.out.note(options.empty);
    return 0;
  }
  ctx.out.table(columns.headers, rows, { limit: Infinity }); // limited above, as it was read
  if (more) {
    const total = report.count ? await report.count() : undefined;
    process.stderr.write(
      total !== undefined
        ? `… ${(total - rows.length).toLocaleString('en')} more not shown (${total.toLocaleString('en')} in all): ${options.seeAll}.\n`
        : `… more not shown: ${options.seeAll}.\n`,
    );
  } else if (options.footer) {
    ctx.out.note(options.footer(rows.length));
  }
  return rows.length;
}
