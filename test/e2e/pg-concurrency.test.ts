// End-to-end on PostgreSQL (issue 13, "How it is checked"): eight CLI processes at once
// receiving, shipping and adjusting overlapping serials of one ledger. Whatever the
// interleaving, each serial leaves stock at most once, every command either succeeds whole
// (exit 0) or exits 1 or 75 having written nothing, document numbers are unique and gap-free
// per prefix, and `db verify` passes. Then the same shape while the ledger's write lock is
// held by someone else for longer than a small SERIALS_BUSY_TIMEOUT_MS, which forces 75s.
// Runs in the postgres project only (vitest.config.ts): it needs SERIALS_TEST_PG.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliAsync, ok, type CliResult } from '../helpers/ledger.js';

const server = process.env.SERIALS_TEST_PG;
if (!server) throw new Error('test/e2e/pg-concurrency.test.ts needs SERIALS_TEST_PG=postgres://… (run it through .ci/run, or the postgres project)');

/** The advisory lock's first key, as src/db/pg/driver.ts takes it for every write ('SRLS'). */
const LOCK_CLASS = 0x53524c53;
const prefix = `serials_conc_${process.pid}`;
const template = `${prefix}_t`;
const made: string[] = [];
let admin: pg.Client;

function urlTo(db: string): string {
  const u = new URL(server!);
  u.pathname = `/${db}`;
  return u.toString();
}

/** `first..last` of `letter`, four digits, as the CLI's --serials ranges write them. */
const range = (letter: string, first: number, last: number) => `${letter}-${String(first).padStart(4, '0')}..${letter}-${String(last).padStart(4, '0')}`;
function expand(spec: string): string[] {
  return spec.split(',').flatMap((part) => {
    const m = /^([A-Z])-(\d{4})\.\.[A-Z]-(\d{4})$/.exec(part);
    if (!m) return [part];
    const out: string[] = [];
    for (let i = Number(m[2]); i <= Number(m[3]); i++) out.push(`${m[1]}-${String(i).padStart(4, '0')}`);
    return out;
  });
}

/** What each of the eight writers does: direction, the CLI arguments and the serials it names. */
interface Writer {
  name: string;
  direction: 'in' | 'out';
  args: string[];
  serials: string[];
}

// Stock C-0001..C-0400 is in MAIN before they start; N-* are new. Each writer overlaps
// another: 1/2 and 2/3 receive or add the same new serials, 4/5, 5/6, 6/7 and 7/8 take the
// same stock out, and 8 ships N-0001, which exists only if 1 has committed before it.
// No serial that can leave stock can come back in, so "leaves at most once" is exact.
function writers(): Writer[] {
  const w = (name: string, direction: 'in' | 'out', args: string[], spec: string): Writer => ({ name, direction, args: [...args, '--serials', spec], serials: expand(spec) });
  const adjust = (direction: 'in' | 'out') => ['adjust', direction, '--warehouse', 'MAIN', '--product', 'WIDGET', '--reason', `racing ${direction}`];
  return [
    w('receive PO 1', 'in', ['po', 'receive', 'PO-00000001', '--product', 'WIDGET'], range('N', 1, 200)),
    w('receive PO 2', 'in', ['po', 'receive', 'PO-00000002', '--product', 'WIDGET'], range('N', 151, 350)),
    w('adjust in', 'in', adjust('in'), range('N', 301, 400)),
    w('ship SO 1', 'out', ['so', 'ship', 'SO-00000001'], range('C', 1, 150)),
    w('ship SO 2', 'out', ['so', 'ship', 'SO-00000002'], range('C', 101, 250)),
    w('adjust out A', 'out', adjust('out'), range('C', 201, 300)),
    w('adjust out B', 'out', adjust('out'), range('C', 300, 399)),
    w('ship SO 3', 'out', ['so', 'ship', 'SO-00000003'], `N-0001,C-0399`),
  ];
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`drop database if exists ${template} with (force)`);
  await admin.query(`create database ${template}`);
  made.push(template);
  const db = urlTo(template);
  const steps = [
    ['init'],
    ['--yes', 'settings', 'enable-serial-tracking'],
    ['warehouse', 'add', 'MAIN'],
    ['supplier', 'add', 'ACME'],
    ['customer', 'add', 'BAKER'],
    ['product', 'add', 'WIDGET', '--serialized'],
    ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', range('C', 1, 400), '--reason', 'opening'],
    ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:200'],
    ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:200'],
    ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:150'],
    ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:150'],
    ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:2'],
  ];
  for (const s of steps) ok(cli(db, s));
});

afterAll(async () => {
  for (const db of made) await admin.query(`drop database if exists ${db} with (force)`);
  await admin.end();
});

/** A fresh copy of the seeded ledger in its own database. */
async function freshLedger(name: string): Promise<{ url: string; client: pg.Client }> {
  const db = `${prefix}_${name}`;
  await admin.query(`drop database if exists ${db} with (force)`);
  await admin.query(`create database ${db} template ${template}`);
  made.push(db);
  const client = new pg.Client({ connectionString: urlTo(db) });
  await client.connect();
  return { url: urlTo(db), client };
}

/** The document number a successful command printed. */
const numberOf = (r: CliResult) => (JSON.parse(r.stdout) as { number: string }).number;

/**
 * Checks the ledger after the race: what each writer did is all there (exit 0) or none of
 * it is (exit 1 or 75), nothing else was written, each serial left stock at most once,
 * document numbers are gap-free per prefix, and `db verify` passes.
 */
async function checkAfterRace(url: string, client: pg.Client, plan: Writer[], results: CliResult[], allowed: number[]): Promise<void> {
  results.forEach((r, i) => expect(allowed, `${plan[i]!.name} exited ${r.status}: ${r.stderr}`).toContain(r.status));
  const won = results.map((r) => r.status === 0);
  // overlapping writers cannot both have succeeded
  for (const [a, b] of [[0, 1], [1, 2], [3, 4], [4, 5], [5, 6], [6, 7]] as const) expect(won[a] && won[b], `${plan[a]!.name} and ${plan[b]!.name} both succeeded`).toBe(false);
  // a writer rejected with exit 1 was rejected for a serial some other writer took or brought in first
  const touchedByWinners = new Set(plan.filter((_, i) => won[i]).flatMap((w) => w.serials));
  results.forEach((r, i) => {
    if (r.status !== 1) return;
    const error = (JSON.parse(r.stderr) as { error: { code: string; details?: { serial?: string }[] } }).error;
    const named = (error.details ?? []).map((d) => d.serial).filter((s): s is string => s !== undefined);
    expect(named.length, `${plan[i]!.name}: ${r.stderr}`).toBeGreaterThan(0);
    for (const s of named) expect(touchedByWinners.has(s) || s === 'N-0001', `${plan[i]!.name} was rejected for ${s}, which no winner touched`).toBe(true);
  });

  // every movement belongs to the opening adjustment or to a winner's document, and each winner's serials are all there
  const movements = (
    await client.query<{ serial: string; document_number: string; status_after: string; id: number }>(
      'select s.serial, m.document_number, m.status_after, m.id from serial_movements m join serials s on s.id = m.serial_id order by m.id',
    )
  ).rows;
  const byDocument = new Map<string, string[]>();
  for (const m of movements) byDocument.set(m.document_number, [...(byDocument.get(m.document_number) ?? []), m.serial]);
  const winnerNumbers = results.flatMap((r) => (r.status === 0 ? [numberOf(r)] : []));
  expect([...byDocument.keys()].sort()).toEqual(['SA-00000001', ...winnerNumbers].sort());
  results.forEach((r, i) => {
    if (r.status === 0) expect((byDocument.get(numberOf(r)) ?? []).sort(), plan[i]!.name).toEqual([...plan[i]!.serials].sort());
  });
  // no serial a loser alone named exists unless a winner brought it in
  const existing = new Set((await client.query<{ serial: string }>('select serial from serials')).rows.map((r) => r.serial));
  for (const w of plan.filter((_, i) => !won[i] && plan[i]!.direction === 'in'))
    for (const s of w.serials) if (!touchedByWinners.has(s)) expect(existing.has(s), `${s} of the failed "${w.name}"`).toBe(false);

  // each serial left stock at most once, and its movements alternate in and out
  const perSerial = new Map<string, string[]>();
  for (const m of movements) perSerial.set(m.serial, [...(perSerial.get(m.serial) ?? []), m.status_after]);
  for (const [serial, states] of perSerial) {
    expect(states.filter((s) => s === 'unavailable').length, `${serial}: ${states.join(' ')}`).toBeLessThanOrEqual(1);
    states.forEach((s, i) => expect(s, `${serial}: ${states.join(' ')}`).toBe(i % 2 === 0 ? 'available' : 'unavailable'));
  }

  // stock on hand is the opening 400 plus what winners brought in, less what they took out
  const expected = 400 + plan.reduce((n, w, i) => (won[i] ? n + (w.direction === 'in' ? 1 : -1) * w.serials.length : n), 0);
  const soh = JSON.parse(ok(cli(url, ['--json', 'soh', '--product', 'WIDGET'])).stdout) as { quantity: number; serialCount: number }[];
  expect(soh).toEqual([expect.objectContaining({ quantity: expected, serialCount: expected })]);

  // orders a loser was to receive or ship are untouched; a winner's is completed with its one document
  const orders = (
    await client.query<{ number: string; status: string; documents: number }>(
      `select number, status, (select count(*) from purchase_receipts r where r.purchase_order_id = o.id)::int as documents from purchase_orders o
       union all
       select number, status, (select count(*) from shipments s where s.sales_order_id = o.id)::int as documents from sales_orders o`,
    )
  ).rows;
  for (const [i, doc] of [[0, 'PO-00000001'], [1, 'PO-00000002'], [3, 'SO-00000001'], [4, 'SO-00000002'], [7, 'SO-00000003']] as const) {
    const order = orders.find((o) => o.number === doc);
    expect([order?.status, order?.documents], doc).toEqual(won[i] ? ['completed', 1] : ['open', 0]);
  }

  // document numbers: unique and gap-free per prefix, in the tables and in what was printed
  const numbers = (
    await client.query<{ number: string }>('select number from adjustments union all select number from purchase_receipts union all select number from shipments')
  ).rows.map((r) => r.number);
  expect(numbers.sort()).toEqual(['SA-00000001', ...winnerNumbers].sort());
  for (const p of ['SA', 'PR', 'SS']) {
    const ofPrefix = numbers.filter((n) => n.startsWith(`${p}-`)).map((n) => Number(n.slice(3))).sort((a, b) => a - b);
    expect(ofPrefix, p).toEqual(ofPrefix.map((_, i) => i + 1));
  }

  const verify = cli(url, ['db', 'verify']);
  expect(verify.status, `${verify.stdout}\n${verify.stderr}`).toBe(0);
}

describe('eight writers at once on one PostgreSQL ledger', () => {
  it('receiving, shipping and adjusting overlapping serials: all or nothing per command, each serial out at most once, numbers gap-free, verify passes', async () => {
    const { url, client } = await freshLedger('race');
    try {
      const plan = writers();
      // a generous busy timeout: every command gets its turn, so each outcome is 0 or 1
      const results = await Promise.all(plan.map((w) => cliAsync(url, ['--json', ...w.args], { SERIALS_BUSY_TIMEOUT_MS: '60000' })));
      await checkAfterRace(url, client, plan, results, [0, 1]);
      // something of each kind got through: the race is real, not eight rejections
      expect(results.filter((r) => r.status === 0).length).toBeGreaterThanOrEqual(3);
    } finally {
      await client.end();
    }
  });

  it('the same race while another session holds the ledger past a small SERIALS_BUSY_TIMEOUT_MS: those kept waiting exit 75 having written nothing', async () => {
    const { url, client } = await freshLedger('busy');
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      const plan = writers();
      const busyMs = 300;
      // another writer of this ledger holds its write lock while the eight start
      await holder.query('begin');
      await holder.query('select pg_advisory_xact_lock($1, hashtext(current_schema()))', [LOCK_CLASS | 0]);
      const running = Promise.all(plan.map((w) => cliAsync(url, ['--json', ...w.args], { SERIALS_BUSY_TIMEOUT_MS: String(busyMs) })));
      // once two of them have been seen waiting for it, hold it past their timeout, then let go
      const waiters = new Set<number>();
      const deadline = Date.now() + 60_000;
      while (waiters.size < 2) {
        if (Date.now() > deadline) throw new Error(`fewer than two writers were seen waiting for the lock within 60 s (${waiters.size})`);
        const seen = await admin.query<{ pid: number }>(
          "select l.pid from pg_locks l join pg_database d on d.oid = l.database where l.locktype = 'advisory' and l.classid = $1 and not l.granted and d.datname = $2",
          [LOCK_CLASS, `${prefix}_busy`],
        );
        for (const r of seen.rows) waiters.add(r.pid);
        await new Promise((r) => setTimeout(r, 5));
      }
      await new Promise((r) => setTimeout(r, busyMs * 2));
      await holder.query('rollback');
      const results = await running;
      const busy = results.filter((r) => r.status === 75);
      expect(busy.length).toBeGreaterThanOrEqual(2);
      for (const r of busy) {
        expect(r.stdout).toBe('');
        expect((JSON.parse(r.stderr) as { error: { fix: string } }).error.fix).toMatch(/retry/i);
      }
      await checkAfterRace(url, client, plan, results, [0, 1, 75]);
    } finally {
      await holder.end().catch(() => undefined);
      await client.end();
    }
  });
});
