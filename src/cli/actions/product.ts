// product add|list|show|serialize|unserialize

import { addProduct, listProducts, showProduct } from '../../core/master-data/products.js';
import { serializeProduct, unserializeProduct } from '../../core/stock/product-serialization.js';
import { formatQuantity, toNumber } from '../../core/values/quantity.js';
import { gatherSerials } from '../input/serials.js';
import { reportReturning } from '../render/returning.js';
import type { Context } from '../context.js';

export async function add(ctx: Context): Promise<void> {
  const [code = ''] = ctx.args;
  const p = await ctx.withLedger(
    (db) =>
      addProduct(db, {
        code,
        description: ctx.opts.description as string | undefined,
        serialized: ctx.opts.serialized === true,
        neverDiminishing: ctx.opts.neverDiminishing === true,
      }),
    { write: true },
  );
  if (ctx.json) return ctx.out.json({ code: p.code, description: p.description, serialized: p.serialized, neverDiminishing: p.neverDiminishing });
  ctx.out.line(`Added product ${p.code}${p.serialized ? ' (serialized)' : ''}${p.neverDiminishing ? ' (never diminishing)' : ''}.`);
}

export async function list(ctx: Context): Promise<void> {
  const rows = await ctx.withLedger((db) => listProducts(db));
  const format = ctx.format();
  if (format === 'json') {
    return ctx.out.json(rows.map((r) => ({ code: r.code, description: r.description, serialized: r.serialized, neverDiminishing: r.neverDiminishing, onHand: toNumber(r.onHandE4) })));
  }
  const yesNo = (b: boolean) => (b ? 'Yes' : 'No');
  // CSV is the products import layout, so that an export reads back unchanged.
  if (format === 'csv') {
    return ctx.out.csv(
      ['Product Code', 'Product Description', 'Serialized', 'Never Diminishing'],
      rows.map((r) => [r.code, r.description, yesNo(r.serialized), yesNo(r.neverDiminishing)]),
    );
  }
  ctx.out.table(
    ['Product Code', 'Product Description', 'Serialized', 'Never Diminishing', 'On Hand'],
    rows.map((r) => [r.code, r.description, yesNo(r.serialized), yesNo(r.neverDiminishing), formatQuantity(r.onHandE4)]),
  );
}

export async function show(ctx: Context): Promise<void> {
  const [code = ''] = ctx.args;
  const p = await ctx.withLedger((db) => showProduct(db, code));
  if (ctx.json) {
    return ctx.out.json({
      code: p.code,
      description: p.description,
      serialized: p.serialized,
      neverDiminishing: p.neverDiminishing,
      stock: p.stock.map((s) => ({ warehouse: s.warehouse, quantity: toNumber(s.quantityE4) })),
      serials: p.serialCounts,
      openDocuments: p.openDocuments,
    });
  }
  ctx.out.line(`${ctx.out.color.bold(p.code)}  ${p.description}`);
  ctx.out.line(`Serialized: ${p.serialized ? 'Yes' : 'No'}   Never diminishing: ${p.neverDiminishing ? 'Yes' : 'No'}`);
  if (p.stock.length) ctx.out.table(['Warehouse', 'On Hand'], p.stock.map((s) => [s.warehouse, formatQuantity(s.quantityE4)]));
  else ctx.out.line('No stock on hand.');
  const c = p.serialCounts;
  if (c.available + c.unavailable + c.deleted > 0) ctx.out.line(`Serials: ${c.available} Available, ${c.unavailable} Unavailable, ${c.deleted} Deleted`);
  ctx.out.line(p.openDocuments.length ? `Open documents: ${p.openDocuments.map((d) => d.number).join(', ')}` : 'Open documents: none');
}

export async function serialize(ctx: Context): Promise<void> {
  const [code = ''] = ctx.args;
  const serials = await gatherSerials(ctx, {
    allowed: ['warehouse'],
    // a product with no stock needs no serials to be serialized
    required: false,
    prompt: `Serials for the stock of ${code}:`,
  });
  const r = await ctx.withLedger(
    (db) => serializeProduct(db, { product: code, serials, warehouse: ctx.opts.warehouse as string | undefined }),
    { write: true },
  );
  reportReturning(ctx, r.returning);
  if (ctx.json) return ctx.out.json(r);
  ctx.out.line(`${r.number}: product ${r.product} is now serialized; ${r.serials} serial(s) recorded${r.perWarehouse.length ? ` (${r.perWarehouse.map((w) => `${w.warehouse}: ${w.serials}`).join(', ')})` : ''}.`);
}

export async function unserialize(ctx: Context): Promise<void> {
  const [code = ''] = ctx.args;
  const r = await ctx.withLedger((db) => unserializeProduct(db, code), { write: true });
  if (ctx.json) return ctx.out.json(r);
  ctx.out.line(`${r.number}: product ${r.product} is no longer serialized; ${r.serials} serial record(s) marked Deleted (history kept).`);
}
