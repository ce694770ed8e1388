import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { deleteAssembly } from '../../../core/assemblies/assemble.js';
import { presentResult } from '../../render/present.js';

export const spec: CommandSpec = {
  noun: 'assembly',
  verb: 'delete',
  args: '<assembly>',
  summary: 'delete a parked assembly (nothing moved; its component serials are free again)',
  examples: ['serials assembly delete AS-00000002'],
};

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const a = await ctx.withLedger((db) => deleteAssembly(db, number), { write: true });
  presentResult(ctx, { number: a.number, status: a.status }, [`Deleted assembly ${a.number}: it is kept, marked deleted; nothing moved and its component serials are free again.`]);
}
