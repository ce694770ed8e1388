import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { runImport } from '../../families/imports.js';

export const spec: CommandSpec = {
  noun: 'import',
  verb: 'serials',
  args: '<file>',
  summary: 'import serials from a CSV file (- reads stdin). Columns: Product Code, [Product Description], Warehouse Code, Serial Number: serializes products that have stock (one serial per unit)',
  flags: [
    { flags: '--dry-run', description: 'check everything and say what would be written, without writing' },
    { flags: '--errors <file>', description: 'write every problem found to this CSV file (a file name: - is refused, standard output carries the result)' },
  ],
  examples: ['serials import serials serials.csv', 'serials import serials serials.csv --dry-run --errors problems.csv', 'cat serials.csv | serials import serials -'],
};

export function run(ctx: Context): Promise<void> {
  return runImport(ctx, 'serials');
}
