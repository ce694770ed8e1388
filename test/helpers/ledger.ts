// Test helpers: real ledgers for core tests (in-process, on each engine of engines.ts) and
// real ledgers for e2e tests (spawning the built CLI): SQLite files, or in the vitest project
// `postgres` (vitest.config.ts) databases on the SERIALS_TEST_PG server, whose URL the tests
// pass as `--db` exactly as they pass a path (cliLedger, copyLedger, seededForFile).
//
// Every ledger a test opens with newLedger() is tracked. After each test (test/setup.ts,
// vitest.config.ts setupFiles), each one the test wrote is checked by `db verify` and the
// test fails naming every discrepancy; then the ledgers the test opened are closed and
// removed. A test that damages its ledger on purpose says so with ledger.expectDamage().

import { copyFileSync, existsSync, linkSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll } from 'vitest';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync, spawn, type SpawnSyncReturns } from 'node:child_process';
import type { Db, Ledger } from '../../src/db/open.js';
import { verifyLedger, type VerifyReport } from '../../src/core/ledger/verify.js';
import { enableSerialTracking } from '../../src/core/master-data/settings.js';
import { addEntry } from '../../src/core/master-data/directory.js';
import { addProduct } from '../../src/core/master-data/products.js';
import { E2E_ENGINE, makeLedger, type Engine, type EngineLedger } from './engines.js';
import { closeQueries, createDatabase, databaseOf, databaseUrl, dropDatabase, newDatabaseName, querySync, sharedTemplate } from './pg-admin.js';
import { verifySync } from './verify-sync.js';

export const BIN = join(__dirname, '..', '..', 'bin', 'serials.js');

export function tempDir(prefix = 'serials-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestLedger extends Ledger {
  engine: Engine;
  /** runs fn in one write transaction, as every CLI command does */
  write<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  verify(): Promise<VerifyReport>;
  /**
   * This test damages the ledger on purpose (writes behind the ledger's back, to show that
   * `db verify` finds it): after the test, verify must find something wrong, instead of
   * nothing. `why` says what the damage is, for the failure message.
   */
  expectDamage(why: string): void;
  /** What happens after the test, now: verifies the ledger if it was written, closes it and removes it. */
  dispose(): Promise<void>;
}

interface Tracked {
  ledger: TestLedger;
  made: EngineLedger;
  /** opened during a test (its beforeEach included): closed after that test, else after the file */
  inTest: boolean;
  /** `write` was called since the last verify (a rejected command counts: it must leave nothing behind) */
  written: boolean;
  /** the engine's count of rows written, at the last verify */
  changesVerified: number;
  damage?: string;
  closed: boolean;
}

const tracked: Tracked[] = [];
let testRunning = false;

/** A fresh, migrated, empty ledger on `engine` (by default this project's e2e engine) for this test; see the top of this file for what happens after it. */
export async function newLedger(engine: Engine = E2E_ENGINE): Promise<TestLedger> {
  const made = await makeLedger(engine);
  const { ledger: base } = made;
  const entry = { made, inTest: testRunning, written: false, changesVerified: 0, closed: false } as Tracked;
  entry.ledger = {
    ...base,
    engine,
    write: (fn) => {
      entry.written = true;
      return base.db.transaction().execute(fn);
    },
    verify: () => verifyLedger(base.db),
    expectDamage(why) {
      entry.damage = why;
    },
    async close() {
      const failure = await check(entry);
      await closeEntry(entry);
      if (failure) throw new Error(failure);
    },
    abort() {
      entry.closed = true;
      base.abort();
    },
    async dispose() {
      const failure = await settle(entry);
      if (failure) throw new Error(failure);
    },
  };
  tracked.push(entry);
  return entry.ledger;
}

/** What `db verify` says is wrong with a ledger after its test, or undefined when nothing is (or it was not written). */
async function check(entry: Tracked, testFailed = false): Promise<string | undefined> {
  if (entry.closed) return undefined;
  const changes = await entry.made.changes();
  if (!entry.written && changes === entry.changesVerified) return undefined;
  const report = await verifyLedger(entry.ledger.db);
  entry.written = false;
  entry.changesVerified = changes;
  const where = `the ${entry.ledger.engine} ledger ${entry.ledger.path}`;
  if (entry.damage === undefined) {
    if (report.ok) return undefined;
    const shown = report.discrepancies.slice(0, 20).map((d) => `  invariant ${d.invariant}: ${d.message}`);
    if (report.total > shown.length) shown.push(`  ... and ${report.total - shown.length} more`);
    return (
      `db verify found ${report.total} discrepanc${report.total === 1 ? 'y' : 'ies'} in ${where}, written by this test:\n${shown.join('\n')}\n` +
      `Every test that writes must leave a ledger that verifies; a test that damages its ledger on purpose says so with ledger.expectDamage('why').`
    );
  }
  // a test that failed before it did its damage has said what went wrong already
  if (report.ok && !testFailed) return `The test said it damages ${where} (${entry.damage}), but db verify finds nothing wrong with it.`;
  return undefined;
}

async function closeEntry(entry: Tracked): Promise<void> {
  if (entry.closed) return;
  entry.closed = true;
  await entry.made.ledger.close();
}

/** Verifies the ledger if it was written, then closes and removes it, whatever the verify says. */
async function settle(entry: Tracked, testFailed = false): Promise<string | undefined> {
  const at = tracked.indexOf(entry);
  if (at !== -1) tracked.splice(at, 1);
  try {
    return await check(entry, testFailed);
  } finally {
    await closeEntry(entry);
    entry.made.remove();
  }
}

/** test/setup.ts, before each test: ledgers opened from now on belong to the test. */
export function testStarting(): void {
  testRunning = true;
}

/** PostgreSQL databases made for e2e ledgers (cliLedger, copyLedger): dropped after their test, or after the file. */
const e2eDatabases: { name: string; inTest: boolean }[] = [];

function dropE2eDatabases(which: (d: { inTest: boolean }) => boolean): void {
  for (let i = e2eDatabases.length - 1; i >= 0; i -= 1) {
    const d = e2eDatabases[i]!;
    if (!which(d)) continue;
    e2eDatabases.splice(i, 1);
    dropDatabase(d.name);
  }
}

/** A new database for an e2e ledger, a copy of `template` (or empty), dropped after the test that made it (after the file if made outside a test). */
function e2eDatabase(template?: string): string {
  const name = newDatabaseName('e2e');
  createDatabase(name, template);
  e2eDatabases.push({ name, inTest: testRunning });
  return name;
}

/**
 * Checks each of `entries`, settling (verify, close, remove) those `settleIf` says, and throws
 * naming every discrepancy found in any of them; an entry that cannot be checked is a failure too.
 */
async function checkAll(entries: Tracked[], settleIf: (entry: Tracked) => boolean, testFailed: boolean): Promise<void> {
  const failures: string[] = [];
  for (const entry of entries) {
    try {
      const failure = settleIf(entry) ? await settle(entry, testFailed) : await check(entry, testFailed);
      if (failure) failures.push(failure);
    } catch (error) {
      failures.push(`db verify could not check the ${entry.ledger.engine} ledger ${entry.ledger.path}: ${(error as Error).stack ?? String(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(failures.join('\n\n'));
}

/**
 * test/setup.ts, after each test: verifies every ledger written during it (those opened for
 * the whole file too), closes and removes the ones it opened, and throws naming every
 * discrepancy found.
 */
export async function testFinished(testFailed: boolean): Promise<void> {
  testRunning = false;
  try {
    await checkAll([...tracked], (entry) => entry.inTest, testFailed);
  } finally {
    dropE2eDatabases((d) => d.inTest);
  }
}

/** test/setup.ts, once a test is over even if an afterEach before testFinished failed: nothing it opened is left open. */
export async function testLeftovers(): Promise<void> {
  testRunning = false;
  for (const entry of tracked.filter((e) => e.inTest)) await settle(entry).catch(() => undefined);
  dropE2eDatabases((d) => d.inTest);
}

/** test/setup.ts, after the file: the same for ledgers opened outside any test (in a beforeAll). */
export async function fileFinished(): Promise<void> {
  try {
    await checkAll([...tracked], () => true, false);
  } finally {
    dropE2eDatabases(() => true);
  }
}

/** Tracking on, warehouses MAIN and BACK, supplier ACME, serialized WIDGET and plain CABLE. */
export async function seed(ledger: TestLedger): Promise<void> {
  await ledger.write(async (db) => {
    await enableSerialTracking(db);
    await addEntry(db, 'warehouse', { code: 'MAIN' });
    await addEntry(db, 'warehouse', { code: 'BACK' });
    await addEntry(db, 'supplier', { code: 'ACME' });
    await addEntry(db, 'customer', { code: 'BAKER' });
    await addProduct(db, { code: 'WIDGET', serialized: true });
    await addProduct(db, { code: 'CABLE' });
  });
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a spawned CLI: this process's, less NODE_EXTRA_CA_CERTS. A machine that
 * sets it (to the system's CA bundle) makes every node process read and parse those
 * certificates at start-up, ~45 ms each, and the e2e suite starts ~5,000 of them; no test
 * makes a TLS connection. NO_COLOR: the tests read plain text.
 */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  if (!('NODE_EXTRA_CA_CERTS' in extra)) delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/** Runs the built CLI synchronously against a ledger (a file, or a PostgreSQL URL). */
export function cli(db: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, '--db', db, ...args], {
    encoding: 'utf8',
    input: options.input ?? '',
    maxBuffer: 1 << 30, // a rejection of 150,000 serials is tens of MB of JSON
    env: cliEnv(options.env),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the built CLI asynchronously (for concurrency tests). */
export function cliAsync(db: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--db', db, ...args], { env: cliEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The seed of every cliLedger(), as CLI commands. */
const CLI_SEED = [
  ['init'],
  ['--yes', 'settings', 'enable-serial-tracking'],
  ['warehouse', 'add', 'MAIN'],
  ['warehouse', 'add', 'BACK'],
  ['supplier', 'add', 'ACME'],
  ['customer', 'add', 'BAKER'],
  ['product', 'add', 'WIDGET', '--serialized'],
  ['product', 'add', 'CABLE'],
];

function runSeed(db: string): void {
  for (const s of CLI_SEED) {
    const r = cli(db, s);
    if (r.status !== 0) throw new Error(`setup step ${s.join(' ')} failed: ${r.stderr}`);
  }
}

/** The first cliLedger() of this test worker, built through the CLI; later ones are copies of it. */
let cliTemplate: string | undefined;
/** The same on PostgreSQL: a database of the run, built through the CLI once for all files. */
let cliTemplateDatabase: string | undefined;

function isUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/**
 * A ledger initialised through the CLI, with the same seed as `seed`: a file, or in the
 * `postgres` project a database (`db` is then its URL). It is built by running the commands
 * once and copied after that: eight processes per test were a large part of the end-to-end
 * suite's time, and the copy is the same ledger. `dir` is a new directory for the test's files.
 */
export function cliLedger(): { dir: string; db: string } {
  const dir = tempDir();
  if (E2E_ENGINE === 'postgres') {
    cliTemplateDatabase ??= sharedTemplate('cli', (database: string) => runSeed(databaseUrl(database)));
    return { dir, db: databaseUrl(e2eDatabase(cliTemplateDatabase)) };
  }
  const db = join(dir, 'cli.db');
  cliTemplate ??= sharedCliFile();
  if (cliTemplate !== undefined && existsSync(cliTemplate)) {
    copyFileSync(cliTemplate, db);
    for (const suffix of ['-wal', '-shm']) if (existsSync(cliTemplate + suffix)) copyFileSync(cliTemplate + suffix, db + suffix);
    return { dir, db };
  }
  runSeed(db);
  const template = join(tempDir('serials-template-'), 'cli.db');
  copyFileSync(db, template);
  for (const suffix of ['-wal', '-shm']) if (existsSync(db + suffix)) copyFileSync(db + suffix, template + suffix);
  cliTemplate = template;
  process.once('exit', () => rmSync(dirname(template), { recursive: true, force: true }));
  return { dir, db };
}

/**
 * The SQLite cliLedger() template of the whole run, shared by the test files through the run's
 * directory (SERIALS_TEST_RUN_DIR, test/global-setup.ts): built by the first file that needs
 * it, put in place by a hard link (a file that is there is whole). Undefined when there is no
 * run directory, or the build left a write-ahead log beside the file (then the file builds its own).
 */
function sharedCliFile(): string | undefined {
  const runDir = process.env.SERIALS_TEST_RUN_DIR;
  if (!runDir || !existsSync(runDir)) return undefined;
  const shared = join(runDir, 'cli.db');
  if (existsSync(shared)) return shared;
  const build = tempDir('serials-template-');
  try {
    const db = join(build, 'cli.db');
    runSeed(db);
    if (existsSync(`${db}-wal`)) return undefined;
    try {
      linkSync(db, shared);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return shared;
  } finally {
    rmSync(build, { recursive: true, force: true });
  }
}

/**
 * `serials db verify`'s checks on a ledger (a path or URL), in this process
 * (test/helpers/verify-sync.ts); throws with what it found unless the ledger passes. The
 * tests about the command itself spawn `db verify`.
 */
export function assertVerifies(db: string): void {
  const r = verifySync(db);
  if (!r.ok) throw new Error(`db verify failed:\n${r.text}`);
}

/** The result of a command that must succeed (exit 0); throws with its output otherwise. */
export function ok(r: CliResult): CliResult {
  if (r.status !== 0) throw new Error(`expected exit 0, got ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

/** Size of a ledger's write-ahead log (0 when there is none). */
export function walSize(db: string): number {
  try {
    return statSync(`${db}-wal`).size;
  } catch {
    return 0;
  }
}

/**
 * Runs the CLI and SIGKILLs it once the ledger's write-ahead log has grown past `threshold`
 * bytes while it still runs: in the middle of its write transaction when that spills pages
 * to the log, or else while its commit is being written (either way, before it is done).
 * With `growing`, only once the log has been seen growing over several readings and
 * `afterMs` have passed. Polls every `pollMs` (0: as often as possible). Fails if the
 * command ends before it can be killed.
 */
export async function killWhenLogGrows(
  db: string,
  args: string[],
  options: { threshold: number; growing?: boolean; afterMs?: number; pollMs?: number },
): Promise<{ sizeAtKill: number; stdout: string; stderr: string }> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, '--db', db, ...args], { env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

  const deadline = Date.now() + 60_000;
  const sizes: number[] = [];
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the process exited (code ${child.exitCode}, signal ${child.signalCode}) before it could be killed mid-write; ` +
          `WAL sizes seen: ${sizes.slice(-5).join(', ')}.\nstdout: ${stdout.slice(0, 2000)}\nstderr: ${stderr.slice(0, 2000)}`,
      );
    }
    const size = walSize(db);
    if (sizes.length === 0 || size !== sizes[sizes.length - 1]) sizes.push(size);
    const grown = size > options.threshold && (!options.growing || (sizes.length >= 3 && size > (sizes[sizes.length - 2] ?? 0)));
    if (grown && Date.now() - started >= (options.afterMs ?? 0)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the WAL never grew past ${options.threshold} bytes (sizes seen: ${sizes.slice(-5).join(', ')}) within 60 s`);
    }
    await new Promise((r) => (options.pollMs ? setTimeout(r, options.pollMs) : setImmediate(r)));
  }
  const sizeAtKill = walSize(db);
  const killed = child.kill('SIGKILL');
  const { code, signal } = await exited;
  if (!killed || signal !== 'SIGKILL') {
    throw new Error(`the kill landed after the process had already exited (code ${code}, signal ${signal}); stdout: ${stdout}\nstderr: ${stderr}`);
  }
  return { sizeAtKill, stdout, stderr };
}

/**
 * A copy of a ledger file, with its -wal and -shm, as ledger.db in a new temp directory
 * that is added to `dirs` for the test file's cleanup. Seeding once and copying per test
 * saves the ~0.2 s each CLI command of the seeding costs.
 */
export function copyLedger(source: string, dirs: string[], prefix = 'serials-e2e-'): { dir: string; db: string } {
  const dir = tempDir(prefix);
  dirs.push(dir);
  // a PostgreSQL ledger: a copy of its database, dropped after the test (or the file) that made it
  if (isUrl(source)) return { dir, db: databaseUrl(e2eDatabase(databaseOf(source))) };
  const db = join(dir, 'ledger.db');
  copyFileSync(source, db);
  for (const suffix of ['-wal', '-shm']) if (existsSync(source + suffix)) copyFileSync(source + suffix, db + suffix);
  return { dir, db };
}

/**
 * Every row of every table of a PostgreSQL ledger (`db` is its URL) in a stable order, and its
 * schema (columns and indexes of the ledger's schema): equal dumps mean nothing in it changed.
 * Identity sequences are left out: PostgreSQL advances them for inserts that roll back, and
 * the ledger never shows those ids.
 */
export function pgLedgerDump(db: string): Record<string, unknown> {
  try {
    const dump: Record<string, unknown> = {
      columns: querySync(db, "select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns where table_schema = current_schema() order by table_name, ordinal_position"),
      indexes: querySync(db, 'select tablename, indexname, indexdef from pg_indexes where schemaname = current_schema() order by tablename, indexname'),
    };
    const tables = querySync<{ name: string }>(db, 'select tablename as name from pg_tables where schemaname = current_schema() order by tablename');
    for (const { name } of tables) {
      const rows = querySync(db, `select * from "${name}"`).map((row) => JSON.stringify(row));
      dump[`table:${name}`] = rows.sort().map((row) => JSON.parse(row) as unknown);
    }
    return dump;
  } finally {
    closeQueries(db);
  }
}

/**
 * Runs SQL on a ledger behind its back (a file, or a PostgreSQL URL), for the tests that damage
 * a ledger on purpose to show that `db verify` finds it. Several statements may be given, separated by `;`.
 */
export function rawSql(db: string, statements: string): void {
  if (isUrl(db)) {
    try {
      querySync(db, statements);
    } finally {
      closeQueries(db);
    }
    return;
  }
  const raw = new BetterSqlite3(db);
  try {
    raw.exec(statements);
  } finally {
    raw.close();
  }
}

/** Whether `db` is a PostgreSQL URL rather than a ledger file. */
export function isPostgresLedger(db: string): boolean {
  return isUrl(db);
}

/** A command's stdout, parsed as JSON. */
export function json<T = any>(r: CliResult): T {
  return JSON.parse(r.stdout) as T;
}

/**
 * One ledger per test file, seeded through the CLI (cliLedger) and then by `extra`, made
 * before the file's tests and removed after them with every directory added to `dirs`
 * (copyLedger's copies included). Read `db` (and `dir`, a directory for the file's own
 * files: on PostgreSQL `db` is a URL, not a path beside them) inside tests or hooks, not at load time.
 */
export function seededForFile(extra: (db: string) => void = () => undefined): { readonly db: string; readonly dir: string; dirs: string[] } {
  const state = { db: '', dir: '', dirs: [] as string[] };
  beforeAll(() => {
    const l = cliLedger();
    state.dirs.push(l.dir);
    state.db = l.db;
    state.dir = l.dir;
    extra(l.db);
  });
  afterAll(() => state.dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  return state;
}
