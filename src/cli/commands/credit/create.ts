import { createCredit, creditScanTarget, creditSerialProblem } from '../../../core/sales/credits.js';
import { isSerialized } from '../../../core/master-data/products.js';
import { formatQuantity, toNumber } from '../../../core/values/quantity.js';
import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { gatherSerials } from '../../input/serials.js';
import { parseFlags, quantityText, z } from '../../input/validate.js';
import { presentResult } from '../../render/present.js';
import { reportReturning } from '../../render/returning.js';

export const spec: CommandSpec = {
  noun: 'credit',
  verb: 'create',
  summary: 'credit units dispatched on a sales order (--so), or a free credit (--customer --warehouse)',
  flags: [
    { flags: '--so <number>', description: 'the sales order the units were shipped on' },
    { flags: '--customer <code>', description: 'free credit: the customer (with --warehouse)' },
    { flags: '--warehouse <code>', description: 'where returned units go (default: the order warehouse)' },
    { flags: '--product <code>', description: 'product', required: true },
    { flags: '--qty <n>', description: 'quantity (default: number of serials; required for --no-return and non-serialized products)' },
    { flags: '--no-return', description: 'value-only credit: no stock and no serials come back' },
    ...SERIAL_FLAGS,
  ],
  examples: ['serials credit create --so SO-00000001 --product WIDGET --serials W-0007', 'serials credit create --so SO-00000001 --product WIDGET --qty 1 --no-return', 'serials credit create --customer BAKER --warehouse MAIN --product WIDGET --serials OLD-42'],
};

export async function run(ctx: Context): Promise<void> {
  const flags = parseFlags(
    z.object({ so: z.optional(z.string()), customer: z.optional(z.string()), warehouse: z.optional(z.string()), product: z.string(), qty: z.optional(quantityText) }),
    ctx.opts,
  );
  const noReturn = ctx.opts.return === false;
  const parties = { salesOrder: flags.so, customer: flags.customer, warehouse: flags.warehouse, product: flags.product };
  const needsSerials = !noReturn && flags.qty === undefined && (await ctx.withLedger((db) => isSerialized(db, flags.product)));
  const serials = await gatherSerials(ctx, {
    required: needsSerials,
    prompt: `Serials of ${flags.product} returned${flags.so ? ` on ${flags.so}` : ''}:`,
    // each scanned serial is checked against the order (or, for a free credit, the stock)
    check: async () => {
      const target = await ctx.withLedger((db) => creditScanTarget(db, parties));
      return (text) => ctx.withLedger((db) => creditSerialProblem(db, target, text));
    },
  });
  const r = await ctx.withLedger((db) => createCredit(db, { ...parties, quantity: flags.qty, serials, noReturn }), { write: true });
  reportReturning(ctx, r.returning);
  const what = r.stockReturned ? ` returned to ${r.warehouse}` : r.returned ? ' (never diminishing: no stock)' : ' (value only, no stock)';
  presentResult(
    ctx,
    {
      number: r.number,
      salesOrder: r.salesOrder,
      customer: r.customer,
      warehouse: r.warehouse,
      product: r.product,
      quantity: toNumber(r.quantityE4),
      returned: r.returned,
      stockReturned: r.stockReturned,
      serials: r.serials,
      serialCount: r.serials.length,
      returning: r.returning,
    },
    [`Credit ${r.number}${r.salesOrder ? ` on ${r.salesOrder}` : ''} for ${r.customer}: ${r.product} ${formatQuantity(r.quantityE4)}${what}.`],
  );
}
