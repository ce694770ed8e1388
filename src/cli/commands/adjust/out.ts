import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { adjust } from '../../families/adjust.js';

export const spec: CommandSpec = {
  noun: 'adjust',
  verb: 'out',
  summary: 'remove stock from a warehouse (serials become unavailable)',
  flags: [
    { flags: '--warehouse <code>', description: 'warehouse', required: true },
    { flags: '--product <code>', description: 'product (or a CSV with a Product Code column)' },
    { flags: '--qty <n>', description: 'quantity (default: number of serials; decimals only for non-serialized products)' },
    { flags: '--reason <text>', description: 'why the stock changed', required: true },
    ...SERIAL_FLAGS,
  ],
  examples: ['serials adjust out --warehouse MAIN --product WIDGET --serials W-0042 --reason "damaged"', 'serials adjust out --warehouse MAIN --product CABLE --qty 2.5 --reason "offcut"'],
};

export function run(ctx: Context): Promise<void> {
  return adjust(ctx, 'out');
}
