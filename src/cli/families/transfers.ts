// transfer create|list|show: one JSON shape for a transfer's lines, and the sentence a
// created transfer is summed up in (counts, never 100,000 serials at a terminal).

import type { TransferView } from '../../core/stock/transfers.js';
import { toNumber } from '../../core/values/quantity.js';
import { formatCell } from '../render/present.js';
import { count, listed } from '../render/words.js';

type Line = { product: string; quantityE4: number; serials: string[]; serialCount: number };

/** A line as --json gives it (DESIGN.md, JSON contract): `serials` always a list, `serialCount` a count. */
export function transferLineJson(l: Line): { product: string; quantity: number; serials: string[]; serialCount: number } {
  return { product: l.product, quantity: toNumber(l.quantityE4), serials: l.serials, serialCount: l.serialCount };
}

/** A transfer as list and show give it in --json. */
export function transferJson(t: TransferView): Record<string, unknown> {
  return { number: t.number, from: t.from, to: t.to, createdAt: t.createdAt, lines: t.lines.map(transferLineJson) };
}

/** Products a summary names one by one; more are counted. */
const NAMED = 4;

/** "WIDGET 100,000 and CABLE 2.5", or for many products "12 products (100,000 serials)". */
export function movedSummary(lines: readonly Line[]): string {
  const serials = lines.reduce((n, l) => n + l.serialCount, 0);
  if (lines.length <= NAMED) return listed(lines.map((l) => `${l.product} ${formatCell('quantity', toNumber(l.quantityE4), 'table')}`));
  return `${count(lines.length, 'product')}${serials > 0 ? ` (${count(serials, 'serial')})` : ''}`;
}
