// credit create|list|show, supplier-return create|list|show

import { createCredit, creditScanTarget, creditSerialProblem } from '../../core/sales/credits.js';
import { createSupplierReturn, supplierReturnScanTarget, supplierReturnSerialProblem } from '../../core/purchasing/supplier-returns.js';
import { listCredits, listSupplierReturns, type ReturnDocumentView } from '../../core/reports/returns-view.js';
import { isSerialized } from '../../core/master-data/products.js';
import { RejectedError, shown } from '../../errors.js';
import { formatQuantity, toNumber } from '../../core/values/quantity.js';
import { gatherSerials } from '../input/serials.js';
import { parseFlags, quantityText, z } from '../input/validate.js';
import { reportReturning } from '../render/returning.js';
import { firstSerials } from '../output.js';
import type { Context } from '../context.js';

const creditFlags = z.object({
  so: z.optional(z.string()),
  customer: z.optional(z.string()),
  warehouse: z.optional(z.string()),
  product: z.string(),
  qty: z.optional(quantityText),
});

export async function createCreditAction(ctx: Context): Promise<void> {
  const flags = parseFlags(creditFlags, ctx.opts);
  const noReturn = ctx.opts.return === false;
  const needsSerials = !noReturn && flags.qty === undefined && (await ctx.withLedger((db) => isSerialized(db, flags.product)));
  const serials = await gatherSerials(ctx, {
    required: needsSerials,
    prompt: `Serials of ${flags.product} returned${flags.so ? ` on ${flags.so}` : ''}:`,
    // each scanned serial is checked against the order (or, for a free credit, the stock)
    check: async () => {
      const target = await ctx.withLedger((db) => creditScanTarget(db, { salesOrder: flags.so, customer: flags.customer, warehouse: flags.warehouse, product: flags.product }));
      return (text) => ctx.withLedger((db) => creditSerialProblem(db, target, text));
    },
  });
  const r = await ctx.withLedger(
    (db) => createCredit(db, { salesOrder: flags.so, customer: flags.customer, warehouse: flags.warehouse, product: flags.product, quantity: flags.qty, serials, noReturn }),
    { write: true },
  );
  reportReturning(ctx, r.returning);
  if (ctx.json) return ctx.out.json({ ...r, quantity: toNumber(r.quantityE4), quantityE4: undefined, stockReturned: undefined, returning: r.returning.length });
  ctx.out.line(
    `Credit ${r.number}${r.salesOrder ? ` on ${r.salesOrder}` : ''} for ${r.customer}: ${r.product} ${formatQuantity(r.quantityE4)}${r.stockReturned ? ` returned to ${r.warehouse}` : r.returned ? ' (never diminishing: no stock)' : ' (value only, no stock)'}.`,
  );
}

const returnFlags = z.object({ po: z.string(), product: z.string(), qty: z.optional(quantityText) });

export async function createSupplierReturnAction(ctx: Context): Promise<void> {
  const flags = parseFlags(returnFlags, ctx.opts);
  const needsSerials = flags.qty === undefined && (await ctx.withLedger((db) => isSerialized(db, flags.product)));
  const serials = await gatherSerials(ctx, {
    required: needsSerials,
    prompt: `Serials of ${flags.product} returned to the supplier of ${flags.po}:`,
    check: async () => {
      const target = await ctx.withLedger((db) => supplierReturnScanTarget(db, { purchaseOrder: flags.po, product: flags.product }));
      return (text) => ctx.withLedger((db) => supplierReturnSerialProblem(db, target, text));
    },
  });
  const r = await ctx.withLedger((db) => createSupplierReturn(db, { purchaseOrder: flags.po, product: flags.product, quantity: flags.qty, serials }), { write: true });
  if (ctx.json) return ctx.out.json({ ...r, quantity: toNumber(r.quantityE4), quantityE4: undefined });
  ctx.out.line(`Supplier return ${r.number} on ${r.purchaseOrder} to ${r.supplier}: ${r.product} ${formatQuantity(r.quantityE4)} from ${r.warehouse}.`);
}

function render(ctx: Context, docs: ReturnDocumentView[], orderLabel: string, partyLabel: string): void {
  const format = ctx.format();
  if (format === 'json') {
    return ctx.out.json(docs.map((d) => ({ ...d, lines: d.lines.map((l) => ({ product: l.product, quantity: toNumber(l.quantityE4), returned: l.returned, serials: l.serials })) })));
  }
  const headers = ['Number', orderLabel, partyLabel, 'Warehouse', 'Created', 'Product', 'Quantity', 'Serials'];
  // CSV carries every serial; a table shows the first few
  const serials = (list: string[]) => (format === 'csv' ? list.join(' ') : firstSerials(list, ' '));
  const body = docs.flatMap((d) =>
    d.lines.map((l) => [d.number, d.order, d.party, d.warehouse, d.createdAt.slice(0, 10), l.product, formatQuantity(l.quantityE4) + (l.returned ? '' : ' (value only)'), serials(l.serials)]),
  );
  if (format === 'csv') return ctx.out.csv(headers, body);
  ctx.out.table(headers, body);
}

export function listAction(kind: 'credit' | 'supplier-return', one: boolean) {
  return async (ctx: Context) => {
    const number = one ? ctx.args[0] : undefined;
    const docs = await ctx.withLedger((db) => (kind === 'credit' ? listCredits(db, number) : listSupplierReturns(db, number)));
    if (one && docs.length === 0) {
      throw new RejectedError([{ code: `unknown_${kind.replace('-', '_')}`, message: `There is no ${kind.replace('-', ' ')} ${shown(number ?? '')}.`, fix: `List them with: serials ${kind} list`, document: number }]);
    }
    render(ctx, docs, kind === 'credit' ? 'Sales Order' : 'Purchase Order', kind === 'credit' ? 'Customer' : 'Supplier');
  };
}
