// A ledger on PostgreSQL through the built CLI (issue 13 items 1 and 3): choosing the engine
// with --db, SERIALS_DB, the PG* variables and ~/.pgpass; init, status, migrate and verify on
// an empty database; exit 69 for a server that cannot be reached or refuses the login, with
// the password never printed; exit 75 for a writer that waits too long, while readers go on.
// Runs in the postgres project only (vitest.config.ts): it needs SERIALS_TEST_PG.

import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { BIN, cli, cliAsync, json, ok } from '../helpers/ledger.js';
import { expectErrorContract } from '../helpers/json-contract.js';

const server = process.env.SERIALS_TEST_PG;
if (!server) throw new Error('test/e2e/pg-connect.test.ts needs SERIALS_TEST_PG=postgres://… (run it through .ci/run, or the postgres project)');

const admin = new URL(server);
const dbName = `serials_connect_${process.pid}`;
/** A URL to database `db` on the test server, as user `user` (and password) if given. */
function urlTo(db: string, user?: string, password?: string): string {
  const u = new URL(server!);
  u.pathname = `/${db}`;
  if (user !== undefined) u.username = user;
  if (password !== undefined) u.password = password;
  return u.toString();
}

const LOGIN_ROLE = 'serials_login_test';
const LOGIN_PASSWORD = 'right-horse-battery';
let adminClient: pg.Client;
let dir: string;
/** What `init --json` said when it created the ledger every test here uses. */
let created: { created: boolean; migrationsApplied: string[] };

beforeAll(async () => {
  adminClient = new pg.Client({ connectionString: server });
  await adminClient.connect();
  await adminClient.query(`drop database if exists ${dbName} with (force)`);
  await adminClient.query(`create database ${dbName}`);
  // a role that must give a password (the test server trusts only its superuser)
  await adminClient.query(`do $$ begin if not exists (select from pg_roles where rolname = '${LOGIN_ROLE}') then create role ${LOGIN_ROLE} login; end if; end $$`);
  await adminClient.query(`alter role ${LOGIN_ROLE} password '${LOGIN_PASSWORD}'`);
  await adminClient.query(`grant all on database ${dbName} to ${LOGIN_ROLE}`);
  dir = mkdtempSync(join(tmpdir(), 'serials-pg-connect-'));
  created = json(ok(cli(urlTo(dbName), ['--json', 'init'])));
  // the superuser made the ledger; the login role works in it as a shop's user would
  const ledger = new pg.Client({ connectionString: urlTo(dbName) });
  await ledger.connect();
  await ledger.query(`grant all on all tables in schema public to ${LOGIN_ROLE}`);
  await ledger.query(`grant all on all sequences in schema public to ${LOGIN_ROLE}`);
  await ledger.end();
});

afterAll(async () => {
  await adminClient.query(`drop database if exists ${dbName} with (force)`);
  await adminClient.end();
  rmSync(dir, { recursive: true, force: true });
});

describe('a ledger on PostgreSQL', () => {
  it('init creates the schema in an empty database; status, migrate, verify and a write work the same as on SQLite', () => {
    const db = urlTo(dbName);
    expect(created.created).toBe(true);
    expect(created.migrationsApplied.length).toBeGreaterThan(5);
    const again = json(ok(cli(db, ['--json', 'init'])));
    expect(again).toMatchObject({ created: false, migrationsApplied: [] });
    const status = json(ok(cli(db, ['--json', 'db', 'status'])));
    expect(status.upToDate).toBe(true);
    expect(status.pending).toEqual([]);
    ok(cli(db, ['db', 'migrate']));
    ok(cli(db, ['--yes', 'settings', 'enable-serial-tracking']));
    ok(cli(db, ['warehouse', 'add', 'MAIN']));
    ok(cli(db, ['supplier', 'add', 'ACME']));
    ok(cli(db, ['product', 'add', 'WIDGET', '--serialized']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'W-001..W-005', '--reason', 'Opening']));
    const soh = json(ok(cli(db, ['--json', 'soh'])));
    expect(JSON.stringify(soh)).toContain('WIDGET');
    const verify = ok(cli(db, ['db', 'verify']));
    expect(verify.stdout).toMatch(/Ledger OK: on PostgreSQL; 5 serials/);
    expect(json(ok(cli(db, ['--json', 'db', 'verify']))).integrity).toBe('not_applicable');
  });

  it('SERIALS_DB, the PG* variables and a password file choose and reach the ledger, and the password is never printed', () => {
    // SERIALS_DB as a URL
    const viaEnv = cli('', [], {});
    expect(viaEnv.status).toBe(2); // an empty --db is a usage error, not a ledger
    const fromEnv = spawnWith(['--json', 'db', 'status'], { SERIALS_DB: urlTo(dbName) });
    expect(json(ok(fromEnv)).upToDate).toBe(true);
    // postgres:///db with the host, port and user from PG*, the password from PGPASSFILE
    const passfile = join(dir, 'pgpass');
    writeFileSync(passfile, `${admin.hostname}:${admin.port || 5432}:${dbName}:${LOGIN_ROLE}:${LOGIN_PASSWORD}\n`);
    chmodSync(passfile, 0o600);
    const viaPg = spawnWith(['--json', 'db', 'status'], {
      SERIALS_DB: `postgres:///${dbName}`,
      PGHOST: admin.hostname,
      PGPORT: admin.port || '5432',
      PGUSER: LOGIN_ROLE,
      PGPASSFILE: passfile,
    });
    expect(json(ok(viaPg)).upToDate).toBe(true);
    expect(viaPg.stderr).not.toMatch(/deprecat|warning/i);
    // a password in the URL works and is never shown, even in errors
    const inUrl = urlTo(dbName, LOGIN_ROLE, LOGIN_PASSWORD);
    const status = ok(cli(inUrl, ['db', 'status']));
    expect(status.stdout + status.stderr).not.toContain(LOGIN_PASSWORD);
    const pending = cli(inUrl, ['--json', 'so', 'show', 'SO-99999999']);
    expect(pending.status).toBe(1);
    expect(pending.stdout + pending.stderr).not.toContain(LOGIN_PASSWORD);
  });

  it('a refused login, an unknown database and a closed port are exit 69 with a fix, and never print the password', () => {
    const wrong = cli(urlTo(dbName, LOGIN_ROLE, 'wrong-password-123'), ['--json', 'soh']);
    expect(wrong.status).toBe(69);
    const error = expectErrorContract(wrong);
    expect(error.code).toBe('ledger_login_refused');
    expect(error.message).toContain(`postgres://${LOGIN_ROLE}@`);
    expect(wrong.stdout + wrong.stderr).not.toContain('wrong-password-123');

    const missing = cli(urlTo(`${dbName}_missing`), ['soh']);
    expect(missing.status).toBe(69);
    expect(missing.stderr).toMatch(/does not exist/);
    expect(missing.stderr).toMatch(/createdb|CREATE DATABASE/);

    const closed = new URL(urlTo(dbName, LOGIN_ROLE, 'secret-xyz'));
    closed.port = '1';
    const refused = cli(closed.toString(), ['soh']);
    expect(refused.status).toBe(69);
    expect(refused.stderr).toMatch(/Cannot reach the PostgreSQL server/);
    expect(refused.stderr).not.toContain('secret-xyz');

    // sslmode is honoured: the test server has no TLS, so require cannot be met (and no driver warning is printed)
    const tls = cli(`${urlTo(dbName, LOGIN_ROLE, LOGIN_PASSWORD)}?sslmode=require`, ['soh']);
    expect(tls.status).toBe(69);
    expect(tls.stderr).toMatch(/^error: Cannot open a TLS connection/);
    expect(tls.stderr).not.toMatch(/WARNING|deprecat/i);
    ok(cli(`${urlTo(dbName)}?sslmode=disable`, ['soh']));
  });

  it("F-2: another program's tables are never touched: open and init refuse them (69)", async () => {
    const other = `${dbName}_other`;
    await adminClient.query(`drop database if exists ${other} with (force)`);
    await adminClient.query(`create database ${other}`);
    const client = new pg.Client({ connectionString: urlTo(other) });
    await client.connect();
    try {
      await client.query('create table invoices (id int primary key, total numeric)');
      await client.query('insert into invoices values (1, 9.99)');
      for (const args of [['init'], ['soh'], ['db', 'migrate']]) {
        const r = cli(urlTo(other), args);
        expect(r.status, args.join(' ')).toBe(69);
        expect(r.stderr).toMatch(/not a serials ledger|not empty/);
      }
      const tables = await client.query("select tablename from pg_tables where schemaname = 'public' order by 1");
      expect(tables.rows.map((r) => r.tablename)).toEqual(['invoices']);
    } finally {
      await client.end();
      await adminClient.query(`drop database if exists ${other} with (force)`);
    }
  });

  it('a writer that waits longer than the busy timeout exits 75 having written nothing, and readers are not blocked meanwhile', async () => {
    const db = urlTo(dbName);
    const holder = new pg.Client({ connectionString: db });
    await holder.connect();
    try {
      // another writer: holds the ledger's write lock in an open transaction
      await holder.query('begin');
      await holder.query('select pg_advisory_xact_lock($1, hashtext(current_schema()))', [0x53524c53 | 0]);
      const started = Date.now();
      const [write, read] = await Promise.all([
        cliAsync(db, ['--json', 'warehouse', 'add', 'SIDE'], { SERIALS_BUSY_TIMEOUT_MS: '400' }),
        cliAsync(db, ['--json', 'soh']),
      ]);
      expect(write.status).toBe(75);
      expect(JSON.parse(write.stderr).error.code).toBe('busy');
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      expect(read.status).toBe(0);
      await holder.query('rollback');
      const list = json(ok(cli(db, ['--json', 'warehouse', 'list'])));
      expect(JSON.stringify(list)).not.toContain('SIDE');
    } finally {
      await holder.end();
    }
  });

  it('the demo stays a SQLite file and says how to copy it to PostgreSQL', () => {
    const r = cli(urlTo(dbName), ['demo']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/db copy --from/);
  });
});

function spawnWith(args: string[], env: NodeJS.ProcessEnv) {
  // no --db: the location comes from the environment
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
