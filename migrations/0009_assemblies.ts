import type { Kysely } from 'kysely';
import { ddl } from './ddl.js';

// Bills of materials and assemblies (RULES.md M-1 to M-5).
//
// A BOM is one row per component of a product. An assembly or disassembly is a document
// like any other: its components are its lines, the product and quantity are on its header,
// and the ledger records its movements. What links units together is `serial_links`: one row
// per component unit inside an assembled unit, written by the assembly that put it there and
// closed (never deleted) by the disassembly that took it out, so that trace and history keep
// every earlier link. A parked assembly keeps the serials it was given in `assembly_serials`
// until it is completed: its component units are held for it (no other document may take them).

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = ddl(db);
  await db.schema
    .createTable('bom_components')
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('component_id', 'integer', (c) => c.notNull().references('products.id'))
    .addColumn('quantity_e4', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', t.text, (c) => c.notNull())
    .addPrimaryKeyConstraint('bom_components_pk', ['product_id', 'component_id'])
    .execute();
  // P-4 and the cycle check ask which BOMs a product is a component of
  await db.schema.createIndex('bom_components_component').on('bom_components').column('component_id').execute();

  for (const [table, lines, key] of [
    ['assemblies', 'assembly_lines', 'assembly_id'],
    ['disassemblies', 'disassembly_lines', 'disassembly_id'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('id', 'integer', t.id)
      .addColumn('number', t.text, (c) => c.notNull().unique())
      .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
      .addColumn('quantity_e4', 'bigint', (c) => c.notNull())
      // components leave (or, taken apart, return to) `from`; the product enters (or leaves) `to`
      .addColumn('from_warehouse_id', 'integer', (c) => c.notNull().references('warehouses.id'))
      .addColumn('to_warehouse_id', 'integer', (c) => c.notNull().references('warehouses.id'))
      // assemblies: parked | completed | deleted; disassemblies: completed
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('created_at', t.text, (c) => c.notNull())
      .addColumn('completed_at', t.text)
      .addColumn('updated_at', t.text, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable(lines)
      .addColumn('id', 'integer', t.id)
      .addColumn(key, 'integer', (c) => c.notNull().references(`${table}.id`))
      .addColumn('line_no', 'integer', (c) => c.notNull())
      .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
      .addColumn('quantity_e4', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex(`${lines}_document`).on(lines).column(key).execute();
    await db.schema.createIndex(`${lines}_product`).on(lines).column('product_id').execute();
  }
  await db.schema.createIndex('assemblies_status').on('assemblies').column('status').execute();

  // a parked assembly's serials: unit serials (line_id null) and component serials (serial_id
  // set: held), each with the unit (1-based) it belongs to
  await db.schema
    .createTable('assembly_serials')
    .addColumn('id', 'integer', t.id)
    .addColumn('assembly_id', 'integer', (c) => c.notNull().references('assemblies.id'))
    .addColumn('line_id', 'integer', (c) => c.references('assembly_lines.id'))
    .addColumn('unit_no', 'integer', (c) => c.notNull())
    .addColumn('serial', t.text, (c) => c.notNull())
    .addColumn('serial_id', 'integer', (c) => c.references('serials.id'))
    .execute();
  await db.schema.createIndex('assembly_serials_assembly').on('assembly_serials').column('assembly_id').execute();
  await db.schema.createIndex('assembly_serials_serial').on('assembly_serials').column('serial_id').execute();

  await db.schema
    .createTable('serial_links')
    .addColumn('id', 'integer', t.id)
    .addColumn('assembly_id', 'integer', (c) => c.notNull().references('assemblies.id'))
    .addColumn('unit_serial_id', 'integer', (c) => c.notNull().references('serials.id'))
    .addColumn('component_serial_id', 'integer', (c) => c.notNull().references('serials.id'))
    // null while the component is inside the unit; the disassembly that took it out
    .addColumn('disassembly_id', 'integer', (c) => c.references('disassemblies.id'))
    .execute();
  // trace walks both ways, recall walks up from thousands of components at once
  await db.schema.createIndex('serial_links_unit').on('serial_links').columns(['unit_serial_id', 'disassembly_id']).execute();
  await db.schema.createIndex('serial_links_component').on('serial_links').columns(['component_serial_id', 'disassembly_id']).execute();
  await db.schema.createIndex('serial_links_assembly').on('serial_links').column('assembly_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['serial_links', 'assembly_serials', 'disassembly_lines', 'disassemblies', 'assembly_lines', 'assemblies', 'bom_components']) await db.schema.dropTable(t).execute();
}
