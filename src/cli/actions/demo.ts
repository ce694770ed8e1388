// serials demo: a small ledger built from fixtures/ through the importers, walked through
// receipts, adjustments, a sale, a credit and a supplier return, then shown as an enquiry
// and a stock-on-hand table.

import { existsSync, rmSync } from 'node:fs';
import { reserveOutput } from '../../io/safe-output.js';
import { noteCommitted } from '../signals.js';
import { join } from 'node:path';
import { migrateToLatest } from '../../db/migrate.js';
import { createPurchaseOrder } from '../../core/purchasing/purchase-orders.js';
import { createSalesOrder } from '../../core/sales/sales-orders.js';
import { assignSerials } from '../../core/sales/serial-assignments.js';
import { shipSalesOrder } from '../../core/sales/shipments.js';
import { createCredit } from '../../core/sales/credits.js';
import { createSupplierReturn } from '../../core/purchasing/supplier-returns.js';
import { receivePurchaseOrder } from '../../core/purchasing/purchase-receipts.js';
import { adjustStock } from '../../core/stock/adjustments.js';
import { enableSerialTracking, getSettings, markDemo } from '../../core/master-data/settings.js';
import { enquire } from '../../core/reports/enquiry.js';
import { stockOnHand } from '../../core/reports/stock-on-hand.js';
import { formatQuantity, toNumber } from '../../core/values/quantity.js';
import { RejectedError } from '../../errors.js';
import { packageRoot } from '../../io/package-root.js';
import { readCsvFile } from '../../io/csv-read.js';
import { openCsv } from '../../io/csv-stream.js';
import { describeWritten, IMPORTERS, type ImportKind } from './import.js';
import { capitalise } from '../output.js';
import type { Context } from '../context.js';

const DEFAULT_DEMO_DB = './serials-demo.db';

/** The demo replaces only a ledger it made itself. */
async function assertOldDemo(ctx: Context, path: string): Promise<void> {
  if (!existsSync(path)) return;
  let isDemo = false;
  try {
    isDemo = (await ctx.withLedger((db) => getSettings(db), { path })).demo;
  } catch {
    isDemo = false;
  }
  if (!isDemo) {
    throw new RejectedError([
      {
        code: 'not_a_demo_ledger',
        message: `${path} exists and is not a demo ledger, so the demo will not overwrite it.`,
        fix: 'Give the demo another file: serials --db /tmp/serials-demo.db demo',
      },
    ]);
  }
}

export async function demo(ctx: Context): Promise<void> {
  const path = typeof ctx.opts.db === 'string' ? ctx.dbPath : DEFAULT_DEMO_DB;
  await assertOldDemo(ctx, path);
  // Built whole under a temporary name beside it, then put in place: an interrupted or
  // failed demo leaves the old demo (or nothing) as it was.
  // assertOldDemo decided which database may be replaced
  const scratch = reserveOutput(path, 'demo', {}, { mayReplaceDatabase: true });
  try {
    const steps = await buildDemo(ctx, scratch.path);
    // a stale log of the old demo must not be applied to the new file
    for (const suffix of ['-wal', '-shm']) rmSync(path + suffix, { force: true });
    scratch.commit();
    noteCommitted();
    await showDemo(ctx, path, steps);
  } finally {
    scratch.abort(); // no-op once committed
  }
}

async function buildDemo(ctx: Context, path: string): Promise<{ step: string; number?: string }[]> {
  const fixtures = join(packageRoot(), 'fixtures');
  const csv = (name: string) => readCsvFile(join(fixtures, name));
  const steps: { step: string; number?: string }[] = [];

  await ctx.createLedger((db) => migrateToLatest(db), { path, scratch: true });
  await ctx.withLedger(
    async (db) => {
      await markDemo(db);
      await enableSerialTracking(db);
    },
    { path, write: true, scratch: true },
  );
  steps.push({ step: 'Enabled serial tracking' });

  // Master data and opening balances through the importers, from the fixtures.
  const imports: [ImportKind, string][] = [
    ['warehouses', 'warehouses.csv'],
    ['suppliers', 'suppliers.csv'],
    ['customers', 'customers.csv'],
    ['products', 'products.csv'],
    ['opening-stock', 'opening-stock.csv'],
    ['serials', 'serials.csv'],
  ];
  for (const [kind, name] of imports) {
    const source = openCsv(join(fixtures, name));
    const result = await ctx.withLedger((db) => IMPORTERS[kind](db, { file: `fixtures/${name}`, records: source.records }), { path, scratch: true });
    steps.push({ step: `Imported fixtures/${name}: ${describeWritten(result.written)}`, number: result.number ?? undefined });
  }

  await ctx.withLedger(
    async (db) => {
      const orders = new Map<string, { supplier: string; warehouse: string; lines: { product: string; quantity: string; unitCost: number }[] }>();
      for (const row of csv('purchase-orders.csv')) {
        const key = row.order ?? '';
        if (!orders.has(key)) orders.set(key, { supplier: row.suppliercode ?? '', warehouse: row.warehousecode ?? '', lines: [] });
        orders.get(key)?.lines.push({ product: row.productcode ?? '', quantity: row.quantity ?? '', unitCost: Number(row.unitcost) });
      }
      const serials = csv('receipt-serials.csv').map((r) => ({
        raw: r.serialnumber ?? '',
        product: r.productcode ?? '',
        source: `fixtures/receipt-serials.csv line ${r.__line}`,
      }));
      for (const order of orders.values()) {
        const po = await createPurchaseOrder(db, order);
        steps.push({ step: `Created purchase order from ${po.supplier} into ${po.warehouse}: ${po.lines.map((l) => `${l.product} x ${formatQuantity(l.quantityE4)}`).join(', ')}`, number: po.number });
        // each order receives the serials of its own products
        const own = new Set(order.lines.map((l) => l.product.toLowerCase()));
        const receipt = await receivePurchaseOrder(db, { purchaseOrder: po.number, serials: serials.filter((s) => own.has(s.product.toLowerCase())) });
        steps.push({
          step: `Received ${receipt.lines.map((l) => `${l.product} x ${formatQuantity(l.quantityE4)}`).join(', ')} on ${receipt.purchaseOrder}${receipt.completed ? ' (order completed)' : ' (partial)'}`,
          number: receipt.number,
        });
      }
      const out = await adjustStock(db, { direction: 'out', warehouse: 'MAIN', product: 'DRILL-18V', serials: [{ raw: 'DR18-000103' }], reason: 'Damaged in transit' });
      steps.push({ step: 'Adjusted out drill DR18-000103: damaged in transit', number: out.number });
      const back = await adjustStock(db, { direction: 'in', warehouse: 'SHOP', product: 'DRILL-18V', serials: [{ raw: 'dr18-000103' }], reason: 'Repaired, back on the shop floor' });
      steps.push({ step: 'Adjusted drill DR18-000103 back in at SHOP (same unit, history continues)', number: back.number });
      const cable = await adjustStock(db, { direction: 'out', warehouse: 'MAIN', product: 'CABLE-3C', quantity: '0.5', serials: [], reason: 'Offcut' });
      steps.push({ step: 'Adjusted out 0.5 m of cable: offcut', number: cable.number });

      // A sale: one drill assigned in advance, one given at shipment; one comes back.
      const so = await createSalesOrder(db, {
        customer: 'BAKER',
        warehouse: 'MAIN',
        lines: [
          { product: 'DRILL-18V', quantity: '2', unitPrice: 129 },
          { product: 'CABLE-3C', quantity: '15.5', unitPrice: 2.4 },
        ],
      });
      steps.push({ step: 'Created sales order for BAKER: DRILL-18V x 2, CABLE-3C x 15.5', number: so.number });
      await assignSerials(db, { salesOrder: so.number, product: 'DRILL-18V', serials: [{ raw: 'DR18-000101' }] });
      steps.push({ step: 'Assigned drill DR18-000101 to the order in advance (it stays available)', number: so.number });
      const shipment = await shipSalesOrder(db, { salesOrder: so.number, serials: [{ raw: 'DR18-000102', product: 'DRILL-18V' }] });
      steps.push({ step: 'Shipped and dispatched the order: DR18-000101 (assigned) and DR18-000102', number: shipment.number });
      const credit = await createCredit(db, { salesOrder: so.number, product: 'DRILL-18V', serials: [{ raw: 'DR18-000102' }] });
      steps.push({ step: 'Credited drill DR18-000102 back into stock (customer return)', number: credit.number });
      const toSupplier = await createSupplierReturn(db, { purchaseOrder: 'PO-00000002', product: 'SAW-CIRC', serials: [{ raw: 'CS14-A7733' }] });
      steps.push({ step: 'Returned saw CS14-A7733 to NORTHWIND', number: toSupplier.number });
    },
    { path, write: true, scratch: true },
  );
  return steps;
}

async function showDemo(ctx: Context, path: string, steps: { step: string; number?: string }[]): Promise<void> {
  const { rows, stock } = await ctx.withLedger(async (db) => ({ rows: await enquire(db, {}), stock: await stockOnHand(db) }), { path });
  if (ctx.json) {
    return ctx.out.json({
      path,
      steps,
      enquiry: rows,
      soh: stock.map((s) => ({ product: s.product, warehouse: s.warehouse, quantity: toNumber(s.quantityE4), serials: s.serials })),
    });
  }
  const { bold } = ctx.out.color;
  ctx.out.line(bold(`Demo ledger: ${path}`));
  for (const s of steps) ctx.out.line(`  ${s.number ? s.number.padEnd(12) : ''.padEnd(12)} ${s.step}`);
  ctx.out.line();
  ctx.out.line(bold('Serial enquiry (serials enquiry)'));
  ctx.out.table(
    ['Product Code', 'Warehouse Code', 'Serial Number', 'Status', 'Last Document', 'Party'],
    rows.map((r) => [r.product, r.warehouse, r.serial, capitalise(r.status), r.lastDocument.number, r.lastDocument.party]),
  );
  ctx.out.line();
  ctx.out.line(bold('Stock on hand (serials soh)'));
  ctx.out.table(
    ['Product Code', 'Warehouse Code', 'Quantity On Hand', 'Serials Available'],
    stock.map((s) => [s.product, s.warehouse, formatQuantity(s.quantityE4), s.serials]),
  );
  ctx.out.line();
  ctx.out.line(`Try: serials --db ${path} history DR18-000103`);
  ctx.out.line(`     serials --db ${path} po show PO-00000001`);
  ctx.out.line(`     serials --db ${path} so show SO-00000001`);
}
