import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { listReturns } from '../../families/returns.js';

export const spec: CommandSpec = {
  noun: 'credit',
  verb: 'list',
  summary: 'list credit notes',
  formats: ['table', 'csv', 'json'],
  examples: ['serials credit list'],
};

export function run(ctx: Context): Promise<void> {
  return listReturns(ctx, 'credit');
}
