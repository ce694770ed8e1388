import { enterCount } from '../../../core/counts/scans.js';
import { formatQuantity, toNumber } from '../../../core/values/quantity.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { parseFlags, z } from '../../input/validate.js';
import { presentResult } from '../../render/present.js';

export const spec: CommandSpec = {
  noun: 'count',
  verb: 'enter',
  args: '<count>',
  summary: 'enter the quantity found of a non-serialized product (replaces an earlier entry)',
  flags: [
    { flags: '--product <code>', description: 'the product counted', required: true },
    { flags: '--qty <n>', description: 'the quantity found: 0 or more, decimals allowed', required: true },
  ],
  examples: ['serials count enter SC-00000001 --product CABLE --qty 12.5'],
};

const flags = () =>
  z.object({
    product: z.string(),
    qty: z.string().check(z.regex(/^\s*\d+(\.\d+)?\s*$/, 'expected a number, 0 or more, like 5 or 2.5')),
  });

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const f = parseFlags(flags(), ctx.opts);
  const r = await ctx.withLedger((db) => enterCount(db, { number, product: f.product, quantity: f.qty }), { write: true });
  const replaced = r.previousE4 === null ? '' : ` (replacing ${formatQuantity(r.previousE4)})`;
  presentResult(
    ctx,
    { number: r.number, product: r.product, expected: toNumber(r.expectedE4), counted: toNumber(r.countedE4), previous: r.previousE4 === null ? null : toNumber(r.previousE4) },
    [`Counted ${formatQuantity(r.countedE4)} of ${r.product} on ${r.number}${replaced}; ${formatQuantity(r.expectedE4)} expected.`],
  );
}
