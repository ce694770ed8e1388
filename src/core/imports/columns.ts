// Import headers: Unleashed's column names and their aliases (src/io/csv-columns.ts), matched
// ignoring case and spaces. A column that is not expected for the kind of import is an error
// naming it; the fix lists the names accepted.

import { RejectedError, type Problem } from '../../errors.js';
import { malformedProblem } from '../../io/csv-stream.js';
import { columnNamed, describeColumns, listCells, REPORT_COLUMNS, type ColumnName } from '../../io/csv-columns.js';
import { headerOf } from './common.js';

export interface ColumnSpec<F extends string> {
  field: F;
  /** the name as Unleashed writes it; its aliases are accepted too, and messages say it */
  name: ColumnName;
  required?: boolean;
}

export type ColumnIndex<F extends string> = Partial<Record<F, number>> & { status?: number };

export function mapHeader<F extends string>(
  header: string[],
  specs: ColumnSpec<F>[],
  file: string,
  /** reportColumns: also accept the columns of serials' own exports (enquiry, soh), so that an export reads back; only Status is looked at */
  options: { reportColumns?: boolean } = {},
): ColumnIndex<F> {
  const about = headerOf(header);
  if (about.malformed !== undefined) {
    throw new RejectedError([{ ...malformedProblem(about.malformed), message: `${file} line ${about.line}: the header is not valid CSV: ${about.malformed}.`, source: `${file} line ${about.line}` }]);
  }
  const index: ColumnIndex<F> = {};
  const byName = new Map<ColumnName, ColumnSpec<F>>(specs.map((s) => [s.name, s]));
  const report = new Set<ColumnName>(options.reportColumns ? REPORT_COLUMNS : []);
  const unknown: string[] = [];
  const repeated: string[] = [];
  header.forEach((h, i) => {
    const name = columnNamed(h);
    const spec = name === undefined ? undefined : byName.get(name);
    if (spec) {
      if (index[spec.field] !== undefined) repeated.push(h);
      (index as Record<string, number>)[spec.field] = i;
    } else if (name === 'Status' && report.has(name)) {
      index.status = i;
    } else if (name === undefined || !report.has(name)) {
      unknown.push(h);
    }
  });
  const missing = specs.filter((s) => s.required && index[s.field] === undefined).map((s) => s.name);
  const accepted = `Use the columns ${describeColumns(specs.map((s) => s.name))}${options.reportColumns ? `; the other columns of serials' own exports (${REPORT_COLUMNS.join(', ')}) are accepted and ignored` : ''}.`;
  const where = `${file} line ${about.line}`;
  const at = { source: where };
  const problems: Problem[] = [];
  if (unknown.length) problems.push({ code: 'unknown_columns', message: `${where}: unknown ${unknown.length === 1 ? 'column' : 'columns'} ${listCells(unknown)}.`, fix: accepted, ...at });
  if (missing.length) problems.push({ code: 'missing_columns', message: `${where}: required ${missing.length === 1 ? 'column' : 'columns'} ${missing.map((m) => `'${m}'`).join(', ')} missing.`, fix: accepted, ...at });
  if (repeated.length) problems.push({ code: 'repeated_columns', message: `${where}: ${repeated.length === 1 ? 'column' : 'columns'} ${listCells(repeated)} ${repeated.length === 1 ? 'appears' : 'appear'} twice.`, fix: 'Keep one of each (a name and its alias are the same column).', ...at });
  if (problems.length) throw new RejectedError(problems);
  return index;
}

export function cell<F extends string>(values: string[], index: ColumnIndex<F>, field: F | 'status'): string {
  const i = (index as Record<string, number | undefined>)[field];
  return i === undefined ? '' : (values[i] ?? '').trim();
}
