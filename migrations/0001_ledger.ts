import type { Kysely } from 'kysely';

// Dialect-neutral schema (Kysely schema builder only). `integer primary key` ids: on SQLite
// they are the rowid. Serial and movement ids are allocated by the ledger inside its write
// transaction (src/db/ids.ts), so those two tables need no auto-increment. Quantities in
// ten-thousandths are `bigint`: 64-bit on every engine (on SQLite the same INTEGER as
// before), so a level of 10 million units and its sums fit exactly.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  for (const table of ['warehouses', 'suppliers', 'customers']) {
    await db.schema
      .createTable(table)
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('code_key', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  }

  await db.schema
    .createTable('products')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('code_key', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('serialized', 'integer', (c) => c.notNull())
    .addColumn('never_diminishing', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('serials')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
    .addColumn('serial', 'text', (c) => c.notNull())
    .addColumn('serial_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('warehouse_id', 'integer', (c) => c.references('warehouses.id'))
    // No foreign key: the serial row and its first movement are written in one transaction
    // and point at each other; `db verify` checks this link instead.
    .addColumn('last_movement_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('serials_product_key').on('serials').columns(['product_id', 'serial_key']).unique().execute();
  // A lookup by serial text without a product must not scan the table (DESIGN.md).
  await db.schema.createIndex('serials_key').on('serials').column('serial_key').execute();

  await db.schema
    .createTable('serial_movements')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('serial_id', 'integer', (c) => c.notNull().references('serials.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('document_type', 'text', (c) => c.notNull())
    .addColumn('document_id', 'integer', (c) => c.notNull())
    .addColumn('document_number', 'text', (c) => c.notNull())
    .addColumn('document_line_id', 'integer')
    .addColumn('from_warehouse_id', 'integer', (c) => c.references('warehouses.id'))
    .addColumn('to_warehouse_id', 'integer', (c) => c.references('warehouses.id'))
    .addColumn('status_before', 'text')
    .addColumn('status_after', 'text', (c) => c.notNull())
    .addColumn('unit_cost', 'real')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('serial_movements_serial').on('serial_movements').columns(['serial_id', 'id']).execute();
  await db.schema
    .createIndex('serial_movements_document')
    .on('serial_movements')
    .columns(['document_type', 'document_id'])
    .execute();

  await db.schema
    .createTable('stock_levels')
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
    .addColumn('warehouse_id', 'integer', (c) => c.notNull().references('warehouses.id'))
    .addColumn('quantity_e4', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('stock_levels_pk', ['product_id', 'warehouse_id'])
    .execute();

  await db.schema
    .createTable('stock_movements')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
    .addColumn('warehouse_id', 'integer', (c) => c.notNull().references('warehouses.id'))
    .addColumn('quantity_e4', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('document_type', 'text', (c) => c.notNull())
    .addColumn('document_id', 'integer', (c) => c.notNull())
    .addColumn('document_number', 'text', (c) => c.notNull())
    .addColumn('document_line_id', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('stock_movements_product_warehouse')
    .on('stock_movements')
    .columns(['product_id', 'warehouse_id'])
    .execute();

  await db.schema
    .createTable('document_sequences')
    .addColumn('prefix', 'text', (c) => c.primaryKey())
    .addColumn('last_value', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('purchase_orders')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('supplier_id', 'integer', (c) => c.notNull().references('suppliers.id'))
    .addColumn('warehouse_id', 'integer', (c) => c.notNull().references('warehouses.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('purchase_order_lines')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('purchase_order_id', 'integer', (c) => c.notNull().references('purchase_orders.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
    .addColumn('quantity_e4', 'bigint', (c) => c.notNull())
    .addColumn('received_e4', 'bigint', (c) => c.notNull())
    .addColumn('unit_cost', 'real')
    .execute();
  await db.schema
    .createIndex('purchase_order_lines_order')
    .on('purchase_order_lines')
    .column('purchase_order_id')
    .execute();
  await db.schema
    .createIndex('purchase_order_lines_product')
    .on('purchase_order_lines')
    .column('product_id')
    .execute();

  await db.schema
    .createTable('purchase_receipts')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('purchase_order_id', 'integer', (c) => c.notNull().references('purchase_orders.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('purchase_receipt_lines')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('receipt_id', 'integer', (c) => c.notNull().references('purchase_receipts.id'))
    .addColumn('purchase_order_line_id', 'integer', (c) => c.notNull().references('purchase_order_lines.id'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
    .addColumn('quantity_e4', 'bigint', (c) => c.notNull())
    .addColumn('serialized', 'integer', (c) => c.notNull())
    .addColumn('unit_cost', 'real')
    .execute();

  await db.schema
    .createTable('adjustments')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('warehouse_id', 'integer', (c) => c.notNull().references('warehouses.id'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('adjustment_lines')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('adjustment_id', 'integer', (c) => c.notNull().references('adjustments.id'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
    .addColumn('quantity_e4', 'bigint', (c) => c.notNull())
    .addColumn('serialized', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('serialization_changes')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
    .addColumn('serialized', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'serialization_changes',
    'adjustment_lines',
    'adjustments',
    'purchase_receipt_lines',
    'purchase_receipts',
    'purchase_order_lines',
    'purchase_orders',
    'document_sequences',
    'stock_movements',
    'stock_levels',
    'serial_movements',
    'serials',
    'products',
    'customers',
    'suppliers',
    'warehouses',
    'settings',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
