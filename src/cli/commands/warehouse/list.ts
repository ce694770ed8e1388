import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { listDirectory } from '../../families/directory.js';

export const spec: CommandSpec = {
  noun: 'warehouse',
  verb: 'list',
  summary: 'list warehouses',
  formats: ['table', 'csv', 'json'],
  examples: ['serials warehouse list'],
};

export function run(ctx: Context): Promise<void> {
  return listDirectory(ctx, 'warehouse');
}
