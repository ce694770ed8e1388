// Stock counts through the built CLI: the workflow with exit codes, what people read (the
// variance summary and its findings, CSV of every serial), serials from a file, confirmation
// of completion (--yes, --no-input, a terminal), and the scanner prompt on a real
// pseudo-terminal (`script`, as test/e2e/scanner.test.ts does): findings said without
// refusing, a repeat recorded as scanned twice, a serial two products have asked about.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertVerifies, cli, cliLedger, copyLedger, ok, type CliResult } from '../helpers/ledger.js';
import { onTerminal } from '../helpers/terminal.js';

const dirs: string[] = [];
/** MAIN: W-1..W-3 of WIDGET, 2.5 of CABLE; BACK: W-9 and SAME of WIDGET, SAME and G-1 of GADGET. SC-00000001 of MAIN (WIDGET, CABLE, GADGET) in progress. */
let template: string;
const SC = 'SC-00000001';

beforeAll(() => {
  const base = cliLedger();
  dirs.push(base.dir);
  template = base.db;
  for (const step of [
    ['product', 'add', 'GADGET', '--serialized'],
    ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'W-1..W-3', '--reason', 'setup'],
    ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '2.5', '--reason', 'setup'],
    ['adjust', 'in', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'W-9,SAME', '--reason', 'setup'],
    ['adjust', 'in', '--warehouse', 'BACK', '--product', 'GADGET', '--serials', 'SAME,G-1', '--reason', 'setup'],
    ['count', 'create', '--warehouse', 'MAIN', '--product', 'WIDGET', '--product', 'CABLE', '--product', 'GADGET'],
    ['count', 'start', SC],
  ]) {
    ok(cli(template, step));
  }
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const fresh = () => copyLedger(template, dirs, 'serials-e2e-counts-').db;
const run = (db: string, ...args: string[]) => cli(db, ['--json', ...args]);
const error = (r: CliResult) => JSON.parse(r.stderr.trim().split('\n').pop() as string).error as { code: string; message: string; fix: string };

describe('count commands through the CLI (K-1 to K-6)', () => {
  it('K-4/K-5/K-6: scan from a file, take a scan back, enter, read the variance, complete with --yes', () => {
    const db = fresh();
    const file = join(dirs[0] as string, 'shelf.txt');
    writeFileSync(file, 'W-1\r\n\r\nw-1\nW-2\n W-9 \n');
    expect(JSON.parse(ok(run(db, 'count', 'scan', SC, '--serials-file', file)).stdout)).toMatchObject({ scannedCount: 4, newSerialCount: 3, repeatCount: 1 });
    ok(run(db, 'count', 'scan', SC, '--product', 'GADGET', '--serials', 'G-NEW'));
    ok(run(db, 'count', 'unscan', SC, '--serials', 'W-2'));
    ok(run(db, 'count', 'enter', SC, '--product', 'cable', '--qty', '2'));

    // a table: the summary per product, then the serials not counted as expected
    const table = ok(cli(db, ['count', 'variance', SC]));
    expect(table.stdout).toMatch(/^SC-00000001 {2}Stock count variance {2}In progress/);
    expect(table.stdout).toMatch(/CABLE +2\.5 +2 +-0\.5/);
    expect(table.stdout).toMatch(/WIDGET +3 +2 +-1 +2 +0 +1 +1/);
    expect(table.stdout).toMatch(/W-1 +WIDGET +Scanned twice +2/);
    expect(table.stdout).toMatch(/W-9 +WIDGET +Wrong place +BACK +1 +moved here from BACK/);
    expect(table.stdout).toMatch(/W-3 +WIDGET +Missing +0 +leaves stock/);
    expect(table.stdout).toMatch(/G-NEW +GADGET +Unexpected +1 +added here/);
    expect(table.stdout).toMatch(/W-2 +WIDGET +Missing +0 +leaves stock/);
    // CSV: every serial, one row each
    const csv = ok(cli(db, ['count', 'variance', SC, '--format', 'csv'])).stdout.trim().split('\n');
    expect(csv[0]).toBe('Serial Number,Product Code,Class,Situation,Warehouse,Scans,Action');
    expect(csv.slice(1).sort()).toEqual([
      'G-NEW,GADGET,unexpected,unexpected,,1,add',
      'W-1,WIDGET,scanned_twice,counted,,2,none',
      'W-2,WIDGET,missing,missing,,0,remove',
      'W-3,WIDGET,missing,missing,,0,remove',
      'W-9,WIDGET,wrong_place,wrong_place,BACK,1,move',
    ]);

    const done = ok(cli(db, ['--yes', 'count', 'complete', SC]));
    expect(done.stdout).toContain('Completed stock count SC-00000001 of MAIN: 2 missing serials left stock, 1 unexpected serial added, 1 serial moved here from another warehouse, 1 quantity adjusted.');
    const enquiry = JSON.parse(ok(run(db, 'enquiry', '--warehouse', 'MAIN', '--status', 'available')).stdout) as { serial: string }[];
    expect(enquiry.map((r) => r.serial).sort()).toEqual(['G-NEW', 'W-1', 'W-9']);
    const show = ok(cli(db, ['count', 'show', SC]));
    expect(show.stdout).toMatch(/^SC-00000001 {2}Stock count {2}Completed/);
    assertVerifies(db);
  });

  it('K-6: completion asks first: --no-input without --yes is a usage error naming --yes, and nothing is posted', () => {
    const db = fresh();
    const r = cli(db, ['--no-input', 'count', 'complete', SC, '--uncounted-as-zero']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(JSON.parse(ok(run(db, 'count', 'show', SC)).stdout).status).toBe('in_progress');
  });

  it('K-6: lines nothing was counted for stop completion (exit 1) until counted or --uncounted-as-zero', () => {
    const db = fresh();
    ok(run(db, 'count', 'scan', SC, '--serials', 'W-1,W-2,W-3'));
    const r = run(db, '--yes', 'count', 'complete', SC);
    expect(r.status).toBe(1);
    expect(error(r)).toMatchObject({ code: 'lines_not_counted' });
    expect(error(r).message).toContain('CABLE and GADGET');
    const done = JSON.parse(ok(run(db, '--yes', 'count', 'complete', SC, '--uncounted-as-zero')).stdout);
    expect(done.posted).toEqual({ removedCount: 0, addedCount: 0, movedCount: 0, adjustedLineCount: 1 });
    assertVerifies(db);
  });

  it('K-4: exit codes: an open count is not scanned (1), a serial two products have (1), a bad quantity (2), no serials with --no-input (2), a missing file (66)', () => {
    const db = fresh();
    ok(cli(db, ['count', 'create', '--warehouse', 'BACK', '--product', 'WIDGET']));
    const open = run(db, 'count', 'scan', 'SC-00000002', '--serials', 'W-9');
    expect([open.status, error(open).code]).toEqual([1, 'stock_count_open']);
    expect(error(open).fix).toContain('serials count start SC-00000002');
    const both = run(db, 'count', 'scan', SC, '--serials', 'SAME');
    expect([both.status, error(both).code]).toEqual([1, 'serial_matches_several_products']);
    expect(error(both).message).toContain('WIDGET and GADGET');
    expect(error(both).fix).toContain('--product');
    expect(cli(db, ['count', 'enter', SC, '--product', 'CABLE', '--qty', 'lots']).status).toBe(2);
    const none = cli(db, ['--no-input', 'count', 'scan', SC]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('--serials');
    expect(cli(db, ['count', 'scan', SC, '--serials-file', join(dirs[0] as string, 'no-such-file.txt')]).status).toBe(66);
    // a row past 64 KB (a quote left open) is refused where it starts, as for every serials file
    const long = join(dirs[0] as string, 'open-quote.csv');
    writeFileSync(long, `Serial Number\nW-1\n"W-2,${'x'.repeat(70_000)}\n`);
    const refused = run(db, 'count', 'scan', SC, '--serials-file', long);
    expect([refused.status, error(refused).message]).toEqual([1, expect.stringMatching(/line 3: .*far longer than a row/)]);
    expect(JSON.parse(ok(run(db, 'count', 'show', SC)).stdout).lines.map((l: { scans: number }) => l.scans)).toEqual([0, 0, 0]);
  });
});

// --- the scanner prompt, on a pseudo-terminal ---------------------------------------------

describe('the scanner prompt of count scan (K-4, K-5)', () => {
  it('K-4/K-5: each scan says its product and what it is (wrong place, unexpected) without refusing it; a repeat is recorded as scanned twice', async () => {
    const db = fresh();
    const { term, code } = await onTerminal(db, ['count', 'scan', SC], async (term) => {
      await term.waitFor(/\[0\] serial: /);
      let at = term.type('w-1\r');
      at = await term.waitFor(/✓ W-1 \(1\) — WIDGET/, at);
      at = term.type('W-9\r');
      at = await term.waitFor(/✓ W-9 \(2\) — WIDGET — warning: not expected here: available in BACK/, at);
      at = term.type('W-1\r');
      at = await term.waitFor(/✓ W-1 \(3\) — scanned again \(#1\): recorded as scanned twice, counted once/, at);
      // a serial no product of the count knows: which product is it?
      at = term.type('NEW-7\r');
      at = await term.waitFor(/NEW-7 is not known as any of the count's products: which is it\?/, at);
      at = await term.waitFor(/Answer 1 to 2/, at);
      at = term.type('2\r');
      at = await term.waitFor(/✓ NEW-7 \(4\) — GADGET — not expected here: not in the ledger/, at);
      term.type('\r');
    });
    expect(code, term.output).toBe(0);
    expect(term.output).toContain('Scanned 4 serials on SC-00000001: 3 new; 1 was scanned already (recorded as scanned twice, counted once).');
    const v = JSON.parse(ok(run(db, 'count', 'variance', SC)).stdout) as { rows: { serial: string; product: string; class: string }[] };
    expect(v.rows.filter((r) => r.class !== 'missing').map((r) => [r.serial, r.product, r.class])).toEqual([
      ['W-1', 'WIDGET', 'scanned_twice'],
      ['W-9', 'WIDGET', 'wrong_place'],
      ['NEW-7', 'GADGET', 'unexpected'],
    ]);
  });

  it('K-4/K-6: a serial two products have is asked about by number; completion at a terminal shows the summary and asks', async () => {
    const db = fresh();
    ok(cli(db, ['count', 'enter', SC, '--product', 'CABLE', '--qty', '2.5']));
    const scan = await onTerminal(db, ['count', 'scan', SC], async (term) => {
      await term.waitFor(/\[0\] serial: /);
      let at = term.type('SAME\r');
      at = await term.waitFor(/SAME is a serial of WIDGET and GADGET: which is it\?/, at);
      at = term.type('9\r');
      at = await term.waitFor(/"9" is not an answer: type 1 to 2/, at);
      at = term.type('2\r');
      at = await term.waitFor(/✓ SAME \(1\) — GADGET — not expected here: available in BACK/, at);
      term.type('W-1\rW-2\rW-3\r\r');
    });
    expect(scan.code, scan.term.output).toBe(0);
    const complete = await onTerminal(db, ['count', 'complete', SC], async (term) => {
      let at = await term.waitFor(/GADGET +0 +1 +\+1 +0 +0 +1 +0\r?\n/);
      at = await term.waitFor(/Post these differences and complete SC-00000001\?/, at);
      term.type('y\r');
    });
    expect(complete.code, complete.term.output).toBe(0);
    expect(complete.term.output).toContain('Completed stock count SC-00000001 of MAIN: 1 serial moved here from another warehouse.');
    const same = JSON.parse(ok(run(db, 'enquiry', 'SAME')).stdout) as { product: string; warehouse: string }[];
    expect(same.map((r) => [r.product, r.warehouse])).toEqual([
      ['GADGET', 'MAIN'],
      ['WIDGET', 'BACK'],
    ]);
    assertVerifies(db);
  });
});
