import type { Kysely } from 'kysely';
import { ddl } from './ddl.js';

// Shipments of sales orders (RULES.md S-3, S-4): created and dispatched at once, or parked
// with their serials and dispatched later.

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = ddl(db);
  await db.schema
    .createTable('shipments')
    .addColumn('id', 'integer', t.id)
    .addColumn('number', t.text, (c) => c.notNull().unique())
    .addColumn('sales_order_id', 'integer', (c) => c.notNull().references('sales_orders.id'))
    .addColumn('status', t.text, (c) => c.notNull())
    .addColumn('created_at', t.text, (c) => c.notNull())
    .addColumn('dispatched_at', t.text)
    .execute();
  await db.schema.createIndex('shipments_order').on('shipments').column('sales_order_id').execute();
  await db.schema
    .createTable('shipment_lines')
    .addColumn('id', 'integer', t.id)
    .addColumn('shipment_id', 'integer', (c) => c.notNull().references('shipments.id'))
    .addColumn('sales_order_line_id', 'integer', (c) => c.notNull().references('sales_order_lines.id'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
    .addColumn('quantity_e4', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shipment_lines_shipment').on('shipment_lines').column('shipment_id').execute();
  await db.schema
    .createTable('shipment_serials')
    .addColumn('shipment_line_id', 'integer', (c) => c.notNull().references('shipment_lines.id'))
    .addColumn('serial_id', 'integer', (c) => c.notNull().references('serials.id'))
    .addPrimaryKeyConstraint('shipment_serials_pk', ['shipment_line_id', 'serial_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('shipment_serials').execute();
  await db.schema.dropTable('shipment_lines').execute();
  await db.schema.dropTable('shipments').execute();
}
