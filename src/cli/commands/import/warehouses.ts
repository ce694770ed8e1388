import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { runImport } from '../../families/imports.js';

export const spec: CommandSpec = {
  noun: 'import',
  verb: 'warehouses',
  args: '<file>',
  summary: 'import warehouses from a CSV file (- reads stdin). Columns: Warehouse Code, Warehouse Name',
  flags: [
    { flags: '--dry-run', description: 'check everything and say what would be written, without writing' },
    { flags: '--errors <file>', description: 'write every problem found to this CSV file (a file name: - is refused, standard output carries the result)' },
  ],
  examples: ['serials import warehouses warehouses.csv', 'serials import warehouses warehouses.csv --dry-run --errors problems.csv', 'cat warehouses.csv | serials import warehouses -'],
};

export function run(ctx: Context): Promise<void> {
  return runImport(ctx, 'warehouses');
}
