// Warehouses, suppliers and customers (RULES.md I-2): `<Kind> Code, <Kind> Name`.

import { checkCode } from '../values/codes.js';
import { now } from '../values/clock.js';
import { DIRECTORY_TABLE, type DirectoryKind } from '../master-data/lookup.js';
import { bulkInsert } from '../../db/bulk-insert.js';
import type { Db } from '../../db/open.js';
import { shown } from '../../errors.js';
import type { ColumnName } from '../../io/csv-columns.js';
import { cell, mapHeader } from './columns.js';
import { importTransaction, readHeader, dataRows, type ImportInput, type ImportResult } from './common.js';
import { ImportRejectedError, ProblemSink } from './sink.js';

const title = (kind: DirectoryKind) => kind[0]?.toUpperCase() + kind.slice(1);

const COLUMNS: Record<DirectoryKind, { code: ColumnName; name: ColumnName }> = {
  warehouse: { code: 'Warehouse Code', name: 'Warehouse Name' },
  supplier: { code: 'Supplier Code', name: 'Supplier Name' },
  customer: { code: 'Customer Code', name: 'Customer Name' },
};

export async function importDirectory(db: Db, kind: DirectoryKind, input: ImportInput): Promise<ImportResult> {
  const sink = new ProblemSink(input.file, input.onProblem);
  const { header, rest } = await readHeader(input.records);
  const codeColumn = COLUMNS[kind].code;
  const index = mapHeader(
    header,
    [
      { field: 'code', name: codeColumn, required: true },
      { field: 'name', name: COLUMNS[kind].name },
    ],
    input.file,
  );
  const table = DIRECTORY_TABLE[kind];
  let written = 0;
  let count = 0;
  // checked and written in one write transaction, so no code can be added in between
  await importTransaction(db, async (trx) => {
    const existing = new Set((await trx.selectFrom(table).select('code_key').execute()).map((r) => r.code_key));
    const seen = new Map<string, number>();
    const rows: unknown[][] = [];
    const at = now();
    for await (const { line, values } of dataRows(rest, sink, header.length)) {
      count += 1;
      const raw = cell(values, index, 'code');
      const checked = checkCode(raw);
      if (!checked.ok) {
        sink.at(line, codeColumn, { code: 'invalid_code', message: `${title(kind)} code ${shown(raw)} ${checked.reason}.`, fix: 'Use 1 to 100 printable ASCII characters.' });
        continue;
      }
      const first = seen.get(checked.key);
      if (first !== undefined) {
        sink.at(line, codeColumn, { code: `duplicate_${kind}`, message: `${title(kind)} ${checked.code} is repeated (first on line ${first}).`, fix: 'Keep one row per code; codes are compared ignoring case.' });
        continue;
      }
      seen.set(checked.key, line);
      if (existing.has(checked.key)) {
        sink.at(line, codeColumn, { code: `${kind}_exists`, message: `${title(kind)} ${checked.code} already exists.`, fix: `Remove the row; see existing ones with: serials ${kind} list` });
        continue;
      }
      rows.push([checked.code, checked.key, cell(values, index, 'name') || checked.code, at]);
    }
    input.onProgress?.(count);
    written = rows.length;
    if (sink.total > 0 || input.dryRun) return false;
    await bulkInsert(trx, table, ['code', 'code_key', 'name', 'created_at'], rows);
    return true;
  });
  if (sink.total > 0) throw new ImportRejectedError(sink);
  return { kind: `${kind}s`, file: input.file, dryRun: input.dryRun === true, rows: count, number: null, written: { [`${kind}s`]: written }, returningCount: 0 };
}
