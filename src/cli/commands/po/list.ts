import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { list } from '../../actions/po.js';

export const spec: CommandSpec = {
  noun: 'po',
  verb: 'list',
  summary: 'list purchase orders',
  flags: [
    { flags: '--status <status>', description: 'only orders with this status', choices: ['open', 'completed', 'deleted'] },
  ],
  formats: ['table', 'csv', 'json'],
  examples: ['serials po list --status open'],
};

export async function run(ctx: Context): Promise<void> {
  await list(ctx);
}
