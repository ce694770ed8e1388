// count scan, count unscan, count enter (RULES.md K-4): what was found on the shelf. A scan is
// recorded once per serial and line however often it is scanned (`scans` counts the
// repeats: scanned twice, not counted twice). Scans arrive in batches (a file of 200,000
// serials streams through here) and are matched and written a batch at a time, inside the
// command's one transaction: any problem anywhere rejects them all, every problem named.

import { RejectedError, shown, type Problem } from '../../errors.js';
import { bulkInsert } from '../../db/bulk-insert.js';
import { chunk, IN_LIST } from '../../db/chunk.js';
import { now } from '../values/clock.js';
import * as rules from '../ledger/rules.js';
import { parseQuantity } from '../values/quantity.js';
import { countTarget, lineFor, matchKeys, requireSerializedLines, unmatched, type CountTarget } from './match.js';
import type { CountLine } from './find.js';
import type { Db } from '../../db/open.js';

/** A serial as given: its text, where it came from, and the product when the input says. */
export interface CountSerialInput {
  raw: string;
  source?: string;
  product?: string;
}

export interface ScanResult {
  number: string;
  /** serials in the input, repeats included */
  scanned: number;
  /** serials not scanned on this count before */
  newSerials: number;
  /** scans of a serial already scanned (in this input or before): recorded, not counted again */
  repeats: number;
  /** per product, scans in this input */
  products: { product: string; scanned: number }[];
}

const where = (source?: string) => (source ? ` (${source})` : '');

/** N-1, N-2: the serial's text and key, or its problem added to `problems`. */
function serialText(s: CountSerialInput, problems: Problem[]): { text: string; key: string } | undefined {
  const checked = rules.serialText(s, s.product);
  if (checked.ok) return checked;
  problems.push(checked.problem);
  return undefined;
}

async function scanRowCount(db: Db, countId: number): Promise<number> {
  const row = await db.selectFrom('stock_count_scans').select((eb) => eb.fn.countAll<number>().as('n')).where('stock_count_id', '=', countId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Serials found, in batches; `product` (--product) names the line for all of them. */
export async function scanCount(
  db: Db,
  input: { number: string; product?: string },
  batches: AsyncIterable<readonly CountSerialInput[]> | Iterable<readonly CountSerialInput[]>,
  /** problems the input finds as it is read (a file's bad rows): reported with these */
  problems: Problem[] = [],
): Promise<ScanResult> {
  const target = await countTarget(db, input.number, 'take scans');
  requireSerializedLines(target);
  let fixed: CountLine | undefined;
  if (input.product !== undefined) {
    const { line, problem } = lineFor(target, input.product, 'serials');
    if (problem) throw new RejectedError([problem]);
    fixed = line;
  }
  const before = await scanRowCount(db, target.id);
  const perLine = new Map<number, number>();
  let scanned = 0;
  const at = now();
  for await (const batch of batches) {
    scanned += batch.length;
    const rows = await matchBatch(db, target, fixed, batch, problems);
    if (problems.length > 0) continue; // keep checking the rest, but write nothing more
    for (const r of rows.values()) perLine.set(r.lineId, (perLine.get(r.lineId) ?? 0) + r.scans);
    await bulkInsert(
      db,
      'stock_count_scans',
      ['stock_count_id', 'line_id', 'serial', 'serial_key', 'scans', 'first_scanned_at', 'last_scanned_at'],
      [...rows.values()].map((r) => [target.id, r.lineId, r.text, r.key, r.scans, at, at]),
      { addOnConflict: { on: ['stock_count_id', 'line_id', 'serial_key'], column: 'scans', replace: ['last_scanned_at'] } },
    );
  }
  if (scanned === 0) problems.push({ code: 'serials_required', message: 'No serials given.', fix: 'Give serials with --serials, --serials-file, or scan them at the prompt.' });
  if (problems.length > 0) throw new RejectedError(problems);
  const newSerials = (await scanRowCount(db, target.id)) - before;
  await db.updateTable('stock_counts').set({ updated_at: at }).where('id', '=', target.id).execute();
  return {
    number: target.number,
    scanned,
    newSerials,
    repeats: scanned - newSerials,
    products: target.lines.filter((l) => perLine.has(l.id)).map((l) => ({ product: l.product, scanned: perLine.get(l.id) ?? 0 })),
  };
}

interface ScanRow {
  lineId: number;
  text: string;
  key: string;
  scans: number;
}

/** One batch: each serial's text checked and its line found; repeats in the batch folded into one row. */
async function matchBatch(db: Db, target: CountTarget, fixed: CountLine | undefined, batch: readonly CountSerialInput[], problems: Problem[]): Promise<Map<string, ScanRow>> {
  const checked: { s: CountSerialInput; text: string; key: string; line?: CountLine }[] = [];
  for (const s of batch) {
    const t = serialText(s, problems);
    if (!t) continue;
    let line = fixed;
    if (!line && s.product !== undefined) {
      const found = lineFor(target, s.product, 'serials', s.source);
      if (found.problem) {
        problems.push(found.problem);
        continue;
      }
      line = found.line;
    }
    checked.push({ s, ...t, line });
  }
  const open = checked.filter((c) => !c.line).map((c) => c.key);
  const matches = open.length > 0 ? await matchKeys(db, target, open) : new Map();
  const rows = new Map<string, ScanRow>();
  for (const c of checked) {
    let line = c.line;
    if (!line) {
      const m = matches.get(c.key);
      if (m?.kind !== 'line') {
        problems.push(unmatched(target, c.text, m ?? { kind: 'none' }, c.s.source));
        continue;
      }
      line = m.line as CountLine;
    }
    const id = `${line.id}\n${c.key}`;
    const row = rows.get(id);
    if (row) row.scans += 1;
    else rows.set(id, { lineId: line.id, text: c.text, key: c.key, scans: 1 });
  }
  return rows;
}

export interface UnscanResult {
  number: string;
  /** scans taken back */
  unscanned: number;
  /** serials no longer scanned at all */
  removed: number;
}

/** Takes mistaken scans back: one scan per serial given (a serial scanned twice is then scanned once). */
export async function unscanCount(db: Db, input: { number: string; product?: string; serials: readonly CountSerialInput[] }): Promise<UnscanResult> {
  const target = await countTarget(db, input.number, 'take scans back');
  const problems: Problem[] = [];
  let fixed: CountLine | undefined;
  if (input.product !== undefined) {
    const { line, problem } = lineFor(target, input.product, 'serials');
    if (problem) throw new RejectedError([problem]);
    fixed = line;
  }
  const wanted: { s: CountSerialInput; text: string; key: string }[] = [];
  for (const s of input.serials) {
    const t = serialText(s, problems);
    if (t) wanted.push({ s, ...t });
  }
  // the scans of these keys on this count (on the one line, with --product)
  const scans = new Map<string, { id: number; lineId: number; serial: string; scans: number }[]>();
  for (const part of chunk([...new Set(wanted.map((w) => w.key))], IN_LIST)) {
    let q = db.selectFrom('stock_count_scans').select(['id', 'line_id', 'serial', 'serial_key', 'scans']).where('stock_count_id', '=', target.id).where('serial_key', 'in', part);
    if (fixed) q = q.where('line_id', '=', fixed.id);
    for (const r of await q.execute()) (scans.get(r.serial_key) ?? scans.set(r.serial_key, []).get(r.serial_key))?.push({ id: r.id, lineId: r.line_id, serial: r.serial, scans: r.scans });
  }
  const takeBack = new Map<number, { serial: string; left: number }>();
  for (const w of wanted) {
    const found = scans.get(w.key) ?? [];
    const first = found[0];
    if (!first) {
      problems.push({
        code: 'serial_not_scanned',
        message: `Serial ${shown(w.text)}${where(w.s.source)} is not scanned on ${target.number}${fixed ? ` for ${fixed.product}` : ''}: there is nothing to take back.`,
        fix: `See what is scanned: serials count show ${target.number}`,
        serial: w.text,
        document: target.number,
      });
      continue;
    }
    if (found.length > 1) {
      problems.push(unmatched(target, w.text, { kind: 'ambiguous', lines: found.map((f) => target.lines.find((l) => l.id === f.lineId) as CountLine) }, w.s.source));
      continue;
    }
    const t = takeBack.get(first.id) ?? { serial: first.serial, left: first.scans };
    if (t.left === 0) {
      problems.push({
        code: 'serial_not_scanned',
        message: `Serial ${shown(w.text)}${where(w.s.source)} was scanned ${first.scans === 1 ? 'once' : `${first.scans} times`} on ${target.number}; it cannot be taken back more often.`,
        fix: 'Give it once per scan to take back.',
        serial: first.serial,
        document: target.number,
      });
      continue;
    }
    t.left -= 1;
    takeBack.set(first.id, t);
  }
  if (wanted.length === 0 && problems.length === 0) problems.push({ code: 'serials_required', message: 'No serials given.', fix: 'Give the serials to take back with --serials.' });
  if (problems.length > 0) throw new RejectedError(problems);
  const at = now();
  // scans taken back whole go in one statement per chunk; the rest keep what is left
  const gone = [...takeBack].filter(([, t]) => t.left === 0).map(([id]) => id);
  for (const part of chunk(gone, IN_LIST)) await db.deleteFrom('stock_count_scans').where('id', 'in', part).execute();
  for (const [id, t] of takeBack) {
    if (t.left > 0) await db.updateTable('stock_count_scans').set({ scans: t.left, last_scanned_at: at }).where('id', '=', id).execute();
  }
  const removed = gone.length;
  await db.updateTable('stock_counts').set({ updated_at: at }).where('id', '=', target.id).execute();
  return { number: target.number, unscanned: wanted.length, removed };
}

export interface Entered {
  number: string;
  product: string;
  expectedE4: number;
  countedE4: number;
  /** what was entered before, replaced now */
  previousE4: number | null;
}

/** The quantity found of a non-serialized product; replaces what was entered before. */
export async function enterCount(db: Db, input: { number: string; product: string; quantity: string }): Promise<Entered> {
  const target = await countTarget(db, input.number, 'take quantities');
  const { line, problem } = lineFor(target, input.product, 'quantity');
  const problems: Problem[] = problem ? [problem] : [];
  const zero = /^\s*0+(\.0+)?\s*$/.test(input.quantity);
  const q = zero ? ({ ok: true, e4: 0 } as const) : parseQuantity(input.quantity);
  if (!q.ok) problems.push({ code: 'invalid_quantity', message: `--qty: ${q.reason}.`, fix: 'Give the quantity found, 0 or more (decimals allowed).', product: input.product });
  if (!line || !q.ok || problems.length > 0) throw new RejectedError(problems);
  const at = now();
  await db.updateTable('stock_count_lines').set({ counted_e4: q.e4 }).where('id', '=', line.id).execute();
  await db.updateTable('stock_counts').set({ updated_at: at }).where('id', '=', target.id).execute();
  return { number: target.number, product: line.product, expectedE4: line.expectedE4, countedE4: q.e4, previousE4: line.countedE4 };
}
