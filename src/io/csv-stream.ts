// The one CSV reader: the importers stream files (or stdin) through openCsv, without holding
// them in memory; --serials-file and the demo's fixtures, small and read whole, go through
// csvRecords. Both decode, choose the delimiter, parse and number lines the same way.
//
// Encoding: UTF-8 (a byte-order mark is dropped), or UTF-16LE / UTF-16BE after their
// byte-order mark — what Excel's "Unicode text" writes. Only the first bytes are looked at,
// so UTF-8, the common case, costs nothing more; UTF-16 is decoded as it streams.
// Delimiter: comma, semicolon (spreadsheets where the decimal mark is a comma) or tab,
// chosen from the header line.

import { createReadStream, statSync } from 'node:fs';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import { CsvError, Parser, type Options } from 'csv-parse';
import { InputFileError, RejectedError, type Problem } from '../errors.js';
import { restoreCell } from './csv-cells.js';
import { namesOneOf, type ColumnName } from './csv-columns.js';

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

export interface CsvOptions {
  /** the columns the caller reads, to choose between delimiters (all that serials knows by default) */
  columns?: readonly ColumnName[];
  /** a row longer than this is refused where it starts (default 16 MB) */
  maxRecordBytes?: number;
}

export type Delimiter = ',' | ';' | '\t';

/** In the order that breaks ties. */
const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

const MALFORMED_FIX = 'Quote fields that contain commas, quotes or line breaks ("a ""quoted"" word"), and double quotes inside them.';

/** The file stops being CSV at this line (an unbalanced quote, ...): nothing after it can be read. */
export class MalformedCsvError extends RejectedError {
  constructor(
    readonly line: number,
    reason: string,
    file: string,
  ) {
    super([{ code: 'malformed_csv', message: `${file} line ${line}: ${reason}; the rest of the file cannot be read.`, fix: MALFORMED_FIX, source: `${file} line ${line}` }]);
  }
}

/** A record that is not valid CSV, as a problem (the caller adds where). */
export function malformedProblem(reason: string): Omit<Problem, 'source'> {
  return { code: 'malformed_csv', message: `The line is not valid CSV: ${reason}.`, fix: MALFORMED_FIX };
}

/**
 * A row with more (non-empty) cells than the header: a problem, never silently cut short —
 * typically an unquoted delimiter, as in 1,000. Null when the row fits.
 */
export function tooManyCells(values: readonly string[], headerWidth: number): Omit<Problem, 'source'> | null {
  if (values.length <= headerWidth || values.slice(headerWidth).every((v) => v.trim() === '')) return null;
  return {
    code: 'too_many_cells',
    message: `The row has ${values.length} cells but the header has ${headerWidth}.`,
    fix: 'Quote cells that contain the delimiter ("1,000"), or remove the extra cells.',
  };
}

// csv-parse's own messages quote the offending text; these say what is wrong without it,
// so that nothing from the file is echoed.
const REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell starts on this line and is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a quoted cell goes on after its closing quote',
  INVALID_OPENING_QUOTE: 'a quote appears inside a cell that does not start with one',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a quoted cell goes on after its closing quote',
  CSV_MAX_RECORD_SIZE: 'the row is far longer than a row of this file can be (an unclosed quote, or not text at all)',
};

const reasonOf = (error: { code?: unknown }) => REASONS[String(error.code)] ?? `it is not valid CSV (${String(error.code)})`;

// --- encoding ------------------------------------------------------------------------------

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** The encoding the first bytes announce; without a byte-order mark, UTF-8. */
export function encodingOf(head: Uint8Array): Encoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** UTF-16 to UTF-8 as the chunks arrive; a character split between two chunks is kept whole. */
export class Utf16Decoder extends Transform {
  private readonly decoder: TextDecoder;
  constructor(encoding: 'utf-16le' | 'utf-16be') {
    super();
    this.decoder = new TextDecoder(encoding); // drops the byte-order mark
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    done(null, this.decoder.decode(chunk, { stream: true }));
  }
  override _flush(done: TransformCallback): void {
    done(null, this.decoder.decode());
  }
}

/** A whole file's text (byte-order mark dropped). */
export function decodeText(bytes: Buffer): string {
  const encoding = encodingOf(bytes);
  if (encoding !== 'utf-8') return new TextDecoder(encoding).decode(bytes);
  return bytes.toString('utf8', bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0);
}

// --- the header line and its delimiter -----------------------------------------------------------

/**
 * The first non-blank line, up to a line break outside quotes; `complete` is false when the
 * text ends first (only part of the file has been read, or the line never ends).
 */
export function headerLine(text: string): { line: string; complete: boolean } {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (text[start] === '\n' || text[start] === '\r') start += 1;
  // a line break inside quotes is part of a cell: the line ends at the first break after an even number of quotes
  let quotes = 0;
  let quote = text.indexOf('"', start);
  for (let from = start; ; ) {
    const end = text.indexOf('\n', from);
    for (; quote !== -1 && (end === -1 || quote < end); quote = text.indexOf('"', quote + 1)) quotes += 1;
    if (end === -1) return { line: text.slice(start), complete: false };
    if (quotes % 2 === 0) return { line: text.slice(start, text[end - 1] === '\r' ? end - 1 : end), complete: true };
    from = end + 1;
  }
}

/**
 * The cells of one line split at a delimiter outside quotes, quotes removed: for reading a
 * header before parsing it. Lenient where csv-parse is strict (text after a closing quote
 * stays in the cell): the parse reports that.
 */
export function splitLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      // slices, not a character at a time: a header line can be megabytes long
      let from = i + 1;
      for (;;) {
        const quote = line.indexOf('"', from);
        if (quote === -1) {
          cell += line.slice(from);
          i = line.length;
          break;
        }
        cell += line.slice(from, quote);
        if (line[quote + 1] !== '"') {
          i = quote + 1;
          break;
        }
        cell += '"';
        from = quote + 2;
      }
    }
    const next = line.indexOf(delimiter, i);
    cells.push(cell + line.slice(i, next === -1 ? line.length : next));
    if (next === -1) return cells;
    i = next + 1;
  }
}

/**
 * The delimiter of a header line: the one of comma, semicolon and tab that appears outside
 * quotes; when several do, the one whose cells name the most known columns (ties: comma,
 * semicolon, tab). Null when none does: the file has a single column.
 */
export function chooseDelimiter(line: string, known: (cell: string) => boolean): Delimiter | null {
  let best: Delimiter | null = null;
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    if (!line.includes(delimiter)) continue;
    const cells = splitLine(line, delimiter);
    if (cells.length < 2) continue;
    let score = 0;
    for (const cell of cells) if (known(cell)) score += 1;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

// --- records and their line numbers ------------------------------------------------------------

/**
 * What of csv-parse's parser this module reaches past its typed API for (csv-parse is pinned;
 * test/unit/csv-reader.test.ts fails if any of it changes): the state of the record being
 * read (whether it is inside quotes, its cells so far, the cell being read), and `api.parse`,
 * the step that csv-parse's own sync `parse` runs on a whole text.
 */
interface ParserInternals {
  state: { quoting: boolean; record: string[]; field: { toString(encoding: 'utf8'): string } };
  api: { parse(data: Buffer, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined };
}

interface Skip {
  /** records the parser had given before this one (csv-parse's `records`) */
  after: number;
  /** line breaks in it before the first problem found in it, and before the last one (it ends on that line) */
  found: number;
  last: number;
  code: string;
  reason: string;
  /** the parser's array for this record: problems found in the same record share it */
  record: unknown;
}

const lineBreaks = (text: string) => {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n += 1;
  return n;
};

/**
 * Turns the parser's records into CsvRecords with line numbers, and the records it skipped as
 * not valid CSV into malformed ones, in file order. Line numbers are counted here rather than
 * with csv-parse's `info` option, which costs about a quarter of the parse: a record starts
 * on the line after the previous one ended, and spans as many more lines as its quoted values
 * hold line breaks. Blank lines come through as one empty value, so they are counted, then
 * skipped. A skipped record is counted the same way, from what the parser had read of it
 * when it found it bad.
 *
 * Recovery after a bad record: csv-parse skips it and goes on, but after a quoted cell that
 * goes on past its closing quote ("bad"x) it stays inside the quoted cell, so every line up to
 * the next quote in the file (or the rest of the file) was read into the bad record: rows
 * with their own problems went unreported and the rows after were misnumbered. The cell is
 * taken as ended there instead, so the bad record ends with its line and the next line is
 * read as a row (RULES.md I-3: every bad row is reported).
 */
class LineCounter {
  /** the line the next record starts on */
  private next = 1;
  /** records taken so far (blank lines included), as csv-parse counts them */
  private taken = 0;
  private readonly skipped: Skip[] = [];

  constructor(private readonly parser: () => ParserInternals) {}

  readonly onSkip = (error: CsvError | undefined): undefined => {
    if (!error) return undefined;
    const { state } = this.parser();
    if (error.code === 'CSV_INVALID_CLOSING_QUOTE') state.quoting = false;
    // where in its record the problem is: after the line breaks read of it so far
    const field = state.field.toString('utf8');
    let breaks = lineBreaks(field);
    for (const value of state.record) breaks += lineBreaks(value);
    // a quote never closed is found at the end of the file, after the line break that ends its last line
    if (error.code === 'CSV_QUOTE_NOT_CLOSED' && field.endsWith('\n')) breaks -= 1;
    // csv-parse reports each stray quote of a record: one bad record is one problem, ending where the last was found
    const previous = this.skipped.at(-1);
    if (previous?.record === state.record) {
      previous.last = breaks;
      return undefined;
    }
    const after = (error as { records?: number }).records ?? 0;
    this.skipped.push({ after, found: breaks, last: breaks, code: String(error.code), reason: reasonOf(error), record: state.record });
    return undefined;
  };

  /**
   * The skipped records due before the next one. csv-parse reports a skip while it parses
   * ahead, so a skip comes out only once the records the parser gave before it have. With
   * `all`, every one left, at the end of the file.
   */
  *due(all = false): Generator<CsvRecord> {
    while (this.skipped.length > 0 && (all || (this.skipped[0] as Skip).after <= this.taken)) {
      const skip = this.skipped.shift() as Skip;
      const start = this.next;
      yield { line: start, values: [], malformed: spanReason(skip, start) };
      this.next = start + skip.last + 1;
    }
  }

  /** The record, numbered; undefined for a blank line. */
  take(values: string[]): CsvRecord | undefined {
    const start = this.next;
    this.taken += 1;
    this.next += 1;
    for (const value of values) if (value.includes('\n')) this.next += value.split('\n').length - 1;
    if (values.length === 1 && values[0] === '') return undefined;
    for (let i = 0; i < values.length; i++) values[i] = restoreCell(values[i] as string);
    return { line: start, values };
  }
}

/** The reason for a skipped record that starts on line `start`, naming the lines it took. */
function spanReason(skip: Skip, start: number): string {
  if (skip.found === 0) return skip.reason;
  const end = start + skip.found;
  // the rest of the file is in the cell
  if (skip.code === 'CSV_QUOTE_NOT_CLOSED') return `${skip.reason}, so ${end === start + 1 ? `line ${end} cannot be read as a row` : `lines ${start + 1} to ${end} cannot be read as rows`}`;
  return `a quoted cell runs on from this line to line ${end}, where ${skip.reason}`;
}

/** A parser for one file, and the counter of its records' lines, wired to each other. */
function countedParser(delimiter: Delimiter, maxRecordBytes = MAX_RECORD_BYTES): { parser: Parser; lines: LineCounter } {
  const lines: LineCounter = new LineCounter(() => parser as unknown as ParserInternals);
  const parser = new Parser(parserOptions(delimiter, lines.onSkip, maxRecordBytes));
  return { parser, lines };
}

/**
 * The longest record a file may hold: far past any real row or header (a header of 5,000,000
 * characters is still read, to be reported as such), but a quote left open near the top of a
 * file of gigabytes no longer takes the rest of the file into one record, in memory, before
 * it can be reported. A serials file asks for much less (src/cli/input/serials.ts).
 */
const MAX_RECORD_BYTES = 16 << 20;

function parserOptions(delimiter: Delimiter, onSkip: (error: CsvError | undefined) => undefined, maxRecordBytes: number): Options {
  return {
    bom: true,
    delimiter,
    max_record_size: maxRecordBytes,
    relax_column_count: true,
    // Either line ending, even mixed in one file (a Windows file appended to on Linux): with
    // auto-detection, the first one found would be the only one, and LF rows would run together.
    record_delimiter: ['\r\n', '\n'],
    // A record that is not valid CSV is skipped and reported, and parsing goes on, so that
    // every problem in the file is found in one pass.
    skip_records_with_error: true,
    on_skip: onSkip,
  };
}

/** The records of a whole text (a file read at once): the same records openCsv streams. */
export function csvRecords(text: string, delimiter: Delimiter, file: string, options: { maxRecordBytes?: number } = {}): CsvRecord[] {
  const { parser, lines } = countedParser(delimiter, options.maxRecordBytes);
  const out: CsvRecord[] = [];
  const error = (parser as unknown as ParserInternals).api.parse(
    Buffer.from(text),
    true,
    (values) => {
      for (const skipped of lines.due()) out.push(skipped);
      const record = lines.take(values);
      if (record) out.push(record);
    },
    () => undefined,
  );
  if (error instanceof CsvError) throw new MalformedCsvError((error as { lines?: number }).lines ?? 1, reasonOf(error), file);
  if (error) throw error;
  for (const skipped of lines.due(true)) out.push(skipped);
  return out;
}

// --- streaming -------------------------------------------------------------------------------

/** Enough of the start of a file to find its encoding and delimiter; a longer header line is judged by this much. */
const HEAD_BYTES = 1 << 20;

/**
 * A file is read this much at a time. csv-parse parses each piece it is given at once and
 * keeps every record of it until they are read, so this also bounds the rows that wait,
 * parsed, ahead of the importer: 64 KiB is some 2,500 short rows. At 1 MiB it was some
 * 40,000, which waited long enough for V8 to promote them to the old generation, where
 * they piled up between full collections: a 1,000,000-row opening-stock import peaked at
 * 200-210 MB, against 145-170 MB at 64 KiB (no forced collection; npm run bench -- d).
 */
const READ_BYTES = 1 << 16;

/**
 * Reads the start of a stream: until the header line is complete, HEAD_BYTES, or the end.
 * The stream is left paused, the rest unread, to be piped on.
 */
async function readHead(input: Readable, failure: () => Error | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const failed = failure();
    if (failed) throw failed;
    const chunk = input.read() as Buffer | string | null;
    if (chunk !== null) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(bytes);
      size += bytes.length;
      if (size >= HEAD_BYTES || headerLine(decodeText(Buffer.concat(chunks))).complete) break;
      continue;
    }
    if (input.readableEnded || input.destroyed) break;
    const ended = await new Promise<boolean>((resolve) => {
      const settle = (value: boolean) => () => {
        input.off('readable', onReadable);
        input.off('end', onEnd);
        input.off('close', onClose);
        resolve(value);
      };
      const onReadable = settle(false);
      const onEnd = settle(true);
      // closed by an error: the loop throws it
      const onClose = settle(false);
      input.on('readable', onReadable);
      input.on('end', onEnd);
      input.on('close', onClose);
    });
    if (ended) break;
  }
  return Buffer.concat(chunks);
}

export function openCsv(path: string, options: CsvOptions = {}): CsvSource {
  let size: number | null = null;
  const name = path === '-' ? 'stdin' : path;
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
  const input: Readable = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: READ_BYTES });
  const unreadable = (error: Error) => new InputFileError(`Cannot read ${path}: ${error.message}.`, 'Check the file.');
  const known = namesOneOf(options.columns);
  let read = 0;
  // listened for from the start: an error before the first record is read must not go unheard
  let failed: Error | undefined;
  let parser: Transform | undefined;
  input.on('error', (error: Error) => {
    failed = unreadable(error);
    parser?.destroy(failed);
  });

  async function* records(): AsyncIterable<CsvRecord> {
    let head: Buffer;
    try {
      head = await readHead(input, () => failed);
    } catch (error) {
      throw error instanceof InputFileError ? error : unreadable(error as Error);
    }
    read = head.length;
    const encoding = encodingOf(head);
    const delimiter = chooseDelimiter(headerLine(decodeText(head)).line, known) ?? ',';
    const { parser: csv, lines } = countedParser(delimiter, options.maxRecordBytes);
    parser = csv;
    // the bytes after the head, counted as they pass (progress)
    input.on('data', (chunk: Buffer | string) => (read += chunk.length));
    if (encoding === 'utf-8') {
      csv.write(head);
      input.pipe(csv);
    } else {
      const decoder = new Utf16Decoder(encoding);
      decoder.pipe(csv);
      decoder.write(head);
      input.pipe(decoder);
    }
    try {
      for await (const values of csv as AsyncIterable<string[]>) {
        yield* lines.due();
        const record = lines.take(values);
        if (record) yield record;
      }
      yield* lines.due(true);
    } catch (error) {
      // csv-parse's own errors are about the file, not a bug
      if (error instanceof CsvError) throw new MalformedCsvError((error as { lines?: number }).lines ?? 1, reasonOf(error), name);
      throw error;
    }
  }
  return { name, size, bytesRead: () => read, records: records() };
}
