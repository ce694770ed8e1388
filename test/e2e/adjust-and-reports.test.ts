// End-to-end: stock adjustments, the serial enquiry, history, stock on hand, colour
// handling, and `serials demo`.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onEngines } from '../helpers/engines.js';
import { BIN, assertVerifies, cli, cliLedger, tempDir, type CliResult, ok, copyLedger, json } from '../helpers/ledger.js';
import { contract, expectErrorContract } from '../helpers/json-contract.js';

const dirs: string[] = [];
let base: { dir: string; db: string };
/** A read-only ledger with a little of everything, built once for the report tests. */
let reports: string;

function copyOf(db: string): string {
  return copyLedger(db, dirs, 'serials-e2e-adj-').db;
}

beforeAll(() => {
  base = cliLedger();
  dirs.push(base.dir);
  reports = copyOf(base.db);
  const steps = [
    ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:5:4.50'],
    ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', 'SN-0001..SN-0005'],
    ['adjust', 'in', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'BK-1,BK-2', '--reason', 'found in returns bay'],
    ['adjust', 'out', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'SN-0002', '--reason', 'damaged'],
    ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '2.5', '--reason', 'recount'],
    ['adjust', 'out', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '0.75', '--reason', 'offcut'],
    ['product', 'add', 'TEMP', '--serialized'],
    ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'TEMP', '--serials', 'T-1', '--reason', 'trial'],
    ['adjust', 'out', '--warehouse', 'MAIN', '--product', 'TEMP', '--serials', 'T-1', '--reason', 'trial over'],
    ['product', 'unserialize', 'TEMP'],
  ];
  for (const s of steps) ok(cli(reports, s));
  assertVerifies(reports);
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface EnquiryJson {
  serial: string;
  product: string;
  warehouse: string | null;
  status: string;
  assignments: string[];
  lastDocument: { type: string; number: string; date: string; kind: string; party: string | null };
}

interface SohJson {
  product: string;
  warehouse: string;
  quantity: number;
  /** available serials; null for a product without serials */
  serialCount: number | null;
}

const enquiry = (db: string, args: string[]) => json<EnquiryJson[]>(ok(cli(db, ['--json', 'enquiry', ...args])));
const soh = (db: string, args: string[] = []) => json<SohJson[]>(ok(cli(db, ['--json', 'soh', ...args])));
const sohOf = (db: string, product: string) => soh(db, ['--product', product]).map((r) => [r.warehouse, r.quantity]);

function expectRejected(r: CliResult, ...names: (string | RegExp)[]): void {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  for (const n of names) expect(r.stderr).toMatch(n instanceof RegExp ? n : new RegExp(n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  expect(r.stderr).toMatch(/^fix: \S/m);
}

/** An exact serial no product has is "not found" (with filters too): exit 1, nothing on stdout, the error naming it. */
function expectUnknownSerial(db: string, serial: string, ...filters: string[]): void {
  const r = cli(db, ['--json', 'enquiry', serial, ...filters]);
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  const error = expectErrorContract(r);
  expect(error.code).toBe('unknown_serial');
  expect(error.message).toBe(`No serial "${serial}" is in the ledger.`);
  expect(error.details).toEqual([expect.objectContaining({ code: 'unknown_serial', serial })]);
}

/** A UTC ISO timestamp as the local date-time CSV shows in Asia/Kolkata (UTC+05:30 all year, no DST). */
const KOLKATA = { TZ: 'Asia/Kolkata' };
const inKolkata = (iso: string) => new Date(Date.parse(iso) + 330 * 60_000).toISOString().slice(0, 19).replace('T', ' ');

const ANSI = /\u001b\[/;

describe('adjust in and out', () => {
  it('A-1: adjusting in a serialized product makes its new serials available; adjusting out makes them unavailable', () => {
    const db = copyOf(base.db);
    const added = json(ok(cli(db, ['--json', 'adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'A-1..A-3', '--reason', 'opening stock'])));
    expect(added.number).toMatch(/^SA-\d{8}$/);
    expect(added.lines).toEqual([{ product: 'WIDGET', quantity: 3, serials: ['A-1', 'A-2', 'A-3'], serialCount: 3 }]);
    expect(sohOf(db, 'WIDGET')).toEqual([['MAIN', 3]]);

    const removed = ok(cli(db, ['adjust', 'out', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'a-2', '--reason', 'damaged']));
    expect(removed.stdout).toMatch(/^Adjustment SA-\d{8}: removed WIDGET 1 from MAIN \(damaged\)\./);
    expect(enquiry(db, ['--product', 'WIDGET']).map((r) => [r.serial, r.status])).toEqual([
      ['A-1', 'available'],
      ['A-2', 'unavailable'],
      ['A-3', 'available'],
    ]);
    expect(sohOf(db, 'WIDGET')).toEqual([['MAIN', 2]]);
    assertVerifies(db);
  });

  it('A-1/N-4: a serial adjusted out can come back in at another warehouse; the command notes it and history continues', () => {
    const db = copyOf(base.db);
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'R-1', '--reason', 'opening']));
    ok(cli(db, ['adjust', 'out', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'R-1', '--reason', 'sent for repair']));
    const back = ok(cli(db, ['adjust', 'in', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'r-1', '--reason', 'repaired']));
    expect(back.stderr).toMatch(/note: serial "R-1" of WIDGET returns to stock/);
    const rows = enquiry(db, ['R-1']);
    expect(rows.map((r) => [r.serial, r.warehouse, r.status])).toEqual([['R-1', 'BACK', 'available']]);
    const history = json<{ kind: string; from: string | null; to: string | null; status: string }[]>(ok(cli(db, ['--json', 'history', 'R-1'])));
    expect(history.map((h) => [h.kind, h.from, h.to, h.status])).toEqual([
      ['adjustment_in', null, 'MAIN', 'available'],
      ['adjustment_out', 'MAIN', null, 'unavailable'],
      ['adjustment_in', null, 'BACK', 'available'],
    ]);
    assertVerifies(db);
  });

  it('P-3: a non-serialized product adjusts by decimal quantities', () => {
    const db = copyOf(base.db);
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '2.5', '--reason', 'delivery']));
    const out = json(ok(cli(db, ['--json', 'adjust', 'out', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '0.75', '--reason', 'offcut'])));
    expect(out.number).toMatch(/^SA-\d{8}$/);
    expect(out.lines).toEqual([{ product: 'CABLE', quantity: 0.75, serials: [], serialCount: 0 }]);
    expect(sohOf(db, 'CABLE')).toEqual([['MAIN', 1.75]]);
    expect(ok(cli(db, ['soh', '--product', 'CABLE'])).stdout).toMatch(/^CABLE\s+MAIN\s+1\.75\s*$/m);
    assertVerifies(db);
  });

  it('P-3: a serialized product cannot be adjusted by a fraction', () => {
    const db = copyOf(base.db);
    expectRejected(
      cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--qty', '1.5', '--serials', 'F-1', '--reason', 'x']),
      'WIDGET',
      /whole number/,
    );
    expectUnknownSerial(db, 'F-1');
    assertVerifies(db);
  });

  it('N-6: a serialized adjustment needs exactly one serial per unit', () => {
    const db = copyOf(base.db);
    expectRejected(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--qty', '3', '--serials', 'Q-1,Q-2', '--reason', 'x']), 'WIDGET', /3/);
    expect(enquiry(db, ['--contains', 'Q-'])).toEqual([]);
    assertVerifies(db);
  });

  it('A-1: taking out a serial that is in another warehouse, unavailable, or unknown is rejected naming each, all at once', () => {
    const db = copyOf(reports);
    const r = cli(db, ['adjust', 'out', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'BK-1,SN-0002,NOPE-9,SN-0001', '--reason', 'x']);
    expectRejected(r, /3 problems/, /"BK-1" of product WIDGET is available in warehouse BACK, not MAIN/, /"SN-0002" of product WIDGET is unavailable \(last document SA-\d{8}\)/, /"NOPE-9" of product WIDGET is not in the ledger/);
    // nothing was written: SN-0001 is still available
    expect(enquiry(db, ['SN-0001']).map((x) => x.status)).toEqual(['available']);
    const asJson = cli(db, ['--json', 'adjust', 'out', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'BK-1', '--reason', 'x']);
    expect(asJson.status).toBe(1);
    const err = JSON.parse(asJson.stderr) as { error: { code: string; details: { serial: string; product: string; warehouse: string; document: string }[] } };
    expect(err.error.code).toBe('serial_in_other_warehouse');
    expect(err.error.details[0]).toMatchObject({ serial: 'BK-1', product: 'WIDGET', warehouse: 'BACK' });
    expect(err.error.details[0]?.document).toMatch(/^SA-\d{8}$/);
    assertVerifies(db);
  });

  it('A-1: adjusting in a serial that is already available is rejected naming where it is', () => {
    const db = copyOf(reports);
    expectRejected(cli(db, ['adjust', 'in', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'sn-0001', '--reason', 'x']), 'SN-0001', 'WIDGET', 'MAIN', /PR-\d{8}/);
    assertVerifies(db);
  });

  it('taking out more of a non-serialized product than is in stock is rejected naming product and warehouse', () => {
    const db = copyOf(reports);
    expectRejected(cli(db, ['adjust', 'out', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '2', '--reason', 'x']), 'CABLE', 'MAIN', /1\.75/);
    expectRejected(cli(db, ['adjust', 'out', '--warehouse', 'BACK', '--product', 'CABLE', '--qty', '0.5', '--reason', 'x']), 'CABLE', 'BACK');
    expect(sohOf(db, 'CABLE')).toEqual([['MAIN', 1.75]]);
    assertVerifies(db);
  });

  it('serials given for a non-serialized product, or none for a serialized one, are rejected', () => {
    const db = copyOf(base.db);
    expectRejected(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--serials', 'C-1', '--reason', 'x']), 'CABLE', /not serialized/);
    const none = cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--reason', 'x']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('--serials');
    expect(soh(db)).toEqual([]);
    assertVerifies(db);
  });

  it('an adjustment needs a reason, and an unknown warehouse or product is named', () => {
    const db = copyOf(base.db);
    const noReason = cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '1', '--reason', ' ']);
    expect(noReason.status).toBe(2);
    expect(noReason.stderr).toMatch(/--reason/);
    expectRejected(cli(db, ['adjust', 'in', '--warehouse', 'ATTIC', '--product', 'CABLE', '--qty', '1', '--reason', 'x']), 'ATTIC');
    expectRejected(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'ROPE', '--qty', '1', '--reason', 'x']), 'ROPE');
    expect(soh(db)).toEqual([]);
    assertVerifies(db);
  });
});

describe('enquiry', () => {
  it('E-1: an exact serial, ignoring case, as JSON with product, warehouse, lowercase status and last document', () => {
    const rows = enquiry(reports, ['sn-0003']);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ serial: 'SN-0003', product: 'WIDGET', warehouse: 'MAIN', status: 'available', assignments: [] });
    expect(rows[0]?.lastDocument).toMatchObject({ number: 'PR-00000001', kind: 'receipt', party: 'ACME' });
    expect(rows[0]?.lastDocument.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    // exact: part of a serial is no serial (--contains searches)
    expectUnknownSerial(reports, 'SN-000');
  });

  it('E-1: an unknown exact serial is not found (exit 1), naming it and how to search; a filtered search that finds nothing is empty', () => {
    expectUnknownSerial(reports, 'NO-SUCH');
    const table = cli(reports, ['enquiry', 'NO-SUCH']);
    expectRejected(table, /^error: No serial "NO-SUCH" is in the ledger\.$/m);
    expect(table.stderr).toMatch(/^fix: Search for part of it with: serials enquiry --contains "NO-SUCH"$/m);
    // filters do not make an unknown serial known
    expectUnknownSerial(reports, 'NO-SUCH', '--status', 'available');
    // a serial in the ledger that the filters leave out, and a search matching nothing: [] and exit 0
    expect(enquiry(reports, ['SN-0002', '--status', 'available'])).toEqual([]);
    expect(enquiry(reports, ['--contains', 'NO-SUCH'])).toEqual([]);
  });

  it('E-1: --contains matches part of the serial, ignoring case', () => {
    expect(enquiry(reports, ['--contains', 'sn-000']).map((r) => r.serial)).toEqual(['SN-0001', 'SN-0002', 'SN-0003', 'SN-0004', 'SN-0005']);
    expect(enquiry(reports, ['--contains', 'k-']).map((r) => r.serial)).toEqual(['BK-1', 'BK-2']);
    expect(enquiry(reports, ['--contains', '%'])).toEqual([]);
  });

  it('E-1: filters by product, warehouse, status, document, supplier, dates and limit', () => {
    const all = enquiry(reports, []);
    expect(all).toHaveLength(8);
    expect(enquiry(reports, ['--warehouse', 'back']).map((r) => r.serial)).toEqual(['BK-1', 'BK-2']);
    expect(enquiry(reports, ['--status', 'unavailable']).map((r) => r.serial)).toEqual(['SN-0002']);
    expect(enquiry(reports, ['--status', 'deleted']).map((r) => [r.product, r.serial])).toEqual([['TEMP', 'T-1']]);
    expect(enquiry(reports, ['--product', 'TEMP']).map((r) => r.serial)).toEqual(['T-1']);
    expect(enquiry(reports, ['--product', 'WIDGET', '--warehouse', 'MAIN', '--status', 'available']).map((r) => r.serial)).toEqual([
      'SN-0001',
      'SN-0003',
      'SN-0004',
      'SN-0005',
    ]);
    expect(enquiry(reports, ['--document', 'PO-00000001'])).toHaveLength(5);
    expect(enquiry(reports, ['--supplier', 'ACME']).map((r) => r.serial)).toEqual(['SN-0001', 'SN-0002', 'SN-0003', 'SN-0004', 'SN-0005']);
    const adjustment = all.find((r) => r.serial === 'BK-1')?.lastDocument.number ?? '';
    expect(enquiry(reports, ['--document', adjustment]).map((r) => r.serial)).toEqual(['BK-1', 'BK-2']);
    const day = all[0]?.lastDocument.date.slice(0, 10) ?? '';
    expect(enquiry(reports, ['--from', day, '--to', day])).toHaveLength(8);
    expect(enquiry(reports, ['--from', '2999-01-01'])).toEqual([]);
    expect(enquiry(reports, ['--to', '2000-01-01'])).toEqual([]);
    expect(enquiry(reports, ['--limit', '3'])).toHaveLength(3);
  });

  it('E-1: --format csv has a header row, lowercase statuses, local date-times and a count of assignments', () => {
    const r = ok(cli(reports, ['enquiry', '--product', 'WIDGET', '--warehouse', 'MAIN', '--format', 'csv'], { env: KOLKATA }));
    const lines = r.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toBe('Product Code,Warehouse Code,Serial Number,Status,Last Document,Last Date,Party,Assignments');
    expect(lines).toHaveLength(6);
    const [first, second] = enquiry(reports, ['--product', 'WIDGET', '--warehouse', 'MAIN']).map((e) => e.lastDocument);
    // Last Date: the local date-time a spreadsheet reads (JSON keeps UTC); Assignments: how many open orders
    expect(lines[1]).toBe(`WIDGET,MAIN,SN-0001,available,PR-00000001,${inKolkata(first!.date)},ACME,0`);
    expect(second?.number).toMatch(/^SA-\d{8}$/);
    expect(lines[2]).toBe(`WIDGET,MAIN,SN-0002,unavailable,${second!.number},${inKolkata(second!.date)},,0`);
    const asJson = ok(cli(reports, ['enquiry', 'SN-0002', '--format', 'json']));
    expect(JSON.parse(asJson.stdout)[0].status).toBe('unavailable');

    // assigned to two open orders: the count in CSV, the orders in JSON, the first and how many more in a table
    const db = copyOf(reports);
    for (let i = 0; i < 2; i++) {
      ok(cli(db, ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:1']));
      ok(cli(db, ['so', 'assign', `SO-0000000${i + 1}`, '--product', 'WIDGET', '--serials', 'SN-0003']));
    }
    expect(ok(cli(db, ['enquiry', 'SN-0003', '--format', 'csv'])).stdout.trim().split(/\r?\n/)[1]).toMatch(/^WIDGET,MAIN,SN-0003,available,PR-00000001,[^,]+,ACME,2$/);
    expect(enquiry(db, ['SN-0003'])[0]?.assignments).toEqual(['SO-00000001', 'SO-00000002']);
    expect(ok(cli(db, ['enquiry', 'SN-0003'])).stdout).toMatch(/^WIDGET\s+MAIN\s+SN-0003\s+Available\s+PR-00000001\s+\S+\s+ACME\s+SO-00000001 \+1$/m);
    assertVerifies(db);
  });

  it('statuses are capitalised in tables: Available, Unavailable, Deleted', () => {
    const r = ok(cli(reports, ['enquiry', '--format', 'table']));
    // a table has short headers (CSV keeps the import's names)
    expect(r.stdout.split('\n')[0]).toMatch(/^Product\s+Warehouse\s+Serial\s+Status\s+Document\s+Date\s+Party\s+Assigned$/);
    // piped: plain rows, no box drawing
    expect(r.stdout).not.toMatch(/[│┌└─]/);
    expect(r.stdout).toMatch(/\bSN-0001\s+Available\b/);
    expect(r.stdout).toMatch(/\bSN-0002\s+Unavailable\b/);
    expect(r.stdout).toMatch(/\bT-1\s+Deleted\b/);
    expect(r.stdout).not.toMatch(/\s(available|unavailable|deleted)\s/);
    expect(r.stderr).toMatch(/^8 serials\.$/m);
    const json = ok(cli(reports, ['--json', 'enquiry'])).stdout;
    expect(json).not.toMatch(/"status": "(Available|Unavailable|Deleted)"/);
  });
});

describe('history', () => {
  it('E-2: --json is an array of movements in order with at, kind, document, from, to and status', () => {
    const r = ok(cli(reports, ['--json', 'history', 'sn-0002']));
    const entries = JSON.parse(r.stdout) as { serial: string; product: string; at: string; kind: string; document: string; from: string | null; to: string | null; status: string }[];
    expect(Array.isArray(entries)).toBe(true);
    expect(entries).toHaveLength(2);
    for (const e of entries) {
      for (const key of ['at', 'kind', 'document', 'from', 'to', 'status']) expect(e, key).toHaveProperty(key);
      expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    }
    expect(entries[0]).toMatchObject({ serial: 'SN-0002', product: 'WIDGET', kind: 'receipt', from: null, to: 'MAIN', status: 'available' });
    expect(entries[0]).toMatchObject({ document: 'PR-00000001', purchaseOrder: 'PO-00000001' });
    expect(entries[1]).toMatchObject({ kind: 'adjustment_out', from: 'MAIN', to: null, status: 'unavailable' });
    expect(entries[1]?.document).toMatch(/^SA-\d{8}$/);
    expect(entries[0]!.at <= entries[1]!.at).toBe(true);
  });

  it('E-2: the table capitalises movements; the deleted serial shows its whole history, and CSV has every status', () => {
    const r = ok(cli(reports, ['history', 'T-1']));
    const table = r.stdout;
    expect(table).not.toMatch(/[│┌└─]/);
    // to fit 80 columns the table leaves out the serial asked for, its one product and the status after each movement
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^When\s+Movement\s+Document\s+Order\s+From\s+To\s+Party$/);
    expect(lines.slice(1)).toHaveLength(3);
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+Adjustment in\s+SA-\d{8}\s+MAIN$/);
    expect(lines[2]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+Adjustment out\s+SA-\d{8}\s+MAIN$/);
    expect(lines[3]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+Unserialize\s+SZ-\d{8}\s+MAIN$/);
    expect(table).not.toMatch(/adjustment_|\bT-1\b|\bTEMP\b/);
    expect(r.stderr).toMatch(/^3 movements of T-1 \(TEMP\)\.$/m);
    // CSV: every column, the document and the order it belongs to apart, statuses and kinds as in JSON
    const csv = ok(cli(reports, ['history', 'T-1', '--format', 'csv'])).stdout.trim().split(/\r?\n/);
    expect(csv[0]).toBe('Product,Serial,When,Movement,Document,Order,From,To,Status,Party,Unit');
    expect(csv.slice(1).map((l) => l.split(',')[3])).toEqual(['adjustment_in', 'adjustment_out', 'unserialize']);
    expect(csv.slice(1).map((l) => l.split(',')[8])).toEqual(['available', 'unavailable', 'deleted']);
    // a receipt's row names its purchase order in a column of its own
    const receipt = ok(cli(reports, ['history', 'SN-0002', '--format', 'csv'])).stdout.trim().split(/\r?\n/)[1];
    expect(receipt).toMatch(/^WIDGET,SN-0002,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},receipt,PR-00000001,PO-00000001,,MAIN,available,ACME,$/);
  });

  it('E-2: history of a serial that was never in the ledger is rejected naming it', () => {
    expectRejected(cli(reports, ['history', 'NEVER-1']), 'NEVER-1');
  });
});

describe('stock on hand', () => {
  it('E-2: soh --json rows have product, warehouse and quantity (decimals for non-serialized)', () => {
    const rows = contract<SohJson[]>(['soh'], cli(reports, ['--json', 'soh']));
    expect(rows.map((r) => [r.product, r.warehouse, r.quantity, r.serialCount])).toEqual([
      ['CABLE', 'MAIN', 1.75, null],
      ['WIDGET', 'BACK', 2, 2],
      ['WIDGET', 'MAIN', 4, 4],
    ]);
    expect(soh(reports, ['--warehouse', 'BACK']).map((r) => r.product)).toEqual(['WIDGET']);
    expect(soh(reports, ['--product', 'cable']).map((r) => r.quantity)).toEqual([1.75]);
    const all = soh(reports, ['--all']);
    expect(all.some((r) => r.product === 'TEMP' && r.quantity === 0)).toBe(true);
  });

  it('soh as a table and as CSV', () => {
    const csv = ok(cli(reports, ['soh', '--format', 'csv'])).stdout.trim().split(/\r?\n/);
    expect(csv).toEqual([
      'Product Code,Product Description,Warehouse Code,Quantity,Serials Available',
      'CABLE,,MAIN,1.75,',
      'WIDGET,,BACK,2,2',
      'WIDGET,,MAIN,4,4',
    ]);
    const table = ok(cli(reports, ['soh'])).stdout;
    // a table has short headers (CSV keeps the import's names); numbers right-aligned
    expect(table).not.toMatch(/[│┌└─]/);
    expect(table.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^Product\s+Description\s+Warehouse\s+On Hand\s+Serials$/),
      expect.stringMatching(/^CABLE\s+MAIN\s+1\.75$/),
      expect.stringMatching(/^WIDGET\s+BACK\s+2\s+2$/),
      expect.stringMatching(/^WIDGET\s+MAIN\s+4\s+4$/),
    ]);
    const header = table.split('\n')[0] as string;
    const onHandEnds = header.indexOf('On Hand') + 'On Hand'.length;
    const onHand = ['1.75', '2', '4'];
    table.trimEnd().split('\n').slice(1).forEach((line, i) => expect(line.slice(0, onHandEnds)).toMatch(new RegExp(` ${onHand[i]?.replace('.', '\\.')}$`)));
  });
});

describe('output into a pipe', () => {
  it('a long report piped into a reader that stops early (| head -n 1) ends quietly, without a stack trace', () => {
    const db = copyOf(base.db);
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'PIPE-00001..PIPE-03000', '--reason', 'opening']));
    const quoted = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const r = spawnSync('bash', ['-c', `${quoted(process.execPath)} ${quoted(BIN)} --db ${quoted(db)} enquiry --format csv | head -n 1; exit \${PIPESTATUS[0]}`], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.stdout).toBe('Product Code,Warehouse Code,Serial Number,Status,Last Document,Last Date,Party,Assignments\n');
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect([0, 141]).toContain(r.status);
    assertVerifies(db);
  });
});

describe('colour', () => {
  // a show's title (bold) on stdout and an error (red) on stderr; a piped table is plain rows whatever the colour
  const runBoth = (args: string[], env: NodeJS.ProcessEnv) =>
    [cli(reports, [...args, 'product', 'show', 'WIDGET'], { env }), cli(reports, [...args, 'po', 'show', 'PO-404'], { env })] as const;

  it('FORCE_COLOR=1 produces ANSI escapes in a show\'s title and in errors', () => {
    const [table, error] = runBoth([], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(ANSI);
    expect(error.status).toBe(1);
    expect(error.stderr).toMatch(ANSI);
  });

  it('NO_COLOR produces no ANSI escapes, even with FORCE_COLOR=1', () => {
    const [table, error] = runBoth([], { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/On hand/);
    expect(table.stdout + table.stderr).not.toMatch(ANSI);
    expect(error.status).toBe(1);
    expect(error.stderr).toMatch(/PO-404/);
    expect(error.stdout + error.stderr).not.toMatch(ANSI);
  });

  it('--no-color produces no ANSI escapes, even with FORCE_COLOR=1', () => {
    const [table, error] = runBoth(['--no-color'], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/On hand/);
    expect(table.stdout + table.stderr).not.toMatch(ANSI);
    expect(error.status).toBe(1);
    expect(error.stdout + error.stderr).not.toMatch(ANSI);
  });

  it('output to a pipe without FORCE_COLOR has no ANSI escapes', () => {
    const [table, error] = runBoth([], { NO_COLOR: undefined, FORCE_COLOR: undefined });
    expect(table.stdout).toMatch(/On hand/);
    expect(table.stdout).not.toMatch(ANSI);
    expect(error.stderr).not.toMatch(ANSI);
  });
});

describe('demo', () => {
  /** Runs the CLI in `cwd` without --db, so the demo's default file is used. */
  function inDir(cwd: string, args: string[]): CliResult {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.SERIALS_DB;
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('builds ./serials-demo.db by default and shows an enquiry and stock on hand; a rerun replaces it', () => {
    const dir = tempDir('serials-e2e-demo-');
    dirs.push(dir);
    const r = inDir(dir, ['demo']);
    expect(r.status, r.stderr).toBe(0);
    const db = join(dir, 'serials-demo.db');
    expect(existsSync(db)).toBe(true);
    expect(existsSync(join(dir, 'serials.db'))).toBe(false);
    expect(r.stdout).toMatch(/^Demo ledger: \.\/serials-demo\.db$/m);
    // the enquiry and stock on hand exactly as `serials enquiry` and `serials soh` show them (same columns)
    const table = (args: string[]) => ok(cli(db, args)).stdout;
    expect(r.stdout).toContain(`\nSerial enquiry (serials enquiry)\n${table(['enquiry'])}\n`);
    expect(r.stdout).toContain(`\nStock on hand (serials soh)\n${table(['soh'])}\n`);
    expect(r.stdout).toMatch(/^Product\s+Warehouse\s+Serial\s+Status\s+Document\s+Date\s+Party\s+Assigned$/m);
    expect(r.stdout).toMatch(/^Product\s+Description\s+Warehouse\s+On Hand\s+Serials$/m);
    expect(r.stdout).toMatch(/\sAvailable\s/);

    const before = { enquiry: enquiry(db, []), soh: soh(db), pos: json<unknown[]>(ok(cli(db, ['--json', 'po', 'list']))) };
    expect(before.enquiry.length).toBeGreaterThan(0);
    expect(before.pos.length).toBeGreaterThan(0);

    // something the demo did not make, which a rerun must not keep
    ok(cli(db, ['warehouse', 'add', 'EXTRA']));
    const again = inDir(dir, ['demo']);
    expect(again.status, again.stderr).toBe(0);
    expect(json<{ code: string }[]>(ok(cli(db, ['--json', 'warehouse', 'list']))).map((w) => w.code)).not.toContain('EXTRA');
    // replaced, not added to: the same serials, stock and orders, not twice as many
    const after = { enquiry: enquiry(db, []), soh: soh(db), pos: json<unknown[]>(ok(cli(db, ['--json', 'po', 'list']))) };
    expect(after.enquiry.map((e) => [e.product, e.serial, e.warehouse, e.status])).toEqual(before.enquiry.map((e) => [e.product, e.serial, e.warehouse, e.status]));
    expect(after.soh).toEqual(before.soh);
    expect(after.pos.length).toBe(before.pos.length);
    assertVerifies(db);
  });

  // the demo builds a SQLite ledger file of its own: refusing another file is about files
  onEngines(['sqlite'], () => {
    it('refuses to overwrite a ledger that is not a demo ledger (exit 1), leaving it untouched', () => {
      const db = copyOf(reports);
      const before = enquiry(db, []);
      const r = cli(db, ['demo']);
      expectRejected(r, /not a demo ledger/);
      expect(enquiry(db, [])).toEqual(before);
      assertVerifies(db);

      const dir = tempDir('serials-e2e-demo-');
      dirs.push(dir);
      const notes = join(dir, 'serials-demo.db');
      writeFileSync(notes, 'my shopping list\n');
      const onText = inDir(dir, ['demo']);
      expect(onText.status).toBe(1);
      expect(readFileSync(notes, 'utf8')).toBe('my shopping list\n');
    });
  });

  it('demo --json prints exactly one JSON document', () => {
    const dir = tempDir('serials-e2e-demo-');
    dirs.push(dir);
    const db = join(dir, 'try.db');
    const r = cli(db, ['--json', 'demo']);
    expect(r.status, r.stderr).toBe(0);
    const body = contract<{ path: string; enquiry: EnquiryJson[]; soh: SohJson[]; steps: { step: string; document: string | null }[]; countSheet: string }>(['demo'], r);
    expect(body.path).toBe(db);
    expect(body.enquiry.length).toBeGreaterThan(0);
    expect(body.enquiry.every((e) => ['available', 'unavailable', 'deleted'].includes(e.status))).toBe(true);
    // the same rows as `serials enquiry --json` and `serials soh --json` give
    expect(body.soh.length).toBeGreaterThan(0);
    expect(body.enquiry).toEqual(enquiry(db, []));
    expect(body.soh).toEqual(soh(db));
    expect(body.steps.find((s) => s.document === 'PO-00000001')?.step).toMatch(/^Ordered from ACME into MAIN/);
    expect(body.steps[0]).toEqual({ step: 'Enabled serial tracking', document: null });
    // the warehouse side: a transfer, and a count that found one of each difference (K-5),
    // with its sheet printed beside the ledger
    expect(body.steps.some((s) => s.document === 'WT-00000001')).toBe(true);
    const variance = JSON.parse(cli(db, ['--json', 'count', 'variance', 'SC-00000001']).stdout) as { status: string; rows: { serial: string; class: string }[] };
    expect(variance.status).toBe('completed');
    expect(variance.rows.map((r) => [r.serial, r.class]).sort()).toEqual([
      ['DR18-000003', 'counted'],
      ['DR18-000103', 'missing'],
      ['DR18-000104', 'wrong_place'],
      ['DR18-000999', 'unexpected'],
    ]);
    // production: a kit built from serialized parts, sold, and traced both ways (M-2, M-5)
    const trace = (body as unknown as { trace: { serial: string; shippedTo: { customer: string } | null; components: { serial: string; receivedFrom: { supplier: string } | null }[] } }).trace;
    expect(trace.serial).toBe('KIT-0001');
    expect(trace.shippedTo?.customer).toBe('BAKER');
    expect(trace.components.map((c) => [c.serial, c.receivedFrom?.supplier])).toEqual([
      ['DR18-000102', 'ACME'],
      ['BT5-0001', 'NORTHWIND'],
      ['BT5-0002', 'NORTHWIND'],
    ]);
    expect(body.countSheet).toBe(join(dir, 'try-count-sheet.pdf'));
    expect(readFileSync(body.countSheet).subarray(0, 5).toString()).toBe('%PDF-');
    assertVerifies(db);
  });
});
