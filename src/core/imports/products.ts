// Products (RULES.md I-2): `Product Code, Product Description, Serialized, Never Diminishing`
// with Yes/No columns; P-1 and P-2 apply to every serialized row.

import { checkCode } from '../values/codes.js';
import { now } from '../values/clock.js';
import { PRODUCT_CODE_FORBIDDEN } from '../master-data/products.js';
import { getSettings } from '../master-data/settings.js';
import { bulkInsert } from '../../db/bulk-insert.js';
import type { Db } from '../../db/open.js';
import { shown } from '../../errors.js';
import { cell, mapHeader } from './columns.js';
import { importTransaction, NO, readHeader, dataRows, YES, type ImportInput, type ImportResult } from './common.js';
import { ImportRejectedError, ProblemSink } from './sink.js';

export async function importProducts(db: Db, input: ImportInput): Promise<ImportResult> {
  const sink = new ProblemSink(input.file, input.onProblem);
  const { header, rest } = await readHeader(input.records);
  const index = mapHeader(
    header,
    [
      { field: 'code', name: 'Product Code', required: true },
      { field: 'description', name: 'Product Description' },
      { field: 'serialized', name: 'Serialized' },
      { field: 'neverDiminishing', name: 'Never Diminishing' },
    ],
    input.file,
  );
  let count = 0;
  let written = 0;
  // checked and written in one write transaction, so no code can be added in between
  await importTransaction(db, async (trx) => {
    const existing = new Set((await trx.selectFrom('products').select('code_key').execute()).map((r) => r.code_key));
    const tracking = (await getSettings(trx)).serialTrackingEnabled;
    const seen = new Map<string, number>();
    const rows: unknown[][] = [];
    const at = now();
    const yesNo = (line: number, column: string, value: string): boolean | undefined => {
      const v = value.toLowerCase();
      if (YES.has(v)) return true;
      if (NO.has(v)) return false;
      sink.at(line, column, { code: 'invalid_yes_no', message: `${column} is ${shown(value)}; expected Yes or No.`, fix: 'Write Yes or No (or leave it empty for No).' });
      return undefined;
    };
    for await (const { line, values } of dataRows(rest, sink, header.length)) {
      count += 1;
      const raw = cell(values, index, 'code');
      const serialized = yesNo(line, 'Serialized', cell(values, index, 'serialized'));
      const neverDiminishing = yesNo(line, 'Never Diminishing', cell(values, index, 'neverDiminishing'));
      const checked = checkCode(raw, { forbid: PRODUCT_CODE_FORBIDDEN });
      if (!checked.ok) {
        sink.at(line, 'Product Code', { code: 'invalid_code', message: `Product code ${shown(raw)} ${checked.reason}.`, fix: "Use 1 to 100 printable ASCII characters, without ':'." });
        continue;
      }
      const first = seen.get(checked.key);
      if (first !== undefined) {
        sink.at(line, 'Product Code', { code: 'duplicate_product', message: `Product ${checked.code} is repeated (first on line ${first}).`, fix: 'Keep one row per product; codes are compared ignoring case.', product: checked.code });
        continue;
      }
      seen.set(checked.key, line);
      if (existing.has(checked.key)) {
        sink.at(line, 'Product Code', { code: 'product_exists', message: `Product ${checked.code} already exists.`, fix: 'Remove the row; see existing ones with: serials product list', product: checked.code });
        continue;
      }
      if (serialized && !tracking) {
        sink.at(line, 'Serialized', {
          code: 'serial_tracking_off',
          message: `Product ${checked.code} cannot be serialized: serial tracking is not enabled for the company.`,
          fix: 'Enable it once with: serials settings enable-serial-tracking',
          product: checked.code,
        });
      }
      if (serialized && neverDiminishing) {
        sink.at(line, 'Never Diminishing', {
          code: 'never_diminishing_serialized',
          message: `Product ${checked.code} cannot be both Never Diminishing and serialized.`,
          fix: 'Set one of Serialized and Never Diminishing to No.',
          product: checked.code,
        });
      }
      rows.push([checked.code, checked.key, cell(values, index, 'description'), serialized ? 1 : 0, neverDiminishing ? 1 : 0, at, at]);
    }
    input.onProgress?.(count);
    written = rows.length;
    if (sink.total > 0 || input.dryRun) return false;
    await bulkInsert(trx, 'products', ['code', 'code_key', 'description', 'serialized', 'never_diminishing', 'created_at', 'updated_at'], rows);
    return true;
  });
  if (sink.total > 0) throw new ImportRejectedError(sink);
  return { kind: 'products', file: input.file, dryRun: input.dryRun === true, rows: count, number: null, written: { products: written }, returningCount: 0 };
}
