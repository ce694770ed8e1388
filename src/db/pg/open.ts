// Opening a ledger on PostgreSQL. A ledger is the schema the connection's search_path puts
// first (`public` unless the URL or the role says otherwise); the same rules hold as for a
// file (RULES.md F-2): only a serials ledger is opened, `init` builds one only where there
// are no tables yet, and what belongs to another program is looked at read-only and left as it is.

import { Kysely, sql } from 'kysely';
import { LedgerUnavailableError, shown } from '../../errors.js';
import type { Database } from '../schema.js';
import type { Db, Ledger, OpenOptions } from '../open.js';
import { connectPg } from './connect.js';
import { PgLedgerDialect } from './driver.js';
import { translatePgError } from './errors.js';

type Location = { url: string; name: string };

interface SchemaLook {
  schema: string;
  tables: string[];
  ledger: boolean;
}

/** What the connection's schema holds, read without writing anything. */
async function look(db: Db): Promise<SchemaLook> {
  const schema = (await sql<{ s: string | null }>`select current_schema() as s`.execute(db)).rows[0]?.s;
  if (!schema) {
    throw new LedgerUnavailableError('The PostgreSQL connection has no schema to keep a ledger in (its search_path names none that exists).', 'Create the schema (CREATE SCHEMA …) or fix the search_path of the role or URL (?options=-c%20search_path%3DNAME).');
  }
  const tables = (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema() order by tablename`.execute(db)).rows.map((r) => r.name);
  let ledger = false;
  if (tables.includes('kysely_migration')) {
    ledger = (await sql<{ n: number }>`select count(*) as n from kysely_migration where name = '0001_ledger'`.execute(db)).rows[0]?.n === 1;
  }
  return { schema, tables, ledger };
}

function listedTables(tables: string[]): string {
  return tables.length === 0 ? 'no tables' : `tables ${tables.slice(0, 6).map((t) => shown(t, 30)).join(', ')}${tables.length > 6 ? ` and ${tables.length - 6} more` : ''}`;
}

async function connect(location: Location, options: OpenOptions): Promise<Ledger> {
  let client;
  try {
    client = await connectPg(location.url);
  } catch (error) {
    throw translatePgError(error, location.name);
  }
  const live = client;
  const db = new Kysely<Database>({ dialect: new PgLedgerDialect({ client: live, busyTimeoutMs: options.busyTimeoutMs ?? 10_000, events: options.events }) });
  return {
    db,
    engine: 'postgres',
    path: location.name,
    name: location.name,
    close: () => db.destroy(),
    async backupTo() {
      throw new Error('backupTo: a PostgreSQL ledger is backed up with db copy');
    },
    abort() {
      // The server rolls back whatever a closed connection left open; nothing here waits.
      const stream = (live as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
      try {
        stream?.destroy();
      } catch {
        // the process is ending; the server never commits what was not committed
      }
    },
  };
}

/** Opens an existing ledger on PostgreSQL; an empty database or another program's tables are refused. */
export async function openPgLedger(location: Location, options: OpenOptions): Promise<Ledger> {
  const ledger = await connect(location, options);
  try {
    const found = await look(ledger.db);
    if (found.ledger) return ledger;
    if (found.tables.length === 0) {
      throw new LedgerUnavailableError(`No ledger in ${location.name}: the schema ${found.schema} has no tables.`, `Create one with: serials init --db ${location.name}`);
    }
    throw new LedgerUnavailableError(
      `${location.name} is not a serials ledger: its schema ${found.schema} holds another program's ${listedTables(found.tables)}.`,
      'Check the --db URL; serials never changes a database that is not a ledger (serials init creates one only in a schema with no tables).',
      'not_a_ledger',
    );
  } catch (error) {
    await ledger.close();
    throw translatePgError(error, location.name);
  }
}

/**
 * `serials init` on PostgreSQL: only in a schema with no tables. `build` runs the migrations,
 * which Kysely runs in one transaction on PostgreSQL: an interrupted init leaves no table.
 */
export async function createPgLedger<T>(location: Location, options: OpenOptions, build: (db: Db) => Promise<T>): Promise<T> {
  const ledger = await connect(location, options);
  try {
    const found = await look(ledger.db);
    if (found.ledger) {
      throw new LedgerUnavailableError(`${location.name} is already a serials ledger.`, `Use it as it is; serials db status --db ${location.name} shows its schema.`, 'ledger_exists');
    }
    if (found.tables.length > 0) {
      throw new LedgerUnavailableError(
        `Cannot create a ledger in ${location.name}: its schema ${found.schema} is not empty (${listedTables(found.tables)}), and serials never changes another program's tables.`,
        'Create the ledger in an empty database (createdb NAME) or schema (CREATE SCHEMA, then ?options=-c%20search_path%3DNAME in the URL).',
        'not_a_ledger',
      );
    }
    return await build(ledger.db);
  } catch (error) {
    throw translatePgError(error, location.name);
  } finally {
    await ledger.close();
  }
}

/** Whether the location's schema holds a serials ledger (for init: create or bring up to date). */
export async function pgLedgerExists(location: Location, options: OpenOptions): Promise<boolean> {
  const ledger = await connect(location, options);
  try {
    return (await look(ledger.db)).ledger;
  } catch (error) {
    throw translatePgError(error, location.name);
  } finally {
    await ledger.close();
  }
}
