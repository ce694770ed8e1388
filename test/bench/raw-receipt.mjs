// The limit for a receipt: a plain better-sqlite3 script doing the same reads and writes as
// `serials po receive` for the same serials — look each serial up, insert it and its
// movement, update the stock level — with prepared statements in one transaction, on the
// same schema and pragmas. Usage: node raw-receipt.mjs LEDGER SERIALS_FILE
import { readFileSync } from 'node:fs';
import { openRaw } from './raw-db.mjs';

const [db, file] = process.argv.slice(2);
const sqlite = openRaw(db);
const texts = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
const product = sqlite.prepare('select id from products where code_key = ?').get('w').id;
const warehouse = sqlite.prepare('select id from warehouses where code_key = ?').get('main').id;
const lookup = sqlite.prepare('select id, status from serials where product_id = ? and serial_key = ?');
const insertSerial = sqlite.prepare(
  "insert into serials (id, product_id, serial, serial_key, status, warehouse_id, last_movement_id, created_at, updated_at) values (?, ?, ?, ?, 'available', ?, ?, ?, ?)",
);
const insertMovement = sqlite.prepare(
  "insert into serial_movements (id, serial_id, kind, document_type, document_id, document_number, document_line_id, from_warehouse_id, to_warehouse_id, status_before, status_after, unit_cost, at) values (?, ?, 'receipt', 'purchase_receipt', 1, 'PR-RAW', null, null, ?, null, 'available', null, ?)",
);
const upsertLevel = sqlite.prepare(
  'insert into stock_levels (product_id, warehouse_id, quantity_e4) values (?, ?, ?) on conflict (product_id, warehouse_id) do update set quantity_e4 = quantity_e4 + excluded.quantity_e4',
);
const at = new Date().toISOString();
sqlite.transaction(() => {
  let sid = (sqlite.prepare('select coalesce(max(id), 0) m from serials').get().m ?? 0) + 1;
  let mid = (sqlite.prepare('select coalesce(max(id), 0) m from serial_movements').get().m ?? 0) + 1;
  for (const text of texts) {
    if (lookup.get(product, text.toLowerCase())) throw new Error(`duplicate ${text}`);
    insertSerial.run(sid, product, text, text.toLowerCase(), warehouse, mid, at, at);
    insertMovement.run(mid, sid, warehouse, at);
    sid++;
    mid++;
  }
  upsertLevel.run(product, warehouse, texts.length * 10000);
}).immediate();
sqlite.close();
