import type { Kysely } from 'kysely';
import { ddl } from './ddl.js';

// Warehouse transfers (RULES.md T-1) and stock counts (K-1 to K-6).
//
// A count keeps what it expected when it was taken (its lines and expected serials) and what
// was found (scans, and counted quantities of non-serialized lines) apart from the ledger:
// the variance compares the two, and completion posts the differences as ledger movements.

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = ddl(db);
  await db.schema
    .createTable('transfers')
    .addColumn('id', 'integer', t.id)
    .addColumn('number', t.text, (c) => c.notNull().unique())
    .addColumn('from_warehouse_id', 'integer', (c) => c.notNull().references('warehouses.id'))
    .addColumn('to_warehouse_id', 'integer', (c) => c.notNull().references('warehouses.id'))
    .addColumn('status', t.text, (c) => c.notNull())
    .addColumn('created_at', t.text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('transfer_lines')
    .addColumn('id', 'integer', t.id)
    .addColumn('transfer_id', 'integer', (c) => c.notNull().references('transfers.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
    .addColumn('quantity_e4', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('transfer_lines_transfer').on('transfer_lines').column('transfer_id').execute();

  await db.schema
    .createTable('stock_counts')
    .addColumn('id', 'integer', t.id)
    .addColumn('number', t.text, (c) => c.notNull().unique())
    .addColumn('warehouse_id', 'integer', (c) => c.notNull().references('warehouses.id'))
    // open | in_progress | completed | deleted
    .addColumn('status', t.text, (c) => c.notNull())
    // 1 when no products were named: every product with stock in the warehouse
    .addColumn('all_products', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.text, (c) => c.notNull())
    .addColumn('started_at', t.text)
    .addColumn('completed_at', t.text)
    .addColumn('updated_at', t.text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stock_counts_status').on('stock_counts').columns(['status', 'warehouse_id']).execute();
  await db.schema
    .createTable('stock_count_lines')
    .addColumn('id', 'integer', t.id)
    .addColumn('stock_count_id', 'integer', (c) => c.notNull().references('stock_counts.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
    .addColumn('serialized', 'integer', (c) => c.notNull())
    .addColumn('expected_e4', 'bigint', (c) => c.notNull())
    // non-serialized lines: the quantity entered, null until entered; serialized lines
    // count their distinct scans and keep null here until completion records the count
    .addColumn('counted_e4', 'bigint')
    .execute();
  await db.schema.createIndex('stock_count_lines_product').on('stock_count_lines').columns(['stock_count_id', 'product_id']).unique().execute();
  await db.schema.createIndex('stock_count_lines_by_product').on('stock_count_lines').column('product_id').execute();
  // the serials expected on the shelf when the count was taken (K-1)
  await db.schema
    .createTable('stock_count_expected')
    .addColumn('stock_count_id', 'integer', (c) => c.notNull().references('stock_counts.id'))
    .addColumn('line_id', 'integer', (c) => c.notNull().references('stock_count_lines.id'))
    .addColumn('serial_id', 'integer', (c) => c.notNull().references('serials.id'))
    .addPrimaryKeyConstraint('stock_count_expected_pk', ['stock_count_id', 'serial_id'])
    .execute();
  await db.schema.createIndex('stock_count_expected_line').on('stock_count_expected').column('line_id').execute();
  // what was found (K-4): one row per serial per line, however often it was scanned
  await db.schema
    .createTable('stock_count_scans')
    .addColumn('id', 'integer', t.id)
    .addColumn('stock_count_id', 'integer', (c) => c.notNull().references('stock_counts.id'))
    .addColumn('line_id', 'integer', (c) => c.notNull().references('stock_count_lines.id'))
    .addColumn('serial', t.text, (c) => c.notNull())
    .addColumn('serial_key', t.text, (c) => c.notNull())
    .addColumn('scans', 'integer', (c) => c.notNull())
    .addColumn('first_scanned_at', t.text, (c) => c.notNull())
    .addColumn('last_scanned_at', t.text, (c) => c.notNull())
    // set on completion (K-5 as it stood then): counted | unexpected | wrong_place | scanned_twice
    .addColumn('class', t.text)
    // wrong_place: the warehouse the serial was available in
    .addColumn('found_warehouse_id', 'integer', (c) => c.references('warehouses.id'))
    .execute();
  await db.schema.createIndex('stock_count_scans_serial').on('stock_count_scans').columns(['stock_count_id', 'line_id', 'serial_key']).unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['stock_count_scans', 'stock_count_expected', 'stock_count_lines', 'stock_counts', 'transfer_lines', 'transfers']) await db.schema.dropTable(t).execute();
}
