// po receive (the other purchase order commands are in src/cli/commands/po/)

import { receivePurchaseOrder, serializedProductsOutstanding } from '../../core/purchasing/purchase-receipts.js';
import { formatQuantity, toNumber } from '../../core/values/quantity.js';
import { UsageError } from '../../errors.js';
import { gatherSerials, scanCheck } from '../input/serials.js';
import { parseFlags, quantityText, z } from '../input/validate.js';
import { reportReturning } from '../render/returning.js';
import type { Context } from '../context.js';

const receiveFlags = z.object({ product: z.optional(z.string()), qty: z.optional(quantityText) });

export async function receive(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const flags = parseFlags(receiveFlags, ctx.opts);
  const { warehouse, products: needing } = await ctx.withLedger((db) => serializedProductsOutstanding(db, number, flags.product));
  if (needing.length > 1 && ctx.opts.serials === undefined && ctx.opts.serialsFile === undefined && ctx.interactive) {
    throw new UsageError(
      `${number} has ${needing.length} serialized products outstanding (${needing.join(', ')}).`,
      'Scan one product at a time with --product, or give a CSV with Product Code and Serial Number columns.',
    );
  }
  const serials = await gatherSerials(ctx, {
    allowed: ['product'],
    required: needing.length > 0,
    prompt: `Receiving ${needing[0] ?? ''} on ${number} into ${warehouse}:`,
    check: scanCheck(ctx, needing[0] ?? '', warehouse, 'in'),
  });
  const r = await ctx.withLedger(
    (db) => receivePurchaseOrder(db, { purchaseOrder: number, product: flags.product, quantity: flags.qty, serials }),
    { write: true },
  );
  reportReturning(ctx, r.returning);
  if (ctx.json) {
    return ctx.out.json({ ...r, lines: r.lines.map((l) => ({ product: l.product, quantity: toNumber(l.quantityE4), serials: l.serials })) });
  }
  ctx.out.line(
    `Receipt ${r.number} on ${r.purchaseOrder} into ${r.warehouse}: ${r.lines.map((l) => `${l.product} ${formatQuantity(l.quantityE4)}`).join(', ')}.${r.completed ? ` ${r.purchaseOrder} is now completed.` : ''}`,
  );
}
