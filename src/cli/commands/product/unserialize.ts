import { unserializeProduct } from '../../../core/stock/product-serialization.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { presentResult } from '../../render/present.js';
import { count } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'product',
  verb: 'unserialize',
  args: '<code>',
  summary: 'stop tracking serials (needs zero stock); serial records become deleted, history kept',
  examples: ['serials product unserialize WIDGET'],
};

export async function run(ctx: Context): Promise<void> {
  const [code = ''] = ctx.args;
  const r = await ctx.withLedger((db) => unserializeProduct(db, code), { write: true });
  presentResult(ctx, { number: r.number, product: r.product, serialized: false, serialCount: r.serialCount }, [
    `${r.number}: product ${r.product} is no longer serialized; ${count(r.serialCount, 'serial record')} marked deleted (history kept).`,
  ]);
}
