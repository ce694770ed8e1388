// CSV written by this tool, with formula injection neutralised (see csv-cells.ts).

import { stringify } from 'csv-stringify/sync';
import { neutraliseCell } from './csv-cells.js';

export function toCsv(headers: string[], rows: (string | number | null)[][]): string {
  return stringify([headers, ...rows.map((r) => r.map(neutraliseCell))], { record_delimiter: 'unix' });
}
