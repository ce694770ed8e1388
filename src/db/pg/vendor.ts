// PostgreSQL's client packages in one place: scripts/build.mjs bundles this file alone into
// dist/pg.cjs, loaded (with a V8 code cache, like the app bundle) only for a ledger on
// PostgreSQL, so that a command on SQLite never pays for them and one on PostgreSQL does not
// resolve and compile thirty files of node_modules every time. What only some commands need
// (a cursor for streams, COPY for bulk writes, ~/.pgpass when no password is given) is
// evaluated on first use: esbuild keeps each bundled module's body behind its require().

/* eslint-disable @typescript-eslint/no-require-imports */
import pg from 'pg';
import { parse } from 'pg-connection-string';

export const vendor = {
  pg,
  parse,
  get Cursor(): typeof import('pg-cursor') {
    return require('pg-cursor');
  },
  get copyStreams(): typeof import('pg-copy-streams') {
    return require('pg-copy-streams');
  },
  get pgpass(): typeof import('pgpass').default {
    return require('pgpass');
  },
};
export type Vendor = typeof vendor;
