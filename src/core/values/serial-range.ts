// Serial ranges as typed on the command line: SN-0001..SN-0100. The numbers are the last run
// of digits; what comes before and after must be the same on both ends. Zero padding of the
// first serial is kept.

import { shown } from '../../errors.js';

export const MAX_RANGE_SIZE = 1_000_000;

export type RangeParse = { ok: true; serials: string[] } | { ok: false; reason: string };

const PARTS = /^(.*?)(\d+)(\D*)$/;

/** Returns null when the text is not a range at all. */
export function expandRange(text: string): RangeParse | null {
  const at = text.indexOf('..');
  if (at < 0) return null;
  const first = text.slice(0, at).trim();
  const last = text.slice(at + 2).trim();
  const a = PARTS.exec(first);
  const b = PARTS.exec(last);
  if (!a || !b) return { ok: false, reason: `${shown(text)} is not a range: both ends need a number, like SN-0001..SN-0100` };
  const [, prefixA = '', digitsA = '', suffixA = ''] = a;
  const [, prefixB = '', digitsB = '', suffixB = ''] = b;
  if (prefixA !== prefixB || suffixA !== suffixB) {
    return { ok: false, reason: `${shown(text)} is not a range: ${shown(first)} and ${shown(last)} differ in more than their number` };
  }
  const start = BigInt(digitsA);
  const end = BigInt(digitsB);
  if (end < start) return { ok: false, reason: `${shown(text)} runs backwards; put the lower serial first` };
  const count = end - start + 1n;
  if (count > BigInt(MAX_RANGE_SIZE)) return { ok: false, reason: `${shown(text)} has ${count} serials; at most ${MAX_RANGE_SIZE} in one range` };
  const padded = digitsA.length > 1 && digitsA.startsWith('0') ? digitsA.length : digitsA.length === digitsB.length ? digitsA.length : 0;
  const serials: string[] = [];
  for (let n = start; n <= end; n++) serials.push(prefixA + n.toString().padStart(padded, '0') + suffixA);
  return { ok: true, serials };
}
