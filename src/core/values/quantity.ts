// Quantities are held as integers in ten-thousandths (see src/db/schema.ts): exact sums,
// up to four decimal places for non-serialized products, whole units for serialized ones.

import { shown } from '../../errors.js';

export const QUANTITY_SCALE = 10_000;
const DECIMALS = 4;

/**
 * The largest magnitude, in ten-thousandths, that a quantity or stock level may have: a JS
 * number (and so every level read back from the ledger) holds integers exactly only up to
 * 2^53 - 1. Past it a level would round when read, shown wrongly and summed wrongly.
 */
export const MAX_EXACT_E4 = Number.MAX_SAFE_INTEGER;

/** Whether a quantity or level (in ten-thousandths) is held exactly: a whole number within ±MAX_EXACT_E4. */
export function isExact(e4: number): boolean {
  return Number.isSafeInteger(e4);
}

export type QuantityParse = { ok: true; e4: number } | { ok: false; reason: string };

export function parseQuantity(text: string): QuantityParse {
  const t = text.trim();
  const match = /^(\d+)(?:\.(\d+))?$/.exec(t);
  if (!match) return { ok: false, reason: `${shown(text)} is not a quantity (use digits, e.g. 5 or 2.5)` };
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > DECIMALS && /[1-9]/.test(fraction.slice(DECIMALS))) {
    return { ok: false, reason: `${shown(text)} has more than ${DECIMALS} decimal places` };
  }
  const e4 = Number(whole) * QUANTITY_SCALE + Number((fraction + '0000').slice(0, DECIMALS));
  if (!Number.isSafeInteger(e4)) return { ok: false, reason: `${shown(text)} is too large` };
  if (e4 === 0) return { ok: false, reason: 'the quantity must be greater than zero' };
  return { ok: true, e4 };
}

export function unitsToE4(units: number): number {
  return units * QUANTITY_SCALE;
}

export function isWhole(e4: number): boolean {
  return e4 % QUANTITY_SCALE === 0;
}

/** As a number for JSON (exact to four places). */
export function toNumber(e4: number): number {
  return e4 / QUANTITY_SCALE;
}

/**
 * As text for tables and messages: no trailing zeros. A bigint (an exact value read from the
 * ledger as text) or a number past the exact range is shown digit for digit.
 */
export function formatQuantity(e4: number | bigint): string {
  if (typeof e4 === 'bigint' || (Number.isInteger(e4) && !Number.isSafeInteger(e4))) return formatBig(BigInt(e4));
  const sign = e4 < 0 ? '-' : '';
  const abs = Math.abs(e4);
  const whole = Math.floor(abs / QUANTITY_SCALE);
  const fraction = String(abs % QUANTITY_SCALE).padStart(DECIMALS, '0').replace(/0+$/, '');
  return `${sign}${whole}${fraction ? '.' + fraction : ''}`;
}

function formatBig(e4: bigint): string {
  const sign = e4 < 0n ? '-' : '';
  const abs = e4 < 0n ? -e4 : e4;
  const scale = BigInt(QUANTITY_SCALE);
  const fraction = String(abs % scale).padStart(DECIMALS, '0').replace(/0+$/, '');
  return `${sign}${abs / scale}${fraction ? '.' + fraction : ''}`;
}
