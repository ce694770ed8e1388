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
  const join = (u: string, param: string) => `${u}${u.includes('?') ? '&' : '?'}${param}`;
  // PGSSLMODE too: pg would read it itself, with pg's meanings
  const mode = process.env.PGSSLMODE;
  if (!/[?&]sslmode=/i.test(url) && mode) url = join(url, `sslmode=${encodeURIComponent(mode)}`);
  if (!/[?&]sslmode=/i.test(url) || /[?&]uselibpqcompat=/i.test(url)) return url;
  return join(url, 'uselibpqcompat=true');
}

/** A password from ~/.pgpass (or PGPASSFILE) for this connection, read by the pgpass module as libpq reads it. */
function passwordFromFile(config: { host?: string; port?: number; database?: string; user?: string }): Promise<string | undefined> {
  const pgpass = pgModule('pgpass') as (info: Record<string, unknown>, cb: (password?: string) => void) => void;
  return new Promise((resolve) => {
    try {
      // a socket directory matches a `localhost` line of the file, as libpq has it
      pgpass({ host: !config.host || config.host.startsWith('/') ? 'localhost' : config.host, port: config.port ?? 5432, database: config.database, user: config.user }, (password) => resolve(password));
    } catch {
      resolve(undefined);
    }
  });
}

export async function connectPg(url: string): Promise<Client> {
  const pg = pgModule('pg') as typeof import('pg');
  const { parse } = pgModule('pg-connection-string') as { parse: (url: string) => Record<string, unknown> };
  const parsed = parse(driverUrl(url));
  // The URL's parts rather than the URL itself: pg would let the URL's (empty) password
  // override ours. Empty parts are left out, so that the PG* variables fill them in.
  const given = Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== '' && v !== null && v !== undefined));
  const config: ClientConfig = {
    ...(given as ClientConfig),
    application_name: 'serials',
    connectionTimeoutMillis: connectTimeoutMs(),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        NUMBER_OIDS.has(oid) ? (value: string) => (value === null ? null : Number(value)) : pg.types.getTypeParser(oid, format as 'text')) as never,
    },
  };
  if (!parsed.password) {
    // PGPASSWORD, else ~/.pgpass, read here: pg would read the file itself only with a
    // deprecation warning on stderr, and takes an empty password for none
    const user = (parsed.user as string) || process.env.PGUSER || process.env.USER;
    config.password = async () =>
      process.env.PGPASSWORD ??
      (await passwordFromFile({
        host: (parsed.host as string) || process.env.PGHOST,
        port: Number(parsed.port || process.env.PGPORT || 5432),
        database: (parsed.database as string) || process.env.PGDATABASE || user,
        user,
      })) ??
      '';
  }
  const client = new pg.Client(config);
  // a connection lost while idle is reported by the next query; without a listener it would crash the process
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
