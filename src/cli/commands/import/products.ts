import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { runImport } from '../../families/imports.js';

export const spec: CommandSpec = {
  noun: 'import',
  verb: 'products',
  args: '<file>',
  summary: 'import products from a CSV file (- reads stdin). Columns: Product Code, Product Description, Serialized (Yes/No), Never Diminishing (Yes/No)',
  flags: [
    { flags: '--dry-run', description: 'check everything and say what would be written, without writing' },
    { flags: '--errors <file>', description: 'write every problem found to this CSV file (a file name: - is refused, standard output carries the result)' },
  ],
  examples: ['serials import products products.csv', 'serials import products products.csv --dry-run --errors problems.csv', 'cat products.csv | serials import products -'],
};

export function run(ctx: Context): Promise<void> {
  return runImport(ctx, 'products');
}
