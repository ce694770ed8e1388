// Where a ledger is: a SQLite file (a path, the default) or a PostgreSQL database (a
// postgres:// or postgresql:// URL). The URL is parsed once, here; what is ever printed of it
// is `name`, the URL without its password, so that no message, JSON error or hint can leak it.

import { UsageError, shown } from '../errors.js';
import { checkLedgerPath } from './ledger-file.js';

export type LedgerLocation =
  | { engine: 'sqlite'; path: string; name: string }
  | {
      engine: 'postgres';
      /** the URL as given, for the driver only: it may hold a password */
      url: string;
      /** the URL without its password */
      name: string;
    };

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

export function isPostgresUrl(value: string): boolean {
  return POSTGRES_URL.test(value);
}

/** The URL with any password taken out (`postgres://alice@db:5432/shop`). Never throws. */
export function withoutPassword(url: string): string {
  // user:password@ in the authority: the password runs to the LAST '@' before the path, since
  // an unescaped '@' or '/' in a password is a common mistake that must not print its tail
  const redacted = url.replace(/^(postgres(?:ql)?:\/\/[^/@:?#]*):.*@(?=[^@]*$)/i, '$1@');
  // ?password=… in the query
  return redacted.replace(/([?&])password=[^&#]*/gi, '$1password=***');
}

/** A --db value (or SERIALS_DB), named by `from` in errors. */
export function parseLocation(value: string, from: string): LedgerLocation {
  if (!isPostgresUrl(value)) {
    checkLedgerPath(value, from);
    return { engine: 'sqlite', path: value, name: value };
  }
  const name = withoutPassword(value);
  let parsed: URL;
  try {
    // WHATWG URL parsing is stricter than libpq's only for hosts lists; it is a first check
    parsed = new URL(value.replace(/^postgres(ql)?:/i, 'http:'));
  } catch {
    // not even the redacted text: a URL that does not parse may hold its password anywhere
    throw new UsageError(`${from} is not a valid PostgreSQL URL.`, 'Write it as postgres://USER@HOST:PORT/DATABASE (put the password in ~/.pgpass or PGPASSWORD).');
  }
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode !== null && !['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'].includes(sslmode)) {
    throw new UsageError(`${from} asks for sslmode=${shown(sslmode)}, which PostgreSQL does not know.`, 'Use sslmode=disable, prefer, require, verify-ca or verify-full.');
  }
  return { engine: 'postgres', url: value, name };
}
