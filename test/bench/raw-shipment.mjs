// The limit for a shipment (or credit) of many serials: a plain better-sqlite3 script doing
// the same reads and writes for the same serials — look each up and check it, insert its
// movement, update the serial — and the stock level once, with prepared statements in one
// transaction, on the same ledger and pragmas. Usage: node raw-shipment.mjs LEDGER SERIALS_FILE out|in
import { readFileSync } from 'node:fs';
import { openRaw } from './raw-db.mjs';

const [db, file, direction] = process.argv.slice(2);
const sqlite = openRaw(db);
const texts = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
const product = sqlite.prepare('select id from products where code_key = ?').get('w').id;
const warehouse = sqlite.prepare('select id from warehouses where code_key = ?').get('main').id;
const lookup = sqlite.prepare('select id, status, warehouse_id from serials where product_id = ? and serial_key = ?');
const insertMovement = sqlite.prepare(
  'insert into serial_movements (id, serial_id, kind, document_type, document_id, document_number, document_line_id, from_warehouse_id, to_warehouse_id, status_before, status_after, unit_cost, at) values (?, ?, ?, ?, 1, ?, null, ?, ?, ?, ?, null, ?)',
);
const updateSerial = sqlite.prepare('update serials set status = ?, warehouse_id = ?, last_movement_id = ?, updated_at = ? where id = ?');
const updateLevel = sqlite.prepare('update stock_levels set quantity_e4 = quantity_e4 + ? where product_id = ? and warehouse_id = ?');
const at = new Date().toISOString();
const out = direction === 'out';
sqlite.transaction(() => {
  let mid = sqlite.prepare('select coalesce(max(id), 0) m from serial_movements').get().m + 1;
  for (const text of texts) {
    const s = lookup.get(product, text.toLowerCase());
    if (!s || (out ? s.status !== 'available' || s.warehouse_id !== warehouse : s.status === 'available')) throw new Error(`bad serial ${text}`);
    insertMovement.run(mid, s.id, out ? 'shipment' : 'credit', out ? 'shipment' : 'credit', out ? 'SS-RAW' : 'CN-RAW', out ? warehouse : null, out ? null : warehouse, s.status, out ? 'unavailable' : 'available', at);
    updateSerial.run(out ? 'unavailable' : 'available', warehouse, mid, at, s.id);
    mid++;
  }
  updateLevel.run((out ? -1 : 1) * texts.length * 10000, product, warehouse);
}).immediate();
sqlite.close();
