import { createCount } from '../../../core/counts/create.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { countJson, countSize } from '../../families/counts.js';
import { parseFlags, z } from '../../input/validate.js';
import { presentResult } from '../../render/present.js';

export const spec: CommandSpec = {
  noun: 'count',
  verb: 'create',
  summary: 'create a stock count of a warehouse (open until started)',
  details:
    'Records, per product, the quantity expected in the warehouse and, for serialized products, every serial expected there. ' +
    'Without --product it counts every product with stock in the warehouse; a product named that has no stock is counted as expecting none. ' +
    'Nothing is frozen until the count is started (serials count start), which takes the expected stock again.',
  flags: [
    { flags: '--warehouse <code>', description: 'the warehouse to count', required: true },
    { flags: '--product <code>', description: 'a product to count (repeat for more; default: every product with stock there)', repeatable: true },
    { flags: '--number <number>', description: 'use this number instead of the next SC-00000001, SC-00000002, …' },
  ],
  examples: ['serials count create --warehouse MAIN', 'serials count create --warehouse MAIN --product WIDGET --product CABLE'],
};

const flags = () =>
  z.object({
    warehouse: z.string(),
    product: z.optional(z.array(z.string())),
    number: z.optional(z.string()),
  });

export async function run(ctx: Context): Promise<void> {
  const f = parseFlags(flags(), ctx.opts);
  const c = await ctx.withLedger((db) => createCount(db, { warehouse: f.warehouse, products: f.product, number: f.number }), { write: true });
  presentResult(ctx, countJson(c), [`Created stock count ${c.number} of warehouse ${c.warehouse} (${countSize(c)}).`]);
  if (!ctx.json) ctx.out.note(`Next: print the count sheet (serials count sheet ${c.number}), then start counting: serials count start ${c.number}`);
}
