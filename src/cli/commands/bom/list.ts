import { listBoms } from '../../../core/assemblies/boms.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { presentList, type View } from '../../render/present.js';
import { count } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'bom',
  verb: 'list',
  summary: 'list the products that have a bill of materials',
  formats: ['table', 'csv', 'json'],
  examples: ['serials bom list', 'serials bom list --format csv > boms.csv'],
};

export async function run(ctx: Context): Promise<void> {
  const rows = await ctx.withLedger((db) => listBoms(db));
  const view: View<(typeof rows)[number]> = {
    columns: [
      { header: 'Product Code', kind: 'code', value: (r) => r.product },
      { header: 'Product Description', kind: 'text', value: (r) => r.description },
      { header: 'Components', kind: 'count', value: (r) => r.componentCount },
    ],
    json: (r) => ({ product: r.product, description: r.description, componentCount: r.componentCount }),
  };
  await presentList(ctx, rows, view, {
    empty: 'No bills of materials yet. Set one with: serials bom set PRODUCT --component CODE:QTY',
    footer: (n) => `${count(n, 'bill')} of materials.`,
  });
}
