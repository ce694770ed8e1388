// Import headers: Unleashed's column names, matched ignoring case and spaces. A column that
// is not expected for the kind of import is an error naming it.

import { RejectedError } from '../../errors.js';
import { headerKey } from '../../io/csv-cells.js';

export interface ColumnSpec<F extends string> {
  field: F;
  /** the name as Unleashed writes it; also what the error messages say */
  name: string;
  required?: boolean;
}

/**
 * Columns that serials' own reports add (enquiry and soh CSV), accepted on import so that an
 * export reads back unchanged; only Status is looked at.
 */
const REPORT_COLUMNS = ['Product Description', 'Status', 'Last Document', 'Last Date', 'Party', 'Assignments', 'Serials Available'];

export type ColumnIndex<F extends string> = Partial<Record<F, number>> & { status?: number };

export function mapHeader<F extends string>(
  header: string[],
  specs: ColumnSpec<F>[],
  file: string,
  options: { reportColumns?: boolean } = {},
): ColumnIndex<F> {
  const index: ColumnIndex<F> = {};
  const byKey = new Map(specs.map((s) => [headerKey(s.name), s]));
  const report = new Set(options.reportColumns ? REPORT_COLUMNS.map(headerKey) : []);
  const unknown: string[] = [];
  const repeated: string[] = [];
  header.forEach((h, i) => {
    const key = headerKey(h);
    const spec = byKey.get(key);
    if (spec) {
      if (index[spec.field] !== undefined) repeated.push(h);
      (index as Record<string, number>)[spec.field] = i;
    } else if (key === 'status' && report.has(key)) {
      index.status = i;
    } else if (!report.has(key)) {
      unknown.push(h);
    }
  });
  const missing = specs.filter((s) => s.required && index[s.field] === undefined).map((s) => s.name);
  const expected = specs.map((s) => s.name).join(', ');
  const problems = [
    ...(unknown.length
      ? [{ code: 'unknown_columns', message: `${file} line 1: unknown column(s) ${unknown.map((u) => `'${u}'`).join(', ')}.`, fix: `Use the columns ${expected}.`, source: `${file} line 1` }]
      : []),
    ...(missing.length
      ? [{ code: 'missing_columns', message: `${file} line 1: required column(s) ${missing.map((m) => `'${m}'`).join(', ')} missing.`, fix: `Use the columns ${expected}.`, source: `${file} line 1` }]
      : []),
    ...(repeated.length
      ? [{ code: 'repeated_columns', message: `${file} line 1: column(s) ${repeated.map((m) => `'${m}'`).join(', ')} appear twice.`, fix: 'Keep one of each.', source: `${file} line 1` }]
      : []),
  ];
  if (problems.length) throw new RejectedError(problems);
  return index;
}

export function cell<F extends string>(values: string[], index: ColumnIndex<F>, field: F | 'status'): string {
  const i = (index as Record<string, number | undefined>)[field];
  return i === undefined ? '' : (values[i] ?? '').trim();
}
