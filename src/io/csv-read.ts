// Small CSV files with a header row (fixtures, lists). Headers are matched ignoring case and
// spaces, as Unleashed's import layouts are.

import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { headerKey } from './csv-cells.js';

export type CsvRecord = Record<string, string> & { __line: string };


export function readCsvFile(path: string): CsvRecord[] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const records = parse(text, { skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const header = (records.shift()?.record ?? []).map(headerKey);
  return records.map(({ record, info }) => {
    const row = { __line: String(info.lines) } as CsvRecord;
    header.forEach((h, i) => (row[h] = (record[i] ?? '').trim()));
    return row;
  });
}
