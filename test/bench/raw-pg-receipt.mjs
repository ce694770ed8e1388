// The limit for a receipt on PostgreSQL: a plain pg script doing the same reads and writes as
// `serials po receive` for the same serials — look them all up at once (= any($1::text[])),
// insert the serials and their movements with COPY, add the stock movement and level — in one
// transaction holding the ledger's write lock, on the same schema.
// Usage: node raw-pg-receipt.mjs URL SERIALS_FILE
import { readFileSync } from 'node:fs';
import { beginLocked, copyRows, nextId, openRawPg } from './raw-pg-db.mjs';

const [url, file] = process.argv.slice(2);
const texts = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
const client = await openRawPg(url);
const at = new Date().toISOString();
await beginLocked(client);
const product = (await client.query("select id from products where code_key = 'w'")).rows[0].id;
const warehouse = (await client.query("select id from warehouses where code_key = 'main'")).rows[0].id;
const keys = texts.map((t) => t.toLowerCase());
const known = await client.query('select serial from serials where product_id = $1 and serial_key = any($2::text[]) limit 1', [product, keys]);
if (known.rowCount) throw new Error(`duplicate ${known.rows[0].serial}`);
const sid = await nextId(client, 'serials');
const mid = await nextId(client, 'serial_movements');
await copyRows(
  client,
  'serials',
  ['id', 'product_id', 'serial', 'serial_key', 'status', 'warehouse_id', 'last_movement_id', 'created_at', 'updated_at'],
  texts.map((text, i) => [sid + i, product, text, keys[i], 'available', warehouse, mid + i, at, at]),
);
await copyRows(
  client,
  'serial_movements',
  ['id', 'serial_id', 'kind', 'document_type', 'document_id', 'document_number', 'document_line_id', 'from_warehouse_id', 'to_warehouse_id', 'status_before', 'status_after', 'unit_cost', 'at'],
  texts.map((_, i) => [mid + i, sid + i, 'receipt', 'purchase_receipt', 1, 'PR-RAW', null, null, warehouse, null, 'available', null, at]),
);
const quantity = texts.length * 10000;
await client.query(
  "insert into stock_movements (product_id, warehouse_id, quantity_e4, kind, document_type, document_id, document_number, document_line_id, at) values ($1, $2, $3, 'receipt', 'purchase_receipt', 1, 'PR-RAW', null, $4)",
  [product, warehouse, quantity, at],
);
await client.query(
  'insert into stock_levels (product_id, warehouse_id, quantity_e4) values ($1, $2, $3) on conflict (product_id, warehouse_id) do update set quantity_e4 = stock_levels.quantity_e4 + excluded.quantity_e4',
  [product, warehouse, quantity],
);
await client.query('commit');
await client.end();
