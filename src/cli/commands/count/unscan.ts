import { unscanCount } from '../../../core/counts/scans.js';
import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { noSerialsGiven, serialsFromFlags } from '../../input/serials.js';
import { parseFlags, z } from '../../input/validate.js';
import { presentResult } from '../../render/present.js';
import { count } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'count',
  verb: 'unscan',
  args: '<count>',
  summary: 'take mistaken scans back (one scan per serial given)',
  flags: [{ flags: '--product <code>', description: 'the product the serials were scanned for (needed when two products have the serial)' }, ...SERIAL_FLAGS],
  examples: ['serials count unscan SC-00000001 --serials W-0042'],
};

const flags = () => z.object({ product: z.optional(z.string()) });

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const f = parseFlags(flags(), ctx.opts);
  const serials = await serialsFromFlags(ctx);
  if (serials === undefined) throw noSerialsGiven();
  const r = await ctx.withLedger((db) => unscanCount(db, { number, product: f.product, serials }), { write: true });
  presentResult(ctx, { number: r.number, unscannedCount: r.unscanned, removedCount: r.removed }, [
    `Took back ${count(r.unscanned, 'scan')} on ${r.number}${r.removed ? `; ${count(r.removed, 'serial')} no longer scanned at all` : ''}.`,
  ]);
}
