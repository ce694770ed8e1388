import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { listAction } from '../../actions/returns.js';

export const spec: CommandSpec = {
  noun: 'supplier-return',
  verb: 'list',
  summary: 'list supplier returns',
  formats: ['table', 'csv', 'json'],
  examples: ['serials supplier-return list'],
};

export async function run(ctx: Context): Promise<void> {
  await listAction('supplier-return', false)(ctx);
}
