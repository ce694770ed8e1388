import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { importAction } from '../../actions/import.js';

export const spec: CommandSpec = {
  noun: 'import',
  verb: 'serials',
  args: '<file>',
  summary: 'import serials from a CSV file (- reads stdin). Columns: Product Code, [Product Description], Warehouse Code, Serial Number: serializes products that have stock (one serial per unit)',
  flags: [
    { flags: '--dry-run', description: 'check everything and say what would be written, without writing' },
    { flags: '--errors <file>', description: 'write every problem found to this CSV file' },
  ],
  examples: ['serials import serials serials.csv', 'serials import serials serials.csv --dry-run --errors problems.csv', 'cat serials.csv | serials import serials -'],
};

export async function run(ctx: Context): Promise<void> {
  await importAction('serials')(ctx);
}
