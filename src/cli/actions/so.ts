// so ship (the other sales order commands are in src/cli/commands/so/)

import { serialsToScan, shipSalesOrder } from '../../core/sales/shipments.js';
import { quantityText } from '../input/validate.js';
import { gatherSerials, scanCheck } from '../input/serials.js';
import { quoteSerial, serialKey } from '../../core/values/serial-text.js';
import { parseFlags, z } from '../input/validate.js';
import { presentShipment } from '../families/shipment-result.js';
import type { Context } from '../context.js';

const shipFlags = z.object({ product: z.optional(z.string()), qty: z.optional(quantityText) });

export async function ship(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const flags = parseFlags(shipFlags, ctx.opts);
  // serials beyond the assigned ones are optional here: dispatch says which are missing
  const serials = await gatherSerials(ctx, { allowed: ['product'], required: false, prompt: '' });
  if (serials.length === 0 && ctx.interactive) {
    // at a terminal with a scanner: ask for what the assigned serials do not cover, per line,
    // through one reader so that a fast scan meant for the next line is not lost
    const park = ctx.opts.park === true;
    const needs = await ctx.withLedger((db) => serialsToScan(db, { salesOrder: number, product: flags.product, quantity: flags.qty }));
    const { openScanner, scanSerials } = await import('../input/scanner.js');
    const scanner = needs.length ? openScanner() : undefined;
    try {
      for (const need of needs) {
        const inStock = await scanCheck(ctx, need.product, need.warehouse, 'out')();
        const check = async (text: string) => {
          const why = need.taken.get(serialKey(text));
          return why ? `${quoteSerial(text)} of ${need.product}: ${why}` : inStock(text);
        };
        const label = park
          ? `Serials of ${need.product} to ship on ${number}: up to ${need.units} (or assign them before dispatch).`
          : `Serials of ${need.product} to ship on ${number}: ${need.units} needed.`;
        const scanned = await scanSerials(ctx, label, check, { expected: need.units, scanner });
        for (const s of scanned) serials.push({ ...s, product: need.product });
      }
    } finally {
      scanner?.close();
    }
  }
  const r = await ctx.withLedger(
    (db) => shipSalesOrder(db, { salesOrder: number, product: flags.product, quantity: flags.qty, serials, park: ctx.opts.park === true }),
    { write: true },
  );
  presentShipment(ctx, r);
}
