// What every import shares: its input, its result, the code maps it resolves against, and
// the import document (IM-…) its movements point at.

import { now } from '../values/clock.js';
import { nextNumber } from '../documents/numbering.js';
import type { DocumentRef } from '../ledger/index.js';
import type { Db } from '../../db/open.js';
import { MalformedCsvError, malformedProblem, tooManyCells, type CsvRecord } from '../../io/csv-stream.js';
import type { ImportProblem, ProblemSink } from './sink.js';

/** A record of the file, as the streaming CSV reader gives it. */
export type ImportRecord = CsvRecord;

export interface ImportInput {
  /** the file's name, for messages */
  file: string;
  /** the header row first, then the data rows */
  records: AsyncIterable<ImportRecord>;
  dryRun?: boolean;
  /** every problem, as it is found (e.g. to write an --errors file) */
  onProblem?: (problem: ImportProblem) => void;
  /** rows read so far */
  onProgress?: (rows: number) => void;
}

export interface ImportResult {
  kind: string;
  file: string;
  dryRun: boolean;
  /** data rows read */
  rows: number;
  /** the import document, for opening stock and serials */
  number: string | null;
  /** what was (or, with dryRun, would be) written */
  written: Record<string, number>;
  /** N-4: how many serials were out of stock or deleted and came back (a count: an import can bring back millions) */
  returningCount: number;
}

/**
 * Where each header was found (line 1 unless blank lines came first) and, when it is not
 * valid CSV, why: mapHeader, which knows the file's name, reports that instead of the
 * columns it cannot find.
 */
const headers = new WeakMap<object, { line: number; malformed?: string }>();

/** The header returned by readHeader (its values, or the rows after it): its line, and why it is not CSV if it is not. */
export function headerOf(header: object): { line: number; malformed?: string } {
  return headers.get(header) ?? { line: 1 };
}

export async function readHeader(records: AsyncIterable<ImportRecord>): Promise<{ header: string[]; rest: AsyncIterator<ImportRecord> }> {
  const iterator = records[Symbol.asyncIterator]();
  const first = await iterator.next();
  const header = first.done ? [] : first.value.values;
  const about = first.done ? { line: 1 } : { line: first.value.line, malformed: first.value.malformed };
  headers.set(header, about);
  headers.set(iterator, about);
  return { header, rest: iterator };
}

/**
 * The data rows after the header. A row with more (non-empty) cells than the header is a
 * problem, not silently cut short. A row where the file stops being CSV is a problem too,
 * reported with those found before it. A header with no rows after it is a problem: an
 * import of nothing would still use up a document number.
 */
export async function* dataRows(iterator: AsyncIterator<ImportRecord>, sink: ProblemSink, headerWidth: number): AsyncIterable<ImportRecord> {
  let rows = 0;
  for (;;) {
    let next: IteratorResult<ImportRecord>;
    try {
      next = await iterator.next();
    } catch (error) {
      if (error instanceof MalformedCsvError) {
        for (const p of error.problems) sink.at(error.line, undefined, p);
        return;
      }
      throw error;
    }
    if (next.done) break;
    rows += 1;
    const { line, values, malformed } = next.value;
    if (malformed !== undefined) {
      sink.at(line, undefined, malformedProblem(malformed));
      continue;
    }
    const extra = tooManyCells(values, headerWidth);
    if (extra) {
      sink.at(line, undefined, extra);
      continue;
    }
    yield next.value;
  }
  if (rows === 0) {
    sink.at(headerOf(iterator).line, undefined, {
      code: 'no_rows',
      message: `${sink.file} has a header but no data rows; nothing was written.`,
      fix: 'Add a row under the header for each record to import.',
    });
  }
}

export interface CodeMaps {
  products: Map<string, { id: number; code: string; serialized: boolean; neverDiminishing: boolean }>;
  warehouses: Map<string, { id: number; code: string }>;
}

/** All product and warehouse codes, by key: small, and saves a query per row. */
export async function loadCodeMaps(db: Db): Promise<CodeMaps> {
  const products = await db.selectFrom('products').select(['id', 'code', 'code_key', 'serialized', 'never_diminishing']).execute();
  const warehouses = await db.selectFrom('warehouses').select(['id', 'code', 'code_key']).execute();
  return {
    products: new Map(products.map((p) => [p.code_key, { id: p.id, code: p.code, serialized: p.serialized === 1, neverDiminishing: p.never_diminishing === 1 }])),
    warehouses: new Map(warehouses.map((w) => [w.code_key, { id: w.id, code: w.code }])),
  };
}

export async function createImportDocument(db: Db, kind: string, file: string, rows: number): Promise<DocumentRef> {
  const number = await nextNumber(db, 'import');
  const row = await db
    .insertInto('imports')
    .values({ number, kind, file, rows, created_at: now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { type: 'import', id: row.id, number };
}

export const YES = new Set(['yes', 'y', 'true', '1']);
export const NO = new Set(['no', 'n', 'false', '0', '']);

class RolledBack extends Error {}

/**
 * Runs an import in one write transaction. `fn` returns whether to keep what it wrote:
 * false (problems found, or a dry run) rolls it all back.
 */
export async function importTransaction(db: Db, fn: (trx: Db) => Promise<boolean>): Promise<void> {
  try {
    await db.transaction().execute(async (trx) => {
      if (!(await fn(trx))) throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
}

export async function setImportRows(db: Db, id: number, rows: number): Promise<void> {
  await db.updateTable('imports').set({ rows }).where('id', '=', id).execute();
}
