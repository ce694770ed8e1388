// serials demo: a small ledger built from fixtures/ through the importers, walked through
// purchase receipts, adjustments, a sale (a serial assigned in advance, a shipment), a
// customer's credit, a return to a supplier, a warehouse transfer, a stock count, and a kit
// assembled from serialized parts and sold, then shown as `serials enquiry`, `serials soh`
// and `serials trace` show it (the same views).

import { UsageError } from '../../../errors.js';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { reserveOutput } from '../../../io/safe-output.js';
import { noteCommitted } from '../../signals.js';
import { migrateToLatest } from '../../../db/migrate.js';
import type { Db } from '../../../db/open.js';
import { createPurchaseOrder } from '../../../core/purchasing/purchase-orders.js';
import { createSalesOrder } from '../../../core/sales/sales-orders.js';
import { assignSerials } from '../../../core/sales/serial-assignments.js';
import { shipSalesOrder } from '../../../core/sales/shipments.js';
import { createCredit } from '../../../core/sales/credits.js';
import { createSupplierReturn } from '../../../core/purchasing/supplier-returns.js';
import { receivePurchaseOrder } from '../../../core/purchasing/purchase-receipts.js';
import { adjustStock } from '../../../core/stock/adjustments.js';
import { createTransfer } from '../../../core/stock/transfers.js';
import { createCount } from '../../../core/counts/create.js';
import { startCount } from '../../../core/counts/status.js';
import { scanCount } from '../../../core/counts/scans.js';
import { completeCount } from '../../../core/counts/complete.js';
import { setBom } from '../../../core/assemblies/boms.js';
import { assemble } from '../../../core/assemblies/assemble.js';
import { enableSerialTracking, getSettings, markDemo } from '../../../core/master-data/settings.js';
import { importDirectory } from '../../../core/imports/directory.js';
import { importProducts } from '../../../core/imports/products.js';
import { importOpeningStock } from '../../../core/imports/opening-stock.js';
import { importSerials } from '../../../core/imports/serials.js';
import type { ImportInput, ImportResult } from '../../../core/imports/common.js';
import { enquire } from '../../../core/reports/enquiry.js';
import { stockOnHand } from '../../../core/reports/stock-on-hand.js';
import { formatQuantity } from '../../../core/values/quantity.js';
import { RejectedError } from '../../../errors.js';
import { packageRoot } from '../../../io/package-root.js';
import { readCsvFile } from '../../../io/csv-read.js';
import { openCsv } from '../../../io/csv-stream.js';
import { tableText } from '../../render/present.js';
import { count, listed } from '../../render/words.js';
import { enquiryView } from '../enquiry/enquiry.js';
import { loadCountSheet, serialLengths, sheetSerials } from '../../../core/counts/count-sheet.js';
import { writeCountSheet } from '../../render/pdf/count-sheet.js';
import type { PdfJob } from '../../render/pdf/writer.js';
import { sohView } from '../soh/soh.js';
import { traceSerial } from '../../../core/reports/trace.js';
import { traceJson, traceLines } from '../../families/trace.js';

export const spec: CommandSpec = {
  noun: 'demo',
  summary: 'build a small example ledger from fixtures/ and show it (default ./serials-demo.db)',
  examples: ['serials demo', 'serials --db /tmp/try.db demo', 'serials demo --json'],
};

const DEFAULT_DEMO_DB = './serials-demo.db';
/** the kit the demo assembles, ships and traces */
const DEMO_KIT = 'KIT-0001';

interface Step {
  step: string;
  /** the number of the document the step made or used, if any */
  document: string | null;
}

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

export async function run(ctx: Context): Promise<void> {
  if (typeof ctx.opts.db === 'string' && ctx.location.engine !== 'sqlite') {
    // the demo is built whole in a file beside its target and renamed into place; a server has no such step
    throw new UsageError(
      `The demo builds its own SQLite ledger file; it does not write to ${ctx.dbPath}.`,
      `Run serials demo, then copy the result across: serials db copy --from ${DEFAULT_DEMO_DB} --to ${ctx.dbPath}`,
    );
  }
  const path = typeof ctx.opts.db === 'string' ? ctx.dbPath : DEFAULT_DEMO_DB;
  await assertOldDemo(ctx, path);
  // Built whole under a temporary name beside it, then put in place: an interrupted or
  // failed demo leaves the old demo (or nothing) as it was. assertOldDemo decided which
  // database may be replaced.
  const scratch = reserveOutput(path, 'demo', {}, { mayReplaceDatabase: true });
  try {
    const steps = await buildDemo(ctx, scratch.path);
    // a stale log of the old demo must not be applied to the new file
    for (const suffix of ['-wal', '-shm']) rmSync(path + suffix, { force: true });
    scratch.commit();
    noteCommitted();
    const sheet = await writeDemoSheet(ctx, path);
    await showDemo(ctx, path, steps, sheet);
  } finally {
    scratch.abort(); // no-op once committed
  }
}

type ImportKind = 'warehouses' | 'suppliers' | 'customers' | 'products' | 'opening-stock' | 'serials';

const IMPORTERS: Record<ImportKind, (db: Db, input: ImportInput) => Promise<ImportResult>> = {
  warehouses: (db, input) => importDirectory(db, 'warehouse', input),
  suppliers: (db, input) => importDirectory(db, 'supplier', input),
  customers: (db, input) => importDirectory(db, 'customer', input),
  products: importProducts,
  'opening-stock': importOpeningStock,
  serials: importSerials,
};

/** What an import's counts are called, one and many. */
const WRITTEN: Record<string, [string, string]> = {
  warehouses: ['warehouse', 'warehouses'],
  suppliers: ['supplier', 'suppliers'],
  customers: ['customer', 'customers'],
  products: ['product', 'products'],
  serials: ['serial', 'serials'],
  stockLevels: ['stock level', 'stock levels'],
  productsSerialized: ['serialized product', 'serialized products'],
};

/** "3 serials, 2 stock levels" */
function describeWritten(written: Record<string, number>): string {
  return Object.entries(written)
    .filter(([key, n]) => key !== 'rows' && n > 0)
    .map(([key, n]) => {
      const [one, many] = WRITTEN[key] ?? [key, key];
      return count(n, one, many);
    })
    .join(', ');
}

const lines = (ls: readonly { product: string; quantityE4: number }[]) => ls.map((l) => `${l.product} x ${formatQuantity(l.quantityE4)}`).join(', ');

async function buildDemo(ctx: Context, path: string): Promise<Step[]> {
  const fixtures = join(packageRoot(), 'fixtures');
  const csv = (name: string) => readCsvFile(join(fixtures, name));
  const steps: Step[] = [];
  const say = (step: string, document: string | null = null) => steps.push({ step, document });

  await ctx.createLedger((db) => migrateToLatest(db), { path, scratch: true });
  await ctx.withLedger(
    async (db) => {
      await markDemo(db);
      await enableSerialTracking(db);
    },
    { path, write: true, scratch: true },
  );
  say('Enabled serial tracking');

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
    say(`Imported fixtures/${name}: ${describeWritten(result.written)}`, result.number);
  }

  await ctx.withLedger(
    async (db) => {
      // Purchasing: two orders, each received with the serials of its own products.
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
        say(`Ordered from ${po.supplier} into ${po.warehouse}: ${lines(po.lines)}`, po.number);
        const own = new Set(order.lines.map((l) => l.product.toLowerCase()));
        const receipt = await receivePurchaseOrder(db, { purchaseOrder: po.number, serials: serials.filter((s) => own.has(s.product.toLowerCase())) });
        say(`Received ${lines(receipt.lines)} on ${receipt.purchaseOrder}${receipt.completed ? '' : ' (partly)'}`, receipt.number);
      }

      // Adjustments: a damaged drill out and back in at another warehouse; an offcut of cable.
      const out = await adjustStock(db, { direction: 'out', warehouse: 'MAIN', product: 'DRILL-18V', serials: [{ raw: 'DR18-000103' }], reason: 'Damaged in transit' });
      say('Adjusted drill DR18-000103 out of MAIN: damaged in transit', out.number);
      const back = await adjustStock(db, { direction: 'in', warehouse: 'SHOP', product: 'DRILL-18V', serials: [{ raw: 'dr18-000103' }], reason: 'Repaired, back on the shop floor' });
      say('Adjusted DR18-000103 back in at SHOP, repaired (same unit)', back.number);
      const cable = await adjustStock(db, { direction: 'out', warehouse: 'MAIN', product: 'CABLE-3C', quantity: '0.5', serials: [], reason: 'Offcut' });
      say('Adjusted 0.5 m of cable out of MAIN: offcut', cable.number);

      // A sale: one drill assigned in advance, one given at shipment; one comes back.
      const so = await createSalesOrder(db, {
        customer: 'BAKER',
        warehouse: 'MAIN',
        lines: [
          { product: 'DRILL-18V', quantity: '2', unitPrice: 129 },
          { product: 'CABLE-3C', quantity: '15.5', unitPrice: 2.4 },
        ],
      });
      say(`Sales order for ${so.customer}: ${lines(so.lines)}`, so.number);
      await assignSerials(db, { salesOrder: so.number, product: 'DRILL-18V', serials: [{ raw: 'DR18-000101' }] });
      say('Assigned drill DR18-000101 to the order (it stays available)', so.number);
      const shipment = await shipSalesOrder(db, { salesOrder: so.number, serials: [{ raw: 'DR18-000102', product: 'DRILL-18V' }] });
      say('Shipped the order: DR18-000101 (assigned), DR18-000102 and cable', shipment.number);
      const credit = await createCredit(db, { salesOrder: so.number, product: 'DRILL-18V', serials: [{ raw: 'DR18-000102' }] });
      say('Credited drill DR18-000102: the customer sent it back', credit.number);
      const toSupplier = await createSupplierReturn(db, { purchaseOrder: 'PO-00000002', product: 'SAW-CIRC', serials: [{ raw: 'CS14-A7733' }] });
      say('Returned saw CS14-A7733 to its supplier, NORTHWIND', toSupplier.number);

      // The warehouse side: a transfer to the shop, then a count of the shop's drills that
      // finds one missing, one unknown unit and one that the ledger has in MAIN.
      const transfer = await createTransfer(db, { from: 'MAIN', to: 'SHOP', product: 'DRILL-18V', serials: [{ raw: 'DR18-000003' }], lines: [{ product: 'CABLE-3C', quantity: '20' }] });
      say('Transferred drill DR18-000003 and 20 m of cable from MAIN to SHOP', transfer.number);
      const stockCount = await createCount(db, { warehouse: 'SHOP', products: ['DRILL-18V'] });
      await startCount(db, stockCount.number);
      say(`Counted drills at SHOP: expected ${listed(['DR18-000003', 'DR18-000103'])}`, stockCount.number);
      await scanCount(db, { number: stockCount.number }, [[{ raw: 'DR18-000003' }, { raw: 'DR18-000104' }, { raw: 'DR18-000999' }]]);
      say('Scanned DR18-000003, DR18-000104 (ledger: MAIN) and DR18-000999', stockCount.number);
      const counted = await completeCount(db, { number: stockCount.number });
      say(
        `Completed: ${counted.posted.removed} missing out, ${counted.posted.added} unknown in, ${counted.posted.moved} moved from MAIN`,
        stockCount.number,
      );

      // Production: a kit built from a drill (the one the customer sent back) and two
      // batteries, each unit remembering its parts, then sold: trace follows it both ways.
      await setBom(db, { product: 'KIT-18V', components: [{ product: 'DRILL-18V', quantity: '1' }, { product: 'BATTERY-18V', quantity: '2' }, { product: 'CASE-T', quantity: '1' }] });
      say('Bill of materials: KIT-18V = DRILL-18V + 2 BATTERY-18V + CASE-T');
      const kit = await assemble(db, {
        product: 'KIT-18V',
        warehouse: 'MAIN',
        serials: [{ raw: DEMO_KIT }],
        components: [
          { product: 'DRILL-18V', serials: [{ raw: 'DR18-000102' }] },
          { product: 'BATTERY-18V', serials: [{ raw: 'BT5-0001' }, { raw: 'BT5-0002' }] },
        ],
      });
      say(`Assembled kit ${DEMO_KIT} from DR18-000102, BT5-0001 and BT5-0002`, kit.number);
      const kitOrder = await createSalesOrder(db, { customer: 'BAKER', warehouse: 'MAIN', lines: [{ product: 'KIT-18V', quantity: '1', unitPrice: 219 }] });
      const kitShipment = await shipSalesOrder(db, { salesOrder: kitOrder.number, serials: [{ raw: DEMO_KIT }] });
      say(`Sold and shipped kit ${DEMO_KIT} to ${kitOrder.customer} on ${kitOrder.number}`, kitShipment.number);
    },
    { path, write: true, scratch: true },
  );
  return steps;
}

/**
 * The count's sheet as it was printed to count with, written beside the demo ledger (and
 * replaced with it): what `serials count sheet SC-00000001 --format pdf` writes.
 */
async function writeDemoSheet(ctx: Context, path: string): Promise<{ output: string; pages: number }> {
  const output = `${path.replace(/\.db$/, '')}-count-sheet.pdf`;
  const job: PdfJob = { output, paper: 'a4', guard: { ledger: path }, title: 'Stock count sheet SC-00000001', importModule: ctx.importModule };
  return ctx.withLedger(
    async (db) => {
      const sheet = await loadCountSheet(db, 'SC-00000001');
      const written = await writeCountSheet(job, sheet, { serials: sheetSerials(db, sheet), lengths: (id) => serialLengths(db, id) }, new Date().toISOString());
      return { output, pages: written.pages };
    },
    { path },
  );
}

async function showDemo(ctx: Context, path: string, steps: readonly Step[], sheet: { output: string; pages: number }): Promise<void> {
  const { rows, stock, trace } = await ctx.withLedger(async (db) => ({ rows: await enquire(db, {}), stock: await stockOnHand(db), trace: await traceSerial(db, { serial: DEMO_KIT }) }), { path });
  const enquiry = enquiryView();
  const soh = sohView();
  if (ctx.json) {
    return ctx.out.json({ path, steps, enquiry: rows.map((r) => enquiry.json(r)), soh: stock.map((s) => soh.json(s)), countSheet: sheet.output, trace: traceJson(trace) });
  }
  const { out } = ctx;
  out.line(out.color.bold(`Demo ledger: ${path}`));
  for (const s of steps) out.line(`  ${(s.document ?? '').padEnd(11)}  ${s.step}`);
  out.line();
  // the path on a line of its own: it is as long as the user's folder makes it
  out.line(`Count sheet of SC-00000001, ${count(sheet.pages, 'page')}:`);
  out.line(`  ${sheet.output}`);
  out.line();
  out.line(out.color.bold('Serial enquiry (serials enquiry)'));
  out.line(tableText(ctx, rows, enquiry).trimEnd());
  out.line();
  out.line(out.color.bold('Stock on hand (serials soh)'));
  out.line(tableText(ctx, stock, soh).trimEnd());
  out.line();
  out.line(out.color.bold(`Genealogy of kit ${DEMO_KIT} (serials trace ${DEMO_KIT})`));
  for (const line of traceLines(trace, 80)) out.line(line);
  out.line();
  out.line(`Try: serials --db ${path} history DR18-000103`);
  out.line(`     serials --db ${path} trace BT5-0001`);
  out.line(`     serials --db ${path} count show SC-00000001`);
  out.line(`     serials --db ${path} po show PO-00000001`);
  out.line(`     serials --db ${path} so show SO-00000001`);
}
