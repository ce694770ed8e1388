import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { runImport } from '../../families/imports.js';

export const spec: CommandSpec = {
  noun: 'import',
  verb: 'customers',
  args: '<file>',
  summary: 'import customers from a CSV file (- reads stdin). Columns: Customer Code, Customer Name',
  flags: [
    { flags: '--dry-run', description: 'check everything and say what would be written, without writing' },
    { flags: '--errors <file>', description: 'write every problem found to this CSV file (a file name: - is refused, standard output carries the result)' },
  ],
  examples: ['serials import customers customers.csv', 'serials import customers customers.csv --dry-run --errors problems.csv', 'cat customers.csv | serials import customers -'],
};

export function run(ctx: Context): Promise<void> {
  return runImport(ctx, 'customers');
}
