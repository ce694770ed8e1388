// The limit for an assembly of many units: a plain better-sqlite3 script doing the same reads
// and writes as `serials assemble` for the same serials — read the product's bill of
// materials, look each component serial up and check it is available in the source, insert
// its assembly_out movement and mark it unavailable; check each new unit serial is unknown,
// insert it and its assembly_in movement; link each unit to its components (in order: unit i
// takes the i-th serial of each component); the header, its lines, one stock movement per
// line and for the product, the stock levels and the document number — with prepared
// statements in one transaction, on the same ledger and pragmas.
// Usage: node raw-assembly.mjs LEDGER PRODUCT FROM TO UNITS CODE=SERIALS...
// where UNITS and SERIALS are FIRST..LAST ranges or comma-separated lists.
import { openRaw } from './raw-db.mjs';

const [db, productCode, fromCode, toCode, unitsArg, ...componentArgs] = process.argv.slice(2);
const expand = (text) =>
  text.split(',').flatMap((item) => {
    const at = item.indexOf('..');
    if (at < 0) return [item];
    const [, prefix, first] = /^(.*?)(\d+)$/.exec(item.slice(0, at));
    const last = Number(/(\d+)$/.exec(item.slice(at + 2))[1]);
    const out = [];
    for (let n = Number(first); n <= last; n++) out.push(prefix + String(n).padStart(first.length, '0'));
    return out;
  });

const sqlite = openRaw(db);
const id = (table, code) => sqlite.prepare(`select id from ${table} where code_key = ?`).get(code.toLowerCase()).id;
const product = id('products', productCode);
const [from, to] = [id('warehouses', fromCode), id('warehouses', toCode)];
const units = expand(unitsArg);
const given = new Map(componentArgs.map((a) => [a.slice(0, a.indexOf('=')).toLowerCase(), expand(a.slice(a.indexOf('=') + 1))]));
const lookup = sqlite.prepare('select id, status, warehouse_id from serials where product_id = ? and serial_key = ?');
const insertSerial = sqlite.prepare(
  "insert into serials (id, product_id, serial, serial_key, status, warehouse_id, last_movement_id, created_at, updated_at) values (?, ?, ?, ?, 'available', ?, ?, ?, ?)",
);
const insertMovement = sqlite.prepare(
  "insert into serial_movements (id, serial_id, kind, document_type, document_id, document_number, document_line_id, from_warehouse_id, to_warehouse_id, status_before, status_after, unit_cost, at) values (?, ?, ?, 'assembly', ?, ?, ?, ?, ?, ?, ?, null, ?)",
);
const consume = sqlite.prepare("update serials set status = 'unavailable', last_movement_id = ?, updated_at = ? where id = ?");
const insertLink = sqlite.prepare('insert into serial_links (assembly_id, unit_serial_id, component_serial_id, disassembly_id) values (?, ?, ?, null)');
const insertStock = sqlite.prepare(
  "insert into stock_movements (product_id, warehouse_id, quantity_e4, kind, document_type, document_id, document_number, document_line_id, at) values (?, ?, ?, ?, 'assembly', ?, ?, ?, ?)",
);
const upsertLevel = sqlite.prepare(
  'insert into stock_levels (product_id, warehouse_id, quantity_e4) values (?, ?, ?) on conflict (product_id, warehouse_id) do update set quantity_e4 = quantity_e4 + excluded.quantity_e4',
);
const at = new Date().toISOString();

sqlite.transaction(() => {
  const bom = sqlite
    .prepare('select b.component_id, b.quantity_e4, p.code_key from bom_components b join products p on p.id = b.component_id where b.product_id = ? order by b.line_no')
    .all(product);
  const seq = (sqlite.prepare("select last_value from document_sequences where prefix = 'AS'").pluck().get() ?? 0) + 1;
  sqlite.prepare("insert into document_sequences (prefix, last_value) values ('AS', ?) on conflict (prefix) do update set last_value = excluded.last_value").run(seq);
  const number = `AS-${String(seq).padStart(8, '0')}`;
  const assembly = sqlite
    .prepare("insert into assemblies (number, product_id, quantity_e4, from_warehouse_id, to_warehouse_id, status, created_at, completed_at, updated_at) values (?, ?, ?, ?, ?, 'completed', ?, ?, ?)")
    .run(number, product, units.length * 10000, from, to, at, at, at).lastInsertRowid;
  const insertLine = sqlite.prepare('insert into assembly_lines (assembly_id, line_no, product_id, quantity_e4) values (?, ?, ?, ?)');
  let mid = sqlite.prepare('select coalesce(max(id), 0) m from serial_movements').get().m + 1;
  let sid = sqlite.prepare('select coalesce(max(id), 0) m from serials').get().m + 1;

  // components out, in BOM order
  const consumed = bom.map((c, i) => {
    const perUnit = c.quantity_e4 / 10000;
    const serials = given.get(c.code_key);
    if (!serials || serials.length !== units.length * perUnit) throw new Error(`component ${c.code_key}: ${serials?.length ?? 0} serials for ${units.length} units`);
    const line = insertLine.run(assembly, i + 1, c.component_id, c.quantity_e4 * units.length).lastInsertRowid;
    const ids = serials.map((text) => {
      const s = lookup.get(c.component_id, text.toLowerCase());
      if (!s || s.status !== 'available' || s.warehouse_id !== from) throw new Error(`component ${text} is not available in ${fromCode}`);
      insertMovement.run(mid, s.id, 'assembly_out', assembly, number, line, from, null, 'available', 'unavailable', at);
      consume.run(mid, at, s.id);
      mid++;
      return s.id;
    });
    insertStock.run(c.component_id, from, -c.quantity_e4 * units.length, 'assembly_out', assembly, number, line, at);
    upsertLevel.run(c.component_id, from, -c.quantity_e4 * units.length);
    return { ids, perUnit };
  });

  // units in, each linked to its components
  units.forEach((text, u) => {
    if (lookup.get(product, text.toLowerCase())) throw new Error(`unit ${text} already exists`);
    insertSerial.run(sid, product, text, text.toLowerCase(), to, mid, at, at);
    insertMovement.run(mid, sid, 'assembly_in', assembly, number, null, null, to, null, 'available', at);
    for (const c of consumed) for (let k = 0; k < c.perUnit; k++) insertLink.run(assembly, sid, c.ids[u * c.perUnit + k]);
    sid++;
    mid++;
  });
  insertStock.run(product, to, units.length * 10000, 'assembly_in', assembly, number, null, at);
  upsertLevel.run(product, to, units.length * 10000);
}).immediate();
sqlite.close();
