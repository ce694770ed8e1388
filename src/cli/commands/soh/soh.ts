import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { soh } from '../../actions/reports.js';

export const spec: CommandSpec = {
  noun: 'soh',
  summary: 'stock on hand per product and warehouse, with serial counts',
  flags: [
    { flags: '--product <code>', description: 'product' },
    { flags: '--warehouse <code>', description: 'warehouse' },
    { flags: '--all', description: 'include rows whose stock is zero' },
  ],
  formats: ['table', 'csv', 'json'],
  examples: ['serials soh', 'serials soh --warehouse MAIN --format csv'],
};

export async function run(ctx: Context): Promise<void> {
  await soh(ctx);
}
