import { showBom } from '../../../core/assemblies/boms.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { presentBom } from '../../families/boms.js';

export const spec: CommandSpec = {
  noun: 'bom',
  verb: 'show',
  args: '<product>',
  summary: "show a product's bill of materials and the BOMs it is used in",
  formats: ['table', 'csv', 'json'],
  examples: ['serials bom show BIKE', 'serials bom show BIKE --format csv   # one row per component'],
};

export async function run(ctx: Context): Promise<void> {
  const [product = ''] = ctx.args;
  presentBom(ctx, await ctx.withLedger((db) => showBom(db, product)));
}
