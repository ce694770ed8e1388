// End-to-end on PostgreSQL (issue 13, "How it is checked"): a 100,000-serial receipt killed
// with SIGKILL while it writes — once its server session holds the ledger's write lock and
// has written rows — leaves all of it or none of it; the ledger verifies, and running the
// receipt again succeeds.
// Runs in the postgres project only (vitest.config.ts): it needs SERIALS_TEST_PG.

import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cli, ok } from '../helpers/ledger.js';

const server = process.env.SERIALS_TEST_PG;
if (!server) throw new Error('test/e2e/pg-crash.test.ts needs SERIALS_TEST_PG=postgres://… (run it through .ci/run, or the postgres project)');

/** The advisory lock's first key, as src/db/pg/driver.ts takes it for every write ('SRLS'). */
const LOCK_CLASS = 0x53524c53;
const dbName = `serials_crash_${process.pid}`;
let admin: pg.Client;
let url: string;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.query(`create database ${dbName}`);
  const u = new URL(server!);
  u.pathname = `/${dbName}`;
  url = u.toString();
});

afterAll(async () => {
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
});

interface Writing {
  pid: number;
  state: string;
  query: string;
  bytes: number;
}

/** The session holding the ledger's write lock, what it is doing and how large the serial tables are (uncommitted rows included). */
async function writer(client: pg.Client): Promise<Writing | undefined> {
  const r = await client.query<Writing>(
    `select l.pid, a.state, a.query,
            (pg_relation_size('serials') + pg_relation_size('serial_movements'))::float8 as bytes
       from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.classid = $1 and l.granted and l.database = (select oid from pg_database where datname = current_database())`,
    [LOCK_CLASS],
  );
  return r.rows[0];
}

describe('a PostgreSQL ledger after a crash', () => {
  it('SIGKILL in the middle of a 100,000-serial receipt, holding the write lock with rows written, leaves all or none of it; verify passes and a rerun succeeds', async () => {
    const n = 100_000;
    for (const s of [
      ['init'],
      ['--yes', 'settings', 'enable-serial-tracking'],
      ['warehouse', 'add', 'MAIN'],
      ['supplier', 'add', 'ACME'],
      ['product', 'add', 'WIDGET', '--serialized'],
      ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', `WIDGET:${n + 2}`],
      // a small receipt first, which must survive whatever happens to the big one
      ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', 'KEEP-1,KEEP-2'],
    ])
      ok(cli(url, s));
    const watcher = new pg.Client({ connectionString: url });
    await watcher.connect();
    try {
      const baseline = Number((await watcher.query("select (pg_relation_size('serials') + pg_relation_size('serial_movements'))::float8 as b")).rows[0].b);
      const range = `K-0000001..K-${String(n).padStart(7, '0')}`;
      const args = ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', range];
      const child = spawn(process.execPath, [BIN, '--db', url, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

      // wait until its session holds the ledger's lock and has written at least a megabyte of serial rows, mid-statement
      const deadline = Date.now() + 60_000;
      let seen: Writing | undefined;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the receipt ended (exit ${child.exitCode}) before it could be killed mid-write; last seen: ${JSON.stringify(seen)}\n${stderr}`);
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`the receipt was never seen writing within 60 s; last seen: ${JSON.stringify(seen)}`);
        }
        seen = await writer(watcher);
        if (seen && seen.state === 'active' && !/^\s*commit/i.test(seen.query) && seen.bytes > baseline + 1024 * 1024) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(child.kill('SIGKILL')).toBe(true);
      expect(await exited).toBe('SIGKILL');
      // the server rolls the session back when it notices the client is gone
      const gone = Date.now() + 30_000;
      while ((await watcher.query('select 1 from pg_stat_activity where pid = $1', [seen.pid])).rowCount) {
        if (Date.now() > gone) throw new Error(`the killed receipt's session ${seen.pid} was still there after 30 s`);
        await new Promise((r) => setTimeout(r, 20));
      }

      // all or none: the stock level, the serial count, the order and both ends of the range agree
      const soh = JSON.parse(ok(cli(url, ['--json', 'soh', '--product', 'WIDGET'])).stdout) as { quantity: number; serialCount: number }[];
      expect(soh).toHaveLength(1);
      const quantity = soh[0]!.quantity;
      expect([2, n + 2]).toContain(quantity);
      const all = quantity === n + 2;
      expect(soh[0]!.serialCount).toBe(quantity);
      const order = JSON.parse(ok(cli(url, ['--json', 'po', 'show', 'PO-00000001'])).stdout) as { status: string; lines: { received: number }[]; receipts: unknown[] };
      expect(order.lines[0]!.received).toBe(quantity);
      expect(order.status).toBe(all ? 'completed' : 'open');
      expect(order.receipts).toHaveLength(all ? 2 : 1);
      const rows = await watcher.query<{ serials: number; movements: number; numbers: number }>(
        `select (select count(*) from serials where serial like 'K-%')::int as serials,
                (select count(*) from serial_movements m join serials s on s.id = m.serial_id where s.serial like 'K-%')::int as movements,
                (select count(*) from purchase_receipts)::int as numbers`,
      );
      expect(rows.rows[0]).toEqual(all ? { serials: n, movements: n, numbers: 2 } : { serials: 0, movements: 0, numbers: 1 });
      const kept = JSON.parse(ok(cli(url, ['--json', 'enquiry', '--contains', 'KEEP-'])).stdout) as { status: string }[];
      expect(kept.map((r) => r.status)).toEqual(['available', 'available']);
      const verify = cli(url, ['db', 'verify']);
      expect(verify.status, `${verify.stdout}\n${verify.stderr}`).toBe(0);

      // the ledger is fully usable afterwards: the receipt runs again, to completion
      const again = all ? cli(url, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'KEEP-3', '--reason', 'after']) : cli(url, ['--json', ...args]);
      expect(again.status, again.stderr).toBe(0);
      const after = JSON.parse(ok(cli(url, ['--json', 'soh', '--product', 'WIDGET'])).stdout) as { quantity: number; serialCount: number }[];
      expect(after).toEqual([expect.objectContaining({ quantity: all ? n + 3 : n + 2, serialCount: all ? n + 3 : n + 2 })]);
      if (!all) expect((JSON.parse(again.stdout) as { number: string }).number).toBe('PR-00000002');
    } finally {
      await watcher.end();
    }
  }, 120_000);
});
