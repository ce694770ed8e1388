// The limit for an opening-stock import: a plain better-sqlite3 script that streams the
// same CSV with csv-parse and inserts the same serial and movement rows with one prepared
// statement per row in one transaction, on the same schema and pragmas (no validation).
// Usage: node raw-opening-stock.mjs LEDGER CSV
import { createReadStream } from 'node:fs';
import { openRaw, BULK_CACHE_KIB } from './raw-db.mjs';
import { parse } from 'csv-parse';

const [db, file] = process.argv.slice(2);
const sqlite = openRaw(db, BULK_CACHE_KIB);
const products = new Map(sqlite.prepare('select code_key, id from products').all().map((r) => [r.code_key, r.id]));
const warehouses = new Map(sqlite.prepare('select code_key, id from warehouses').all().map((r) => [r.code_key, r.id]));
const insertSerial = sqlite.prepare(
  "insert into serials (id, product_id, serial, serial_key, status, warehouse_id, last_movement_id, created_at, updated_at) values (?, ?, ?, ?, 'available', ?, ?, ?, ?)",
);
const insertMovement = sqlite.prepare(
  "insert into serial_movements (id, serial_id, kind, document_type, document_id, document_number, document_line_id, from_warehouse_id, to_warehouse_id, status_before, status_after, unit_cost, at) values (?, ?, 'import', 'import', 1, 'IM-RAW', null, null, ?, null, 'available', ?, ?)",
);
const at = new Date().toISOString();
let id = 1;
sqlite.exec('begin immediate');
let header = true;
for await (const r of createReadStream(file).pipe(parse({ bom: true, relax_column_count: true }))) {
  if (header) {
    header = false;
    continue;
  }
  const [product, warehouse, , cost, serial] = r;
  if (!serial) continue;
  const pid = products.get(product.toLowerCase());
  const wid = warehouses.get(warehouse.toLowerCase());
  insertSerial.run(id, pid, serial, serial.toLowerCase(), wid, id, at, at);
  insertMovement.run(id, id, wid, cost === '' ? null : Number(cost), at);
  id++;
}
sqlite.exec('commit');
sqlite.close();
