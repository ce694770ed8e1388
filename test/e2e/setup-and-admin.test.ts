// End-to-end: creating a ledger, migrations and integrity checks, company settings, and
// the command line itself (version, help, usage errors).

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { assertVerifies, cli, cliAsync, tempDir } from '../helpers/ledger.js';
import { contract } from '../helpers/json-contract.js';

const dirs: string[] = [];
function newDir(): string {
  const dir = tempDir('serials-e2e-admin-');
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };

function json<T = unknown>(text: string): T {
  return JSON.parse(text) as T;
}

describe('init', () => {
  it('creates the ledger file, and a rerun says it is already up to date', () => {
    const db = join(newDir(), 'shop.db');
    expect(existsSync(db)).toBe(false);

    const first = cli(db, ['init']);
    expect(first.status).toBe(0);
    expect(existsSync(db)).toBe(true);
    expect(first.stdout).toMatch(/^Created ledger .*shop\.db \([1-9]\d* migrations applied\)\.$/m);

    const again = cli(db, ['init']);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/already initialised and up to date/);
    expect(again.stdout).not.toMatch(/Created/);

    const asJson = json<{ created: boolean; migrationsApplied: string[] }>(cli(db, ['--json', 'init']).stdout);
    expect(asJson.created).toBe(false);
    expect(asJson.migrationsApplied).toEqual([]);
    assertVerifies(db);
  });

  it('init --json on a new file reports it was created and which migrations ran', () => {
    const db = join(newDir(), 'new.db');
    const r = cli(db, ['--json', 'init']);
    expect(r.status).toBe(0);
    const body = json<{ created: boolean; migrationsApplied: string[] }>(r.stdout);
    expect(body.created).toBe(true);
    expect(body.migrationsApplied).toContain('0001_ledger');
    assertVerifies(db);
  });
});

describe('db status and db verify', () => {
  it('db status --json lists the applied migration and nothing pending', () => {
    const db = join(newDir(), 'status.db');
    expect(cli(db, ['init']).status).toBe(0);
    const r = cli(db, ['--json', 'db', 'status']);
    expect(r.status).toBe(0);
    const body = json<{ migrations: { name: string; appliedAt: string | null }[]; pending: string[] }>(r.stdout);
    const first = body.migrations.find((m) => m.name === '0001_ledger');
    expect(first).toBeDefined();
    expect(first?.appliedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(body.pending).toEqual([]);

    const table = cli(db, ['db', 'status']);
    expect(table.status).toBe(0);
    // piped: plain aligned rows under a header, each migration applied at a local time
    expect(table.stdout).not.toMatch(/[│┌└─]/);
    expect(table.stdout.split('\n')[0]).toMatch(/^Migration\s+Status\s+Applied$/);
    expect(table.stdout).toMatch(/^0001_ledger\s+Applied\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}/m);
    expect(table.stdout).toMatch(/Up to date/);
    assertVerifies(db);
  });

  it('db verify passes on a fresh ledger (exit 0, says OK)', () => {
    const db = join(newDir(), 'verify.db');
    expect(cli(db, ['init']).status).toBe(0);
    const r = cli(db, ['db', 'verify']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Ledger OK/);
    // counts with plurals: an empty ledger has "0 serials", never "0 serial(s)"
    expect(r.stdout).toContain('0 serials, 0 serial movements, 0 stock levels');
    const asJson = cli(db, ['--json', 'db', 'verify']);
    expect(asJson.status).toBe(0);
    expect(asJson.stderr).toBe('');
    expect(json<{ ok: boolean }>(asJson.stdout).ok).toBe(true);
    assertVerifies(db);
  });

  it('db verify exits 1 listing the discrepancy when current state has drifted from history', () => {
    const db = join(newDir(), 'drift.db');
    for (const step of [
      ['init'],
      ['--yes', 'settings', 'enable-serial-tracking'],
      ['warehouse', 'add', 'MAIN'],
      ['product', 'add', 'CABLE'],
      ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '5', '--reason', 'opening'],
    ]) {
      expect(cli(db, step).status, step.join(' ')).toBe(0);
    }
    assertVerifies(db);
    // Tamper behind the CLI's back: a stock level that no stock movement explains.
    const raw = new Database(db);
    raw.prepare('update stock_levels set quantity_e4 = quantity_e4 + 10000').run();
    raw.close();
    const r = cli(db, ['db', 'verify']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/invariant 3/);
    // the report on stdout, the error (with its fix) on stderr through the one error renderer
    expect(r.stderr).toMatch(/^error: The ledger .*drift\.db has 1 discrepancy between its current state and its history, listed above\.\nfix: Restore/);
    // --json: the report is still the command's result on stdout; the error object is on stderr
    const asJson = cli(db, ['--json', 'db', 'verify']);
    expect(asJson.status).toBe(1);
    const report = json<{ ok: boolean; discrepancyCount: number; discrepancies: { invariant: number; message: string }[] }>(asJson.stdout);
    expect(report).toMatchObject({ ok: false, discrepancyCount: 1 });
    expect(report.discrepancies.map((d) => d.invariant)).toEqual([3]);
    expect(json<{ error: { code: string; fix: string } }>(asJson.stderr).error).toMatchObject({ code: 'ledger_inconsistent', fix: expect.stringMatching(/backup/) });
    expect(() => assertVerifies(db)).toThrow(/db verify failed/);
    // undo the tampering: the ledger verifies again
    const fix = new Database(db);
    fix.prepare('update stock_levels set quantity_e4 = quantity_e4 - 10000').run();
    fix.close();
    assertVerifies(db);
  });

  it('db verify names a serialized stock level that its serials do not explain, with a correct plural', () => {
    const db = join(newDir(), 'serialized-drift.db');
    for (const step of [
      ['init'],
      ['--yes', 'settings', 'enable-serial-tracking'],
      ['warehouse', 'add', 'MAIN'],
      ['product', 'add', 'WIDGET', '--serialized'],
      ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'W-1', '--reason', 'opening'],
    ]) {
      expect(cli(db, step).status, step.join(' ')).toBe(0);
    }
    const raw = new Database(db);
    raw.prepare('update stock_levels set quantity_e4 = quantity_e4 + 10000').run();
    const r = cli(db, ['db', 'verify']);
    raw.prepare('update stock_levels set quantity_e4 = quantity_e4 - 10000').run();
    raw.close();
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('invariant 2: WIDGET in MAIN: stock is 2 but 1 serial is available there.');
    expect(r.stderr).toMatch(/has 2 discrepancies between/);
    assertVerifies(db);
  });
});

describe('a missing or out-of-date ledger', () => {
  it('a command on a ledger that does not exist exits 69 naming `serials init`, and creates nothing', () => {
    const db = join(newDir(), 'missing.db');
    const r = cli(db, ['soh']);
    expect(r.status).toBe(69);
    expect(r.stderr).toContain('serials init');
    expect(r.stdout).toBe('');
    expect(existsSync(db)).toBe(false);

    const asJson = cli(db, ['--json', 'enquiry', 'SN-1']);
    expect(asJson.status).toBe(69);
    const body = json<{ error: { code: string; message: string; fix: string } }>(asJson.stderr);
    expect(body.error.fix).toContain('serials init');
    expect(existsSync(db)).toBe(false);
  });

  it('a ledger whose migration table lacks the migration exits 69 naming `serials db migrate`', () => {
    const db = join(newDir(), 'behind.db');
    expect(cli(db, ['init']).status).toBe(0);
    const raw = new Database(db);
    const removed = raw.prepare("delete from kysely_migration where name = '0001_ledger'").run();
    raw.close();
    expect(removed.changes).toBe(1);

    for (const args of [['soh'], ['warehouse', 'add', 'MAIN'], ['enquiry', 'X']]) {
      const r = cli(db, args);
      expect(r.status, args.join(' ')).toBe(69);
      expect(r.stderr, args.join(' ')).toContain('serials db migrate');
    }
    const status = cli(db, ['--json', 'db', 'status']);
    expect(status.status).toBe(0);
    expect(json<{ pending: string[] }>(status.stdout).pending).toEqual(['0001_ledger']);
    // put the row back: the ledger is usable and verifies again
    const restore = new Database(db);
    restore.prepare("insert into kysely_migration (name, timestamp) values ('0001_ledger', ?)").run(new Date().toISOString());
    restore.close();
    expect(cli(db, ['soh']).status).toBe(0);
    assertVerifies(db);
  });
});

describe('settings enable-serial-tracking', () => {
  it('P-1: without --yes and without a terminal it exits 2 and leaves tracking off', () => {
    const db = join(newDir(), 'settings.db');
    expect(cli(db, ['init']).status).toBe(0);
    const r = cli(db, ['settings', 'enable-serial-tracking']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--yes/);
    const show = cli(db, ['--json', 'settings', 'show']);
    expect(json<{ serialTracking: boolean }>(show.stdout).serialTracking).toBe(false);
    // until it is on, no product can be serialized
    const product = cli(db, ['product', 'add', 'WIDGET', '--serialized']);
    expect(product.status).toBe(1);
    expect(product.stderr).toMatch(/WIDGET/);
    expect(product.stderr).toMatch(/fix: .*serials settings enable-serial-tracking/);
    assertVerifies(db);
  });

  it('P-1: with --yes it is switched on, a rerun is idempotent, and it cannot be switched off', () => {
    const db = join(newDir(), 'settings-on.db');
    expect(cli(db, ['init']).status).toBe(0);
    const on = cli(db, ['--yes', 'settings', 'enable-serial-tracking']);
    expect(on.status).toBe(0);
    expect(on.stdout).toMatch(/Serial tracking is on/);
    const shown = json<{ serialTracking: boolean; serialTrackingEnabledAt: string }>(cli(db, ['--json', 'settings', 'show']).stdout);
    expect(shown.serialTracking).toBe(true);

    // rerun, with and without --yes: no prompt is needed once it is on, and nothing changes
    const again = cli(db, ['--json', '--yes', 'settings', 'enable-serial-tracking']);
    expect(again.status).toBe(0);
    const againBody = contract<{ serialTracking: boolean; alreadyEnabled: boolean; serialTrackingEnabledAt: string }>(['settings', 'enable-serial-tracking'], again);
    expect(againBody.alreadyEnabled).toBe(true);
    expect(againBody.serialTracking).toBe(true);
    expect(againBody.serialTrackingEnabledAt).toBe(shown.serialTrackingEnabledAt);
    expect(againBody.serialTrackingEnabledAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const noYes = cli(db, ['settings', 'enable-serial-tracking']);
    expect(noYes.status).toBe(0);
    expect(noYes.stdout).toMatch(/already on/);

    // there is no way to switch it off
    const off = cli(db, ['settings', 'disable-serial-tracking']);
    expect(off.status).toBe(2);
    const after = json<{ serialTracking: boolean; serialTrackingEnabledAt: string }>(cli(db, ['--json', 'settings', 'show']).stdout);
    expect(after).toEqual(shown);

    expect(cli(db, ['product', 'add', 'WIDGET', '--serialized']).status).toBe(0);
    assertVerifies(db);
  });
});

describe('the command line', () => {
  const db = () => join(newDir(), 'unused.db');

  it('--version prints the package version and exits 0', () => {
    for (const flag of ['--version', '-V']) {
      const r = cli(db(), [flag]);
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toBe(pkg.version);
    }
  });

  it('--help exits 0 and shows the commands and the exit codes', () => {
    const r = cli(db(), ['--help']);
    expect(r.status).toBe(0);
    for (const word of ['init', 'db', 'settings', 'product', 'po', 'adjust', 'enquiry', 'history', 'soh', 'demo']) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${word}\\b`, 'm'));
    }
    expect(r.stdout).toMatch(/Exit codes/);
  });

  it('every command has --help with examples (exit 0)', async () => {
    const commands = [
      ['init'],
      ['db', 'migrate'],
      ['db', 'status'],
      ['db', 'verify'],
      ['settings', 'show'],
      ['settings', 'enable-serial-tracking'],
      ['warehouse', 'add'],
      ['warehouse', 'list'],
      ['supplier', 'add'],
      ['customer', 'add'],
      ['product', 'add'],
      ['product', 'list'],
      ['product', 'show'],
      ['product', 'serialize'],
      ['product', 'unserialize'],
      ['po', 'create'],
      ['po', 'receive'],
      ['po', 'list'],
      ['po', 'show'],
      ['po', 'delete'],
      ['adjust', 'in'],
      ['adjust', 'out'],
      ['enquiry'],
      ['history'],
      ['soh'],
      ['demo'],
    ];
    const path = db();
    const results = await Promise.all(commands.map((c) => cliAsync(path, [...c, '--help'])));
    results.forEach((r, i) => {
      const name = commands[i]?.join(' ');
      expect(r.status, name).toBe(0);
      expect(r.stdout, name).toMatch(/Usage: serials /);
      expect(r.stdout, name).toMatch(/Examples:\n\s+\$ serials /);
    });
    expect(existsSync(path)).toBe(false);
  });

  it('an unknown command exits 2 and points at --help', () => {
    const r = cli(db(), ['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(r.stderr).toMatch(/--help/);
    expect(r.stdout).toBe('');
    // with --json the usage error is a JSON error object on stderr too
    const asJson = cli(db(), ['--json', 'frobnicate']);
    expect(asJson.status).toBe(2);
    expect(asJson.stdout).toBe('');
    const body = json<{ error: { code: string; message: string; fix: string } }>(asJson.stderr);
    expect(body.error.code).toBe('usage');
    expect(body.error.message).toMatch(/frobnicate/);
  });

  it('an unknown flag exits 2', () => {
    const path = db();
    expect(cli(path, ['init']).status).toBe(0);
    const r = cli(path, ['soh', '--frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--frobnicate'/);
    const global = cli(path, ['--frobnicate', 'soh']);
    expect(global.status).toBe(2);
    assertVerifies(path);
  });

  it('a missing required option or a bad choice exits 2 and writes nothing', () => {
    const path = db();
    expect(cli(path, ['init']).status).toBe(0);
    const noSupplier = cli(path, ['po', 'create', '--warehouse', 'MAIN', '--line', 'X:1']);
    expect(noSupplier.status).toBe(2);
    expect(noSupplier.stderr).toMatch(/--supplier/);
    const badFormat = cli(path, ['soh', '--format', 'xml']);
    expect(badFormat.status).toBe(2);
    expect(badFormat.stderr).toMatch(/xml/);
    const badLimit = cli(path, ['enquiry', '--limit', 'many']);
    expect(badLimit.status).toBe(2);
    expect(badLimit.stderr).toMatch(/--limit/);
    const conflicting = cli(path, ['--json', 'soh', '--format', 'csv']);
    expect(conflicting.status).toBe(2);
    expect(json<{ error: { code: string } }>(conflicting.stderr).error.code).toBe('usage');
    const list = json<{ code: string }[]>(cli(path, ['--json', 'po', 'list']).stdout);
    expect(list).toEqual([]);
    assertVerifies(path);
  });
});
