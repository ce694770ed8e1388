// RULES.md F-3: Ctrl-C (SIGINT) or SIGTERM during a command that writes aborts it before the
// commit — rolled back, "interrupted: nothing was written", exit 130 or 143 — and a signal
// after the commit undoes nothing: the command reports what it wrote and exits 0. One
// mechanism for every write command (issue 8, defect 3).

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, assertVerifies, cli, seededForFile, copyLedger, json, ok, walSize } from '../helpers/ledger.js';

const seed = seededForFile((db) => {
  ok(cli(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:100000']));
});

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** milliseconds from the signal to the exit */
  exitedAfterMs: number;
}

/** Runs the CLI and sends `signal` once `ready()` says so (polled every 5 ms). */
function runAndSignal(db: string, args: string[], signal: NodeJS.Signals, ready: () => boolean, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--db', db, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sentAt = 0;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const deadline = Date.now() + 60_000;
    const poll = setInterval(() => {
      if (sentAt === 0 && ready()) {
        sentAt = Date.now();
        child.kill(signal);
      } else if (Date.now() > deadline) {
        clearInterval(poll);
        child.kill('SIGKILL');
        reject(new Error(`never ready to signal; stderr: ${stderr}`));
      }
    }, 5);
    child.on('exit', (status, sig) => {
      clearInterval(poll);
      if (sentAt === 0) return reject(new Error(`exited (${status}) before the signal could be sent; stderr: ${stderr}`));
      // the streams may still hold output
      setTimeout(() => resolve({ status, signal: sig, stdout, stderr, exitedAfterMs: Date.now() - sentAt }), 50);
    });
  });
}

const serialCount = (db: string) => json<{ serialCount: number }>(ok(cli(db, ['db', 'verify', '--json']))).serialCount;

describe('F-3: interrupting a command that writes', () => {
  it('defect 3 (F-3): Ctrl-C during an adjust in of 1,000,000 serials rolls it back at once: exit 130, "interrupted: nothing was written", nothing written', async () => {
    const { db } = copyLedger(seed.db, seed.dirs);
    const r = await runAndSignal(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'A-0000001..A-1000000', '--reason', 'count'], 'SIGINT', () => walSize(db) > 1 << 20);
    expect(r.status).toBe(130);
    expect(r.stderr).toContain('interrupted: nothing was written');
    expect(r.stdout).toBe('');
    // it does not run on to the end first (the whole adjustment takes many seconds here)
    expect(r.exitedAfterMs).toBeLessThan(2000);
    expect(serialCount(db)).toBe(0);
    expect(ok(cli(db, ['soh', '--json'])).stdout.trim()).toBe('[]');
    assertVerifies(db);
  });

  it('defect 3 (F-3): SIGTERM during a receipt of 100,000 serials (sent as its transaction begins, before the work): exit 143, nothing written, the order still fully outstanding', () => {
    const { dir, db } = copyLedger(seed.db, seed.dirs);
    const file = join(dir, 'receipt.txt');
    writeFileSync(file, Array.from({ length: 100_000 }, (_, i) => `R-${String(i).padStart(6, '0')}`).join('\n') + '\n');
    // A receipt of this size fits in SQLite's page cache, so nothing outside the process
    // shows when its transaction runs: it signals itself the moment the write lock is taken.
    const r = cli(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials-file', file], { env: { SERIALS_TEST_SIGNAL: 'after-begin:SIGTERM' } });
    expect(r.status).toBe(143);
    expect(r.stderr).toContain('interrupted: nothing was written');
    expect(r.stdout).toBe('');
    expect(serialCount(db)).toBe(0);
    const po = json(ok(cli(db, ['po', 'show', 'PO-00000001', '--json'])));
    expect(po.lines[0].outstanding).toBe(100_000);
    expect(po.receipts).toEqual([]);
    assertVerifies(db);
  });

  it('defect 3 (F-3): Ctrl-C while waiting for another writer to free the ledger ends the wait at once; nothing is written after the lock frees', async () => {
    const { dir, db } = copyLedger(seed.db, seed.dirs);
    // another program holds the write lock for 8 seconds
    const holder = join(dir, 'hold.cjs');
    writeFileSync(
      holder,
      `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))}); const db = new D(process.argv[2]);
       db.exec('begin immediate'); process.stdout.write('locked\\n'); setTimeout(() => { db.exec('rollback'); db.close(); }, 8000);`,
    );
    const lock = spawn(process.execPath, [holder, db], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => lock.stdout.once('data', () => resolve()));
    const started = Date.now();
    const r = await runAndSignal(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '5', '--reason', 'found'], 'SIGINT', () => Date.now() - started > 700);
    expect(r.status).toBe(130);
    expect(r.stderr).toContain('interrupted: nothing was written');
    expect(r.exitedAfterMs).toBeLessThan(1000);
    await new Promise<void>((resolve) => lock.on('exit', () => resolve()));
    expect(ok(cli(db, ['soh', '--json'])).stdout.trim()).toBe('[]');
    assertVerifies(db);
  });

  it('F-3: a signal that arrives just before the commit aborts it (exit 130, nothing written); with --json the interruption is a JSON error', async () => {
    const { db } = copyLedger(seed.db, seed.dirs);
    const r = cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '5', '--reason', 'found'], { env: { SERIALS_TEST_SIGNAL: 'before-commit' } });
    expect(r.status).toBe(130);
    expect(r.stderr).toContain('interrupted: nothing was written');
    expect(r.stdout).toBe('');
    const j = cli(db, ['--json', 'adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '5', '--reason', 'found'], { env: { SERIALS_TEST_SIGNAL: 'before-commit:SIGTERM' } });
    expect(j.status).toBe(143);
    expect(JSON.parse(j.stderr)).toEqual({ error: { code: 'interrupted', message: 'interrupted: nothing was written', fix: 'Run the command again.', details: { signal: 'SIGTERM' } } });
    expect(j.stdout).toBe('');
    expect(ok(cli(db, ['soh', '--json'])).stdout.trim()).toBe('[]');
    assertVerifies(db);
  });

  it('defect 3 (F-3): an import signalled right after its commit reports what it wrote and exits 0 (a script that retries on 130 would double the stock)', async () => {
    const { dir, db } = copyLedger(seed.db, seed.dirs);
    const file = join(dir, 'opening.csv');
    writeFileSync(file, 'Product Code,Warehouse Code,Quantity\nCABLE,MAIN,12.5\n');
    const r = cli(db, ['import', 'opening-stock', file], { env: { SERIALS_TEST_SIGNAL: 'after-commit' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Imported 1 row of .*opening\.csv as IM-00000001/);
    expect(r.stderr).not.toContain('nothing was written');
    expect(r.stderr).toContain('SIGINT arrived after the command had committed its changes; they are kept');
    expect(json(ok(cli(db, ['soh', '--json'])))).toEqual([expect.objectContaining({ product: 'CABLE', warehouse: 'MAIN', quantity: 12.5 })]);
    assertVerifies(db);
  });

  it('F-3: Ctrl-C during a report ends it (exit 130) and leaves the ledger as it was', async () => {
    const { db } = copyLedger(seed.db, seed.dirs);
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'E-000001..E-200000', '--reason', 'count']));
    let out = '';
    const r = await new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, [BIN, '--db', db, 'enquiry', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let sentAt = 0;
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.on('data', (d) => {
        out += d;
        if (sentAt === 0 && out.length > 100_000) {
          sentAt = Date.now();
          child.kill('SIGINT');
        }
      });
      child.on('exit', (status, signal) => resolve({ status, signal, stdout: out, stderr, exitedAfterMs: Date.now() - sentAt }));
    });
    expect(r.status).toBe(130);
    expect(r.stderr).toContain('interrupted');
    expect(serialCount(db)).toBe(200_000);
    assertVerifies(db);
  });
});
