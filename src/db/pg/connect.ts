// One connection to the PostgreSQL server of a ledger, configured as libpq would be: the URL
// first, then the standard PG* environment variables (PGHOST, PGPORT, PGUSER, PGDATABASE,
// PGPASSWORD, PGSSLMODE, PGCONNECT_TIMEOUT, which pg reads itself), then ~/.pgpass (or
// PGPASSFILE) for a password neither gives. sslmode in the URL keeps libpq's meaning.

import type { Client, ClientConfig } from 'pg';
import { pgModule } from './modules.js';

/** int8 (counts, sums, 64-bit quantities) and numeric as JS numbers, as SQLite gives them: every quantity fits in 2^53. */
const NUMBER_OIDS = new Set([20, 1700]);

function connectTimeoutMs(): number {
  const raw = Number(process.env.PGCONNECT_TIMEOUT);
  return Number.isFinite(raw) && raw > 0 ? raw * 1000 : 10_000;
}

/**
 * The URL as pg should read it: with sslmode, libpq's meanings (`require` encrypts without
 * checking the certificate, as psql does) instead of pg's own, which also prints a warning.
 */
function driverUrl(url: string): string {
  if (!/[?&]sslmode=/i.test(url) || /[?&]uselibpqcompat=/i.test(url)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}uselibpqcompat=true`;
}

/** A password from ~/.pgpass (or PGPASSFILE) for this connection, read by the pgpass module as libpq reads it. */
function passwordFromFile(config: { host?: string; port?: number; database?: string; user?: string }): Promise<string | undefined> {
  const pgpass = pgModule('pgpass') as (info: Record<string, unknown>, cb: (password?: string) => void) => void;
  return new Promise((resolve) => {
    try {
      pgpass({ host: config.host ?? 'localhost', port: config.port ?? 5432, database: config.database, user: config.user }, (password) => resolve(password));
    } catch {
      resolve(undefined);
    }
  });
}

export async function connectPg(url: string): Promise<Client> {
  const pg = pgModule('pg') as typeof import('pg');
  const { parse } = pgModule('pg-connection-string') as { parse: (url: string) => Record<string, unknown> };
  const parsed = parse(driverUrl(url));
  const config: ClientConfig = {
    connectionString: driverUrl(url),
    application_name: 'serials',
    connectionTimeoutMillis: connectTimeoutMs(),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        NUMBER_OIDS.has(oid) ? (value: string) => (value === null ? null : Number(value)) : pg.types.getTypeParser(oid, format as 'text')) as never,
    },
  };
  if (parsed.password === undefined && process.env.PGPASSWORD === undefined) {
    const user = (parsed.user as string | undefined) ?? process.env.PGUSER ?? process.env.USER;
    const fromFile = await passwordFromFile({
      host: (parsed.host as string | undefined) ?? process.env.PGHOST,
      port: parsed.port ? Number(parsed.port) : process.env.PGPORT ? Number(process.env.PGPORT) : undefined,
      database: (parsed.database as string | undefined) ?? process.env.PGDATABASE ?? user,
      user,
    });
    // an empty password rather than none: pg would otherwise read ~/.pgpass again, with a deprecation warning
    config.password = fromFile ?? '';
  }
  const client = new pg.Client(config);
  // a connection lost while idle is reported by the next query; without a listener it would crash the process
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
