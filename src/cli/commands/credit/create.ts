import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { createCreditAction } from '../../actions/returns.js';

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
  await createCreditAction(ctx);
}
