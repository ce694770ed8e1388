// The ledger of section (h): 1,000,000 serials, 100,000 finished units (TOP) built in three
// levels from 400,000 purchased component units, written straight into a ledger that
// `serials init` created (so the schema is exactly the migrations'), with plain
// better-sqlite3 in one transaction. Every row is one the commands would have written:
//
//   SUB1 = PA + PB      (110 assemblies AS-… of 1,000 units, MAIN → MAIN)
//   SUB2 = SUB1 + PC    (110 assemblies, MAIN → MAIN)
//   TOP  = SUB2 + PD    (100 assemblies, MAIN → FIN)
//
// 100,000 TOP units hold 100,000 SUB2, 100,000 SUB1 and 400,000 purchased parts (PA, PB, PC,
// PD: 100,000 each). 10,000 more SUB2 units (S2-0100001..S2-0110000, built from 30,000 more
// parts) and 20,000 PD (PD-0100001..PD-0120000) stay in MAIN for the bench's assembly of
// 10,000 TOP. 40,000 TOP units were shipped from FIN to five customers (40 sales orders and
// shipments of 1,000), and 20,000 each of PA, PB, PC plus 17 filler products of 10,000
// (F01..F17) are in stock: 1,000,000 serials in all.
//
// Parts were received 1,000 at a time, each receipt on its own purchase order, from ten
// suppliers in turn, except that supplier RECALL delivered exactly 10 receipts of PA (10,000
// units, PA-0005001..PA-0006000, PA-0016001..…, every eleventh receipt), all of them inside
// assembled units (9,000 in TOP units, 4,000 of those shipped; 1,000 in spare SUB2): the
// recall of section (h).
//
// Usage: node make-assemblies-ledger.mjs LEDGER   (creates or replaces it)
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { serials } from './lib.mjs';

export const ASSEMBLY_BENCH = {
  serials: 1_000_000,
  links: 640_000, // 110,000 SUB1 × 2 + 110,000 SUB2 × 2 + 100,000 TOP × 2
  assemblies: 320,
  recallProduct: 'PA',
  recallSupplier: 'RECALL',
  recallUnits: 10_000,
  // the bench's assembly: 10,000 TOP from the spare SUB2 and PD in MAIN, into FIN
  product: 'TOP',
  from: 'MAIN',
  to: 'FIN',
  components: [
    ['SUB2', 'S2-', 100_001],
    ['PD', 'PD-', 100_001],
  ],
  traceUnit: 'T-0027345', // a TOP unit in FIN holding a RECALL PA three levels down
};

const E4 = 10_000;
const BATCH = 1_000;
const serialText = (prefix, n) => `${prefix}${String(n).padStart(7, '0')}`;

export function makeAssembliesLedger(path) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  serials(path, ['init']);
  const db = new Database(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000');
  db.pragma('foreign_keys = OFF');

  let clock = Date.parse('2026-01-05T08:00:00.000Z');
  const now = (stepMs = 60_000) => new Date((clock += stepMs)).toISOString();
  const start = new Date(clock - 86_400_000).toISOString();

  const ins = (table, columns) => db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
  const insDir = (table) => ins(table, ['id', 'code', 'code_key', 'name', 'created_at']);
  const insProduct = ins('products', ['id', 'code', 'code_key', 'description', 'serialized', 'never_diminishing', 'created_at', 'updated_at']);
  const insBom = ins('bom_components', ['product_id', 'line_no', 'component_id', 'quantity_e4', 'updated_at']);
  const insPo = ins('purchase_orders', ['id', 'number', 'supplier_id', 'warehouse_id', 'status', 'created_at', 'updated_at']);
  const insPoLine = ins('purchase_order_lines', ['id', 'purchase_order_id', 'line_no', 'product_id', 'quantity_e4', 'received_e4', 'unit_cost']);
  const insReceipt = ins('purchase_receipts', ['id', 'number', 'purchase_order_id', 'created_at']);
  const insReceiptLine = ins('purchase_receipt_lines', ['id', 'receipt_id', 'purchase_order_line_id', 'product_id', 'quantity_e4', 'serialized', 'unit_cost']);
  const insSerial = db.prepare(
    "insert into serials (id, product_id, serial, serial_key, status, warehouse_id, last_movement_id, created_at, updated_at) values (?, ?, ?, ?, 'available', ?, ?, ?, ?)",
  );
  const consume = db.prepare("update serials set status = 'unavailable', last_movement_id = ?, updated_at = ? where id = ?");
  const insMove = ins('serial_movements', [
    'id', 'serial_id', 'kind', 'document_type', 'document_id', 'document_number', 'document_line_id',
    'from_warehouse_id', 'to_warehouse_id', 'status_before', 'status_after', 'unit_cost', 'at',
  ]);
  const insStock = ins('stock_movements', ['product_id', 'warehouse_id', 'quantity_e4', 'kind', 'document_type', 'document_id', 'document_number', 'document_line_id', 'at']);
  const insAssembly = ins('assemblies', ['id', 'number', 'product_id', 'quantity_e4', 'from_warehouse_id', 'to_warehouse_id', 'status', 'created_at', 'completed_at', 'updated_at']);
  const insAssemblyLine = ins('assembly_lines', ['id', 'assembly_id', 'line_no', 'product_id', 'quantity_e4']);
  const insLink = db.prepare('insert into serial_links (assembly_id, unit_serial_id, component_serial_id, disassembly_id) values (?, ?, ?, null)');
  const insSo = ins('sales_orders', ['id', 'number', 'customer_id', 'warehouse_id', 'status', 'created_at', 'updated_at']);
  const insSoLine = ins('sales_order_lines', ['id', 'sales_order_id', 'line_no', 'product_id', 'quantity_e4', 'shipped_e4', 'unit_price']);
  const insShipment = ins('shipments', ['id', 'number', 'sales_order_id', 'status', 'created_at', 'dispatched_at']);
  const insShipmentLine = ins('shipment_lines', ['id', 'shipment_id', 'sales_order_line_id', 'product_id', 'quantity_e4']);

  const levels = new Map(); // "product:warehouse" -> e4
  const stock = (product, warehouse, qtyE4, kind, type, docId, number, lineId, at) => {
    insStock.run(product, warehouse, qtyE4, kind, type, docId, number, lineId, at);
    const key = `${product}:${warehouse}`;
    levels.set(key, (levels.get(key) ?? 0) + qtyE4);
  };
  const seq = { PO: 0, PR: 0, AS: 0, SO: 0, SS: 0 };
  const number = (prefix) => `${prefix}-${String(++seq[prefix]).padStart(8, '0')}`;

  db.transaction(() => {
    db.prepare("insert or replace into settings (key, value) values ('serial_tracking_enabled_at', ?)").run(start);
    const WH = { MAIN: 1, FIN: 2 };
    for (const [code, id] of Object.entries(WH)) insDir('warehouses').run(id, code, code.toLowerCase(), code === 'MAIN' ? 'Main store' : 'Finished goods', start);
    const suppliers = ['RECALL', ...Array.from({ length: 10 }, (_, i) => `SUP${String(i + 1).padStart(2, '0')}`)];
    suppliers.forEach((code, i) => insDir('suppliers').run(i + 1, code, code.toLowerCase(), `Supplier ${code}`, start));
    const customers = Array.from({ length: 5 }, (_, i) => `CUST${i + 1}`);
    customers.forEach((code, i) => insDir('customers').run(i + 1, code, code.toLowerCase(), `Customer ${code}`, start));

    // products: parts, fillers, sub-assemblies, the top
    const P = {};
    const parts = [
      ['PA', 'PA-', 130_000],
      ['PB', 'PB-', 130_000],
      ['PC', 'PC-', 130_000],
      ['PD', 'PD-', 120_000],
      ...Array.from({ length: 17 }, (_, i) => [`F${String(i + 1).padStart(2, '0')}`, `F${String(i + 1).padStart(2, '0')}-`, 10_000]),
    ];
    for (const code of [...parts.map((p) => p[0]), 'SUB1', 'SUB2', 'TOP']) {
      P[code] = Object.keys(P).length + 1;
      insProduct.run(P[code], code, code.toLowerCase(), `Product ${code}`, 1, 0, start, start);
    }
    const boms = { SUB1: ['PA', 'PB'], SUB2: ['SUB1', 'PC'], TOP: ['SUB2', 'PD'] };
    for (const [product, comps] of Object.entries(boms)) comps.forEach((c, i) => insBom.run(P[product], i + 1, P[c], E4, start));

    let serialId = 0;
    let moveId = 0;
    let lineId = 0;
    const ids = {}; // product code -> serial id of unit n is ids[code] + n - 1 (each product's serials are contiguous)

    // receipts: 1,000 serials each, one purchase order each
    let otherSupplier = 0;
    for (const [code, prefix, total] of parts) {
      ids[code] = serialId + 1;
      for (let r = 0; r < total / BATCH; r++) {
        const recall = code === 'PA' && r < 110 && r % 11 === 5;
        const supplier = recall ? 1 : 2 + (otherSupplier++ % 10);
        const at = now();
        const po = ++seq.PO;
        const poNumber = `PO-${String(po).padStart(8, '0')}`;
        insPo.run(po, poNumber, supplier, WH.MAIN, 'completed', at, at);
        insPoLine.run(po, po, 1, P[code], BATCH * E4, BATCH * E4, 2.5);
        const pr = ++seq.PR;
        const prNumber = `PR-${String(pr).padStart(8, '0')}`;
        insReceipt.run(pr, prNumber, po, at);
        insReceiptLine.run(pr, pr, po, P[code], BATCH * E4, 1, 2.5);
        for (let i = 1; i <= BATCH; i++) {
          const text = serialText(prefix, r * BATCH + i);
          insSerial.run(++serialId, P[code], text, text.toLowerCase(), WH.MAIN, ++moveId, at, at);
          insMove.run(moveId, serialId, 'receipt', 'purchase_receipt', pr, prNumber, pr, null, WH.MAIN, null, 'available', 2.5, at);
        }
        stock(P[code], WH.MAIN, BATCH * E4, 'receipt', 'purchase_receipt', pr, prNumber, pr, at);
      }
    }

    // assemblies of 1,000 units: unit n of a product holds unit n of each of its components
    const assemble = (product, prefix, count, to) => {
      ids[product] = serialId + 1;
      for (let b = 0; b < count / BATCH; b++) {
        const at = now();
        const id = ++seq.AS;
        const asNumber = `AS-${String(id).padStart(8, '0')}`;
        insAssembly.run(id, asNumber, P[product], BATCH * E4, WH.MAIN, WH[to], 'completed', at, at, at);
        const firstUnit = serialId + 1;
        boms[product].forEach((component, c) => {
          const line = ++lineId;
          insAssemblyLine.run(line, id, c + 1, P[component], BATCH * E4);
          for (let i = 0; i < BATCH; i++) {
            const sid = ids[component] + b * BATCH + i;
            insMove.run(++moveId, sid, 'assembly_out', 'assembly', id, asNumber, line, WH.MAIN, null, 'available', 'unavailable', null, at);
            consume.run(moveId, at, sid);
          }
          stock(P[component], WH.MAIN, -BATCH * E4, 'assembly_out', 'assembly', id, asNumber, line, at);
        });
        for (let i = 0; i < BATCH; i++) {
          const n = b * BATCH + i + 1;
          const text = serialText(prefix, n);
          insSerial.run(++serialId, P[product], text, text.toLowerCase(), WH[to], ++moveId, at, at);
          insMove.run(moveId, serialId, 'assembly_in', 'assembly', id, asNumber, null, null, WH[to], null, 'available', null, at);
          for (const component of boms[product]) insLink.run(id, firstUnit + i, ids[component] + b * BATCH + i);
        }
        stock(P[product], WH[to], BATCH * E4, 'assembly_in', 'assembly', id, asNumber, null, at);
      }
    };
    assemble('SUB1', 'S1-', 110_000, 'MAIN');
    assemble('SUB2', 'S2-', 110_000, 'MAIN');
    assemble('TOP', 'T-', 100_000, 'FIN');

    // shipments: TOP blocks of 1,000 whose block number is 0 or 1 modulo 5 (40 of the 100)
    for (let b = 0; b < 100; b++) {
      if (b % 5 > 1) continue;
      const at = now();
      const so = ++seq.SO;
      const soNumber = `SO-${String(so).padStart(8, '0')}`;
      insSo.run(so, soNumber, 1 + (so % customers.length), WH.FIN, 'completed', at, at);
      insSoLine.run(so, so, 1, P.TOP, BATCH * E4, BATCH * E4, 99);
      const ss = ++seq.SS;
      const ssNumber = `SS-${String(ss).padStart(8, '0')}`;
      insShipment.run(ss, ssNumber, so, 'dispatched', at, at);
      insShipmentLine.run(ss, ss, so, P.TOP, BATCH * E4);
      for (let i = 0; i < BATCH; i++) {
        const sid = ids.TOP + b * BATCH + i;
        insMove.run(++moveId, sid, 'shipment', 'shipment', ss, ssNumber, ss, WH.FIN, null, 'available', 'unavailable', null, at);
        consume.run(moveId, at, sid);
      }
      stock(P.TOP, WH.FIN, -BATCH * E4, 'shipment', 'shipment', ss, ssNumber, ss, at);
    }

    const insLevel = db.prepare('insert into stock_levels (product_id, warehouse_id, quantity_e4) values (?, ?, ?)');
    for (const [key, e4] of levels) {
      const [product, warehouse] = key.split(':').map(Number);
      insLevel.run(product, warehouse, e4);
    }
    const insSeq = db.prepare('insert or replace into document_sequences (prefix, last_value) values (?, ?)');
    for (const [prefix, last] of Object.entries(seq)) insSeq.run(prefix, last);
    if (serialId !== ASSEMBLY_BENCH.serials) throw new Error(`made ${serialId} serials`);
  })();
  db.pragma('journal_mode = WAL');
  db.close();
}

/** Writes the ledger's log into its file, so that a copy of the file alone is the whole ledger. */
export function checkpoint(path) {
  const db = new Database(path);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** Whether a ledger kept in .bench/ is the one this script makes. */
export function isAssembliesLedger(path) {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const n = (sql) => db.prepare(sql).pluck().get();
      return (
        n('select count(*) from serials') === ASSEMBLY_BENCH.serials &&
        n('select count(*) from serial_links where disassembly_id is null') === ASSEMBLY_BENCH.links &&
        n("select count(*) from assemblies where status = 'completed'") === ASSEMBLY_BENCH.assemblies
      );
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const t = performance.now();
  makeAssembliesLedger(process.argv[2]);
  console.error(`made ${process.argv[2]} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
