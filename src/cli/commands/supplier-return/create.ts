import { createSupplierReturn, supplierReturnScanTarget, supplierReturnSerialProblem } from '../../../core/purchasing/supplier-returns.js';
import { isSerialized } from '../../../core/master-data/products.js';
import { formatQuantity, toNumber } from '../../../core/values/quantity.js';
import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { gatherSerials } from '../../input/serials.js';
import { parseFlags, quantityText, z } from '../../input/validate.js';
import { presentResult } from '../../render/present.js';

export const spec: CommandSpec = {
  noun: 'supplier-return',
  verb: 'create',
  summary: 'return units received on a purchase order to its supplier, from the order\'s warehouse',
  flags: [
    { flags: '--po <number>', description: 'the purchase order the units were received on', required: true },
    { flags: '--product <code>', description: 'product', required: true },
    { flags: '--qty <n>', description: 'quantity (default: number of serials; required for non-serialized products)' },
    ...SERIAL_FLAGS,
  ],
  examples: ['serials supplier-return create --po PO-00000001 --product WIDGET --serials W-0003', 'serials supplier-return create --po PO-00000001 --product CABLE --qty 2.5'],
};

export async function run(ctx: Context): Promise<void> {
  const flags = parseFlags(z.object({ po: z.string(), product: z.string(), qty: z.optional(quantityText) }), ctx.opts);
  const needsSerials = flags.qty === undefined && (await ctx.withLedger((db) => isSerialized(db, flags.product)));
  const serials = await gatherSerials(ctx, {
    required: needsSerials,
    prompt: `Serials of ${flags.product} returned to the supplier of ${flags.po}:`,
    check: async () => {
      const target = await ctx.withLedger((db) => supplierReturnScanTarget(db, { purchaseOrder: flags.po, product: flags.product }));
      return (text) => ctx.withLedger((db) => supplierReturnSerialProblem(db, target, text));
    },
  });
  const r = await ctx.withLedger((db) => createSupplierReturn(db, { purchaseOrder: flags.po, product: flags.product, quantity: flags.qty, serials }), { write: true });
  presentResult(
    ctx,
    {
      number: r.number,
      purchaseOrder: r.purchaseOrder,
      supplier: r.supplier,
      warehouse: r.warehouse,
      product: r.product,
      quantity: toNumber(r.quantityE4),
      serials: r.serials,
      serialCount: r.serials.length,
    },
    [`Supplier return ${r.number} on ${r.purchaseOrder} to ${r.supplier}: ${r.product} ${formatQuantity(r.quantityE4)} from ${r.warehouse}.`],
  );
}
