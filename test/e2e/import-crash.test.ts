// End-to-end: an opening-stock import of 200,000 serials killed with SIGKILL while it is
// writing leaves the ledger with none of it (or all of it, had it committed), and the
// ledger still verifies (RULES.md I-3). Build first: node scripts/build.mjs

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { assertVerifies, cli, cliLedger, killWhenLogGrows, ok } from '../helpers/ledger.js';

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

    // Kill once the process has run a while and its write-ahead log is growing (uncommitted
    // pages of the import are being spilled into it).
    const threshold = 2 * 1024 * 1024;
    const { sizeAtKill, stdout } = await killWhenLogGrows(db, ['import', 'opening-stock', big], { threshold, growing: true, afterMs: 300, pollMs: 2 });
    expect(sizeAtKill).toBeGreaterThan(threshold);
    expect(stdout).not.toContain('Imported');

    // All or none: stock, serials, movements and the import document agree.
    assertVerifies(db);
    const soh = JSON.parse(ok(cli(db, ['--json', 'soh'])).stdout) as { product: string; warehouse: string; quantity: number; serialCount: number | null }[];
    const level = (product: string, warehouse: string) => soh.find((s) => s.product === product && s.warehouse === warehouse);
    const main = level('WIDGET', 'MAIN')?.quantity;
    expect([2, n / 2 + 2]).toContain(main);
    const all = main === n / 2 + 2;
    expect(level('WIDGET', 'MAIN')?.serialCount).toBe(main);
    expect(level('WIDGET', 'BACK')?.quantity).toBe(all ? n / 2 : undefined);
    expect(level('CABLE', 'MAIN')?.quantity).toBe(1.5);
    expect(level('CABLE', 'MAIN')?.serialCount).toBeNull();
    expect(level('CABLE', 'BACK')?.quantity).toBe(all ? 7.25 : undefined);

    for (const s of [serial(1), serial(2), serial(n / 2), serial(n)]) {
      const r = cli(db, ['--json', 'enquiry', s]);
      if (all) {
        expect((JSON.parse(ok(r).stdout) as { status: string }[]).map((x) => x.status), s).toEqual(['available']);
      } else {
        // none of it: the ledger has never heard of the serial (an exact enquiry of it is not found)
        expect(r.status, s).toBe(1);
        expect((JSON.parse(r.stderr) as { error: { code: string } }).error.code, s).toBe('unknown_serial');
      }
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
    const r = JSON.parse(ok(cli(db, ['--json', 'import', 'opening-stock', again])).stdout) as { number: string; written: { serialCount: number } };
    expect(r.written.serialCount).toBe(10);
    expect(r.number).toBe(all ? 'IM-00000003' : 'IM-00000002');
    assertVerifies(db);
  }, 120_000);
});
