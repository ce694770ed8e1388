// One scan at the scanner prompt, checked as it arrives (RULES.md K-4, K-5): which of the
// count's products it is, and what it is there — expected, in the wrong place, unexpected —
// and whether it was scanned already. On a count a surprise is a finding, not an error: the
// prompt says it and takes the scan; only a serial that cannot be a serial is refused.

import { RejectedError } from '../../errors.js';
import { checkSerial, quoteSerial } from '../values/serial-text.js';
import { warehouseCodes } from '../ledger/lookups.js';
import { countTarget, lineFor, matchKeys, requireSerializedLines, type CountTarget, type Match } from './match.js';
import type { CountLine } from './find.js';
import type { Db } from '../../db/open.js';
import type { SerialStatus } from '../../db/schema.js';

export interface ScanFinding {
  product: string;
  situation: 'expected' | 'wrong_place' | 'unexpected';
  /** wrong place: where it is available; unexpected: its status in the ledger (none: unknown) */
  warehouse?: string;
  status?: SerialStatus;
  /** times it was scanned on this count before (for this product) */
  scannedBefore: number;
}

export type CountScanVerdict =
  | { ok: false; reason: string }
  /** one finding: the serial's product; several: the person chooses (none known: any serialized product) */
  | { ok: true; text: string; findings: ScanFinding[]; known: boolean };

/** The count, ready for the prompt: refused now (not in progress, nothing to scan, product not counted) rather than after scanning. */
export async function prepareCountScan(db: Db, number: string, product?: string): Promise<void> {
  const target = await countTarget(db, number, 'take scans');
  requireSerializedLines(target);
  if (product !== undefined) {
    const { problem } = lineFor(target, product, 'serials');
    if (problem) throw new RejectedError([problem]);
  }
}

export async function checkCountScan(db: Db, number: string, raw: string, product?: string): Promise<CountScanVerdict> {
  const checked = checkSerial(raw);
  if (!checked.ok) return { ok: false, reason: `${quoteSerial(raw)} ${checked.reason}` };
  const target = await countTarget(db, number, 'take scans');
  let candidates: { line: CountLine; match: Match }[];
  let known = true;
  if (product !== undefined) {
    const { line, problem } = lineFor(target, product, 'serials');
    if (!line) return { ok: false, reason: problem?.message ?? `${product} is not on ${target.number}` };
    const match = (await matchKeys(db, { ...target, lines: [line] }, [checked.key])).get(checked.key) ?? { kind: 'none' };
    candidates = [{ line, match }];
  } else {
    const match = (await matchKeys(db, target, [checked.key])).get(checked.key) ?? { kind: 'none' };
    if (match.kind === 'line') candidates = [{ line: match.line, match }];
    else {
      // two products claim it, or none does: each one it could be
      known = match.kind === 'ambiguous';
      const lines = match.kind === 'ambiguous' ? match.lines : target.lines.filter((l) => l.serialized);
      candidates = [];
      for (const line of lines) {
        const one = (await matchKeys(db, { ...target, lines: [line] }, [checked.key])).get(checked.key) ?? { kind: 'none' };
        candidates.push({ line, match: one });
      }
    }
  }
  const findings: ScanFinding[] = [];
  for (const c of candidates) findings.push(await finding(db, target, checked.key, c.line, c.match));
  // the text as the ledger holds it, when it holds it under one product
  const [one] = candidates;
  const text = candidates.length === 1 && one?.match.kind === 'line' ? (one.match.facts?.serial ?? checked.text) : checked.text;
  return { ok: true, text, findings, known };
}

async function finding(db: Db, target: CountTarget, key: string, line: CountLine, match: Match): Promise<ScanFinding> {
  const before = await db
    .selectFrom('stock_count_scans')
    .select('scans')
    .where('stock_count_id', '=', target.id)
    .where('line_id', '=', line.id)
    .where('serial_key', '=', key)
    .executeTakeFirst();
  const base = { product: line.product, scannedBefore: before?.scans ?? 0 };
  if (match.kind !== 'line' || match.situation === 'new') return { ...base, situation: 'unexpected' };
  if (match.situation === 'expected') return { ...base, situation: 'expected' };
  const facts = match.facts;
  if (facts?.status === 'available' && facts.warehouseId !== null && facts.warehouseId !== target.warehouseId) {
    return { ...base, situation: 'wrong_place', warehouse: await warehouseCodes(db)(facts.warehouseId) };
  }
  return { ...base, situation: facts?.status === 'available' ? 'expected' : 'unexpected', status: facts?.status };
}
