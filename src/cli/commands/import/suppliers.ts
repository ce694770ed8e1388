import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { importAction } from '../../actions/import.js';

export const spec: CommandSpec = {
  noun: 'import',
  verb: 'suppliers',
  args: '<file>',
  summary: 'import suppliers from a CSV file (- reads stdin). Columns: Supplier Code, Supplier Name',
  flags: [
    { flags: '--dry-run', description: 'check everything and say what would be written, without writing' },
    { flags: '--errors <file>', description: 'write every problem found to this CSV file' },
  ],
  examples: ['serials import suppliers suppliers.csv', 'serials import suppliers suppliers.csv --dry-run --errors problems.csv', 'cat suppliers.csv | serials import suppliers -'],
};

export async function run(ctx: Context): Promise<void> {
  await importAction('suppliers')(ctx);
}
