// The limit for `serials recall --product P --supplier S`: one plain recursive query
// (WITH RECURSIVE) with better-sqlite3 and the same pragmas — the serials of P that S's
// purchase receipts brought in, then up through the links still in force (no disassembly) to
// every unit they are inside, at every level — reading each unit's product, status,
// warehouse and, for a unit that left, the customer of its last movement; written as CSV to
// stdout as it goes. The walk leads (CROSS JOIN keeps SQLite from scanning every serial
// instead). Usage: node raw-recall.mjs LEDGER PRODUCT SUPPLIER
import { openRaw } from './raw-db.mjs';

const [db, productCode, supplierCode] = process.argv.slice(2);
const sqlite = openRaw(db);
const query = sqlite
  .prepare(
    `with recursive
      received(id) as (
        select distinct m.serial_id
        from serial_movements m
        join serials s on s.id = m.serial_id
        where m.document_type = 'purchase_receipt' and m.kind = 'receipt'
          and m.document_id in (
            select r.id from purchase_receipts r join purchase_orders o on o.id = r.purchase_order_id
            where o.supplier_id = (select id from suppliers where code_key = ?)
          )
          and s.product_id = (select id from products where code_key = ?)
      ),
      up(component_id, unit_id, level) as (
        select id, id, 0 from received
        union all
        select up.component_id, l.unit_serial_id, up.level + 1
        from up join serial_links l on l.component_serial_id = up.unit_id and l.disassembly_id is null
      )
    select c.serial, up.level, p.code, u.serial, u.status, w.code, m.document_number,
      case when m.document_type = 'shipment' then (
        select x.code from shipments d join sales_orders o on o.id = d.sales_order_id join customers x on x.id = o.customer_id where d.id = m.document_id
      ) end
    from up
    cross join serials u on u.id = up.unit_id
    join serials c on c.id = up.component_id
    join products p on p.id = u.product_id
    join serial_movements m on m.id = u.last_movement_id
    left join warehouses w on w.id = u.warehouse_id
    where up.level > 0
    order by c.serial_key, up.level`,
  )
  .raw();

let buffer = 'Component Serial,Level,Product Code,Serial Number,Status,Warehouse Code,Last Document,Customer\n';
let n = 0;
for (const row of query.iterate(supplierCode.toLowerCase(), productCode.toLowerCase())) {
  buffer += row.map((v) => (v === null ? '' : String(v))).join(',') + '\n';
  if (++n % 1000 === 0) {
    process.stdout.write(buffer);
    buffer = '';
  }
}
process.stdout.write(buffer);
if (n === 0) throw new Error('nothing recalled');
sqlite.close();
