import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { remove } from '../../actions/po.js';

export const spec: CommandSpec = {
  noun: 'po',
  verb: 'delete',
  args: '<po>',
  summary: 'delete an open purchase order with nothing received',
  examples: ['serials po delete PO-00000002'],
};

export async function run(ctx: Context): Promise<void> {
  await remove(ctx);
}
