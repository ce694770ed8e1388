// serials import <kind> FILE|-

import { stringify } from 'csv-stringify/sync';
import { importOpeningStock } from '../../core/imports/opening-stock.js';
import { importSerials } from '../../core/imports/serials.js';
import { importDirectory } from '../../core/imports/directory.js';
import { importProducts } from '../../core/imports/products.js';
import { ImportRejectedError, type ImportProblem } from '../../core/imports/sink.js';
import type { ImportInput, ImportResult } from '../../core/imports/common.js';
import { RejectedError } from '../../errors.js';
import { openTextOutput, type OutputGuard } from '../../io/safe-output.js';
import { appendTo } from '../../core/values/collections.js';
import { openCsv } from '../../io/csv-stream.js';
import { neutraliseCell } from '../../io/csv-cells.js';
import { startProgress } from '../render/progress.js';
import { BULK_CACHE_KIB, type Db } from '../../db/open.js';
import type { Context } from '../context.js';
import { Reported } from '../fail.js';

export const IMPORT_KINDS = ['warehouses', 'suppliers', 'customers', 'products', 'opening-stock', 'serials'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORTERS: Record<ImportKind, (db: Db, input: ImportInput) => Promise<ImportResult>> = {
  warehouses: (db, input) => importDirectory(db, 'warehouse', input),
  suppliers: (db, input) => importDirectory(db, 'supplier', input),
  customers: (db, input) => importDirectory(db, 'customer', input),
  products: importProducts,
  'opening-stock': importOpeningStock,
  serials: importSerials,
};

const NEXT: Record<ImportKind, string> = {
  warehouses: 'serials warehouse list',
  suppliers: 'serials supplier list',
  customers: 'serials customer list',
  products: 'serials import opening-stock FILE',
  'opening-stock': 'serials soh',
  serials: 'serials enquiry --status available',
};

const SHOWN = 20;

/** "5 serials, 2 stock levels": what an import wrote, from its counts (rows are said apart). */
export function describeWritten(written: Record<string, number>): string {
  return Object.entries(written)
    .filter(([k]) => k !== 'rows')
    .map(([k, v]) => `${v.toLocaleString('en')} ${k.replace(/[A-Z]/g, (c) => ' ' + c.toLowerCase())}`)
    .join(', ');
}
const ERROR_COLUMNS = ['Line', 'Column', 'Code', 'Message', 'Fix', 'Serial', 'Product', 'Warehouse', 'Document'];

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

function reportRejection(ctx: Context, error: ImportRejectedError, errorsPath: string | undefined): void {
  const { sink } = error;
  if (ctx.json) {
    process.stderr.write(
      JSON.stringify({
        error: {
          code: 'import_rejected',
          message: error.message,
          fix: errorsPath ? `Every problem is in ${errorsPath}.` : 'Fix the rows listed (add --errors FILE to get every problem as CSV), then import again.',
          details: { total: sink.total, byCode: Object.fromEntries(sink.byCode), problems: sink.kept },
        },
      }) + '\n',
    );
    return;
  }
  const red = ctx.out.color.red;
  process.stderr.write(`${red('error:')} ${error.message}\n`);
  const shown = sink.kept.slice(0, SHOWN);
  const groups = new Map<string, ImportProblem[]>();
  for (const p of shown) appendTo(groups, p.code, p);
  for (const [code, list] of groups) {
    process.stderr.write(`  ${code} (${sink.byCode.get(code)}):\n`);
    for (const p of list) process.stderr.write(`    line ${p.line}${p.column ? `, ${p.column}` : ''}: ${p.message}\n`);
  }
  const others = [...sink.byCode].filter(([code]) => !groups.has(code));
  for (const [code, n] of others) process.stderr.write(`  ${code} (${n})\n`);
  if (sink.total > shown.length) process.stderr.write(`  … ${sink.total - shown.length} more not shown.\n`);
  process.stderr.write(
    `fix: ${shown[0]?.fix ?? 'Correct the rows listed.'}\n     ${errorsPath ? `Every problem is in ${errorsPath}.` : 'Add --errors FILE to get every problem as CSV.'} Nothing was written.\n`,
  );
}

export function importAction(kind: ImportKind) {
  return async (ctx: Context) => {
    const [file = '-'] = ctx.args;
    const errorsPath = ctx.opts.errors as string | undefined;
    const errors = errorsWriter(errorsPath, { inputs: [file], ledger: ctx.dbPath });
    let result: ImportResult;
    try {
      const source = openCsv(file);
      const progress = await startProgress(ctx, `import ${kind}`, { total: source.size, read: source.bytesRead });
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
              dryRun: ctx.opts.dryRun === true,
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
        reportRejection(ctx, error, errorsPath);
        throw new Reported(1);
      }
      throw error;
    }
    errors?.commit();
    if (ctx.json) return ctx.out.json(result);
    const what = describeWritten(result.written);
    ctx.out.line(
      result.dryRun
        ? `Dry run: ${result.rows.toLocaleString('en')} rows of ${result.file} are valid; an import would write ${what}. Nothing was written.`
        : `Imported ${result.rows.toLocaleString('en')} rows of ${result.file}${result.number ? ` as ${result.number}` : ''}: ${what}.`,
    );
    if (result.returning > 0) ctx.out.note(`note: ${result.returning} serial(s) were out of stock or deleted and return to stock; their history continues.`);
    if (!result.dryRun) ctx.out.note(`Next: ${NEXT[kind]}`);
  };
}
