// Small CSV files with a header row (the demo's fixtures), read whole by the same reader as
// everything else (src/io/csv-stream.ts). Headers are keyed ignoring case and spaces, as
// Unleashed's import layouts are matched.

import { readFileSync } from 'node:fs';
import { headerKey } from './csv-cells.js';
import { namesOneOf } from './csv-columns.js';
import { chooseDelimiter, csvRecords, decodeText, headerLine, MalformedCsvError } from './csv-stream.js';

export type CsvRow = Record<string, string> & { __line: string };

export function readCsvFile(path: string): CsvRow[] {
  const text = decodeText(readFileSync(path));
  const [head, ...records] = csvRecords(text, chooseDelimiter(headerLine(text).line, namesOneOf()) ?? ',', path);
  const bad = [head, ...records].find((r) => r?.malformed !== undefined);
  if (bad) throw new MalformedCsvError(bad.line, bad.malformed as string, path);
  const header = (head?.values ?? []).map(headerKey);
  return records.map(({ line, values }) => {
    const row = { __line: String(line) } as CsvRow;
    header.forEach((h, i) => (row[h] = (values[i] ?? '').trim()));
    return row;
  });
}
