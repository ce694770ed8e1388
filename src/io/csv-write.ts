// CSV written by this tool. A cell that a spreadsheet would run as a formula (starting with
// = + - @, tab or carriage return) is prefixed with a single quote, the usual defence
// against CSV formula injection; numbers are written as numbers and left alone.

import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function toCsv(headers: string[], rows: (string | number | null)[][]): string {
  return stringify([headers, ...rows.map((r) => r.map(neutraliseCell))], { record_delimiter: 'unix' });
}
