import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { importAction } from '../../actions/import.js';

export const spec: CommandSpec = {
  noun: 'import',
  verb: 'warehouses',
  args: '<file>',
  summary: 'import warehouses from a CSV file (- reads stdin). Columns: Warehouse Code, Warehouse Name',
  flags: [
    { flags: '--dry-run', description: 'check everything and say what would be written, without writing' },
    { flags: '--errors <file>', description: 'write every problem found to this CSV file' },
  ],
  examples: ['serials import warehouses warehouses.csv', 'serials import warehouses warehouses.csv --dry-run --errors problems.csv', 'cat warehouses.csv | serials import warehouses -'],
};

export async function run(ctx: Context): Promise<void> {
  await importAction('warehouses')(ctx);
}
