// serials import <kind> FILE|-: the same command over six kinds of file. The file is read as
// a stream in one write transaction (src/core/imports); every problem is found in one pass,
// reported through the one error renderer (fail.ts) and, with --errors, written as CSV.

import { stringify } from 'csv-stringify/sync';
import { importOpeningStock } from '../../core/imports/opening-stock.js';
import { importSerials } from '../../core/imports/serials.js';
import { importDirectory } from '../../core/imports/directory.js';
import { importProducts } from '../../core/imports/products.js';
import { ImportRejectedError, type ImportProblem } from '../../core/imports/sink.js';
import type { ImportInput, ImportResult } from '../../core/imports/common.js';
import { RejectedError } from '../../errors.js';
import { openTextOutput, type OutputGuard } from '../../io/safe-output.js';
import { openCsv } from '../../io/csv-stream.js';
import { neutraliseCell } from '../../io/csv-cells.js';
import { BULK_CACHE_KIB, type Db } from '../../db/open.js';
import type { Context } from '../context.js';
import { parseFlags, z } from '../input/validate.js';
import { startProgress } from '../render/progress.js';
import { presentResult } from '../render/present.js';
import { count, listed } from '../render/words.js';
import { grouped } from '../../core/values/words.js';

export type ImportKind = 'warehouses' | 'suppliers' | 'customers' | 'products' | 'opening-stock' | 'serials';

export const IMPORTERS: Record<ImportKind, (db: Db, input: ImportInput) => Promise<ImportResult>> = {
  warehouses: (db, input) => importDirectory(db, 'warehouse', input),
  suppliers: (db, input) => importDirectory(db, 'supplier', input),
  customers: (db, input) => importDirectory(db, 'customer', input),
  products: importProducts,
  'opening-stock': importOpeningStock,
  serials: importSerials,
};

/** The kinds that record an import document (IM-…): their result has a `number` and a `returningCount`. */
const DOCUMENTED: ReadonlySet<ImportKind> = new Set(['opening-stock', 'serials']);

const NEXT: Record<ImportKind, string> = {
  warehouses: 'serials warehouse list',
  suppliers: 'serials supplier list',
  customers: 'serials customer list',
  products: 'serials import opening-stock FILE',
  'opening-stock': 'serials soh',
  serials: 'serials enquiry --status available',
};

/** What each count of an import's `written` is, in words. */
const WRITTEN: Record<string, (n: number) => string> = {
  warehouses: (n) => count(n, 'warehouse'),
  suppliers: (n) => count(n, 'supplier'),
  customers: (n) => count(n, 'customer'),
  products: (n) => count(n, 'product'),
  serials: (n) => count(n, 'serial'),
  stockLevels: (n) => count(n, 'stock level'),
  productsSerialized: (n) => `${count(n, 'product')} serialized`,
};

/** What an import wrote, without the rows it read (said apart). */
function writtenCounts(written: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(written).filter(([k]) => k !== 'rows'));
}

/** The JSON names of those counts: a count is `…Count` (`serials` would be a list of serials). */
const COUNT_NAMES: Record<string, string> = {
  warehouses: 'warehouseCount',
  suppliers: 'supplierCount',
  customers: 'customerCount',
  products: 'productCount',
  serials: 'serialCount',
  stockLevels: 'stockLevelCount',
  productsSerialized: 'serializedProductCount',
};

function writtenJson(written: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(writtenCounts(written)).map(([k, n]) => [COUNT_NAMES[k] ?? `${k}Count`, n]));
}

/** "5 serials and 2 stock levels": what an import wrote, from its counts. */
export function describeWritten(written: Record<string, number>): string {
  return listed(Object.entries(writtenCounts(written)).map(([k, n]) => (WRITTEN[k] ?? ((v: number) => `${grouped(v)} ${k}`))(n)));
}

/** The --json result (schemas/import/<kind>.schema.json). */
export function importJson(kind: ImportKind, result: ImportResult): Record<string, unknown> {
  const json: Record<string, unknown> = { kind, file: result.file, dryRun: result.dryRun, rows: result.rows, written: writtenJson(result.written) };
  if (DOCUMENTED.has(kind)) Object.assign(json, { number: result.number, returningCount: result.returningCount });
  return json;
}

const ERROR_COLUMNS = ['Line', 'Column', 'Code', 'Message', 'Fix', 'Serial', 'Product', 'Warehouse', 'Document'];

const flags = () =>
  z.object({
    errors: z.optional(
      z.string().check(z.refine((v) => v.trim() !== '' && v !== '-', 'give the name of a file to write the problems to (- is not accepted: standard output carries the result)')),
    ),
  });

/**
 * The --errors file: checked and opened first (the input file or the ledger under any name
 * is a usage error, an unwritable path exit 66, before any work), written row by row to a
 * temporary file beside it so memory stays flat, and put in place when the import ends.
 */
function errorsWriter(path: string | undefined, guard: OutputGuard) {
  if (path === undefined) return undefined;
  const out = openTextOutput(path, '--errors', guard);
  const writeRow = (row: (string | number)[]) => out.write(stringify([row.map((v) => neutraliseCell(v))], { record_delimiter: 'unix' }));
  writeRow(ERROR_COLUMNS);
  return {
    write: (p: ImportProblem) => writeRow([p.line, p.column ?? '', p.code, p.message, p.fix ?? '', p.serial ?? '', p.product ?? '', p.warehouse ?? '', p.document ?? '']),
    commit: () => out.commit(),
    abort: () => out.abort(),
  };
}

/** The lines people read after an import. */
function resultLines(result: ImportResult): string[] {
  const what = describeWritten(result.written);
  const rows = `${count(result.rows, 'row')} of ${result.file}`;
  return [
    result.dryRun
      ? `Dry run: ${rows} ${result.rows === 1 ? 'is' : 'are'} valid; an import would write ${what}. Nothing was written.`
      : `Imported ${rows}${result.number ? ` as ${result.number}` : ''}: ${what}.`,
  ];
}

export async function runImport(ctx: Context, kind: ImportKind): Promise<void> {
  const [file = '-'] = ctx.args;
  const { errors: errorsPath } = parseFlags(flags(), ctx.opts);
  const dryRun = ctx.opts.dryRun === true;
  const errors = errorsWriter(errorsPath, { inputs: [file], ledger: ctx.location.engine === 'sqlite' ? ctx.location.path : undefined });
  let result: ImportResult;
  try {
    const source = openCsv(file);
    const progress = await startProgress(ctx, { full: `import ${kind}`, short: 'Importing' }, { total: source.size, read: source.bytesRead });
    // No forced garbage collection: rows live only briefly in the CSV reader
    // (src/io/csv-stream.ts) and in the ledger's bulk chunks, too briefly to reach V8's old
    // generation. Measured (npm run bench -- d): 1,000,000 serials peak at 128-130 MB,
    // 1.04-1.07x 100,000; a full collection every 20,000 rows only took that to 123 MB, 1.00x.
    try {
      result = await ctx.withLedger(
        (db) =>
          IMPORTERS[kind](db, {
            file: source.name,
            records: source.records,
            dryRun,
            onProblem: errors?.write,
            onProgress: (rows) => progress.update(rows),
          }),
        { cacheKiB: BULK_CACHE_KIB },
      );
    } finally {
      progress.stop();
    }
  } catch (error) {
    if (error instanceof RejectedError && !(error instanceof ImportRejectedError) && errors) {
      // a problem with the file as a whole (its header): the errors file gets it too
      for (const p of error.problems) errors.write({ ...p, line: 1 });
    }
    if (error instanceof RejectedError) errors?.commit();
    else errors?.abort();
    if (error instanceof ImportRejectedError) {
      throw new ImportRejectedError(
        error.sink,
        errorsPath
          ? `Correct the rows listed, then import the file again; every problem is in ${errorsPath}.`
          : 'Correct the rows listed, then import the file again; add --errors FILE to get every problem as CSV.',
      );
    }
    throw error;
  }
  errors?.commit();
  presentResult(ctx, importJson(kind, result), resultLines(result));
  if (result.returningCount > 0) {
    const n = result.returningCount;
    ctx.out.note(
      n === 1
        ? 'note: 1 serial was out of stock or deleted and returns to stock; its history continues.'
        : `note: ${count(n, 'serial')} were out of stock or deleted and return to stock; their history continues.`,
    );
  }
  if (!result.dryRun) ctx.out.note(`Next: ${NEXT[kind]}`);
}
