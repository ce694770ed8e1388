import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { listAction } from '../../actions/returns.js';

export const spec: CommandSpec = {
  noun: 'supplier-return',
  verb: 'show',
  args: '<return>',
  summary: 'show a supplier return with its serials',
  formats: ['table', 'csv', 'json'],
  examples: ['serials supplier-return show SR-00000001'],
};

export async function run(ctx: Context): Promise<void> {
  await listAction('supplier-return', true)(ctx);
}
