// End-to-end: a receipt, and a shipment, killed with SIGKILL while writing leave the ledger
// with all of that document or none of it, and the ledger still verifies.

import { existsSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { assertVerifies, cli, cliLedger, killWhenLogGrows, ok, walSize } from '../helpers/ledger.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('crash safety', () => {
  it('SIGKILL in the middle of a 300,000-serial receipt leaves all or none of it, and the ledger verifies', async () => {
    const { dir, db } = cliLedger();
    dirs.push(dir);
    const n = 300_000;
    // a small receipt first, which must survive whatever happens to the big one
    const po = JSON.parse(ok(cli(db, ['--json', 'po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', `WIDGET:${n + 2}`])).stdout).number as string;
    ok(cli(db, ['po', 'receive', po, '--product', 'WIDGET', '--serials', 'KEEP-1,KEEP-2']));

    // Given as one range (CR-0000001..CR-0300000) rather than a file, so that this test is
    // about the write, not about reading a 300,000-line file (purchasing.test.ts covers that).
    const range = `CR-0000001..CR-${String(n).padStart(7, '0')}`;

    const threshold = 4 * 1024 * 1024;
    const { sizeAtKill } = await killWhenLogGrows(db, ['po', 'receive', po, '--product', 'WIDGET', '--serials', range], { threshold });
    expect(sizeAtKill).toBeGreaterThan(threshold);
    expect(existsSync(db)).toBe(true);

    // All or none: the stock level, the serial count, the order and both ends of the file agree.
    const soh = JSON.parse(ok(cli(db, ['--json', 'soh', '--product', 'WIDGET'])).stdout) as { warehouse: string; quantity: number; serialCount: number }[];
    expect(soh).toHaveLength(1);
    const quantity = soh[0]?.quantity;
    expect([2, n + 2]).toContain(quantity);
    const all = quantity === n + 2;
    expect(soh[0]?.serialCount).toBe(quantity);

    const order = JSON.parse(ok(cli(db, ['--json', 'po', 'show', po])).stdout) as { status: string; lines: { received: number; outstanding: number }[]; receipts: unknown[] };
    expect(order.lines[0]?.received).toBe(quantity);
    expect(order.status).toBe(all ? 'completed' : 'open');
    expect(order.receipts).toHaveLength(all ? 2 : 1);

    for (const serial of ['CR-0000001', 'CR-0150000', `CR-${String(n).padStart(7, '0')}`]) {
      const r = cli(db, ['--json', 'enquiry', serial]);
      if (all) {
        expect((JSON.parse(ok(r).stdout) as { status: string }[]).map((x) => x.status), serial).toEqual(['available']);
      } else {
        // none of it: the ledger has never heard of the serial (an exact enquiry of it is not found)
        expect(r.status, serial).toBe(1);
        expect((JSON.parse(r.stderr) as { error: { code: string } }).error.code, serial).toBe('unknown_serial');
      }
    }
    // and no other serial of it either
    expect(JSON.parse(ok(cli(db, ['--json', 'enquiry', '--contains', 'CR-', '--limit', '1'])).stdout)).toHaveLength(all ? 1 : 0);
    const kept = JSON.parse(ok(cli(db, ['--json', 'enquiry', '--contains', 'KEEP-'])).stdout) as { status: string }[];
    expect(kept.map((r) => r.status)).toEqual(['available', 'available']);
    assertVerifies(db);

    // the ledger is fully usable afterwards: the receipt can be run (again) to completion
    if (!all) {
      const again = cli(db, ['po', 'receive', po, '--product', 'WIDGET', '--serials', 'CR-0000001..CR-0000010']);
      expect(again.status, again.stderr).toBe(0);
      assertVerifies(db);
    }
  }, 120_000);
  it('S-4/S-5: SIGKILL while a 100,000-serial shipment is being written leaves all or none of it, and the ledger verifies', async () => {
    const { dir, db } = cliLedger();
    dirs.push(dir);
    const n = 100_000;
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', `SH-0000001..SH-${String(n + 1).padStart(7, '0')}`, '--reason', 'stock']));
    const so = JSON.parse(ok(cli(db, ['--json', 'so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', `WIDGET:${n}`])).stdout).number as string;
    expect(walSize(db)).toBe(0);

    const { sizeAtKill } = await killWhenLogGrows(db, ['so', 'ship', so, '--serials', `SH-0000001..SH-${String(n).padStart(7, '0')}`], { threshold: 2 * 1024 * 1024 });
    expect(sizeAtKill).toBeGreaterThan(2 * 1024 * 1024);

    const soh = JSON.parse(ok(cli(db, ['--json', 'soh', '--product', 'WIDGET'])).stdout) as { quantity: number; serialCount: number }[];
    const quantity = soh[0]?.quantity;
    expect([1, n + 1]).toContain(quantity);
    const all = quantity === 1;
    expect(soh[0]?.serialCount).toBe(quantity);
    const order = JSON.parse(ok(cli(db, ['--json', 'so', 'show', so])).stdout) as { status: string; shipments: unknown[]; lines: { shipped: number }[] };
    expect(order).toMatchObject({ status: all ? 'completed' : 'open', lines: [{ shipped: all ? n : 0 }] });
    expect(order.shipments).toHaveLength(all ? 1 : 0);
    for (const serial of ['SH-0000001', 'SH-0050000', `SH-${String(n).padStart(7, '0')}`]) {
      const rows = JSON.parse(ok(cli(db, ['--json', 'enquiry', serial])).stdout) as { status: string }[];
      expect(rows.map((r) => r.status), serial).toEqual([all ? 'unavailable' : 'available']);
    }
    assertVerifies(db);
    if (!all) {
      const again = cli(db, ['so', 'ship', so, '--product', 'WIDGET', '--qty', '2', '--serials', 'SH-0000001,SH-0000002']);
      expect(again.status, again.stderr).toBe(0);
      assertVerifies(db);
    }
  }, 120_000);
});
