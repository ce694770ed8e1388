import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { listDirectory } from '../../families/directory.js';

export const spec: CommandSpec = {
  noun: 'customer',
  verb: 'list',
  summary: 'list customers',
  formats: ['table', 'csv', 'json'],
  examples: ['serials customer list'],
};

export function run(ctx: Context): Promise<void> {
  return listDirectory(ctx, 'customer');
}
