import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { listAction } from '../../actions/directory.js';

export const spec: CommandSpec = {
  noun: 'customer',
  verb: 'list',
  summary: 'list customers',
  flags: [

  ],
  formats: ['table', 'csv', 'json'],
  examples: ['serials customer list'],
};

export async function run(ctx: Context): Promise<void> {
  await listAction('customer')(ctx);
}
