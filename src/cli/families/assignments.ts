// so assign and so unassign: serials of one order line, given or scanned, added to or taken
// off its assignments. The JSON (schemas/so/assign.schema.json, unassign.schema.json) names
// the order as `number`, like every command that acts on a document.

import { assignSerials, unassignSerials } from '../../core/sales/serial-assignments.js';
import { quoteSerial } from '../../core/values/serial-text.js';
import type { Context } from '../context.js';
import { gatherSerials } from '../input/serials.js';
import { parseFlags, z } from '../input/validate.js';
import { presentResult } from '../render/present.js';
import { count, listed } from '../render/words.js';

const flags = () => z.object({ product: z.string() });

export async function changeAssignments(ctx: Context, mode: 'assign' | 'unassign'): Promise<void> {
  const [number = ''] = ctx.args;
  const { product } = parseFlags(flags(), ctx.opts);
  const serials = await gatherSerials(ctx, { required: true, prompt: `Serials of ${product} to ${mode} ${mode === 'assign' ? 'to' : 'from'} ${number}:` });
  const input = { salesOrder: number, product, serials };
  if (mode === 'unassign') {
    const r = await ctx.withLedger((db) => unassignSerials(db, input), { write: true });
    return presentResult(ctx, { number: r.salesOrder, product: r.product, serialCount: r.serials.length, serials: r.serials }, [
      `Unassigned ${count(r.serials.length, 'serial')} of ${r.product} from ${r.salesOrder}.`,
    ]);
  }
  const r = await ctx.withLedger((db) => assignSerials(db, input), { write: true });
  for (const w of r.warnings) {
    ctx.out.warn(`serial ${quoteSerial(w.serial)} is also assigned to open ${w.orders.length === 1 ? 'order' : 'orders'} ${listed(w.orders)}; it stays assigned to both, and whichever order ships it first takes it.`);
  }
  presentResult(
    ctx,
    { number: r.salesOrder, product: r.product, serialCount: r.serials.length, serials: r.serials, warnings: r.warnings.map((w) => ({ serial: w.serial, salesOrders: w.orders })) },
    [`Assigned ${count(r.serials.length, 'serial')} of ${r.product} to ${r.salesOrder}.`],
  );
}
