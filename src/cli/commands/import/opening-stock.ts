import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { runImport } from '../../families/imports.js';

export const spec: CommandSpec = {
  noun: 'import',
  verb: 'opening-stock',
  args: '<file>',
  summary: 'import opening stock from a CSV file (- reads stdin). Columns: Product Code, Warehouse Code, Quantity, [Unit Cost], [Serial Number]: one row per serial, or a row with the quantity followed by rows with only a Serial Number',
  flags: [
    { flags: '--dry-run', description: 'check everything and say what would be written, without writing' },
    { flags: '--errors <file>', description: 'write every problem found to this CSV file (a file name: - is refused, standard output carries the result)' },
  ],
  examples: ['serials import opening-stock opening-stock.csv', 'serials import opening-stock opening-stock.csv --dry-run --errors problems.csv', 'cat opening-stock.csv | serials import opening-stock -'],
};

export function run(ctx: Context): Promise<void> {
  return runImport(ctx, 'opening-stock');
}
