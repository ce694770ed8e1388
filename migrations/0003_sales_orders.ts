import type { Kysely } from 'kysely';
import { ddl } from './ddl.js';

// Sales orders and serials assigned to their lines in advance (RULES.md S-1, S-2).

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = ddl(db);
  await db.schema
    .createTable('sales_orders')
    .addColumn('id', 'integer', t.id)
    .addColumn('number', t.text, (c) => c.notNull().unique())
    .addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id'))
    .addColumn('warehouse_id', 'integer', (c) => c.notNull().references('warehouses.id'))
    .addColumn('status', t.text, (c) => c.notNull())
    .addColumn('created_at', t.text, (c) => c.notNull())
    .addColumn('updated_at', t.text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sales_order_lines')
    .addColumn('id', 'integer', t.id)
    .addColumn('sales_order_id', 'integer', (c) => c.notNull().references('sales_orders.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
    .addColumn('quantity_e4', 'bigint', (c) => c.notNull())
    .addColumn('shipped_e4', 'bigint', (c) => c.notNull())
    .addColumn('unit_price', t.real)
    .execute();
  await db.schema.createIndex('sales_order_lines_order').on('sales_order_lines').column('sales_order_id').execute();
  await db.schema.createIndex('sales_order_lines_product').on('sales_order_lines').column('product_id').execute();
  await db.schema
    .createTable('serial_assignments')
    .addColumn('id', 'integer', t.id)
    .addColumn('sales_order_line_id', 'integer', (c) => c.notNull().references('sales_order_lines.id'))
    .addColumn('serial_id', 'integer', (c) => c.notNull().references('serials.id'))
    .addColumn('created_at', t.text, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('serial_assignments_line_serial')
    .on('serial_assignments')
    .columns(['sales_order_line_id', 'serial_id'])
    .unique()
    .execute();
  await db.schema.createIndex('serial_assignments_serial').on('serial_assignments').column('serial_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('serial_assignments').execute();
  await db.schema.dropTable('sales_order_lines').execute();
  await db.schema.dropTable('sales_orders').execute();
}
