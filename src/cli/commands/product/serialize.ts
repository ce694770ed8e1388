import { serializeProduct } from '../../../core/stock/product-serialization.js';
import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { gatherSerials } from '../../input/serials.js';
import { presentResult } from '../../render/present.js';
import { reportReturning } from '../../render/returning.js';
import { count } from '../../render/words.js';
import { grouped } from '../../../core/values/words.js';

export const spec: CommandSpec = {
  noun: 'product',
  verb: 'serialize',
  args: '<code>',
  summary: 'start tracking serials for a product; every unit in stock needs a serial',
  flags: [
    { flags: '--warehouse <code>', description: 'warehouse of the serials given (when they do not say)' },
    ...SERIAL_FLAGS,
  ],
  examples: ['serials product serialize WIDGET --serials W-001..W-010', 'serials product serialize WIDGET --serials-file stock.csv   # Warehouse Code,Serial Number'],
};

export async function run(ctx: Context): Promise<void> {
  const [code = ''] = ctx.args;
  const serials = await gatherSerials(ctx, {
    allowed: ['warehouse'],
    // a product with no stock needs no serials to be serialized
    required: false,
    prompt: `Serials for the stock of ${code}:`,
  });
  const r = await ctx.withLedger((db) => serializeProduct(db, { product: code, serials, warehouse: ctx.opts.warehouse as string | undefined }), { write: true });
  reportReturning(ctx, r.returning);
  const where = r.perWarehouse.map((w) => `${w.warehouse}: ${grouped(w.serialCount)}`).join(', ');
  presentResult(
    ctx,
    {
      number: r.number,
      product: r.product,
      serialized: true,
      serialCount: r.serialCount,
      warehouses: [...r.perWarehouse].sort((a, b) => (a.warehouse < b.warehouse ? -1 : 1)).map((w) => ({ warehouse: w.warehouse, serialCount: w.serialCount })),
      returning: r.returning,
    },
    [`${r.number}: product ${r.product} is now serialized; ${count(r.serialCount, 'serial')} recorded${where ? ` (${where})` : ''}.`],
  );
}
