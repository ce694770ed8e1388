import { deleteBom } from '../../../core/assemblies/boms.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { presentResult } from '../../render/present.js';
import { count } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'bom',
  verb: 'delete',
  args: '<product>',
  summary: "delete a product's bill of materials (assemblies already made are unchanged)",
  examples: ['serials bom delete BIKE'],
};

export async function run(ctx: Context): Promise<void> {
  const [product = ''] = ctx.args;
  const bom = await ctx.withLedger((db) => deleteBom(db, product), { write: true });
  const lines = [`Deleted the bill of materials of ${bom.product} (${count(bom.components.length, 'component')}); assemblies already made are unchanged.`];
  if (bom.usedIn.length) lines.push(`${bom.product} is still a component in the BOM of ${bom.usedIn.join(', ')}.`);
  presentResult(ctx, { product: bom.product, componentCount: bom.components.length, usedIn: bom.usedIn }, lines);
}
