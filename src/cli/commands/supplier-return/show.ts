import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { showReturn } from '../../families/returns.js';

export const spec: CommandSpec = {
  noun: 'supplier-return',
  verb: 'show',
  args: '<return>',
  summary: 'show a supplier return with its serials',
  formats: ['table', 'csv', 'json'],
  examples: ['serials supplier-return show SR-00000001', 'serials supplier-return show SR-00000001 --format csv   # one row per serial'],
};

export function run(ctx: Context): Promise<void> {
  return showReturn(ctx, 'supplier-return');
}
