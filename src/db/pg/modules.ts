// PostgreSQL's client packages (pg, pg-cursor, pg-copy-streams, pgpass) stay outside the
// bundle and are loaded only when a ledger is on PostgreSQL: a command on a SQLite ledger
// never pays for them (scripts/build.mjs lists them as external).

import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

export function pgModule(name: 'pg' | 'pg-cursor' | 'pg-copy-streams' | 'pg-connection-string' | 'pgpass'): unknown {
  return load(name);
}
