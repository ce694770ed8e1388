import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { listReturns } from '../../families/returns.js';

export const spec: CommandSpec = {
  noun: 'supplier-return',
  verb: 'list',
  summary: 'list supplier returns',
  formats: ['table', 'csv', 'json'],
  examples: ['serials supplier-return list'],
};

export function run(ctx: Context): Promise<void> {
  return listReturns(ctx, 'supplier-return');
}
