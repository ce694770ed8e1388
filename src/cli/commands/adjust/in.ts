import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { adjust } from '../../families/adjust.js';

export const spec: CommandSpec = {
  noun: 'adjust',
  verb: 'in',
  summary: 'add stock to a warehouse (new or returning serials)',
  flags: [
    { flags: '--warehouse <code>', description: 'warehouse', required: true },
    { flags: '--product <code>', description: 'product (or a CSV with a Product Code column)' },
    { flags: '--qty <n>', description: 'quantity (default: number of serials; decimals only for non-serialized products)' },
    { flags: '--reason <text>', description: 'why the stock changed', required: true },
    ...SERIAL_FLAGS,
  ],
  examples: ['serials adjust in --warehouse MAIN --product WIDGET --serials W-0042 --reason "found in returns bay"', 'serials adjust in --warehouse MAIN --product CABLE --qty 2.5 --reason "recount"'],
};

export function run(ctx: Context): Promise<void> {
  return adjust(ctx, 'in');
}
