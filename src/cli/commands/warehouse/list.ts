import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { listAction } from '../../actions/directory.js';

export const spec: CommandSpec = {
  noun: 'warehouse',
  verb: 'list',
  summary: 'list warehouses',
  flags: [

  ],
  formats: ['table', 'csv', 'json'],
  examples: ['serials warehouse list'],
};

export async function run(ctx: Context): Promise<void> {
  await listAction('warehouse')(ctx);
}
