// Which database engine a ledger is on. Everything that differs between engines lives in
// src/db (and migrations/ddl.ts); code elsewhere asks this module, never the driver.

import { PostgresAdapter, type Kysely } from 'kysely';

export type EngineName = 'sqlite' | 'postgres';

/** The engine behind a Kysely instance (a transaction's too: it shares its executor's adapter). */
export function engineOf(db: Kysely<any>): EngineName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
