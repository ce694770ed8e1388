import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { show } from '../../actions/so.js';

export const spec: CommandSpec = {
  noun: 'so',
  verb: 'show',
  args: '<so>',
  summary: 'show lines; assigned, shipped, parked and outstanding quantities; serials assigned (stale ones flagged) and shipped; the order\'s shipments',
  examples: ['serials so show SO-00000001', 'serials so show SO-00000001 --json'],
};

export async function run(ctx: Context): Promise<void> {
  await show(ctx);
}
