import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { listAction } from '../../actions/directory.js';

export const spec: CommandSpec = {
  noun: 'supplier',
  verb: 'list',
  summary: 'list suppliers',
  flags: [

  ],
  formats: ['table', 'csv', 'json'],
  examples: ['serials supplier list'],
};

export async function run(ctx: Context): Promise<void> {
  await listAction('supplier')(ctx);
}
