import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { runImport } from '../../families/imports.js';

export const spec: CommandSpec = {
  noun: 'import',
  verb: 'suppliers',
  args: '<file>',
  summary: 'import suppliers from a CSV file (- reads stdin). Columns: Supplier Code, Supplier Name',
  flags: [
    { flags: '--dry-run', description: 'check everything and say what would be written, without writing' },
    { flags: '--errors <file>', description: 'write every problem found to this CSV file (a file name: - is refused, standard output carries the result)' },
  ],
  examples: ['serials import suppliers suppliers.csv', 'serials import suppliers suppliers.csv --dry-run --errors problems.csv', 'cat suppliers.csv | serials import suppliers -'],
};

export function run(ctx: Context): Promise<void> {
  return runImport(ctx, 'suppliers');
}
