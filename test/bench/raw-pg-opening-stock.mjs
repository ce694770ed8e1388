// The limit for an opening-stock import on PostgreSQL: a plain pg script that streams the same
// CSV with csv-parse once, COPYs the serials as it reads, then COPYs their movements and adds
// one stock movement and level per product and warehouse — in one transaction holding the
// ledger's write lock, on the same schema (no validation, as raw-opening-stock.mjs).
// Usage: node raw-pg-opening-stock.mjs URL CSV
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { beginLocked, copyRows, nextId, openRawPg } from './raw-pg-db.mjs';

const [url, file] = process.argv.slice(2);
const client = await openRawPg(url);
const at = new Date().toISOString();
await beginLocked(client);
const products = new Map((await client.query('select code_key, id from products')).rows.map((r) => [r.code_key, r.id]));
const warehouses = new Map((await client.query('select code_key, id from warehouses')).rows.map((r) => [r.code_key, r.id]));
const first = await nextId(client, 'serials');
const firstMovement = await nextId(client, 'serial_movements');

// what the movements need, kept compactly while the serials stream into COPY
let warehouseOf = new Int32Array(1 << 16);
let costOf = new Float64Array(1 << 16);
const counts = new Map();
let n = 0;
async function* serialRows() {
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
    if (n === warehouseOf.length) {
      const w = new Int32Array(n * 2);
      w.set(warehouseOf);
      warehouseOf = w;
      const c = new Float64Array(n * 2);
      c.set(costOf);
      costOf = c;
    }
    warehouseOf[n] = wid;
    costOf[n] = cost === '' ? NaN : Number(cost);
    const key = pid * 65536 + wid;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    yield [first + n, pid, serial, serial.toLowerCase(), 'available', wid, firstMovement + n, at, at];
    n++;
  }
}

await copyRows(client, 'serials', ['id', 'product_id', 'serial', 'serial_key', 'status', 'warehouse_id', 'last_movement_id', 'created_at', 'updated_at'], serialRows());
function* movementRows() {
  for (let i = 0; i < n; i++) {
    yield [firstMovement + i, first + i, 'import', 'import', 1, 'IM-RAW', null, null, warehouseOf[i], null, 'available', Number.isNaN(costOf[i]) ? null : costOf[i], at];
  }
}
await copyRows(
  client,
  'serial_movements',
  ['id', 'serial_id', 'kind', 'document_type', 'document_id', 'document_number', 'document_line_id', 'from_warehouse_id', 'to_warehouse_id', 'status_before', 'status_after', 'unit_cost', 'at'],
  movementRows(),
);
const pids = [];
const wids = [];
const qs = [];
for (const [key, count] of counts) {
  pids.push(Math.floor(key / 65536));
  wids.push(key % 65536);
  qs.push(count * 10000);
}
await client.query(
  "insert into stock_movements (product_id, warehouse_id, quantity_e4, kind, document_type, document_id, document_number, document_line_id, at) select p, w, q, 'import', 'import', 1, 'IM-RAW', null, $4 from unnest($1::int[], $2::int[], $3::int8[]) as u(p, w, q)",
  [pids, wids, qs, at],
);
await client.query(
  'insert into stock_levels (product_id, warehouse_id, quantity_e4) select p, w, q from unnest($1::int[], $2::int[], $3::int8[]) as u(p, w, q) on conflict (product_id, warehouse_id) do update set quantity_e4 = stock_levels.quantity_e4 + excluded.quantity_e4',
  [pids, wids, qs],
);
await client.query('commit');
await client.end();
