// The limit for `serials enquiry --format csv` (or --json) of a whole ledger: a plain
// better-sqlite3 script running the same query (each serial with its product, warehouse,
// status, last document, date, party and open assignments, in product and serial order) with
// the same pragmas, writing the same CSV (or JSON) to stdout as it goes.
// Usage: node raw-enquiry.mjs LEDGER csv|json
import { openRaw, BULK_CACHE_KIB } from './raw-db.mjs';

const [db, format] = process.argv.slice(2);
const sqlite = openRaw(db, BULK_CACHE_KIB);
const party = (type, sql) => `when '${type}' then (${sql} where d.id = m.document_id)`;
const query = sqlite.prepare(`
  select s.id, s.serial, p.code, w.code, s.status, m.document_type, m.document_number, m.kind, m.at,
    case m.document_type
      ${party('purchase_receipt', 'select x.code from purchase_receipts d join purchase_orders o on o.id = d.purchase_order_id join suppliers x on x.id = o.supplier_id')}
      ${party('shipment', 'select x.code from shipments d join sales_orders o on o.id = d.sales_order_id join customers x on x.id = o.customer_id')}
      ${party('credit', 'select x.code from credits d join customers x on x.id = d.customer_id')}
      ${party('supplier_return', 'select x.code from supplier_returns d join purchase_orders o on o.id = d.purchase_order_id join suppliers x on x.id = o.supplier_id')}
      else null end,
    ao.number
  from serials s
  join products p on p.id = s.product_id
  join serial_movements m on m.id = s.last_movement_id
  left join warehouses w on w.id = s.warehouse_id
  left join serial_assignments a on a.serial_id = s.id
  left join sales_order_lines al on al.id = a.sales_order_line_id
  left join sales_orders ao on ao.id = al.sales_order_id and ao.status = 'open'
  order by p.code_key, s.serial_key`).raw();

// CSV times are local date-times a spreadsheet reads ("2026-11-28 09:46:04"), as the CLI
// writes them; one receipt's serials share a time, so the last one is remembered.
const pad = (n) => (n < 10 ? `0${n}` : String(n));
let lastAt;
let lastLocal;
const localDateTime = (iso) => {
  if (iso !== lastAt) {
    const d = new Date(iso);
    lastAt = iso;
    lastLocal = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }
  return lastLocal;
};
const cell = (v) => {
  if (v === null) return '';
  const t = /^'*[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};
let buffer = format === 'json' ? '' : 'Product Code,Warehouse Code,Serial Number,Status,Last Document,Last Date,Party,Assignments\n';
let n = 0;
let last;
const flush = () =>
  new Promise((resolve) => {
    const text = buffer;
    buffer = '';
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', resolve);
  });
const emit = (r) => {
  const [, serial, product, warehouse, status, type, number, kind, at, partyCode, assigned] = r;
  if (format === 'json') {
    const row = { serial, product, warehouse, status, assignments: assigned === null ? [] : [assigned], lastDocument: { type, number, date: at, kind, party: partyCode } };
    buffer += (n === 0 ? '[\n  ' : ',\n  ') + JSON.stringify(row, null, 2).replace(/\n/g, '\n  ');
  } else {
    // Assignments: how many open sales orders (one cell, one value)
    buffer += [product, warehouse, serial, status, number, localDateTime(at), partyCode, assigned === null ? '0' : '1'].map(cell).join(',') + '\n';
  }
  n++;
};
for (const r of query.iterate()) {
  if (last && last[0] === r[0]) continue; // a second assignment of the same serial (none in the bench ledger)
  emit(r);
  last = r;
  if (n % 1000 === 0) await flush();
}
buffer += format === 'json' ? (n === 0 ? '[]\n' : '\n]\n') : '';
await flush();
sqlite.close();
