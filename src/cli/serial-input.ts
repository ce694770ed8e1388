// Serials from the command line, a file, stdin, or (on a terminal) a scanner prompt, as
// DESIGN.md describes. Each serial keeps where it came from so errors can point at it.

import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InputFileError, RejectedError, UsageError, type Problem } from '../errors.js';
import { serialProblem, type SerialInput } from '../core/ledger.js';
import { scanTarget } from '../core/lookup.js';
import { expandRange } from '../core/serial-range.js';
import { headerKey, restoreCell } from '../io/csv-cells.js';
import type { Context } from './context.js';

export interface GatheredSerial extends SerialInput {
  product?: string;
  warehouse?: string;
}

type Column = 'serial' | 'product' | 'warehouse';

const HEADERS: Record<string, Column | 'ignore'> = {
  serialnumber: 'serial',
  serial: 'serial',
  productcode: 'product',
  product: 'product',
  warehousecode: 'warehouse',
  warehouse: 'warehouse',
  productdescription: 'ignore',
};


function expandItem(item: string, source: string, into: GatheredSerial[], problems: Problem[], extra: Partial<GatheredSerial> = {}) {
  const range = expandRange(item);
  if (range === null) {
    into.push({ raw: item, source, ...extra });
  } else if (range.ok) {
    for (const s of range.serials) into.push({ raw: s, source, ...extra });
  } else {
    problems.push({ code: 'invalid_range', message: `${range.reason} (${source}).`, fix: 'Write a range as FIRST..LAST, e.g. SN-0001..SN-0100.', source });
  }
}

function readInputFile(path: string): { text: string; name: string } {
  try {
    return path === '-' ? { text: readFileSync(0, 'utf8'), name: 'stdin' } : { text: readFileSync(path, 'utf8'), name: path };
  } catch (error) {
    throw new InputFileError(
      `Cannot read serials file ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`,
      'Check the path given to --serials-file.',
    );
  }
}

function fromFile(path: string, allowed: Column[], problems: Problem[]): GatheredSerial[] {
  const { text, name } = readInputFile(path);
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const headerCells = firstLine.split(',').map(headerKey);
  const out: GatheredSerial[] = [];
  if (!headerCells.some((h) => HEADERS[h] === 'serial')) {
    // A plain list: every non-blank line is one serial, exactly as written.
    body.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() !== '') expandItem(line, `${name} line ${i + 1}`, out, problems);
    });
    return out;
  }
  const records = parse(body, { relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const header = records.shift()?.record.map(headerKey) ?? [];
  const columns = header.map((h) => HEADERS[h]);
  const unknown = header.filter((h, i) => columns[i] === undefined || (columns[i] !== 'ignore' && columns[i] !== 'serial' && !allowed.includes(columns[i] as Column)));
  if (unknown.length) {
    throw new RejectedError([
      {
        code: 'unknown_columns',
        message: `${name}: column(s) ${unknown.map((u) => `'${u}'`).join(', ')} are not expected here.`,
        fix: `Use a 'Serial Number' column${allowed.length ? ` and optionally ${allowed.map((c) => `'${c === 'product' ? 'Product Code' : 'Warehouse Code'}'`).join(', ')}` : ''}.`,
      },
    ]);
  }
  for (const { record, info } of records) {
    const row: Partial<Record<Column, string>> = {};
    columns.forEach((c, i) => {
      if (c && c !== 'ignore' && record[i] !== undefined) row[c] = restoreCell(record[i]);
    });
    const source = `${name} line ${info.lines}`;
    const extra: Partial<GatheredSerial> = {};
    if (row.product !== undefined && row.product.trim() !== '') extra.product = row.product.trim();
    if (row.warehouse !== undefined && row.warehouse.trim() !== '') extra.warehouse = row.warehouse.trim();
    expandItem(row.serial ?? '', source, out, problems, extra);
  }
  return out;
}

/** Serials given by --serials and --serials-file, or undefined when neither was given. */
export function serialsFromFlags(ctx: Context, allowed: Column[] = []): GatheredSerial[] | undefined {
  const list = ctx.opts.serials as string | undefined;
  const file = ctx.opts.serialsFile as string | undefined;
  if (list === undefined && file === undefined) return undefined;
  const problems: Problem[] = [];
  const out: GatheredSerial[] = [];
  if (list !== undefined) {
    list.split(',').forEach((item, i) => expandItem(item, `--serials item ${i + 1}`, out, problems));
  }
  if (file !== undefined) for (const s of fromFile(file, allowed, problems)) out.push(s); // no push(...): 100k+ items overflow the stack
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
  },
): Promise<GatheredSerial[]> {
  const given = serialsFromFlags(ctx, options.allowed);
  if (given !== undefined) return given;
  if (!options.required) return [];
  if (!ctx.interactive) {
    throw new UsageError(
      'No serials given.',
      'Give them with --serials A,B,C (or SN-0001..SN-0100) or --serials-file FILE (- for stdin); on a terminal without --no-input, serials are asked for.',
    );
  }
  const check = await options.check?.();
  const { scanSerials } = await import('./scanner.js');
  return scanSerials(ctx, options.prompt, check);
}

/** Why a scanned serial cannot be taken (null if it can). */
export type SerialCheck = (text: string) => Promise<string | null>;
export type PrepareCheck = () => Promise<SerialCheck>;

/** Checks each scanned serial against the ledger as it arrives: can it enter or leave stock there? */
export function scanCheck(ctx: Context, product: string, warehouse: string, direction: 'in' | 'out'): PrepareCheck {
  return async () => {
    const target = await ctx.withLedger((db) => scanTarget(db, product, warehouse));
    // an unknown product or warehouse: the command itself reports it after the prompt
    return (text) => (target ? ctx.withLedger((db) => serialProblem(db, { ...target, direction }, text)) : Promise.resolve(null));
  };
}
