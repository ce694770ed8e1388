// Serials from the command line, a file, stdin, or (on a terminal) a scanner prompt, as
// DESIGN.md describes. Each serial keeps where it came from so errors can point at it.

import { createReadStream } from 'node:fs';
import { InputFileError, RejectedError, shown, UsageError, type Problem } from '../../errors.js';
import type { SerialInput } from '../../core/ledger/index.js';
import { scanSerial } from '../../core/ledger/scan-check.js';
import { scanTarget } from '../../core/master-data/lookup.js';
import { heldSerials } from '../../core/documents/serial-holds.js';
import { expandRange } from '../../core/values/serial-range.js';
import { columnNamed, namesOneOf, describeColumns, listCells, type ColumnName } from '../../io/csv-columns.js';
import { chooseDelimiter, csvRecords, decodeText, headerLine, malformedProblem, splitLine, tooManyCells, type Delimiter } from '../../io/csv-stream.js';
import type { Context } from '../context.js';
import { parseFlags, z } from './validate.js';
import { grouped } from '../../core/values/words.js';

export interface GatheredSerial extends SerialInput {
  product?: string;
  warehouse?: string;
}

export type Column = 'serial' | 'product' | 'warehouse';

/** The columns a serials file may have; a product description (as exports have) is ignored. */
const FILE_COLUMNS = new Map<ColumnName, Column | 'ignore'>([
  ['Serial Number', 'serial'],
  ['Product Code', 'product'],
  ['Warehouse Code', 'warehouse'],
  ['Product Description', 'ignore'],
]);
export const namesFileColumn = namesOneOf([...FILE_COLUMNS.keys()]);
const NAME_OF: Record<Column, ColumnName> = { serial: 'Serial Number', product: 'Product Code', warehouse: 'Warehouse Code' };

export function fileColumn(cell: string): Column | 'ignore' | undefined {
  const name = columnNamed(cell);
  return name === undefined ? undefined : FILE_COLUMNS.get(name);
}

/** --serials only: a file's lines and cells are taken as written, so a serial containing '..' can be given. */
export function expandItem(item: string, source: string, into: GatheredSerial[], problems: Problem[]) {
  const range = expandRange(item);
  if (range === null) {
    into.push({ raw: item, source });
  } else if (range.ok) {
    for (const s of range.serials) into.push({ raw: s, source });
  } else {
    problems.push({ code: 'invalid_range', message: `${range.reason} (${source}).`, fix: 'Write a range as FIRST..LAST, e.g. SN-0001..SN-0100.', source });
  }
}

/** A comma-separated list as --serials takes it (ranges expanded), each item's source "<flag> item N". */
export function expandList(list: string, flag: string, into: GatheredSerial[], problems: Problem[]): void {
  list.split(',').forEach((item, i) => expandItem(item, `${flag} item ${i + 1}`, into, problems));
}

/**
 * A serials file is held whole (its serials make one document), but read as a stream: the
 * event loop turns between chunks, so Ctrl-C is answered while a pipe is slow to end, and a
 * file past MAX_FILE_BYTES (an endless pipe, a device) is refused rather than filling memory.
 */
const MAX_FILE_BYTES = 256 * 1024 * 1024;
/** Serials one file may give: twenty times what is ordinary on one document (S-5). */
const MAX_FILE_SERIALS = 2_000_000;

async function readInputFile(path: string): Promise<{ text: string; name: string }> {
  const name = path === '-' ? 'stdin' : path;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    const input = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1 << 20 });
    for await (const chunk of input as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > MAX_FILE_BYTES) {
        input.destroy();
        throw new RejectedError([
          { code: 'serials_file_too_large', message: `${name} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB: too large for a serials file.`, fix: `Give at most ${grouped(MAX_FILE_SERIALS)} serials in one file; split a larger delivery into several documents.` },
        ]);
      }
      chunks.push(bytes);
    }
  } catch (error) {
    if (error instanceof RejectedError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError(
      `Cannot read serials file ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}.`,
      'Check the path given to --serials-file.',
    );
  }
  return { text: decodeText(Buffer.concat(chunks)), name };
}

/**
 * A serials file is a plain list — one serial per line, no header — or a table with a
 * header. A first line with a comma, semicolon or tab is a header, and its delimiter the
 * table's; so is a first line that is just a column name ("Serial Number"), as a spreadsheet
 * saves one column.
 */
/** One data row of a serials table as a serial (with its product or warehouse), or its problem. */
export function serialOfRow(
  columns: readonly (Column | 'ignore' | undefined)[],
  values: readonly string[],
  malformed: string | undefined,
  source: string,
  problems: Problem[],
): GatheredSerial | undefined {
  const problem = malformed !== undefined ? malformedProblem(malformed) : tooManyCells(values, columns.length);
  if (problem) {
    problems.push({ ...problem, message: `${source}: ${problem.message}`, source });
    return undefined;
  }
  const serial: GatheredSerial = { raw: '', source };
  columns.forEach((c, i) => {
    const value = values[i];
    if (value === undefined || c === undefined || c === 'ignore') return;
    if (c === 'serial') serial.raw = value;
    else if (value.trim() !== '') serial[c] = value.trim();
  });
  return serial;
}

async function fromFile(path: string, allowed: Column[], problems: Problem[], other?: OtherFile): Promise<GatheredSerial[]> {
  const { text, name } = await readInputFile(path);
  if (other?.(text, name, problems)) return [];
  const first = headerLine(text).line;
  // blank lines may come before it: the header's own line number, for its problems
  const number = 1 + (text.slice(0, text.indexOf(first)).match(/\n/g)?.length ?? 0);
  const delimiter = chooseDelimiter(first, namesFileColumn);
  if (delimiter === null && fileColumn(splitLine(first, ',')[0] ?? '') === undefined) return plainList(text, name);
  return table(text, delimiter ?? ',', { name, header: first, headerNumber: number }, allowed, problems);
}

function plainList(text: string, name: string): GatheredSerial[] {
  const out: GatheredSerial[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() !== '') out.push({ raw: line, source: `${name} line ${i + 1}` });
  }
  return out;
}

function table(text: string, delimiter: Delimiter, file: { name: string; header: string; headerNumber: number }, allowed: Column[], problems: Problem[]): GatheredSerial[] {
  const { name } = file;
  // the header first, from its line alone: a file that is no serials table is refused before it is parsed
  const cells = splitLine(file.header, delimiter);
  checkHeader(cells, cells.map(fileColumn), allowed, `${name} line ${file.headerNumber}`, file.header);
  const records = csvRecords(text, delimiter, name, { maxRecordBytes: MAX_RECORD_BYTES });
  const head = records[0];
  if (head === undefined) return [];
  const at = (line: number) => `${name} line ${line}`;
  if (head.malformed !== undefined) {
    throw new RejectedError([{ ...malformedProblem(head.malformed), message: `${at(head.line)}: the header is not valid CSV: ${head.malformed}.`, source: at(head.line) }]);
  }
  const columns = head.values.map(fileColumn);
  const out: GatheredSerial[] = [];
  for (let r = 1; r < records.length; r++) {
    const { line, values, malformed } = records[r] as (typeof records)[number];
    const source = at(line);
    const serial = serialOfRow(columns, values, malformed, source, problems);
    if (serial) out.push(serial);
  }
  return out;
}

/** Rejects a header without a serial column, or with columns that have no place here. */
export function checkHeader(cells: string[], columns: (Column | 'ignore' | undefined)[], allowed: Column[], where: string, header: string): void {
  const accepted = (['serial', ...allowed] as Column[]).map((c) => NAME_OF[c]);
  const unexpected = cells.filter((_, i) => {
    const c = columns[i];
    return c === undefined || (c !== 'ignore' && c !== 'serial' && !allowed.includes(c));
  });
  const repeated = cells.filter((_, i) => {
    const c = columns[i];
    return c !== undefined && c !== 'ignore' && columns.indexOf(c) !== i;
  });
  const fix = `Use a ${describeColumns(['Serial Number'])} column${allowed.length ? `, and optionally ${describeColumns(accepted.slice(1))}` : ''}; a file without a header lists one serial per line.`;
  const problems: Problem[] = [];
  if (!columns.includes('serial')) {
    problems.push({ code: 'no_serial_column', message: `${where}: the header ${shown(header)} has no serial column; the columns accepted here are ${describeColumns(accepted)}.`, fix, source: where });
  }
  if (unexpected.length) problems.push({ code: 'unknown_columns', message: `${where}: column(s) ${listCells(unexpected)} are not expected here.`, fix, source: where });
  if (repeated.length) problems.push({ code: 'repeated_columns', message: `${where}: column(s) ${listCells(repeated)} appear twice.`, fix: 'Keep one of each (a name and its alias are the same column).', source: where });
  if (problems.length) throw new RejectedError(problems);
}

export const SERIAL_INPUT_FLAGS = z.object({
  serials: z.optional(z.string()),
  // an empty path would read as the current directory's name, not as "no file"
  serialsFile: z.optional(z.string().check(z.refine((path) => path !== '', 'expected a file path, or - for stdin'))),
});

/** A row of a serials table: a serial, a product and a warehouse code, with room to spare. */
export const MAX_RECORD_BYTES = 64 * 1024;

/**
 * A --serials-file that is not a list of serials but something the command reads itself (an
 * assembly's mapping of component serials to units): true when it took the file.
 */
export type OtherFile = (text: string, name: string, problems: Problem[]) => boolean;

/** Serials given by --serials and --serials-file, or undefined when neither was given. */
export async function serialsFromFlags(ctx: Context, allowed: Column[] = [], other?: OtherFile): Promise<GatheredSerial[] | undefined> {
  const { serials: list, serialsFile: file } = parseFlags(SERIAL_INPUT_FLAGS, ctx.opts);
  if (list === undefined && file === undefined) return undefined;
  const problems: Problem[] = [];
  const out: GatheredSerial[] = [];
  if (list !== undefined) expandList(list, '--serials', out, problems);
  if (file !== undefined) for (const s of await fromFile(file, allowed, problems, other)) out.push(s); // no push(...): 100k+ items overflow the stack
  if (out.length > MAX_FILE_SERIALS) {
    problems.push({ code: 'too_many_serials', message: `${grouped(out.length)} serials were given; at most ${grouped(MAX_FILE_SERIALS)} fit one document.`, fix: 'Split them into several documents.' });
  }
  if (problems.length) throw new RejectedError(problems);
  return out;
}

/**
 * The serials for a command: from the flags, else (on a terminal) from the scanner prompt,
 * else a usage error naming the flags.
 */
export async function gatherSerials(
  ctx: Context,
  options: {
    allowed?: Column[];
    required: boolean;
    prompt: string;
    /**
     * Makes the per-serial check, when (and only when) the prompt opens: what it checks
     * against is looked up once, and a bad order or product fails before any scanning.
     */
    check?: PrepareCheck;
    /**
     * Units needed, when known: the prompt counts against it (`[3/10]`), refuses a scan
     * beyond it, and ending short asks whether to finish with what was scanned.
     */
    needed?: number;
    /** a serial scanned again: refused (the default), or taken and said to be scanned twice */
    repeats?: 'reject' | 'record';
  },
): Promise<GatheredSerial[]> {
  const given = await serialsFromFlags(ctx, options.allowed);
  if (given !== undefined) return given;
  if (!options.required) return [];
  if (!ctx.interactive) throw noSerialsGiven();
  const check = await options.check?.();
  const { scanSerials } = await import('./scanner.js');
  return scanSerials(ctx, options.prompt, check, {
    expected: options.needed,
    repeats: options.repeats,
    short: options.needed === undefined ? undefined : { take: { key: 'f', word: 'finish', describe: (n) => `finish with these ${grouped(n)}` } },
  });
}

/** No serials on the command line and no terminal to ask on. */
export function noSerialsGiven(): UsageError {
  return new UsageError(
    'No serials given.',
    'Give them with --serials A,B,C (or SN-0001..SN-0100) or --serials-file FILE (- for stdin); on a terminal without --no-input, serials are asked for.',
  );
}

/**
 * What a check says of a scanned serial: why it is refused (one line naming the serial and
 * where it is), or that it is taken (null), perhaps with the text as the ledger holds it, a
 * note ("returns to stock") or a warning ("also assigned to SO-00000003").
 */
export type ScanVerdict = string | null | { text?: string; note?: string; warning?: string; product?: string; choose?: ScanChoice };
/** A serial several products have: the question, and per product what its scan would be. */
export interface ScanChoice {
  question: string;
  options: { label: string; product: string; note?: string }[];
}
export type SerialCheck = (text: string) => Promise<ScanVerdict>;
export type PrepareCheck = () => Promise<SerialCheck>;

/**
 * Checks each scanned serial against the ledger as it arrives: can it enter or leave stock
 * there? An unknown product or warehouse is refused before the prompt opens.
 */
export function scanCheck(ctx: Context, product: string, warehouse: string, direction: 'in' | 'out'): PrepareCheck {
  return async () => {
    const target = await ctx.withLedger((db) => scanTarget(db, product, warehouse));
    return async (text) => {
      const verdict = await ctx.withLedger(async (db) => scanSerial(db, { ...target, direction, held: direction === 'out' ? await heldSerials(db) : undefined }, text));
      return verdict.ok ? { text: verdict.text, note: verdict.returning } : verdict.reason;
    };
  };
}
