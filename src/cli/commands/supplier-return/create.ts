import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { createSupplierReturnAction } from '../../actions/returns.js';

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
  await createSupplierReturnAction(ctx);
}
