// End-to-end: an opening-stock import of 200,000 serials killed with SIGKILL while it is
// writing leaves the ledger with none of it (or all of it, had it committed), and the
// ledger still verifies (RULES.md I-3). Build first: node scripts/build.mjs

import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, assertVerifies, cli, cliLedger, ok, walSize } from '../helpers/ledger.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const serial = (i: number) => `OS-${String(i).padStart(7, '0')}`;

describe('import crash safety (I-3)', () => {
  it('I-3: SIGKILL part way through an opening-stock import of 200,000 serials leaves none of it (or all), and db verify passes', async () => {
    const { dir, db } = cliLedger();
    dirs.push(dir);
    const n = 200_000;

    // a small import first, which must survive whatever happens to the big one
    const keep = join(dir, 'keep.csv');
    writeFileSync(keep, 'Product Code,Warehouse Code,Quantity,Serial Number\nWIDGET,MAIN,2,KEEP-1\n,,,KEEP-2\nCABLE,MAIN,1.5,\n');
    ok(cli(db, ['import', 'opening-stock', keep]));

    const lines = ['Product Code,Warehouse Code,Quantity,Unit Cost,Serial Number'];
    for (let i = 1; i <= n; i++) lines.push(`WIDGET,${i % 2 ? 'MAIN' : 'BACK'},1,3.5,${serial(i)}`);
    lines.push('CABLE,BACK,7.25,,');
    const big = join(dir, 'big.csv');
    writeFileSync(big, lines.join('\n') + '\n');

    const started = Date.now();
    const child = spawn(process.execPath, [BIN, '--db', db, 'import', 'opening-stock', big], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );

    // Wait until the process has been running a while and its write-ahead log is growing
    // (uncommitted pages of the import are being spilled into it), then kill it.
    const threshold = 2 * 1024 * 1024;
    const deadline = Date.now() + 60_000;
    const sizes: number[] = [];
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `the import exited (code ${child.exitCode}, signal ${child.signalCode}) before it could be killed part way; ` +
            `WAL sizes seen: ${sizes.slice(-5).join(', ')}.\nstdout: ${stdout.slice(0, 2000)}\nstderr: ${stderr.slice(0, 2000)}`,
        );
      }
      const size = walSize(db);
      if (sizes.length === 0 || size !== sizes[sizes.length - 1]) sizes.push(size);
      const growing = sizes.length >= 3 && size > threshold && size > (sizes[sizes.length - 2] ?? 0);
      if (growing && Date.now() - started > 300) break;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the WAL never grew past ${threshold} bytes (sizes seen: ${sizes.slice(-5).join(', ')}) within 60 s`);
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    const sizeAtKill = walSize(db);
    const killed = child.kill('SIGKILL');
    const { code, signal } = await exited;
    if (!killed || signal !== 'SIGKILL') {
      throw new Error(`the kill landed after the import had already exited (code ${code}, signal ${signal}); stdout: ${stdout}\nstderr: ${stderr}`);
    }
    expect(sizeAtKill).toBeGreaterThan(threshold);
    expect(stdout).not.toContain('Imported');

    // All or none: stock, serials, movements and the import document agree.
    assertVerifies(db);
    const soh = JSON.parse(ok(cli(db, ['--json', 'soh'])).stdout) as { product: string; warehouse: string; quantity: number; serials: number | null }[];
    const level = (product: string, warehouse: string) => soh.find((s) => s.product === product && s.warehouse === warehouse);
    const main = level('WIDGET', 'MAIN')?.quantity;
    expect([2, n / 2 + 2]).toContain(main);
    const all = main === n / 2 + 2;
    expect(level('WIDGET', 'MAIN')?.serials).toBe(main);
    expect(level('WIDGET', 'BACK')?.quantity).toBe(all ? n / 2 : undefined);
    expect(level('CABLE', 'MAIN')?.quantity).toBe(1.5);
    expect(level('CABLE', 'BACK')?.quantity).toBe(all ? 7.25 : undefined);

    for (const s of [serial(1), serial(2), serial(n / 2), serial(n)]) {
      const rows = JSON.parse(ok(cli(db, ['--json', 'enquiry', s])).stdout) as { status: string }[];
      expect(rows.map((r) => r.status), s).toEqual(all ? ['available'] : []);
    }
    const kept = JSON.parse(ok(cli(db, ['--json', 'enquiry', '--contains', 'KEEP-'])).stdout) as { serial: string; status: string; warehouse: string }[];
    expect(kept.map((k) => [k.serial, k.status, k.warehouse]).sort()).toEqual([
      ['KEEP-1', 'available', 'MAIN'],
      ['KEEP-2', 'available', 'MAIN'],
    ]);

    // and in the file itself: no trace of a second import, or a whole one
    const conn = new Database(db, { readonly: true });
    try {
      const count = (sql: string) => (conn.prepare(sql).get() as { n: number }).n;
      expect(count('SELECT count(*) AS n FROM imports')).toBe(all ? 2 : 1);
      expect(count("SELECT count(*) AS n FROM serials WHERE serial_key LIKE 'os-%'")).toBe(all ? n : 0);
      expect(count("SELECT count(*) AS n FROM serial_movements WHERE document_number = 'IM-00000002'")).toBe(all ? n : 0);
      expect(count("SELECT count(*) AS n FROM stock_movements WHERE document_number = 'IM-00000002'")).toBe(all ? 3 : 0);
      expect(count('SELECT count(*) AS n FROM serials')).toBe(all ? n + 2 : 2);
    } finally {
      conn.close();
    }

    // the ledger is fully usable afterwards: a later import works and takes the next number
    const again = join(dir, 'again.csv');
    writeFileSync(again, `Product Code,Warehouse Code,Serial Number\n${Array.from({ length: 10 }, (_, i) => `WIDGET,BACK,AFTER-${i + 1}`).join('\n')}\n`);
    const r = JSON.parse(ok(cli(db, ['--json', 'import', 'opening-stock', again])).stdout) as { number: string; written: { serials: number } };
    expect(r.written.serials).toBe(10);
    expect(r.number).toBe(all ? 'IM-00000003' : 'IM-00000002');
    assertVerifies(db);
  }, 120_000);
});
