import { listProducts } from '../../../core/master-data/products.js';
import { toNumber } from '../../../core/values/quantity.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { presentList, type View } from '../../render/present.js';
import { count } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'product',
  verb: 'list',
  summary: 'list products with stock on hand',
  formats: ['table', 'csv', 'json'],
  examples: ['serials product list', 'serials product list --format csv > products.csv   # reads back with: serials import products'],
};

export async function run(ctx: Context): Promise<void> {
  const rows = await ctx.withLedger((db) => listProducts(db));
  const yesNo = (b: boolean) => (b ? 'Yes' : 'No');
  // CSV is the products import layout (Yes/No columns, no stock), so that an export reads back unchanged.
  const view: View<(typeof rows)[number]> = {
    columns: [
      { header: 'Product Code', kind: 'code', value: (r) => r.code },
      { header: 'Product Description', kind: 'text', value: (r) => r.description },
      { header: 'Serialized', kind: 'text', value: (r) => yesNo(r.serialized) },
      { header: 'Never Diminishing', kind: 'text', value: (r) => yesNo(r.neverDiminishing) },
      { header: 'On Hand', kind: 'quantity', value: (r) => toNumber(r.onHandE4), only: 'table' },
    ],
    json: (r) => ({ code: r.code, description: r.description, serialized: r.serialized, neverDiminishing: r.neverDiminishing, onHand: toNumber(r.onHandE4) }),
  };
  await presentList(ctx, rows, view, {
    empty: 'No products yet. Add one with: serials product add CODE --description "Description"',
    footer: (n) => `${count(n, 'product')}.`,
  });
}
