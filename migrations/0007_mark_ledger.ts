import { sql, type Kysely } from 'kysely';
import { LEDGER_APPLICATION_ID } from '../src/db/ledger-file.js';

// Marks the file as a serials ledger (RULES.md F-2), so that a command can tell a ledger from
// another program's SQLite database before opening it. SQLite keeps the mark in its file
// header (PRAGMA application_id); it is written inside the migration's transaction. This is
// the one SQLite-only statement among the migrations: another engine has no file to mark.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`pragma application_id = ${LEDGER_APPLICATION_ID}`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('pragma application_id = 0').execute(db);
}
