// adjust in|out: the same command in either direction.

import { adjustStock } from '../../core/stock/adjustments.js';
import { isSerialized } from '../../core/master-data/products.js';
import { formatQuantity, toNumber } from '../../core/values/quantity.js';
import type { Context } from '../context.js';
import { gatherSerials, scanCheck } from '../input/serials.js';
import { parseFlags, quantityText, z } from '../input/validate.js';
import { presentResult } from '../render/present.js';
import { reportReturning } from '../render/returning.js';

const adjustFlags = () =>
  z.object({
    warehouse: z.string(),
    product: z.optional(z.string()),
    qty: z.optional(quantityText),
    reason: z.string().check(z.refine((r) => r.trim().length > 0, 'a reason is required')),
  });

export async function adjust(ctx: Context, direction: 'in' | 'out'): Promise<void> {
  const flags = parseFlags(adjustFlags(), ctx.opts);
  const needsSerials = flags.product !== undefined && flags.qty === undefined && (await ctx.withLedger((db) => isSerialized(db, flags.product as string)));
  const serials = await gatherSerials(ctx, {
    allowed: ['product'],
    required: needsSerials,
    prompt: `Serials of ${flags.product ?? ''} to adjust ${direction} ${direction === 'in' ? 'to' : 'from'} ${flags.warehouse}:`,
    check: scanCheck(ctx, flags.product ?? '', flags.warehouse, direction),
  });
  const r = await ctx.withLedger(
    (db) => adjustStock(db, { direction, warehouse: flags.warehouse, product: flags.product, quantity: flags.qty, serials, reason: flags.reason }),
    { write: true },
  );
  reportReturning(ctx, r.returning);
  presentResult(
    ctx,
    {
      number: r.number,
      direction: r.direction,
      warehouse: r.warehouse,
      reason: r.reason,
      lines: r.lines.map((l) => ({ product: l.product, quantity: toNumber(l.quantityE4), serials: l.serials, serialCount: l.serials.length })),
      returning: r.returning,
    },
    [
      `Adjustment ${r.number}: ${direction === 'in' ? 'added' : 'removed'} ${r.lines.map((l) => `${l.product} ${formatQuantity(l.quantityE4)}`).join(', ')} ${direction === 'in' ? 'to' : 'from'} ${r.warehouse} (${r.reason}).`,
    ],
  );
}
