// serials recall --product P [filters]: every unit built from the matching component units of
// P, at any depth (RULES.md M-5, E-2), with where it is now — its warehouse, or the
// customer and shipment that took it — and the component unit that ties it in.
//
// The component units are those (of P) received from --supplier, on --po, between
// --received-from and --received-to (local days), and among --serials; every filter given
// must hold. The rows stream from one recursive query: CSV and JSON of any size come out a
// chunk at a time; a table stops at its limit and says how to see the rest. No unit
// containing them is an empty list (exit 0), said on stderr with how many component units
// matched.

import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { prepareRecall, type RecallRow } from '../../../core/reports/recall.js';
import { date, parseFlags, z } from '../../input/validate.js';
import { serialsFromFlags } from '../../input/serials.js';
import { presentList, type View } from '../../render/present.js';
import { endOfLocalDay, startOfLocalDay } from '../../render/time.js';
import { count } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'recall',
  summary: 'every unit built from given component units, at any depth, and where it is now',
  details:
    'The component units are the serials of --product that match every filter given: received from ' +
    '--supplier, on --po, between --received-from and --received-to, among --serials.',
  flags: [
    { flags: '--product <code>', description: 'the component product recalled', required: true },
    { flags: '--supplier <code>', description: 'component units received from this supplier' },
    { flags: '--po <number>', description: 'component units received on this purchase order' },
    ...SERIAL_FLAGS,
    { flags: '--received-from <date>', description: 'received on or after this local day, YYYY-MM-DD' },
    { flags: '--received-to <date>', description: 'received on or before this local day, YYYY-MM-DD' },
  ],
  formats: ['table', 'csv', 'json'],
  examples: [
    'serials recall --product COIL --supplier ACME',
    'serials recall --product COIL --po PO-00000001 --format csv',
    'serials recall --product COIL --serials COIL-0001,COIL-0002 --json',
    'serials recall --product COIL --supplier ACME --received-from 2026-01-01 --received-to 2026-01-31',
  ],
};

const flags = () =>
  z.object({
    product: z.string(),
    supplier: z.optional(z.string()),
    po: z.optional(z.string()),
    receivedFrom: z.optional(date),
    receivedTo: z.optional(date),
  });

/** The recall as a table, CSV and JSON show it. */
export function recallView(): View<RecallRow> {
  return {
    columns: [
      { header: 'Serial', kind: 'code', value: (r) => r.serial },
      { header: 'Product', kind: 'code', value: (r) => r.product },
      { header: 'Status', kind: 'status', value: (r) => r.status },
      { header: 'Warehouse', kind: 'code', value: (r) => r.warehouse },
      { header: 'Customer', kind: 'text', value: (r) => r.customer },
      { header: 'Shipment', kind: 'code', value: (r) => r.document },
      { header: 'Component', kind: 'code', value: (r) => r.component.serial },
      { header: 'Component product', kind: 'code', value: (r) => r.component.product },
      { header: 'Depth', kind: 'count', value: (r) => r.depth },
    ],
    json: (r) => ({
      serial: r.serial,
      product: r.product,
      status: r.status,
      warehouse: r.warehouse,
      customer: r.customer,
      document: r.document,
      component: { serial: r.component.serial, product: r.component.product },
      depth: r.depth,
    }),
  };
}

export async function run(ctx: Context): Promise<void> {
  const f = parseFlags(flags(), ctx.opts);
  const serials = await serialsFromFlags(ctx);
  const filter = {
    product: f.product,
    supplier: f.supplier,
    po: f.po,
    serials,
    // local calendar days; the ledger compares UTC instants
    receivedFrom: f.receivedFrom === undefined ? undefined : startOfLocalDay(f.receivedFrom),
    receivedBefore: f.receivedTo === undefined ? undefined : endOfLocalDay(f.receivedTo),
  };
  await ctx.withLedger(async (db) => {
    const recall = await prepareRecall(db, filter);
    const shown = await presentList(ctx, recall, recallView(), {
      seeAll: 'use --format csv or --json to see them all',
      footer: (n) => `${count(n, 'unit')} built from the ${f.product} component units.`,
    });
    if (shown === 0) {
      const matched = await recall.matched();
      ctx.out.note(
        matched === 0
          ? `No component unit of ${f.product} matches, so no assembled unit contains one.`
          : `No assembled unit contains them: ${count(matched, 'component unit')} of ${f.product} matched, none of them inside a unit now.`,
      );
    }
  });
}
