// Streams a CSV file (or stdin) as records with their line numbers, without holding the
// file in memory. A UTF-8 byte-order mark and CRLF line endings are accepted.

import { createReadStream, statSync } from 'node:fs';
import { parse } from 'csv-parse';
import { InputFileError, RejectedError } from '../core/errors.js';
import { restoreCell } from './csv-cells.js';

export interface CsvRecord {
  /** line number in the file where the record starts (1 = header) */
  line: number;
  values: string[];
}

export interface CsvSource {
  name: string;
  /** file size in bytes, when known (not for stdin) */
  size: number | null;
  /** bytes read so far, for progress */
  bytesRead(): number;
  records: AsyncIterable<CsvRecord>;
}

export function openCsv(path: string): CsvSource {
  let size: number | null = null;
  if (path !== '-') {
    try {
      size = statSync(path).size;
    } catch (error) {
      throw new InputFileError(
        `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`,
        'Check the file path (use - to read standard input).',
      );
    }
  }
  const input = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1 << 20 });
  let read = 0;
  input.on('data', (chunk: Buffer | string) => (read += chunk.length));
  // Line numbers are counted here rather than with csv-parse's `info` option, which costs
  // about a quarter of the parse: a record starts on the line after the previous one ended,
  // and spans as many more lines as its quoted values hold line breaks. Blank lines come
  // through as one empty value, so they are counted, then skipped.
  const parser = input.pipe(parse({ bom: true, relax_column_count: true }));
  input.on('error', (error: Error) => parser.destroy(new InputFileError(`Cannot read ${path}: ${error.message}.`, 'Check the file.')));
  async function* records(): AsyncIterable<CsvRecord> {
    let line = 1;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        const start = line;
        line += 1;
        for (const value of record) if (value.includes('\n')) line += value.split('\n').length - 1;
        if (record.length === 1 && record[0] === '') continue;
        for (let i = 0; i < record.length; i++) record[i] = restoreCell(record[i] as string);
        yield { line: start, values: record };
      }
    } catch (error) {
      // csv-parse's own errors (CSV_INVALID_OPENING_QUOTE, ...) are about the file, not a bug
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('CSV_')) {
        throw new RejectedError([
          {
            code: 'malformed_csv',
            message: `${path === '-' ? 'stdin' : path} line ${(error as { lines?: number }).lines ?? line}: ${(error as Error).message}.`,
            fix: 'Quote fields that contain commas, quotes or line breaks ("a ""quoted"" word"), and double quotes inside them.',
            source: `${path} line ${line}`,
          },
        ]);
      }
      throw error;
    }
  }
  return { name: path === '-' ? 'stdin' : path, size, bytesRead: () => read, records: records() };
}
