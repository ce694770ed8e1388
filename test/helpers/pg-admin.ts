// The test suite's own connection to the PostgreSQL server of SERIALS_TEST_PG (an admin URL),
// for making and dropping the databases that hold test ledgers. Synchronous, because the
// end-to-end helpers that make ledgers (cliLedger, copyLedger) are: the connection lives in a
// worker thread and the caller waits for each answer with Atomics.wait, ~1 ms of overhead
// instead of a psql process per database.
//
// Every database a test run makes is named serials_t<run>_…, so that leftovers of a run (a
// worker killed mid-test) are dropped by the run's global teardown, and two runs on one
// server (two developers, or helpers) never touch each other's.

import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** The admin URL of the test server, or undefined when the PostgreSQL suite does not run. */
export const TEST_PG = process.env.SERIALS_TEST_PG || undefined;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const pg = require(workerData.pg);
let client;
async function connected() {
  if (!client) {
    client = new pg.Client({ connectionString: workerData.url, application_name: 'serials-test-admin' });
    client.on('error', () => undefined);
    await client.connect();
  }
  return client;
}
const others = new Map();
async function connectedTo(url) {
  if (!url) return connected();
  let client = others.get(url);
  if (!client) {
    client = new pg.Client({ connectionString: url, application_name: 'serials-test-admin' });
    client.on('error', () => undefined);
    await client.connect();
    others.set(url, client);
  }
  return client;
}
parentPort.on('message', async ({ text, url, done, port, signal }) => {
  let reply;
  try {
    if (done) {
      const client = others.get(url);
      others.delete(url);
      if (client) await client.end();
      reply = { rows: [] };
    } else {
      const result = await (await connectedTo(url)).query(text);
      reply = { rows: result.rows ?? [] };
    }
  } catch (error) {
    reply = { error: error.message, code: error.code };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

let worker: Worker | undefined;

function adminWorker(): Worker {
  if (!TEST_PG) throw new Error('SERIALS_TEST_PG is not set: there is no PostgreSQL server to test on.');
  if (!worker) {
    worker = new Worker(WORKER, { eval: true, workerData: { url: TEST_PG, pg: createRequire(import.meta.url).resolve('pg') } });
    // the worker must not keep a finished test process alive
    worker.unref();
  }
  return worker;
}

/** Runs one statement on the admin connection and waits for its rows. */
export function adminQuery<R = Record<string, unknown>>(text: string, timeoutMs = 60_000): R[] {
  return ask<R>({ text }, timeoutMs);
}

/**
 * Runs one statement on a test database (its URL), synchronously, on a connection kept until
 * closeQueries(url): what a test does behind the ledger's back, or reads of it as it is.
 */
export function querySync<R = Record<string, unknown>>(url: string, text: string, timeoutMs = 60_000): R[] {
  return ask<R>({ text, url }, timeoutMs);
}

/** Closes querySync's connection to `url` (a database is copied or dropped only when nobody is connected). */
export function closeQueries(url: string): void {
  ask({ url, done: true }, 60_000);
}

function ask<R>(request: { text?: string; url?: string; done?: boolean }, timeoutMs: number): R[] {
  const text = request.text ?? `close ${request.url}`;
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  adminWorker().postMessage({ ...request, port: port2, signal }, [port2]);
  const waited = Atomics.wait(signal, 0, 0, timeoutMs);
  const message = receiveMessageOnPort(port1)?.message as { rows?: R[]; error?: string; code?: string } | undefined;
  port1.close();
  if (waited === 'timed-out' || !message) throw new Error(`the test server did not answer within ${timeoutMs} ms: ${text}`);
  if (message.error !== undefined) throw Object.assign(new Error(`${message.error} (in: ${text})`), { code: message.code });
  return message.rows ?? [];
}

/** This run's database name prefix (global-setup.ts sets SERIALS_TEST_PG_RUN; a lone worker makes its own). */
export function runPrefix(): string {
  return `serials_t${process.env.SERIALS_TEST_PG_RUN ?? `p${process.pid}`}_`;
}

let made = 0;

/** A new database name of this run, unique in this process. */
export function newDatabaseName(what: string): string {
  made += 1;
  return `${runPrefix()}${process.pid}_${what}_${made}`;
}

/** The test server's URL of `database`: SERIALS_TEST_PG with its database replaced. */
export function databaseUrl(database: string): string {
  const url = new URL(TEST_PG!.replace(/^postgres(ql)?:/i, 'http:'));
  url.pathname = `/${database}`;
  return url.toString().replace(/^http:/, 'postgres:');
}

/** The database of a test URL made by databaseUrl. */
export function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url.replace(/^postgres(ql)?:/i, 'http:')).pathname.slice(1));
}

/** A new empty database, or a copy of `template` (a database nobody is connected to). */
export function createDatabase(name: string, template?: string): void {
  adminQuery(`create database "${name}"${template ? ` template "${template}"` : ''}`);
}

/** Drops a database, closing whatever is still connected to it. */
export function dropDatabase(name: string): void {
  adminQuery(`drop database if exists "${name}" with (force)`);
}

/** Every database of this run still there (global teardown drops them). */
export function runDatabases(prefix = runPrefix()): string[] {
  return adminQuery<{ name: string }>(`select datname as name from pg_database where starts_with(datname, '${prefix}') order by datname`).map((r) => r.name);
}

/**
 * A database of this run that is a complete copy source: built once under a name of this
 * process, then renamed to `name` — the first process to finish wins, the others drop theirs
 * and use it. Nobody stays connected to it, so CREATE DATABASE … TEMPLATE can copy it.
 * `build` may be synchronous (then so is the whole, and the result is a string).
 */
export function sharedTemplate(name: string, build: (database: string) => Promise<unknown>): Promise<string>;
export function sharedTemplate(name: string, build: (database: string) => void): string;
export function sharedTemplate(name: string, build: (database: string) => unknown): string | Promise<string> {
  const full = `${runPrefix()}${name}`;
  const exists = () => adminQuery(`select 1 from pg_database where datname = '${full}'`).length > 0;
  if (exists()) return full;
  const mine = newDatabaseName(`${name}_build`);
  createDatabase(mine);
  const finish = (error?: unknown) => {
    try {
      if (error === undefined && !exists()) adminQuery(`alter database "${mine}" rename to "${full}"`);
    } catch (renaming) {
      // another process of the run renamed its copy first
      if (!exists()) throw renaming;
    } finally {
      dropDatabase(mine);
    }
    if (error !== undefined && !exists()) throw error;
    return full;
  };
  let built: unknown;
  try {
    built = build(mine);
  } catch (error) {
    return finish(error);
  }
  if (built instanceof Promise) return built.then(() => finish(), (error: unknown) => finish(error ?? new Error('template build failed')));
  return finish();
}
