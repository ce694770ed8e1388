import { showProduct } from '../../../core/master-data/products.js';
import { formatQuantity, toNumber } from '../../../core/values/quantity.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { presentShow, type View } from '../../render/present.js';
import { grouped } from '../../../core/values/words.js';

export const spec: CommandSpec = {
  noun: 'product',
  verb: 'show',
  args: '<code>',
  summary: 'show a product: stock per warehouse, serial counts, open documents',
  formats: ['table', 'csv', 'json'],
  examples: ['serials product show WIDGET', 'serials product show WIDGET --format csv   # stock per warehouse'],
};

export async function run(ctx: Context): Promise<void> {
  const [code = ''] = ctx.args;
  const p = await ctx.withLedger((db) => showProduct(db, code));
  const onHandE4 = p.stock.reduce((sum, s) => sum + s.quantityE4, 0);
  // "purchase order" as people say it; purchase_order as every enum value in JSON and CSV
  const openDocuments = p.openDocuments.map((d) => ({ type: d.type.replace(/ /g, '_'), number: d.number }));
  const c = p.serialCounts;
  type Stock = (typeof p.stock)[number];
  const stock: View<Stock> = {
    columns: [
      { header: 'Product Code', kind: 'code', value: () => p.code, only: 'csv' },
      { header: 'Warehouse', kind: 'code', value: (s) => s.warehouse },
      { header: 'On Hand', kind: 'quantity', value: (s) => toNumber(s.quantityE4) },
    ],
    json: () => undefined,
  };
  const open: View<(typeof openDocuments)[number]> = {
    columns: [
      { header: 'Document', kind: 'code', value: (d) => d.number },
      { header: 'Type', kind: 'status', value: (d) => d.type },
    ],
    json: () => undefined,
  };
  presentShow(ctx, {
    json: {
      code: p.code,
      description: p.description,
      serialized: p.serialized,
      neverDiminishing: p.neverDiminishing,
      onHand: toNumber(onHandE4),
      stock: p.stock.map((s) => ({ warehouse: s.warehouse, quantity: toNumber(s.quantityE4) })),
      serialCounts: { available: c.available, unavailable: c.unavailable, deleted: c.deleted },
      openDocuments,
    },
    title: p.description ? `${p.code}  ${p.description}` : p.code,
    fields: [
      ['Serialized', p.serialized ? 'Yes' : 'No'],
      ['Never diminishing', p.neverDiminishing ? 'Yes' : 'No'],
      ['On hand', formatQuantity(onHandE4)],
      [
        'Serials',
        c.available + c.unavailable + c.deleted > 0
          ? `${grouped(c.available)} available, ${grouped(c.unavailable)} unavailable, ${grouped(c.deleted)} deleted`
          : null,
      ],
      ['Open documents', openDocuments.length ? null : 'none'],
    ],
    sections: [
      { title: 'Stock', rows: p.stock, view: stock },
      { title: 'Open documents', rows: openDocuments, view: open },
    ],
    csv: { rows: p.stock, view: stock },
  });
}
