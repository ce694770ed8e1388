import type { Kysely } from 'kysely';
import { ddl } from './ddl.js';

// Credit notes (RULES.md C-1 to C-4) and supplier returns.

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = ddl(db);
  await db.schema
    .createTable('credits')
    .addColumn('id', 'integer', t.id)
    .addColumn('number', t.text, (c) => c.notNull().unique())
    .addColumn('sales_order_id', 'integer', (c) => c.references('sales_orders.id'))
    .addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id'))
    .addColumn('warehouse_id', 'integer', (c) => c.notNull().references('warehouses.id'))
    .addColumn('created_at', t.text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('credit_lines')
    .addColumn('id', 'integer', t.id)
    .addColumn('credit_id', 'integer', (c) => c.notNull().references('credits.id'))
    .addColumn('sales_order_line_id', 'integer', (c) => c.references('sales_order_lines.id'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
    .addColumn('quantity_e4', 'bigint', (c) => c.notNull())
    .addColumn('returned', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('credit_lines_order_line').on('credit_lines').column('sales_order_line_id').execute();
  await db.schema
    .createTable('supplier_returns')
    .addColumn('id', 'integer', t.id)
    .addColumn('number', t.text, (c) => c.notNull().unique())
    .addColumn('purchase_order_id', 'integer', (c) => c.notNull().references('purchase_orders.id'))
    .addColumn('created_at', t.text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('supplier_return_lines')
    .addColumn('id', 'integer', t.id)
    .addColumn('supplier_return_id', 'integer', (c) => c.notNull().references('supplier_returns.id'))
    .addColumn('purchase_order_line_id', 'integer', (c) => c.notNull().references('purchase_order_lines.id'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
    .addColumn('quantity_e4', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supplier_return_lines_po_line').on('supplier_return_lines').column('purchase_order_line_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['supplier_return_lines', 'supplier_returns', 'credit_lines', 'credits']) await db.schema.dropTable(t).execute();
}
