import { deleteCount } from '../../../core/counts/status.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { presentResult } from '../../render/present.js';

export const spec: CommandSpec = {
  noun: 'count',
  verb: 'delete',
  args: '<count>',
  summary: 'delete an open or in-progress stock count (nothing is posted; its products move freely again)',
  examples: ['serials count delete SC-00000002'],
};

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const c = await ctx.withLedger((db) => deleteCount(db, number), { write: true });
  presentResult(ctx, { number: c.number, status: c.status }, [`Deleted stock count ${c.number}: it is kept, marked deleted; nothing was posted and its products move freely again.`]);
}
