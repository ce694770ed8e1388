import { sql, type Kysely } from 'kysely';
import { engineOf } from '../src/db/engine.js';
import { LEDGER_APPLICATION_ID } from '../src/db/ledger-file.js';
import { PG_LEDGER_MARK } from './ddl.js';

// Marks the ledger as a serials ledger (RULES.md F-2), so that a command can tell a ledger from
// another program's database before using it. SQLite keeps the mark in its file header
// (PRAGMA application_id); PostgreSQL has no file, so the mark is a comment on the ledger
// schema's `settings` table. Either is written inside the migration's transaction. The one
// migration that asks which engine it runs on (see ./ddl.ts for the DDL that differs).

export async function up(db: Kysely<unknown>): Promise<void> {
  if (engineOf(db) === 'postgres') await sql`comment on table settings is ${sql.lit(PG_LEDGER_MARK)}`.execute(db);
  else await sql.raw(`pragma application_id = ${LEDGER_APPLICATION_ID}`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (engineOf(db) === 'postgres') await sql`comment on table settings is null`.execute(db);
  else await sql.raw('pragma application_id = 0').execute(db);
}
