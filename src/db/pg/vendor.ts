// PostgreSQL's client packages in one place: scripts/build.mjs bundles this file alone into
// dist/pg.cjs, loaded (with a V8 code cache, like the app bundle) only for a ledger on
// PostgreSQL, so that a command on SQLite never pays for them and one on PostgreSQL does not
// resolve and compile thirty files of node_modules every time.

import pg from 'pg';
import Cursor from 'pg-cursor';
import copyStreams from 'pg-copy-streams';
import { parse } from 'pg-connection-string';
// eslint-disable-next-line @typescript-eslint/no-require-imports
import pgpass from 'pgpass';

export const vendor = { pg, Cursor, copyStreams, parse, pgpass };
export type Vendor = typeof vendor;
