// serials soh: stock on hand per product and warehouse, with the count of available serials.
//
// CSV has the opening-stock import's headers, so an export of products without serials reads
// back in unchanged. JSON: `quantity` a number, `serialCount` the available serials (null
// for a product without serials).

import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { prepareStockOnHand, type StockRow } from '../../../core/reports/stock-on-hand.js';
import { toNumber } from '../../../core/values/quantity.js';
import { BULK_CACHE_KIB } from '../../../db/open.js';
import { parseFlags, z } from '../../input/validate.js';
import { presentList, type View } from '../../render/present.js';

export const spec: CommandSpec = {
  noun: 'soh',
  summary: 'stock on hand per product and warehouse, with serial counts',
  flags: [
    { flags: '--product <code>', description: 'product' },
    { flags: '--warehouse <code>', description: 'warehouse' },
    { flags: '--all', description: 'include rows whose stock is zero' },
  ],
  formats: ['table', 'csv', 'json'],
  examples: ['serials soh', 'serials soh --warehouse MAIN --format csv', 'serials soh --product DRILL --json'],
};

const flags = () => z.object({ product: z.optional(z.string()), warehouse: z.optional(z.string()) });

/** Stock on hand as a table, CSV and JSON show it (the demo shows the same). */
export function sohView(): View<StockRow> {
  return {
    columns: [
      { header: 'Product', kind: 'code', value: (r) => r.product, only: 'table' },
      { header: 'Product Code', kind: 'code', value: (r) => r.product, only: 'csv' },
      { header: 'Description', kind: 'text', value: (r) => r.description, only: 'table' },
      { header: 'Product Description', kind: 'text', value: (r) => r.description, only: 'csv' },
      { header: 'Warehouse', kind: 'code', value: (r) => r.warehouse, only: 'table' },
      { header: 'Warehouse Code', kind: 'code', value: (r) => r.warehouse, only: 'csv' },
      { header: 'On Hand', kind: 'quantity', value: (r) => toNumber(r.quantityE4), only: 'table' },
      { header: 'Quantity', kind: 'quantity', value: (r) => toNumber(r.quantityE4), only: 'csv' },
      { header: 'Serials', kind: 'count', value: (r) => r.serials, only: 'table' },
      { header: 'Serials Available', kind: 'count', value: (r) => r.serials, only: 'csv' },
    ],
    json: (r) => ({
      product: r.product,
      description: r.description,
      warehouse: r.warehouse,
      quantity: toNumber(r.quantityE4),
      serialized: r.serialized,
      serialCount: r.serials,
    }),
  };
}

export async function run(ctx: Context): Promise<void> {
  const { product, warehouse } = parseFlags(flags(), ctx.opts);
  await ctx.withLedger(
    async (db) => {
      const report = await prepareStockOnHand(db, { product, warehouse, includeZero: ctx.opts.all === true });
      await presentList(ctx, report, sohView(), {
        seeAll: 'use --format csv or --json',
        empty: 'No stock on hand.',
      });
    },
    { cacheKiB: BULK_CACHE_KIB }, // read once, in order: a large page cache would only hold memory
  );
}
