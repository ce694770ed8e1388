// Serials from --serials and --serials-file as batches, for a command that takes them a batch
// at a time (count scan: a file of 200,000 serials found on the shelves). A file is streamed:
// memory holds one batch, whatever the size of the file. The file is read as serials.ts
// reads it — a plain list, one serial per line, taken as written; or a table with a header
// and a 'Serial Number' column — only not whole. Standard input is read whole (it is a pipe
// or a terminal: a scan session, not a warehouse's worth of serials).

import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { InputFileError, RejectedError, type Problem } from '../../errors.js';
import { chooseDelimiter, decodeText, encodingOf, headerLine, malformedProblem, openCsv, splitLine, Utf16Decoder } from '../../io/csv-stream.js';
import type { Context } from '../context.js';
import { checkHeader, expandItem, fileColumn, MAX_RECORD_BYTES, namesFileColumn, SERIAL_INPUT_FLAGS, serialOfRow, serialsFromFlags, type Column, type GatheredSerial } from './serials.js';
import { parseFlags } from './validate.js';

/** Serials per batch: large enough that per-batch statements are noise, small enough to stay flat. */
export const SERIAL_BATCH = 5000;

/** The start of a file, enough for its header line. */
const HEAD_BYTES = 1 << 16;

function unreadable(path: string, error: unknown): InputFileError {
  const code = (error as NodeJS.ErrnoException).code;
  return new InputFileError(
    `Cannot read serials file ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}.`,
    'Check the path given to --serials-file.',
  );
}

function readHead(path: string): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, n);
  } catch (error) {
    throw unreadable(path, error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

async function* batched(serials: AsyncIterable<GatheredSerial> | Iterable<GatheredSerial>, size: number): AsyncIterable<GatheredSerial[]> {
  let batch: GatheredSerial[] = [];
  for await (const s of serials) {
    batch.push(s);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** One serial per line, as written; blank lines skipped. */
async function* plainLines(path: string): AsyncIterable<GatheredSerial> {
  const head = readHead(path);
  const encoding = encodingOf(head);
  const raw = createReadStream(path, { highWaterMark: 1 << 16 });
  const failed: { error?: unknown } = {};
  raw.on('error', (error) => (failed.error = error));
  const input = encoding === 'utf-8' ? raw.setEncoding('utf8') : raw.pipe(new Utf16Decoder(encoding));
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n += 1;
      const text = n === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
      if (text.trim() !== '') yield { raw: text, source: `${path} line ${n}` };
    }
  } finally {
    lines.close();
    raw.destroy();
  }
  if (failed.error) throw unreadable(path, failed.error);
}

/** A table with a header: its Serial Number column (and Product Code where allowed). */
async function* tableRows(path: string, header: { line: string; number: number }, allowed: Column[], problems: Problem[]): AsyncIterable<GatheredSerial> {
  const delimiter = chooseDelimiter(header.line, namesFileColumn) ?? ',';
  const cells = splitLine(header.line, delimiter);
  checkHeader(cells, cells.map(fileColumn), allowed, `${path} line ${header.number}`, header.line);
  let columns: ReturnType<typeof fileColumn>[] | undefined;
  // the same bound on a row as a whole serials file has
  for await (const { line, values, malformed } of openCsv(path, { maxRecordBytes: MAX_RECORD_BYTES }).records) {
    const source = `${path} line ${line}`;
    if (columns === undefined) {
      if (malformed !== undefined) throw new RejectedError([{ ...malformedProblem(malformed), message: `${source}: the header is not valid CSV: ${malformed}.`, source }]);
      columns = values.map(fileColumn);
      continue;
    }
    const serial = serialOfRow(columns, values, malformed, source, problems);
    if (serial) yield serial;
  }
}

/** A file's serials, streamed: a plain list or a table, told apart by its first line as serials.ts does. */
function fileSerials(path: string, allowed: Column[], problems: Problem[]): AsyncIterable<GatheredSerial> {
  const text = decodeText(readHead(path));
  const first = headerLine(text).line;
  const number = 1 + (text.slice(0, text.indexOf(first)).match(/\n/g)?.length ?? 0);
  const delimiter = chooseDelimiter(first, namesFileColumn);
  if (delimiter === null && fileColumn(splitLine(first, ',')[0] ?? '') === undefined) return plainLines(path);
  return tableRows(path, { line: first, number }, allowed, problems);
}

/**
 * The serials given by --serials and --serials-file, in batches, or undefined when neither
 * was given. Problems of the file's rows (not valid CSV, too many cells) are added to
 * `problems` as they are read; the caller reports them with its own.
 */
export async function serialBatches(ctx: Context, allowed: Column[], problems: Problem[], size = SERIAL_BATCH): Promise<AsyncIterable<GatheredSerial[]> | undefined> {
  const { serials: list, serialsFile: file } = parseFlags(SERIAL_INPUT_FLAGS, ctx.opts);
  if (list === undefined && file === undefined) return undefined;
  // stdin is read whole, as every other command reads it
  if (file === '-') return batched((await serialsFromFlags(ctx, allowed)) ?? [], size);
  const given: GatheredSerial[] = [];
  if (list !== undefined) {
    const listProblems: Problem[] = [];
    list.split(',').forEach((item, i) => expandItem(item, `--serials item ${i + 1}`, given, listProblems));
    if (listProblems.length) throw new RejectedError(listProblems);
  }
  const fromFile = file === undefined ? undefined : fileSerials(file, allowed, problems);
  async function* all(): AsyncIterable<GatheredSerial> {
    yield* given;
    if (fromFile) yield* fromFile;
  }
  return batched(all(), size);
}
