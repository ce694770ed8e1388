// N-4: a command that brings a unit back into stock says so.

import type { ReturningSerial } from '../../core/ledger/index.js';
import type { Context } from '../context.js';
import { count } from './words.js';

const SHOWN = 10;

export function reportReturning(ctx: Context, returning: ReturningSerial[]): void {
  for (const r of returning.slice(0, SHOWN)) {
    ctx.out.note(`note: serial "${r.serial}" of ${r.product} returns to stock (it was ${r.previousStatus} after ${r.lastDocument ?? 'its last document'}); its history continues.`);
  }
  if (returning.length > SHOWN) ctx.out.note(`note: … and ${count(returning.length - SHOWN, 'more serial', 'more serials')} return to stock.`);
}
