// End-to-end: several CLI processes writing one ledger at once, and a writer that finds the
// ledger locked by someone else.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { assertVerifies, cli, cliAsync, cliLedger, type CliResult, ok, copyLedger } from '../helpers/ledger.js';

const dirs: string[] = [];
let template: string;
beforeAll(() => {
  const seeded = cliLedger();
  dirs.push(seeded.dir);
  template = seeded.db;
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of the seeded ledger (MAIN, BACK, ACME, WIDGET serialized, CABLE). */
function seededLedger(): { dir: string; db: string } {
  return copyLedger(template, dirs, 'serials-e2e-conc-');
}

function write(dir: string, name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('concurrent writers', () => {
  it('four receipts of 2,000 serials each, started at once, all commit and the ledger verifies', async () => {
    const { dir, db } = seededLedger();
    const writers = 4;
    const perWriter = 2000;
    const orders: string[] = [];
    const files: string[] = [];
    const given: string[][] = [];
    for (let w = 0; w < writers; w++) {
      const r = ok(cli(db, ['--json', 'po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', `WIDGET:${perWriter}`]));
      orders.push((JSON.parse(r.stdout) as { number: string }).number);
      const file = join(dir, `writer-${w}.txt`);
      const lines: string[] = [];
      for (let i = 1; i <= perWriter; i++) lines.push(`W${w}-${String(i).padStart(5, '0')}`);
      writeFileSync(file, lines.join('\n') + '\n');
      files.push(file);
      given.push(lines);
    }
    expect(new Set(orders).size).toBe(writers);

    const results = await Promise.all(
      orders.map((po, w) => cliAsync(db, ['--json', 'po', 'receive', po, '--product', 'WIDGET', '--serials-file', files[w] as string])),
    );
    results.forEach((r, w) => {
      expect(r.status, `writer ${w}: ${r.stderr}`).toBe(0);
      const body = JSON.parse(r.stdout) as { number: string; purchaseOrder: string; orderCompleted: boolean; lines: unknown[] };
      expect(body.purchaseOrder).toBe(orders[w]);
      expect(body.orderCompleted).toBe(true);
      // each receipt lists its own writer's serials, and no other writer's
      expect(body.lines).toEqual([{ product: 'WIDGET', quantity: perWriter, serials: given[w], serialCount: perWriter }]);
    });
    // every receipt got its own number
    expect(new Set(results.map((r) => (JSON.parse(r.stdout) as { number: string }).number)).size).toBe(writers);

    const soh = JSON.parse(ok(cli(db, ['--json', 'soh'])).stdout) as { product: string; warehouse: string; quantity: number; serialCount: number }[];
    expect(soh).toEqual([expect.objectContaining({ product: 'WIDGET', warehouse: 'MAIN', quantity: writers * perWriter, serialCount: writers * perWriter })]);
    const csv = ok(cli(db, ['enquiry', '--product', 'WIDGET', '--status', 'available', '--format', 'csv'])).stdout.trim().split(/\r?\n/).slice(1);
    const serials = new Set(csv.map((l) => l.split(',')[2]));
    expect(serials.size).toBe(writers * perWriter);
    for (let w = 0; w < writers; w++) {
      expect(serials.has(`W${w}-00001`)).toBe(true);
      expect(serials.has(`W${w}-02000`)).toBe(true);
    }
    const pos = JSON.parse(ok(cli(db, ['--json', 'po', 'list', '--status', 'completed'])).stdout) as unknown[];
    expect(pos).toHaveLength(writers);
    assertVerifies(db);
  });

  it('S-4: three shipments racing for overlapping serials: exactly one dispatches each serial; the others are rejected naming the winner, and write nothing', async () => {
    const { dir, db } = seededLedger();
    const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `R-${String(from + i).padStart(5, '0')}`);
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials-file', write(dir, 'stock.txt', lines(1, 3000)), '--reason', 'stock']));
    // A takes 1..2000, B takes 1001..3000 (overlapping A), C takes 2001..3000 (overlapping B only)
    const plans = [lines(1, 2000), lines(1001, 3000), lines(2001, 3000)];
    const orders = plans.map((p) => JSON.parse(ok(cli(db, ['--json', 'so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', `WIDGET:${p.length}`])).stdout).number as string);
    // a generous busy timeout: on a loaded machine a loser may wait long for the lock, and
    // must then be rejected on its serials (exit 1), not give up waiting (exit 75)
    const results = await Promise.all(
      plans.map((p, i) => cliAsync(db, ['--json', 'so', 'ship', orders[i] as string, '--serials-file', write(dir, `ship-${i}.txt`, p)], { SERIALS_BUSY_TIMEOUT_MS: '60000' })),
    );
    const won = results.map((r) => r.status === 0);
    // B overlaps both others, so either B alone wins, or A and C both do
    expect([JSON.stringify([false, true, false]), JSON.stringify([true, false, true])]).toContain(JSON.stringify(won));
    results.forEach((r, i) => {
      if (won[i]) return;
      expect(r.status, r.stderr).toBe(1);
      const error = JSON.parse(r.stderr).error as { details: { code: string; serial: string; document: string }[] };
      expect(error.details.length).toBeGreaterThan(0);
      const winners = results.filter((_, j) => won[j]).map((x) => JSON.parse(x.stdout).number as string);
      expect(error.details.every((d) => d.code === 'serial_not_available' && winners.includes(d.document))).toBe(true);
    });
    const shipped = plans.filter((_, i) => won[i]).flat();
    const soh = JSON.parse(ok(cli(db, ['--json', 'soh', '--product', 'WIDGET'])).stdout) as { quantity: number }[];
    expect(soh[0]?.quantity ?? 0).toBe(3000 - shipped.length); // soh lists no row at zero
    for (const [i, order] of orders.entries()) {
      const so = JSON.parse(ok(cli(db, ['--json', 'so', 'show', order])).stdout) as { status: string; shipments: unknown[] };
      expect(so.status).toBe(won[i] ? 'completed' : 'open');
      expect(so.shipments).toHaveLength(won[i] ? 1 : 0);
    }
    assertVerifies(db);
  });

  it('a writer that cannot get the lock within SERIALS_BUSY_TIMEOUT_MS exits 75 saying to retry; after release it succeeds', () => {
    const { db } = seededLedger();
    const args = ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'BUSY-1,BUSY-2', '--reason', 'found'];
    const env = { SERIALS_BUSY_TIMEOUT_MS: '300' };

    const holder = new Database(db);
    let busy: CliResult;
    let busyJson: CliResult;
    let elapsed: number;
    try {
      holder.exec('BEGIN IMMEDIATE');
      const started = Date.now();
      busy = cli(db, args, { env });
      elapsed = Date.now() - started;
      busyJson = cli(db, ['--json', ...args], { env });
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
    }
    expect(busy.status, busy.stderr).toBe(75);
    expect(busy.stdout).toBe('');
    expect(busy.stderr).toMatch(/busy/i);
    expect(busy.stderr).toMatch(/retry/i);
    // it waited for the busy timeout rather than failing at once
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(busyJson.status).toBe(75);
    expect((JSON.parse(busyJson.stderr) as { error: { code: string; fix: string } }).error.fix).toMatch(/retry/i);

    // nothing was written while the lock was held: no serial contains BUSY, and no stock
    expect(JSON.parse(ok(cli(db, ['--json', 'enquiry', '--contains', 'BUSY'])).stdout)).toEqual([]);
    expect(JSON.parse(ok(cli(db, ['--json', 'soh'])).stdout)).toEqual([]);

    const retry = cli(db, args, { env });
    expect(retry.status, retry.stderr).toBe(0);
    const rows = JSON.parse(ok(cli(db, ['--json', 'enquiry', '--contains', 'BUSY'])).stdout) as { serial: string; status: string }[];
    expect(rows.map((r) => [r.serial, r.status])).toEqual([
      ['BUSY-1', 'available'],
      ['BUSY-2', 'available'],
    ]);
    assertVerifies(db);
  });

  it('a reader is not blocked by a writer holding the lock', () => {
    const { db } = seededLedger();
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '3', '--reason', 'opening']));
    const holder = new Database(db);
    let read: CliResult;
    try {
      holder.exec('BEGIN IMMEDIATE');
      holder.prepare("update stock_levels set quantity_e4 = quantity_e4 + 0 where 1 = 1").run();
      read = cli(db, ['--json', 'soh'], { env: { SERIALS_BUSY_TIMEOUT_MS: '300' } });
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
    }
    expect(read.status, read.stderr).toBe(0);
    expect((JSON.parse(read.stdout) as { quantity: number }[]).map((r) => r.quantity)).toEqual([3]);
    assertVerifies(db);
  });
});
