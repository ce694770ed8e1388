// The reference for the stock-count steps: a plain better-sqlite3 script reading the rows of
// every serial available in one warehouse (serial, product code, key), the least any count
// step has to do. Usage: node raw-warehouse-read.mjs LEDGER WAREHOUSE_CODE
import { openRaw } from './raw-db.mjs';

const [db, warehouseCode] = process.argv.slice(2);
const sqlite = openRaw(db);
const warehouse = sqlite.prepare('select id from warehouses where code_key = ?').get(warehouseCode.toLowerCase()).id;
let rows = 0;
for (const r of sqlite
  .prepare("select s.id, s.serial, s.serial_key, p.code from serials s join products p on p.id = s.product_id where s.warehouse_id = ? and s.status = 'available'")
  .iterate(warehouse)) {
  if (r.serial_key) rows += 1;
}
if (rows === 0) throw new Error('no serials read');
process.stdout.write(`${rows}\n`);
sqlite.close();
