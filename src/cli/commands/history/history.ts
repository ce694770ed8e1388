// serials history <serial>: every movement of a serial, in order. A serial no product has is
// "not found" (exit 1).
//
// CSV: one movement per row, one value per cell: the document that moved the serial and the
// order it belongs to (a receipt's purchase order, a shipment's sales order) in separate
// columns, times as local date-times, movement kinds and statuses as in JSON.

import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { prepareHistory, type HistoryEntry } from '../../../core/reports/history.js';
import { parseFlags, z } from '../../input/validate.js';
import { presentList, type Column, type View } from '../../render/present.js';
import { count, listed } from '../../render/words.js';
import { BULK_CACHE_KIB } from '../../../db/open.js';

export const spec: CommandSpec = {
  noun: 'history',
  args: '<serial>',
  summary: 'every movement of a serial, in order',
  flags: [{ flags: '--product <code>', description: 'only this product (the same text may be a serial of several)' }],
  formats: ['table', 'csv', 'json'],
  examples: ['serials history SN-0001', 'serials history SN-0001 --product DRILL --format csv', 'serials history SN-0001 --json'],
};

const flags = () => z.object({ product: z.optional(z.string()) });

/**
 * The movements as a table, CSV and JSON show them. To fit 80 columns the table leaves out
 * the serial (it is the one asked for), the product unless the serial text belongs to
 * several, and the status after each movement (the movement says it; `serials enquiry`
 * shows the current one); CSV and JSON have them all.
 */
export function historyView(severalProducts: boolean): View<HistoryEntry> {
  const columns: Column<HistoryEntry>[] = [
    { header: 'Product', kind: 'code', value: (e) => e.product, only: severalProducts ? undefined : 'csv' },
    { header: 'Serial', kind: 'code', value: (e) => e.serial, only: 'csv' },
    { header: 'When', kind: 'time', value: (e) => e.at },
    { header: 'Movement', kind: 'status', value: (e) => e.kind },
    { header: 'Document', kind: 'code', value: (e) => e.document },
    { header: 'Order', kind: 'code', value: (e) => e.purchaseOrder ?? e.salesOrder },
    { header: 'From', kind: 'code', value: (e) => e.from },
    { header: 'To', kind: 'code', value: (e) => e.to },
    { header: 'Status', kind: 'status', value: (e) => e.status, only: 'csv' },
    // a component's movement into or out of an assembled unit names the unit there
    { header: 'Party', kind: 'text', value: (e) => e.party ?? (e.unit === null ? null : `unit ${e.unit}`), only: 'table' },
    { header: 'Party', kind: 'text', value: (e) => e.party, only: 'csv' },
    { header: 'Unit', kind: 'code', value: (e) => e.unit, only: 'csv' },
  ];
  return {
    columns,
    json: (e) => ({
      serial: e.serial,
      product: e.product,
      at: e.at,
      kind: e.kind,
      document: e.document,
      documentType: e.documentType,
      purchaseOrder: e.purchaseOrder,
      salesOrder: e.salesOrder,
      from: e.from,
      to: e.to,
      statusBefore: e.statusBefore,
      status: e.status,
      party: e.party,
      unitCost: e.unitCost,
      unit: e.unit,
    }),
  };
}

export async function run(ctx: Context): Promise<void> {
  const { product } = parseFlags(flags(), ctx.opts);
  const [serial = ''] = ctx.args;
  await ctx.withLedger(async (db) => {
    const history = await prepareHistory(db, serial, product);
    const units = history.units.map((u) => `${u.serial} (${u.product})`);
    await presentList(ctx, history, historyView(history.units.length > 1), {
      seeAll: 'use --format csv or --json',
      footer: (n) => `${count(n, 'movement')} of ${listed(units)}.`,
    });
  }, { cacheKiB: BULK_CACHE_KIB }); // read once, in order: a large page cache would only hold memory
}
