import type { Kysely } from 'kysely';
import { markLedger } from './ddl.js';

// Marks the ledger as a serials ledger (RULES.md F-2), so that a command can tell a ledger from
// another program's database before using it: in SQLite's file header (PRAGMA application_id),
// or on PostgreSQL, which has no file, as a comment on the `settings` table (./ddl.ts, where
// everything that differs between engines is). Written inside the migration's transaction.

export async function up(db: Kysely<unknown>): Promise<void> {
  await markLedger(db, true);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await markLedger(db, false);
}
