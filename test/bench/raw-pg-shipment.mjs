// The limit for a shipment (or credit) of many serials on PostgreSQL: a plain pg script doing
// the same reads and writes as the CLI for the same serials — look them all up at once
// (= any($1::text[])) and check each, COPY their movements, update the serials in one
// statement (update … from unnest), add the stock movement and change the level — in one
// transaction holding the ledger's write lock, on the same ledger.
// Usage: node raw-pg-shipment.mjs URL SERIALS_FILE out|in
import { readFileSync } from 'node:fs';
import { beginLocked, copyRows, nextId, openRawPg } from './raw-pg-db.mjs';

const [url, file, direction] = process.argv.slice(2);
const out = direction === 'out';
const texts = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
const client = await openRawPg(url);
const at = new Date().toISOString();
await beginLocked(client);
const product = (await client.query("select id from products where code_key = 'w'")).rows[0].id;
const warehouse = (await client.query("select id from warehouses where code_key = 'main'")).rows[0].id;
const keys = texts.map((t) => t.toLowerCase());
const found = new Map();
for (const r of (await client.query('select id, serial_key, status, warehouse_id from serials where product_id = $1 and serial_key = any($2::text[])', [product, keys])).rows) found.set(r.serial_key, r);
const ids = keys.map((key, i) => {
  const s = found.get(key);
  if (!s || (out ? s.status !== 'available' || s.warehouse_id !== warehouse : s.status === 'available')) throw new Error(`bad serial ${texts[i]}`);
  return s.id;
});
const mid = await nextId(client, 'serial_movements');
await copyRows(
  client,
  'serial_movements',
  ['id', 'serial_id', 'kind', 'document_type', 'document_id', 'document_number', 'document_line_id', 'from_warehouse_id', 'to_warehouse_id', 'status_before', 'status_after', 'unit_cost', 'at'],
  ids.map((id, i) => [
    mid + i,
    id,
    out ? 'shipment' : 'credit',
    out ? 'shipment' : 'credit',
    1,
    out ? 'SS-RAW' : 'CN-RAW',
    null,
    out ? warehouse : null,
    out ? null : warehouse,
    found.get(keys[i]).status,
    out ? 'unavailable' : 'available',
    null,
    at,
  ]),
);
await client.query(
  'update serials s set status = $1, warehouse_id = $2, last_movement_id = u.mid, updated_at = $3 from unnest($4::int[], $5::int[]) as u(id, mid) where s.id = u.id',
  [out ? 'unavailable' : 'available', warehouse, at, ids, ids.map((_, i) => mid + i)],
);
const quantity = (out ? -1 : 1) * texts.length * 10000;
await client.query(
  'insert into stock_movements (product_id, warehouse_id, quantity_e4, kind, document_type, document_id, document_number, document_line_id, at) values ($1, $2, $3, $4, $4, 1, $5, null, $6)',
  [product, warehouse, quantity, out ? 'shipment' : 'credit', out ? 'SS-RAW' : 'CN-RAW', at],
);
await client.query('update stock_levels set quantity_e4 = quantity_e4 + $1 where product_id = $2 and warehouse_id = $3', [quantity, product, warehouse]);
await client.query('commit');
await client.end();
