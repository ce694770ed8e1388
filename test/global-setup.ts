// Once per `vitest run`, before any test file (vitest.config.ts globalSetup).
//   - A directory for the run (SERIALS_TEST_RUN_DIR), removed at the end.
//   - Without SERIALS_TEST_PG, one line says that the PostgreSQL suite did not run and how to run it.
//   - With it: the server is checked once (a wrong URL is one clear failure, not a thousand), its
//     version printed, and the run gets an id (SERIALS_TEST_PG_RUN, inherited by the test
//     workers) that prefixes every database it makes (test/helpers/pg-admin.ts); at the end,
//     whatever of them is left (a worker killed mid-test) is dropped.

import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withoutPassword } from '../src/db/location.js';

export default async function setup(): Promise<() => Promise<void>> {
  // the run's directory (inherited by the test workers): files built once for every test file, such as cliLedger()'s template
  const runDir = mkdtempSync(join(tmpdir(), 'serials-run-'));
  process.env.SERIALS_TEST_RUN_DIR = runDir;
  const removeRunDir = () => rmSync(runDir, { recursive: true, force: true });
  const url = process.env.SERIALS_TEST_PG;
  if (!url) {
    console.log('PostgreSQL suite not run: set SERIALS_TEST_PG=postgres://USER@HOST:PORT/postgres (an admin URL of a throwaway server), or run .ci/run (it starts a throwaway server).');
    return async () => removeRunDir();
  }
  const pg = createRequire(import.meta.url)('pg') as typeof import('pg');
  const admin = new pg.Client({ connectionString: url, application_name: 'serials-test-setup' });
  admin.on('error', () => undefined);
  try {
    await admin.connect();
  } catch (error) {
    removeRunDir();
    throw new Error(`SERIALS_TEST_PG=${withoutPassword(url)}: cannot connect (${(error as Error).message}). Start the server, fix the URL, or unset SERIALS_TEST_PG to run the SQLite suite alone.`);
  }
  const version = (await admin.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v;
  process.env.SERIALS_TEST_PG_RUN ??= `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const prefix = `serials_t${process.env.SERIALS_TEST_PG_RUN}_`;
  console.log(`PostgreSQL suite: server ${version} at ${withoutPassword(url)}, databases ${prefix}*`);
  return async () => {
    removeRunDir();
    const left = (await admin.query<{ name: string }>('select datname as name from pg_database where starts_with(datname, $1)', [prefix])).rows;
    for (const { name } of left) {
      await admin.query(`drop database if exists "${name}" with (force)`).catch((error: Error) => console.log(`could not drop ${name}: ${error.message}`));
    }
    await admin.end().catch(() => undefined);
  };
}
