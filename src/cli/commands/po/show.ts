import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { show } from '../../actions/po.js';

export const spec: CommandSpec = {
  noun: 'po',
  verb: 'show',
  args: '<po>',
  summary: 'show lines, received and outstanding quantities, and serials received',
  examples: ['serials po show PO-00000001', 'serials po show PO-00000001 --json'],
};

export async function run(ctx: Context): Promise<void> {
  await show(ctx);
}
