// PostgreSQL's client packages (pg, pg-cursor, pg-copy-streams, pg-connection-string, pgpass)
// are loaded only when a ledger is on PostgreSQL: a command on a SQLite ledger never pays for
// them. The built CLI finds them bundled in dist/pg.cjs beside the app bundle (src/db/pg/vendor.ts,
// with a code cache); run from the sources (the tests), they come from node_modules.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireWithCodeCache } from '../../io/code-cache.js';
import type { Vendor } from './vendor.js';

const FROM_VENDOR = { pg: 'pg', 'pg-cursor': 'Cursor', 'pg-copy-streams': 'copyStreams', 'pg-connection-string': 'parse', pgpass: 'pgpass' } as const;
type Name = keyof typeof FROM_VENDOR;

let bundled: Vendor | null | undefined;

function vendorBundle(): Vendor | null {
  if (bundled === undefined) {
    const file = join(dirname(fileURLToPath(import.meta.url)), 'pg.cjs');
    bundled = existsSync(file) ? (requireWithCodeCache(file) as { vendor: Vendor }).vendor : null;
  }
  return bundled;
}

export function pgModule(name: Name): unknown {
  const vendor = vendorBundle();
  if (vendor) return name === 'pg-connection-string' ? { parse: vendor.parse } : vendor[FROM_VENDOR[name]];
  return createRequire(import.meta.url)(name);
}
