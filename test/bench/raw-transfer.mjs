// The limit for a transfer of many serials: a plain better-sqlite3 script doing the same
// reads and writes — look up each serial of a `Product Code,Serial Number` CSV and check it
// is available in the source, insert its movement from → to, update the serial — and each
// product's two stock levels once, with prepared statements in one transaction, on the same
// ledger and pragmas. Usage: node raw-transfer.mjs LEDGER CSV FROM TO
import { readFileSync } from 'node:fs';
import { openRaw } from './raw-db.mjs';

const [db, file, fromCode, toCode] = process.argv.slice(2);
const sqlite = openRaw(db);
const rows = readFileSync(file, 'utf8').split('\n').slice(1).filter((l) => l !== '');
const products = new Map(sqlite.prepare('select id, code_key from products').all().map((p) => [p.code_key, p.id]));
const warehouseId = (code) => sqlite.prepare('select id from warehouses where code_key = ?').get(code.toLowerCase()).id;
const [from, to] = [warehouseId(fromCode), warehouseId(toCode)];
const lookup = sqlite.prepare('select id, status, warehouse_id from serials where product_id = ? and serial_key = ?');
const insertMovement = sqlite.prepare(
  "insert into serial_movements (id, serial_id, kind, document_type, document_id, document_number, document_line_id, from_warehouse_id, to_warehouse_id, status_before, status_after, unit_cost, at) values (?, ?, 'transfer', 'transfer', 1, 'WT-RAW', null, ?, ?, 'available', 'available', null, ?)",
);
const updateSerial = sqlite.prepare('update serials set warehouse_id = ?, last_movement_id = ?, updated_at = ? where id = ?');
const updateLevel = sqlite.prepare('update stock_levels set quantity_e4 = quantity_e4 + ? where product_id = ? and warehouse_id = ?');
const insertLevel = sqlite.prepare('insert into stock_levels (product_id, warehouse_id, quantity_e4) values (?, ?, 0) on conflict do nothing');
const at = new Date().toISOString();
sqlite.transaction(() => {
  let mid = sqlite.prepare('select coalesce(max(id), 0) m from serial_movements').get().m + 1;
  const moved = new Map();
  for (const row of rows) {
    const [code, text] = row.split(',');
    const product = products.get(code.toLowerCase());
    const s = lookup.get(product, text.toLowerCase());
    if (!s || s.status !== 'available' || s.warehouse_id !== from) throw new Error(`bad serial ${text}`);
    insertMovement.run(mid, s.id, from, to, at);
    updateSerial.run(to, mid, at, s.id);
    moved.set(product, (moved.get(product) ?? 0) + 1);
    mid++;
  }
  for (const [product, n] of moved) {
    updateLevel.run(-n * 10000, product, from);
    insertLevel.run(product, to);
    updateLevel.run(n * 10000, product, to);
  }
}).immediate();
sqlite.close();
