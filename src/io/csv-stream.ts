// Streams a CSV file (or stdin) as records with their line numbers, without holding the
// file in memory. A UTF-8 byte-order mark and CRLF line endings are accepted.

import { createReadStream, statSync } from 'node:fs';
import { parse } from 'csv-parse';
import { InputFileError, RejectedError } from '../errors.js';
import { restoreCell } from './csv-cells.js';

export interface CsvRecord {
  /** line number in the file where the record starts (1 = header) */
  line: number;
  values: string[];
  /** set when this line is not valid CSV (e.g. an unbalanced quote); values is then empty */
  malformed?: string;
}

export interface CsvSource {
  name: string;
  /** file size in bytes, when known (not for stdin) */
  size: number | null;
  /** bytes read so far, for progress */
  bytesRead(): number;
  records: AsyncIterable<CsvRecord>;
}

/** The file stops being CSV at this line (an unbalanced quote, ...): nothing after it can be read. */
export class MalformedCsvError extends RejectedError {
  constructor(
    readonly line: number,
    reason: string,
    file: string,
  ) {
    super([
      {
        code: 'malformed_csv',
        message: `${file} line ${line}: ${reason}; the rest of the file cannot be read.`,
        fix: 'Quote fields that contain commas, quotes or line breaks ("a ""quoted"" word"), and double quotes inside them.',
        source: `${file} line ${line}`,
      },
    ]);
  }
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
  // Either line ending, even mixed in one file (a Windows file appended to on Linux): with
  // auto-detection, the first one found would be the only one, and LF rows would run together.
  // A record that is not valid CSV is skipped and reported (on_skip), and parsing goes on,
  // so that every problem in the file is found in one pass.
  const skipped: { line: number; reason: string }[] = [];
  const parser = input.pipe(
    parse({
      bom: true,
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n'],
      skip_records_with_error: true,
      on_skip: (error) => {
        if (error) skipped.push({ line: (error as { lines?: number }).lines ?? 0, reason: error.message });
      },
    }),
  );
  input.on('error', (error: Error) => parser.destroy(new InputFileError(`Cannot read ${path}: ${error.message}.`, 'Check the file.')));
  async function* records(): AsyncIterable<CsvRecord> {
    let line = 1;
    try {
      // csv-parse reports a skipped record while it parses ahead, so a skip comes out only
      // once the lines before it have (its line is where the record was found bad).
      const drainSkipped = function* (all = false) {
        while (skipped.length > 0 && (all || (skipped[0]?.line ?? 0) <= line)) {
          const skip = skipped.shift() as { line: number; reason: string };
          yield { line: skip.line, values: [], malformed: skip.reason };
          line = skip.line + 1;
        }
      };
      for await (const record of parser as AsyncIterable<string[]>) {
        yield* drainSkipped();
        const start = line;
        line += 1;
        for (const value of record) if (value.includes('\n')) line += value.split('\n').length - 1;
        if (record.length === 1 && record[0] === '') continue;
        for (let i = 0; i < record.length; i++) record[i] = restoreCell(record[i] as string);
        yield { line: start, values: record };
      }
      yield* drainSkipped(true);
    } catch (error) {
      // csv-parse's own errors (CSV_INVALID_OPENING_QUOTE, ...) are about the file, not a bug
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('CSV_')) {
        throw new MalformedCsvError((error as { lines?: number }).lines ?? line, (error as Error).message, path === '-' ? 'stdin' : path);
      }
      throw error;
    }
  }
  return { name: path === '-' ? 'stdin' : path, size, bytesRead: () => read, records: records() };
}
