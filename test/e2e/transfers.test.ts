// End-to-end: warehouse transfers through the built CLI (RULES.md T-1): transfer create, list
// and show, their --json and exit codes, what enquiry, history and soh say afterwards, and
// the scanner prompt at a pseudo-terminal (the way test/e2e/scanner.test.ts drives it).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertVerifies, cli, copyLedger, json, ok, seededForFile, type CliResult } from '../helpers/ledger.js';
import { onTerminal } from '../helpers/terminal.js';

/** WIDGET W-1..W-5 and 10 of CABLE in MAIN; GADGET (serialized) G-1, G-2 in MAIN; 1,000 SCREWS in BACK. */
const base = seededForFile((db) => {
  for (const step of [
    ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'W-1..W-5', '--reason', 'opening'],
    ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '10', '--reason', 'opening'],
    ['product', 'add', 'GADGET', '--serialized'],
    ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'GADGET', '--serials', 'G-1,G-2', '--reason', 'opening'],
    ['product', 'add', 'SCREWS'],
    ['adjust', 'in', '--warehouse', 'BACK', '--product', 'SCREWS', '--qty', '1000', '--reason', 'opening'],
  ]) {
    ok(cli(db, step));
  }
});

const fresh = () => copyLedger(base.db, base.dirs, 'serials-e2e-transfer-');

function refused(r: CliResult, status: number): string {
  expect(r.status, r.stderr).toBe(status);
  expect(r.stdout).toBe('');
  return r.stderr;
}

type Row = { serial: string; product: string; warehouse: string; status: string; lastDocument: { number: string; kind: string } };
const enquiry = (db: string, ...args: string[]) => json<Row[]>(ok(cli(db, ['--json', 'enquiry', ...args])));
const soh = (db: string) => json<{ product: string; warehouse: string; quantity: number }[]>(ok(cli(db, ['--json', 'soh']))).map((r) => `${r.product} ${r.warehouse} ${r.quantity}`);

describe('transfer create', () => {
  it('T-1: moves the serials given, says the number and what moved; enquiry, history and soh show the transfer from → to', () => {
    const { db } = fresh();
    const r = ok(cli(db, ['transfer', 'create', '--from', 'main', '--to', 'BACK', '--product', 'widget', '--serials', 'w-1,W-2']));
    expect(r.stdout).toBe('Transfer WT-00000001: moved WIDGET 2 from MAIN to BACK.\n');
    expect(enquiry(db, '--document', 'WT-00000001').map((x) => [x.serial, x.warehouse, x.status, x.lastDocument.number, x.lastDocument.kind])).toEqual([
      ['W-1', 'BACK', 'available', 'WT-00000001', 'transfer'],
      ['W-2', 'BACK', 'available', 'WT-00000001', 'transfer'],
    ]);
    const history = json<{ kind: string; document: string; from: string | null; to: string | null; statusBefore: string; status: string }[]>(ok(cli(db, ['--json', 'history', 'W-1'])));
    expect(history.map((h) => [h.kind, h.document, h.from, h.to, h.statusBefore, h.status])).toEqual([
      ['adjustment_in', 'SA-00000001', null, 'MAIN', null, 'available'],
      ['transfer', 'WT-00000001', 'MAIN', 'BACK', 'available', 'available'],
    ]);
    expect(soh(db)).toEqual(['CABLE MAIN 10', 'GADGET MAIN 2', 'SCREWS BACK 1000', 'WIDGET BACK 2', 'WIDGET MAIN 3']);
    assertVerifies(db);
  });

  it('T-1: --json gives the number, both warehouses and per product the serials moved; several products from a CSV with --line for a plain one', () => {
    const { db, dir } = fresh();
    const file = join(dir, 'moving.csv');
    writeFileSync(file, 'Product Code,Serial Number\nWIDGET,w-3\ngadget,G-2\nWIDGET,W-4\n');
    const r = json(ok(cli(db, ['--json', 'transfer', 'create', '--from', 'MAIN', '--to', 'BACK', '--serials-file', file, '--line', 'CABLE:2.5'])));
    expect(r).toEqual({
      number: 'WT-00000001',
      from: 'MAIN',
      to: 'BACK',
      lines: [
        { product: 'CABLE', quantity: 2.5, serials: [], serialCount: 0 },
        { product: 'WIDGET', quantity: 2, serials: ['W-3', 'W-4'], serialCount: 2 },
        { product: 'GADGET', quantity: 1, serials: ['G-2'], serialCount: 1 },
      ],
    });
    expect(soh(db)).toEqual(['CABLE BACK 2.5', 'CABLE MAIN 7.5', 'GADGET BACK 1', 'GADGET MAIN 1', 'SCREWS BACK 1000', 'WIDGET BACK 2', 'WIDGET MAIN 3']);
    // a plain product by --product and --qty, and two by --line, in words
    expect(ok(cli(db, ['transfer', 'create', '--from', 'BACK', '--to', 'MAIN', '--product', 'CABLE', '--qty', '0.5'])).stdout).toBe('Transfer WT-00000002: moved CABLE 0.5 from BACK to MAIN.\n');
    expect(ok(cli(db, ['transfer', 'create', '--from', 'BACK', '--to', 'MAIN', '--line', 'CABLE:1', '--line', 'SCREWS:1000'])).stdout).toBe(
      'Transfer WT-00000003: moved CABLE 1 and SCREWS 1,000 from BACK to MAIN.\n',
    );
    assertVerifies(db);
  });

  it('T-1: refused (exit 1, nothing written) when a serial is not in the source, naming where it is and the document; every problem in one pass', () => {
    const { db } = fresh();
    ok(cli(db, ['transfer', 'create', '--from', 'MAIN', '--to', 'BACK', '--product', 'WIDGET', '--serials', 'W-1']));
    const before = soh(db);
    const err = refused(cli(db, ['transfer', 'create', '--from', 'MAIN', '--to', 'BACK', '--product', 'WIDGET', '--serials', 'W-1,W-2,NOPE', '--line', 'CABLE:11']), 1);
    expect(err).toMatch(/^error: 3 problems; nothing was written\.$/m);
    expect(err).toContain('Serial "W-1" of product WIDGET is available in warehouse BACK, not MAIN (last document WT-00000001).');
    expect(err).toContain('Serial "NOPE" of product WIDGET is not in the ledger.');
    expect(err).toContain('Product CABLE has 10 in warehouse MAIN; 11 cannot be taken out.');
    // --json: the error object, each problem with its fields
    const jsonErr = JSON.parse(refused(cli(db, ['--json', 'transfer', 'create', '--from', 'MAIN', '--to', 'main', '--product', 'WIDGET', '--serials', 'W-2']), 1)).error;
    expect(jsonErr).toMatchObject({ code: 'same_warehouse', details: [{ code: 'same_warehouse', warehouse: 'MAIN' }] });
    expect(refused(cli(db, ['transfer', 'create', '--from', 'MAIN', '--to', 'BACK', '--product', 'WIDGET', '--qty', '2']), 1)).toContain(
      'Product WIDGET is serialized: a transfer names the serials that move, one per unit, not just a quantity (2).',
    );
    expect(soh(db)).toEqual(before);
    assertVerifies(db);
  });

  it('usage errors exit 2: a missing --to, a malformed --line, and no serials for a serialized product without a terminal', () => {
    const db = base.db;
    expect(refused(cli(db, ['transfer', 'create', '--from', 'MAIN', '--product', 'WIDGET', '--serials', 'W-1']), 2)).toMatch(/--to/);
    expect(refused(cli(db, ['transfer', 'create', '--from', 'MAIN', '--to', 'BACK', '--line', 'CABLE']), 2)).toMatch(/--line #1: expected PRODUCT:QTY/);
    expect(refused(cli(db, ['transfer', 'create', '--from', 'MAIN', '--to', 'BACK', '--product', 'WIDGET']), 2)).toMatch(/No serials given/);
  });
});

describe('transfer list and show', () => {
  let db: string;
  beforeAll(() => {
    db = fresh().db;
    ok(cli(db, ['warehouse', 'add', 'SHOP']));
    ok(cli(db, ['transfer', 'create', '--from', 'MAIN', '--to', 'BACK', '--product', 'WIDGET', '--serials', 'W-1..W-3']));
    ok(cli(db, ['transfer', 'create', '--from', 'MAIN', '--to', 'SHOP', '--line', 'CABLE:2.5']));
    ok(cli(db, ['transfer', 'create', '--from', 'BACK', '--to', 'SHOP', '--product', 'WIDGET', '--serials', 'W-2']));
  });

  it('T-1: list shows one row per product moved; --warehouse matches either side, --product the products; CSV counts the serials', () => {
    const r = ok(cli(db, ['transfer', 'list']));
    expect(r.stdout).toMatch(/^Number\s+Created\s+From\s+To\s+Product\s+Quantity$/m);
    expect(r.stdout).toMatch(/^WT-00000002\s+\d{4}-\d{2}-\d{2}\s+MAIN\s+SHOP\s+CABLE\s+2\.5$/m);
    expect(r.stderr).toContain('3 transfers.');
    const numbers = (...args: string[]) => json<{ number: string }[]>(ok(cli(db, ['transfer', 'list', '--json', ...args]))).map((t) => t.number);
    expect(numbers('--warehouse', 'back')).toEqual(['WT-00000001', 'WT-00000003']);
    expect(numbers('--warehouse', 'SHOP', '--product', 'WIDGET')).toEqual(['WT-00000003']);
    expect(numbers('--from', '2000-01-01', '--to', '2000-01-31')).toEqual([]);
    const csv = ok(cli(db, ['transfer', 'list', '--format', 'csv'])).stdout.trim().split('\n');
    expect(csv[0]).toBe('Number,Created,From,To,Product,Quantity,Serial Count');
    expect(csv.slice(1).map((l) => l.replace(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},/, ','))).toEqual([
      'WT-00000001,MAIN,BACK,WIDGET,3,3',
      'WT-00000002,MAIN,SHOP,CABLE,2.5,0',
      'WT-00000003,BACK,SHOP,WIDGET,1,1',
    ]);
    expect(refused(cli(db, ['transfer', 'list', '--warehouse', 'ATTIC']), 1)).toContain('There is no warehouse with code "ATTIC"');
    expect(refused(cli(db, ['transfer', 'list', '--from', '2026-02-30']), 2)).toContain('not a real date');
  });

  it('T-1: show gives the transfer with its serials: a table, CSV one row per serial, JSON one object; an unknown number exits 1', () => {
    const table = ok(cli(db, ['transfer', 'show', 'wt-00000001'])).stdout;
    expect(table).toMatch(/^WT-00000001 {2}Transfer$/m);
    expect(table).toMatch(/^ {2}From: +MAIN$/m);
    expect(table).toMatch(/^ {2}To: +BACK$/m);
    expect(table).toMatch(/^WIDGET\s+3\s+3$/m);
    expect(table).toContain('Serials of WIDGET: W-1, W-2, W-3');
    const csv = ok(cli(db, ['transfer', 'show', 'WT-00000001', '--format', 'csv'])).stdout.trim().split('\n');
    expect(csv[0]).toBe('Number,Created,From,To,Product,Quantity,Serial Number');
    expect(csv.slice(1).map((l) => l.split(',').filter((_, i) => i !== 1).join(','))).toEqual(['WT-00000001,MAIN,BACK,WIDGET,1,W-1', 'WT-00000001,MAIN,BACK,WIDGET,1,W-2', 'WT-00000001,MAIN,BACK,WIDGET,1,W-3']);
    const shown = json(ok(cli(db, ['--json', 'transfer', 'show', 'WT-00000002'])));
    expect(shown).toMatchObject({ number: 'WT-00000002', from: 'MAIN', to: 'SHOP', lines: [{ product: 'CABLE', quantity: 2.5, serials: [], serialCount: 0 }] });
    const missing = JSON.parse(refused(cli(db, ['--json', 'transfer', 'show', 'WT-00000099']), 1)).error;
    expect(missing.code).toBe('unknown_transfer');
  });
});

// ---------------------------------------------------------------------------------------
// The scanner prompt on a pseudo-terminal: `script` (util-linux) gives the CLI a terminal.

describe('transfer create at a terminal: the scanner prompt', () => {
  it('T-1: each scanned serial is checked against the source warehouse as it arrives; the good ones move', async () => {
    const { db } = fresh();
    ok(cli(db, ['transfer', 'create', '--from', 'MAIN', '--to', 'BACK', '--product', 'WIDGET', '--serials', 'W-1']));
    const { term, code } = await onTerminal(db, ['transfer', 'create', '--from', 'MAIN', '--to', 'BACK', '--product', 'WIDGET', '--qty', '2'], async (t) => {
      await t.waitFor(/Serials of WIDGET to transfer from MAIN to BACK/);
      await t.waitFor(/\[0\/2\] serial: /);
      t.type('w-3\r');
      await t.waitFor(/✓ W-3 \(1\/2\)/);
      t.type('W-1\r');
      await t.waitFor(/✗ W-1 is in stock in BACK, not MAIN \(transferred on WT-00000001\) — not counted/);
      t.type('NOPE\r');
      await t.waitFor(/✗ NOPE is not a serial of WIDGET in the ledger — not counted/);
      t.type('W-4\r');
      await t.waitFor(/✓ W-4 \(2\/2\)/);
      t.type('\r');
    });
    expect(code, term.output).toBe(0);
    expect(term.output).toContain('Transfer WT-00000002: moved WIDGET 2 from MAIN to BACK.');
    expect(enquiry(db, '--document', 'WT-00000002').map((r) => [r.serial, r.warehouse])).toEqual([
      ['W-3', 'BACK'],
      ['W-4', 'BACK'],
    ]);
    assertVerifies(db);
  });

  it('T-1: a destination that is unknown or the same as the source is refused before the prompt opens', async () => {
    for (const to of ['NOWHERE', 'main']) {
      const { term, code } = await onTerminal(base.db, ['transfer', 'create', '--from', 'MAIN', '--to', to, '--product', 'WIDGET'], async () => undefined);
      const output = term.output;
      expect(code, output).toBe(1);
      expect(output).toMatch(to === 'main' ? /MAIN was given as both source and destination/ : /There is no warehouse with code "NOWHERE"/);
      expect(output).not.toMatch(/serial: /);
    }
  });
});
