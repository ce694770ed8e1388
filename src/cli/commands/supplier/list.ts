import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { listDirectory } from '../../families/directory.js';

export const spec: CommandSpec = {
  noun: 'supplier',
  verb: 'list',
  summary: 'list suppliers',
  formats: ['table', 'csv', 'json'],
  examples: ['serials supplier list'],
};

export function run(ctx: Context): Promise<void> {
  return listDirectory(ctx, 'supplier');
}
