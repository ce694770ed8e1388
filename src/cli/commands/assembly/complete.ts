import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { completeAssembly } from '../../../core/assemblies/assemble.js';
import { assemblyJson, assemblySentence } from '../../families/assemblies.js';
import { presentResult } from '../../render/present.js';
import { reportReturning } from '../../render/returning.js';

export const spec: CommandSpec = {
  noun: 'assembly',
  verb: 'complete',
  args: '<assembly>',
  summary: 'complete a parked assembly: its components are consumed and its units made now',
  details: 'Everything it holds is checked again against the ledger as it is now; its units get the components it was parked with.',
  examples: ['serials assembly complete AS-00000001'],
};

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const r = await ctx.withLedger((db) => completeAssembly(db, number, { units: ctx.json }), { write: true });
  reportReturning(ctx, r.returning);
  presentResult(ctx, assemblyJson(r), [assemblySentence(r)]);
}
