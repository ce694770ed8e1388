import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { create } from '../../actions/po.js';

export const spec: CommandSpec = {
  noun: 'po',
  verb: 'create',
  summary: 'create a purchase order',
  flags: [
    { flags: '--supplier <code>', description: 'supplier code', required: true },
    { flags: '--warehouse <code>', description: 'warehouse receiving the goods', required: true },
    { flags: '--line <product:qty[:unit_cost]>', description: 'an order line (repeat for more lines)', repeatable: true },
    { flags: '--number <number>', description: 'use this number instead of the next PO-…' },
  ],
  examples: ['serials po create --supplier ACME --warehouse MAIN --line WIDGET:10:4.50 --line CABLE:2.5'],
};

export async function run(ctx: Context): Promise<void> {
  await create(ctx);
}
