import type { Kysely } from 'kysely';
import { ddl } from './ddl.js';

// Imports are documents too (IM-…): the movements of an opening-stock or serials import
// point at the import that made them.

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = ddl(db);
  await db.schema
    .createTable('imports')
    .addColumn('id', 'integer', t.id)
    .addColumn('number', t.text, (c) => c.notNull().unique())
    .addColumn('kind', t.text, (c) => c.notNull())
    .addColumn('file', t.text, (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.text, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('imports').execute();
}
