import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { listAction } from '../../actions/returns.js';

export const spec: CommandSpec = {
  noun: 'credit',
  verb: 'list',
  summary: 'list credit notes',
  formats: ['table', 'csv', 'json'],
  examples: ['serials credit list'],
};

export async function run(ctx: Context): Promise<void> {
  await listAction('credit', false)(ctx);
}
