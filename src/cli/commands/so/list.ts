import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { list } from '../../actions/so.js';

export const spec: CommandSpec = {
  noun: 'so',
  verb: 'list',
  summary: 'list sales orders',
  flags: [
    { flags: '--status <status>', description: 'only orders with this status', choices: ['open', 'completed', 'deleted'] },
  ],
  formats: ['table', 'csv', 'json'],
  examples: ['serials so list --status open'],
};

export async function run(ctx: Context): Promise<void> {
  await list(ctx);
}
