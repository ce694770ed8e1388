import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { remove } from '../../actions/so.js';

export const spec: CommandSpec = {
  noun: 'so',
  verb: 'delete',
  args: '<so>',
  summary: 'delete an open sales order with nothing shipped (its assignments are dropped)',
  examples: ['serials so delete SO-00000002'],
};

export async function run(ctx: Context): Promise<void> {
  await remove(ctx);
}
