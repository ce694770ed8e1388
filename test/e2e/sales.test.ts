// End-to-end: the sales side through the built CLI — sales orders, serial assignment,
// shipments (dispatched at once or parked), credit notes, supplier returns, and what the
// enquiry and history say about them — with `--json` shapes, exit codes and the error
// contract (RULES.md S-1 to S-4, C-1 to C-4, R-1 to R-3, N-4, P-4; issue 4).

import { rmSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertVerifies, cli, cliLedger, ok, type CliResult, copyLedger, json } from '../helpers/ledger.js';

// One ledger seeded through the CLI, copied for each test (spawning node costs ~0.2 s a command).
let template: { dir: string; db: string };
const dirs: string[] = [];

beforeAll(() => {
  template = cliLedger();
  dirs.push(template.dir);
  const db = template.db;
  // PO-00000001 into MAIN: W-1..W-6 (PR-00000001) and 10 CABLE (PR-00000002); B-1 in BACK.
  ok(cli(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:6:4.50', '--line', 'CABLE:10']));
  ok(cli(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', 'W-1..W-6']));
  ok(cli(db, ['po', 'receive', 'PO-00000001', '--product', 'CABLE', '--qty', '10']));
  ok(cli(db, ['adjust', 'in', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'B-1', '--reason', 'opening']));
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A fresh copy of the seeded ledger with stock: W-1..W-6 and 10 CABLE in MAIN, B-1 in BACK. */
function fresh(): string {
  return copyLedger(template.db, dirs, 'serials-e2e-sales-').db;
}

// ---------------------------------------------------------------------------------------
// helpers

/** A command that must succeed, with --json; its parsed stdout. */
function j<T = any>(db: string, ...args: string[]): T {
  return json<T>(ok(cli(db, ['--json', ...args])));
}

interface JsonError {
  code: string;
  message: string;
  fix: string;
  details: { code: string; message: string; serial?: string; product?: string; warehouse?: string; document?: string }[] | null;
}

/** A --json command that must be rejected (exit 1): nothing on stdout, one {"error":{...}} on stderr. */
function rejectedJson(r: CliResult, code = 1): JsonError {
  expect(r.status, r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  const body = JSON.parse(r.stderr) as { error: JsonError };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String), fix: expect.any(String) }));
  return body.error;
}

/** The human error contract: exit 1, nothing on stdout, each name on stderr, then a `fix:` line. */
function expectRejected(r: CliResult, ...names: (string | RegExp)[]): void {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  for (const n of names) expect(r.stderr).toMatch(n instanceof RegExp ? n : new RegExp(n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  expect(r.stderr).toMatch(/^fix: \S/m);
}

function soCreate(db: string, ...lines: string[]): string {
  return j<{ number: string }>(db, 'so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', ...lines.flatMap((l) => ['--line', l])).number;
}

interface EnquiryJson {
  serial: string;
  product: string;
  warehouse: string | null;
  status: string;
  assignments: string[];
  lastDocument: { type: string; number: string; date: string; kind: string; party: string | null };
}

function enquiry(db: string, ...args: string[]): EnquiryJson[] {
  return j<EnquiryJson[]>(db, 'enquiry', ...args);
}

function serial(db: string, text: string): EnquiryJson {
  const rows = enquiry(db, text, '--product', 'WIDGET');
  expect(rows).toHaveLength(1);
  return rows[0] as EnquiryJson;
}

function soh(db: string): Record<string, number> {
  const rows = j<{ product: string; warehouse: string; quantity: number }[]>(db, 'soh');
  return Object.fromEntries(rows.map((r) => [`${r.product}:${r.warehouse}`, r.quantity]));
}

interface SoJson {
  number: string;
  customer: string;
  warehouse: string;
  status: string;
  createdAt: string;
  lines: {
    line: number;
    product: string;
    serialized: boolean;
    quantity: number;
    shipped: number;
    parked: number;
    outstanding: number;
    unitPrice: number | null;
    assignedCount: number;
    assignedSerials: string[];
    staleSerials: string[];
  }[];
  shipments: {
    number: string;
    status: string;
    createdAt: string;
    dispatchedAt: string | null;
    lines: { product: string; quantity: number; serialCount: number; serials: string[] }[];
  }[];
}

/** The serials an order's shipments hold (dispatched, or waiting on a parked one), as "serial@shipment", sorted. */
function shipmentSerials(order: SoJson): string[] {
  return order.shipments.flatMap((sh) => sh.lines.flatMap((l) => l.serials.map((s) => `${s}@${sh.number}`))).sort();
}

const STOCK = { 'CABLE:MAIN': 10, 'WIDGET:BACK': 1, 'WIDGET:MAIN': 6 };

// ---------------------------------------------------------------------------------------

describe('sales orders (S-1)', () => {
  it('S-1: so create, list, show and delete with --json; delete drops assignments; a shipped order cannot be deleted', () => {
    const db = fresh();
    const created = j<SoJson>(db, 'so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:2:129.00', '--line', 'CABLE:2.5');
    expect(created).toEqual({
      number: 'SO-00000001',
      customer: 'BAKER',
      warehouse: 'MAIN',
      status: 'open',
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      lines: [
        { line: 1, product: 'WIDGET', serialized: true, quantity: 2, shipped: 0, parked: 0, outstanding: 2, unitPrice: 129, assignedCount: 0, assignedSerials: [], staleSerials: [] },
        { line: 2, product: 'CABLE', serialized: false, quantity: 2.5, shipped: 0, parked: 0, outstanding: 2.5, unitPrice: null, assignedCount: 0, assignedSerials: [], staleSerials: [] },
      ],
      shipments: [],
    });
    expect(j<SoJson>(db, 'so', 'show', 'so-00000001')).toEqual(created);
    const second = soCreate(db, 'WIDGET:1');
    expect(second).toBe('SO-00000002');

    const list = j<any[]>(db, 'so', 'list');
    expect(list).toEqual([
      { number: 'SO-00000001', customer: 'BAKER', warehouse: 'MAIN', status: 'open', createdAt: expect.any(String), lineCount: 2, shippedLineCount: 0 },
      { number: 'SO-00000002', customer: 'BAKER', warehouse: 'MAIN', status: 'open', createdAt: expect.any(String), lineCount: 1, shippedLineCount: 0 },
    ]);

    // delete drops the order's assignments
    ok(cli(db, ['so', 'assign', second, '--product', 'WIDGET', '--serials', 'W-3']));
    expect(serial(db, 'W-3').assignments).toEqual([second]);
    expect(j(db, 'so', 'delete', second)).toEqual({ number: second, status: 'deleted', unassignedCount: 1 });
    expect(serial(db, 'W-3').assignments).toEqual([]);
    expect(j<any[]>(db, 'so', 'list', '--status', 'deleted').map((o) => o.number)).toEqual([second]);
    expect(j<any[]>(db, 'so', 'list', '--status', 'open').map((o) => o.number)).toEqual(['SO-00000001']);
    expectRejected(cli(db, ['so', 'delete', second]), second, 'deleted');

    // once something shipped, the order stays
    ok(cli(db, ['so', 'ship', 'SO-00000001', '--product', 'WIDGET', '--qty', '1', '--serials', 'W-1']));
    expectRejected(cli(db, ['so', 'delete', 'SO-00000001']), 'SO-00000001', 'WIDGET 1');
    expect(rejectedJson(cli(db, ['--json', 'so', 'show', 'SO-00000099'])).code).toBe('unknown_sales_order');

    // invalid lines are rejected, each named, nothing written
    const bad = rejectedJson(cli(db, ['--json', 'so', 'create', '--customer', 'NOBODY', '--warehouse', 'MAIN', '--line', 'WIDGET:1.5', '--line', 'NOPE:1']));
    expect(bad.details?.map((d) => d.code).sort()).toEqual(['fractional_serialized_quantity', 'unknown_customer', 'unknown_product'].sort());
    expect(j<any[]>(db, 'so', 'list')).toHaveLength(2);
    assertVerifies(db);
  });

  it('S-1 (issue 4): so show lists each shipment with its status and serials (shipped, or waiting on a parked one), apart from those only assigned', () => {
    const db = fresh();
    const so = soCreate(db, 'WIDGET:3');
    ok(cli(db, ['so', 'assign', so, '--product', 'WIDGET', '--serials', 'W-2']));
    ok(cli(db, ['so', 'ship', so, '--product', 'WIDGET', '--qty', '1'])); // SS-00000001 takes the assigned W-2
    ok(cli(db, ['so', 'ship', so, '--product', 'WIDGET', '--qty', '1', '--serials', 'W-4', '--park'])); // SS-00000002
    ok(cli(db, ['so', 'assign', so, '--product', 'WIDGET', '--serials', 'W-5']));
    const partly = j<SoJson>(db, 'so', 'show', so);
    expect(shipmentSerials(partly)).toEqual(['W-2@SS-00000001', 'W-4@SS-00000002']);
    expect(partly.lines[0]).toMatchObject({ assignedCount: 1, assignedSerials: ['W-5'], staleSerials: [] });
    expect(partly.lines[0]).toMatchObject({ shipped: 1, parked: 1, outstanding: 1 });
    expect(partly.shipments.map((sh) => [sh.number, sh.status, sh.dispatchedAt === null, sh.lines])).toEqual([
      ['SS-00000001', 'dispatched', false, [{ product: 'WIDGET', quantity: 1, serialCount: 1, serials: ['W-2'] }]],
      ['SS-00000002', 'parked', true, [{ product: 'WIDGET', quantity: 1, serialCount: 1, serials: ['W-4'] }]],
    ]);
    const partlyTable = ok(cli(db, ['so', 'show', so])).stdout;
    expect(partlyTable).toMatch(/^SS-00000001\s+Dispatched\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+WIDGET\s+1\s+1$/m);
    expect(partlyTable).toMatch(/^SS-00000002\s+Parked\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+WIDGET\s+1\s+1$/m);
    expect(partlyTable).toContain('Serials of WIDGET shipped on SS-00000001 (1): W-2');
    expect(partlyTable).toContain('Serials of WIDGET on parked shipment SS-00000002 (1): W-4');
    expect(partlyTable).toContain('Serials assigned to WIDGET (1): W-5');
    expect(partlyTable).toContain('serials so cancel-shipment SS-00000002');
    ok(cli(db, ['so', 'dispatch', 'SS-00000002']));
    ok(cli(db, ['so', 'ship', so])); // SS-00000003 takes W-5
    const shown = j<SoJson>(db, 'so', 'show', so);
    expect(shown.status).toBe('completed');
    expect(shown.shipments.map((sh) => sh.status)).toEqual(['dispatched', 'dispatched', 'dispatched']);
    expect(shown.lines[0]?.parked).toBe(0);
    expect(shipmentSerials(shown)).toEqual(['W-2@SS-00000001', 'W-4@SS-00000002', 'W-5@SS-00000003']);
    const table = ok(cli(db, ['so', 'show', so]));
    for (const text of ['W-2', 'W-4', 'W-5']) expect(table.stdout).toContain(text);
    assertVerifies(db);
  });
});

describe('serial assignment (S-2)', () => {
  it('S-2: a serial assigned to two open orders is a warning on stderr naming the other order (exit 0); so unassign removes it', () => {
    const db = fresh();
    const a = soCreate(db, 'WIDGET:2');
    const b = soCreate(db, 'WIDGET:1');
    expect(j(db, 'so', 'assign', a, '--product', 'WIDGET', '--serials', 'w-1')).toEqual({ number: a, product: 'WIDGET', serialCount: 1, serials: ['W-1'], warnings: [] });

    const r = cli(db, ['--json', 'so', 'assign', b, '--product', 'widget', '--serials', 'W-1']);
    expect(r.status, r.stderr).toBe(0);
    expect(json(r)).toEqual({ number: b, product: 'WIDGET', serialCount: 1, serials: ['W-1'], warnings: [{ serial: 'W-1', salesOrders: [a] }] });
    expect(r.stderr).toMatch(/warning: .*W-1.*SO-00000001/);
    // in the user's words: no rule ID that reads like a document number
    expect(r.stderr).not.toMatch(/S-2/);
    // assigned serials stay available (S-2: not a status)
    expect(serial(db, 'W-1')).toMatchObject({ status: 'available', warehouse: 'MAIN', assignments: [a, b] });

    const human = cli(db, ['so', 'assign', a, '--product', 'WIDGET', '--serials', 'W-2']);
    expect(human.status, human.stderr).toBe(0);
    expect(human.stderr).not.toMatch(/warning/);
    expect(human.stdout).toBe(`Assigned 1 serial of WIDGET to ${a}.\n`);

    const shown = j<SoJson>(db, 'so', 'show', a);
    expect(shown.lines[0]).toMatchObject({ assignedCount: 2, assignedSerials: ['W-1', 'W-2'], staleSerials: [] });

    // more than outstanding; not available in the order's warehouse; unknown; assigned twice — each rejected, nothing written
    const over = rejectedJson(cli(db, ['--json', 'so', 'assign', a, '--product', 'WIDGET', '--serials', 'W-3']));
    expect(over.code).toBe('over_assignment');
    const many = rejectedJson(cli(db, ['--json', 'so', 'assign', b, '--product', 'WIDGET', '--serials', 'B-1,NOPE,W-1']));
    expect(many.details?.map((d) => [d.code, d.serial ?? null])).toEqual(
      expect.arrayContaining([
        ['serial_not_available', 'B-1'],
        ['unknown_serial', 'NOPE'],
        ['already_assigned', 'W-1'],
      ]),
    );
    expect(many.details?.find((d) => d.serial === 'B-1')?.message).toContain('MAIN');
    expectRejected(cli(db, ['so', 'assign', a, '--product', 'CABLE', '--serials', 'W-5']), 'CABLE');
    expect(j<SoJson>(db, 'so', 'show', b).lines[0]?.assignedCount).toBe(1);

    expect(j(db, 'so', 'unassign', a, '--product', 'WIDGET', '--serials', 'W-1')).toEqual({ number: a, product: 'WIDGET', serialCount: 1, serials: ['W-1'] });
    expect(serial(db, 'W-1').assignments).toEqual([b]);
    const notAssigned = rejectedJson(cli(db, ['--json', 'so', 'unassign', a, '--product', 'WIDGET', '--serials', 'W-1']));
    expect(notAssigned).toMatchObject({ code: 'not_assigned', details: [expect.objectContaining({ serial: 'W-1' })] });
    expect(ok(cli(db, ['so', 'unassign', b, '--product', 'WIDGET', '--serials', 'W-1'])).stdout).toBe(`Unassigned 1 serial of WIDGET from ${b}.\n`);
    assertVerifies(db);
  });

  it('S-2: so assign without --product is a usage error (exit 2); with --json it is {"error":{...}} on stderr', () => {
    const db = fresh();
    const so = soCreate(db, 'WIDGET:1');
    const human = cli(db, ['so', 'assign', so, '--serials', 'W-1']);
    expect(human.status).toBe(2);
    expect(human.stdout).toBe('');
    expect(human.stderr).toContain('--product');
    const err = rejectedJson(cli(db, ['--json', 'so', 'assign', so, '--serials', 'W-1']), 2);
    expect(err.code).toBe('usage');
    expect(err.message).toContain('--product');
    // no serials at all, without a terminal: usage too
    expect(rejectedJson(cli(db, ['--json', '--no-input', 'so', 'assign', so, '--product', 'WIDGET']), 2).code).toBe('usage');
    expect(serial(db, 'W-1').assignments).toEqual([]);
    assertVerifies(db);
  });
});

describe('shipments (S-3, S-4)', () => {
  it('S-3/S-4: so ship of everything outstanding takes assigned serials first, then those given; dispatched serials leave stock; the order completes', () => {
    const db = fresh();
    const so = soCreate(db, 'WIDGET:2:129', 'CABLE:2.5');
    ok(cli(db, ['so', 'assign', so, '--product', 'WIDGET', '--serials', 'W-5']));
    const shipped = j(db, 'so', 'ship', so, '--serials', 'W-2');
    expect(shipped).toEqual({
      number: 'SS-00000001',
      salesOrder: so,
      customer: 'BAKER',
      warehouse: 'MAIN',
      status: 'dispatched',
      orderCompleted: true,
      lines: [
        { product: 'WIDGET', quantity: 2, serialCount: 2, serials: ['W-2', 'W-5'] },
        { product: 'CABLE', quantity: 2.5, serialCount: 0, serials: [] },
      ],
    });
    expect(enquiry(db, '--so', so).map((r) => [r.serial, r.status, r.lastDocument.number, r.lastDocument.party])).toEqual([
      ['W-2', 'unavailable', 'SS-00000001', 'BAKER'],
      ['W-5', 'unavailable', 'SS-00000001', 'BAKER'],
    ]);
    expect(soh(db)).toEqual({ 'CABLE:MAIN': 7.5, 'WIDGET:BACK': 1, 'WIDGET:MAIN': 4 });
    const shown = j<SoJson>(db, 'so', 'show', so);
    expect(shown.status).toBe('completed');
    expect(shown.lines.map((l) => [l.product, l.shipped, l.outstanding])).toEqual([
      ['WIDGET', 2, 0],
      ['CABLE', 2.5, 0],
    ]);
    expect(j<any[]>(db, 'so', 'list', '--status', 'completed')).toEqual([expect.objectContaining({ number: so, lineCount: 2, shippedLineCount: 2 })]);
    // a completed order ships nothing more
    expect(rejectedJson(cli(db, ['--json', 'so', 'ship', so, '--serials', 'W-3'])).code).toBe('sales_order_not_open');
    const human = ok(cli(db, ['so', 'ship', soCreate(db, 'CABLE:1')]));
    expect(human.stdout).toMatch(/Shipment SS-00000002 on SO-00000002 dispatched to BAKER from MAIN: CABLE 1\. SO-00000002 is now completed\./);
    assertVerifies(db);
  });

  it('S-3: partial shipments with --product and --qty; more than outstanding, or a wrong number of serials, is rejected', () => {
    const db = fresh();
    const so = soCreate(db, 'WIDGET:3', 'CABLE:4');
    const first = j(db, 'so', 'ship', so, '--product', 'WIDGET', '--qty', '1', '--serials', 'W-1');
    expect(first).toMatchObject({ number: 'SS-00000001', status: 'dispatched', orderCompleted: false, lines: [{ product: 'WIDGET', quantity: 1, serialCount: 1, serials: ['W-1'] }] });
    expect(j(db, 'so', 'ship', so, '--product', 'CABLE', '--qty', '1.25')).toMatchObject({ lines: [{ product: 'CABLE', quantity: 1.25, serialCount: 0, serials: [] }], orderCompleted: false });

    const over = rejectedJson(cli(db, ['--json', 'so', 'ship', so, '--product', 'WIDGET', '--qty', '3', '--serials', 'W-2,W-3,W-4']));
    expect(over.code).toBe('over_shipment');
    expect(over.message).toContain('2');
    const tooFew = rejectedJson(cli(db, ['--json', 'so', 'ship', so, '--product', 'WIDGET', '--qty', '2', '--serials', 'W-2']));
    expect(tooFew).toMatchObject({ code: 'serials_missing', details: [expect.objectContaining({ product: 'WIDGET' })] });
    const tooMany = rejectedJson(cli(db, ['--json', 'so', 'ship', so, '--product', 'WIDGET', '--qty', '1', '--serials', 'W-2,W-3']));
    expect(tooMany.code).toBe('too_many_serials');
    expect(rejectedJson(cli(db, ['--json', 'so', 'ship', so, '--product', 'GIZMO'])).code).toBe('product_not_on_order');
    expect(j<SoJson>(db, 'so', 'show', so).lines.map((l) => l.shipped)).toEqual([1, 1.25]);

    const last = j(db, 'so', 'ship', so, '--serials', 'W-2,W-3');
    expect(last).toMatchObject({ number: 'SS-00000003', orderCompleted: true, lines: [{ product: 'WIDGET', quantity: 2, serialCount: 2, serials: ['W-2', 'W-3'] }, { product: 'CABLE', quantity: 2.75, serialCount: 0, serials: [] }] });
    expect(soh(db)).toEqual({ 'CABLE:MAIN': 6, 'WIDGET:BACK': 1, 'WIDGET:MAIN': 3 });
    assertVerifies(db);
  });

  it('S-3/S-4: --park leaves the serials available until so dispatch; a dispatched shipment cannot be dispatched again', () => {
    const db = fresh();
    const so = soCreate(db, 'WIDGET:2', 'CABLE:1');
    const parked = j(db, 'so', 'ship', so, '--serials', 'W-1,W-2', '--park');
    expect(parked).toEqual({
      number: 'SS-00000001',
      salesOrder: so,
      customer: 'BAKER',
      warehouse: 'MAIN',
      status: 'parked',
      orderCompleted: false,
      lines: [
        { product: 'WIDGET', quantity: 2, serialCount: 2, serials: ['W-1', 'W-2'] },
        { product: 'CABLE', quantity: 1, serialCount: 0, serials: [] },
      ],
    });
    expect(serial(db, 'W-1')).toMatchObject({ status: 'available', warehouse: 'MAIN' });
    expect(soh(db)).toEqual(STOCK);
    // a parked shipment counts against what is outstanding
    expect(rejectedJson(cli(db, ['--json', 'so', 'ship', so])).code).toBe('nothing_to_ship');
    expect(rejectedJson(cli(db, ['--json', 'so', 'ship', so, '--serials', 'W-3'])).details?.map((d) => d.code)).toContain('nothing_to_ship');
    const human = ok(cli(db, ['so', 'dispatch', 'ss-00000001']));
    expect(human.stdout).toContain('Shipment SS-00000001');
    expect(human.stdout).toContain(`${so} is now completed`);
    expect(serial(db, 'W-2')).toMatchObject({ status: 'unavailable', lastDocument: { number: 'SS-00000001', party: 'BAKER' } });
    expect(soh(db)).toEqual({ 'CABLE:MAIN': 9, 'WIDGET:BACK': 1, 'WIDGET:MAIN': 4 });
    expect(rejectedJson(cli(db, ['--json', 'so', 'dispatch', 'SS-00000001'])).code).toBe('already_dispatched');
    expect(rejectedJson(cli(db, ['--json', 'so', 'dispatch', 'SS-00000077'])).code).toBe('unknown_shipment');
    assertVerifies(db);
  });

  it('S-4: a rejected dispatch names every bad serial and why in one pass (already dispatched on SS-…, unavailable, other warehouse) and writes nothing', () => {
    const db = fresh();
    const big = soCreate(db, 'WIDGET:3', 'CABLE:20');
    const small = soCreate(db, 'WIDGET:1');
    // parked first (serials checked at dispatch, S-4 "at that moment")
    const parked = j(db, 'so', 'ship', big, '--serials', 'W-1,W-2,B-1', '--park').number as string;
    ok(cli(db, ['so', 'ship', small, '--serials', 'W-1'])); // SS-00000002 dispatches W-1
    const adj = j(db, 'adjust', 'out', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'W-2', '--reason', 'damaged').number as string;
    const stockBefore = soh(db);

    const r = cli(db, ['--json', 'so', 'dispatch', parked]);
    const err = rejectedJson(r);
    const bySerial = new Map((err.details ?? []).filter((d) => d.serial).map((d) => [d.serial, d]));
    expect([...bySerial.keys()].sort()).toEqual(['B-1', 'W-1', 'W-2']);
    expect(bySerial.get('W-1')?.message).toContain('SS-00000002');
    expect(bySerial.get('W-1')?.message).toMatch(/dispatched|unavailable/);
    expect(bySerial.get('W-2')?.message).toContain(adj);
    expect(bySerial.get('W-2')?.message).toMatch(/unavailable/);
    expect(bySerial.get('B-1')?.message).toContain('BACK');
    // 20 CABLE are not in MAIN: reported in the same pass
    expect(err.details?.some((d) => d.product === 'CABLE' && d.code === 'insufficient_stock')).toBe(true);

    const human = cli(db, ['so', 'dispatch', parked]);
    expectRejected(human, /4 problems/, 'W-1', 'SS-00000002', 'W-2', 'B-1', 'BACK', 'CABLE');

    // nothing written: still parked, serials and stock as they were
    expect(soh(db)).toEqual(stockBefore);
    expect(serial(db, 'B-1')).toMatchObject({ status: 'available', warehouse: 'BACK' });
    expect(j<SoJson>(db, 'so', 'show', big).lines.map((l) => l.shipped)).toEqual([0, 0]);
    expect(rejectedJson(cli(db, ['--json', 'so', 'dispatch', parked])).code).not.toBe('already_dispatched');
    // the way out: each blocked serial says so, and cancelling the parked shipment frees the order
    expect(bySerial.get('W-1')?.message).toContain(`on parked shipment ${parked}`);
    expect(human.stderr).toContain(`serials so cancel-shipment ${parked}`);
    expect(j<SoJson>(db, 'so', 'show', big).lines.map((l) => [l.parked, l.outstanding])).toEqual([
      [3, 0],
      [20, 0],
    ]);
    expect(j(db, 'so', 'cancel-shipment', parked.toLowerCase())).toMatchObject({ number: parked, status: 'cancelled', lines: [{ product: 'WIDGET', quantity: 3, serialCount: 3, serials: ['B-1', 'W-1', 'W-2'] }, { product: 'CABLE', quantity: 20, serialCount: 0, serials: [] }] });
    expect(soh(db)).toEqual(stockBefore);
    expect(j<SoJson>(db, 'so', 'show', big).lines.map((l) => [l.parked, l.outstanding])).toEqual([
      [0, 3],
      [0, 20],
    ]);
    expect(rejectedJson(cli(db, ['--json', 'so', 'cancel-shipment', parked])).code).toBe('shipment_cancelled');
    expect(rejectedJson(cli(db, ['--json', 'so', 'dispatch', parked])).code).toBe('shipment_cancelled');
    expect(ok(cli(db, ['so', 'show', big])).stdout).toMatch(new RegExp(`^${parked}\\s+Cancelled\\s`, 'm'));
    expect(rejectedJson(cli(db, ['--json', 'so', 'cancel-shipment', 'SS-00000077'])).code).toBe('unknown_shipment');
    expect(rejectedJson(cli(db, ['--json', 'so', 'cancel-shipment', 'SS-00000002'])).code).toBe('already_dispatched');
    const again = ok(cli(db, ['so', 'ship', big, '--product', 'WIDGET', '--qty', '1', '--serials', 'W-3', '--park']));
    expect(again.stdout).toContain('SS-00000003');
    expect(ok(cli(db, ['so', 'cancel-shipment', 'SS-00000003'])).stdout).toBe(`Parked shipment SS-00000003 on ${big} cancelled: WIDGET 1 outstanding again; nothing was dispatched.\n`);
    assertVerifies(db);
  });

  it('S-2/S-4: a serial assigned to two orders and dispatched on one is a stale assignment that blocks the other until changed', () => {
    const db = fresh();
    const a = soCreate(db, 'WIDGET:1');
    const b = soCreate(db, 'WIDGET:1');
    ok(cli(db, ['so', 'assign', a, '--product', 'WIDGET', '--serials', 'W-1']));
    ok(cli(db, ['so', 'assign', b, '--product', 'WIDGET', '--serials', 'W-1']));
    expect(j(db, 'so', 'ship', a)).toMatchObject({ number: 'SS-00000001', status: 'dispatched', orderCompleted: true, lines: [{ product: 'WIDGET', quantity: 1, serialCount: 1, serials: ['W-1'] }] });

    // the assignment on b remains, flagged stale
    expect(j<SoJson>(db, 'so', 'show', b).lines[0]).toMatchObject({ assignedCount: 1, assignedSerials: ['W-1'], staleSerials: ['W-1'] });
    expect(ok(cli(db, ['so', 'show', b])).stdout).toMatch(/W-1 \(stale/);
    expect(serial(db, 'W-1')).toMatchObject({ status: 'unavailable', assignments: [b] });

    // it blocks b's dispatch, naming the serial and where it went
    const blocked = rejectedJson(cli(db, ['--json', 'so', 'ship', b]));
    expect(blocked.details).toEqual([expect.objectContaining({ serial: 'W-1' })]);
    expect(blocked.message).toContain('SS-00000001');
    const parked = j(db, 'so', 'ship', b, '--park').number as string;
    expectRejected(cli(db, ['so', 'dispatch', parked]), 'W-1', 'SS-00000001');
    expect(j<SoJson>(db, 'so', 'show', b).status).toBe('open');
    assertVerifies(db);
  });

  it('S-2/S-4: after the stale assignment is removed, the other order ships and completes', () => {
    const db = fresh();
    const a = soCreate(db, 'WIDGET:1');
    const b = soCreate(db, 'WIDGET:1');
    ok(cli(db, ['so', 'assign', a, '--product', 'WIDGET', '--serials', 'W-1']));
    ok(cli(db, ['so', 'assign', b, '--product', 'WIDGET', '--serials', 'W-1']));
    ok(cli(db, ['so', 'ship', a]));
    expect(cli(db, ['so', 'ship', b]).status).toBe(1);
    ok(cli(db, ['so', 'unassign', b, '--product', 'WIDGET', '--serials', 'W-1']));
    expect(j(db, 'so', 'ship', b, '--serials', 'W-3')).toMatchObject({ status: 'dispatched', orderCompleted: true });
    expect(j<any[]>(db, 'so', 'list', '--status', 'completed').map((o) => o.number)).toEqual([a, b]);
    expect(soh(db)['WIDGET:MAIN']).toBe(4);
    assertVerifies(db);
  });

  it('S-3/S-4: a shipment is never parked beyond dispatch: `so ship --park` requires the unassigned serials, or serials assigned afterwards carry over', () => {
    // `so dispatch` of a parked shipment without serials says: "Assign serials on the order
    // (serials so assign …) or give them with the shipment". Either the shipment could not be
    // parked without them (issue 4: "taking assigned serials first and requiring the rest"),
    // or assigning them on the order must let it be dispatched; it must not stay stuck,
    // holding the order's outstanding quantity for ever.
    const db = fresh();
    const so = soCreate(db, 'WIDGET:1');
    const park = cli(db, ['--json', 'so', 'ship', so, '--park']);
    let shipment: string;
    if (park.status === 0) {
      shipment = json(park).number as string;
      ok(cli(db, ['so', 'assign', so, '--product', 'WIDGET', '--serials', 'W-3']));
    } else {
      expect(rejectedJson(park).message + JSON.stringify(rejectedJson(park).details)).toContain('WIDGET');
      shipment = j(db, 'so', 'ship', so, '--park', '--serials', 'W-3').number as string;
    }
    const r = cli(db, ['--json', 'so', 'dispatch', shipment]);
    expect(r.status, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ number: shipment, status: 'dispatched', orderCompleted: true });
    expect(serial(db, 'W-3')).toMatchObject({ status: 'unavailable', lastDocument: { number: shipment } });
    assertVerifies(db);
  });

  it('P-3/S-3: a serialized line cannot be shipped (or parked) in fractions of a unit', () => {
    const db = fresh();
    const so = soCreate(db, 'WIDGET:3');
    const r = cli(db, ['--json', 'so', 'ship', so, '--product', 'WIDGET', '--qty', '1.5', '--park']);
    expect(r.status, r.stdout).toBe(1);
    expect(JSON.parse(r.stderr).error.details.map((d: { code: string }) => d.code)).toContain('fractional_serialized_quantity');
    expect(cli(db, ['so', 'ship', so, '--product', 'WIDGET', '--qty', '1.5', '--serials', 'W-1']).status).toBe(1);
    expect(j<SoJson>(db, 'so', 'show', so).lines[0]).toMatchObject({ shipped: 0, outstanding: 3 });
    // the whole 3 are still outstanding: nothing was parked
    expect(j(db, 'so', 'ship', so, '--serials', 'W-1,W-2,W-3')).toMatchObject({ status: 'dispatched', orderCompleted: true });
    assertVerifies(db);
  });
});

describe('credit notes (C-1 to C-4)', () => {
  it('C-1/C-3/N-4: credit create --so returns shipped serials to the order warehouse or --warehouse, with a note; credit list and show', () => {
    const db = fresh();
    const so = soCreate(db, 'WIDGET:2', 'CABLE:3');
    ok(cli(db, ['so', 'ship', so, '--serials', 'W-1,W-2']));
    const r = ok(cli(db, ['--json', 'credit', 'create', '--so', so, '--product', 'WIDGET', '--serials', 'w-1']));
    // serials as the ledger records them (typed w-1); returning lists the unit that came back
    expect(json(r)).toEqual({
      number: 'CN-00000001',
      salesOrder: so,
      customer: 'BAKER',
      warehouse: 'MAIN',
      product: 'WIDGET',
      quantity: 1,
      returned: true,
      stockReturned: true,
      serials: ['W-1'],
      serialCount: 1,
      returning: [{ serial: 'W-1', product: 'WIDGET', previousStatus: 'unavailable', lastDocument: 'SS-00000001' }],
    });
    expect(r.stderr).toMatch(/note: serial "W-1" of WIDGET returns to stock .*SS-00000001/);
    expect(serial(db, 'W-1')).toMatchObject({ status: 'available', warehouse: 'MAIN', lastDocument: { type: 'credit', number: 'CN-00000001', party: 'BAKER' } });

    const human = ok(cli(db, ['credit', 'create', '--so', so, '--product', 'WIDGET', '--serials', 'W-2', '--warehouse', 'BACK']));
    expect(human.stdout).toContain(`Credit CN-00000002 on ${so} for BAKER: WIDGET 1 returned to BACK.`);
    expect(serial(db, 'W-2')).toMatchObject({ status: 'available', warehouse: 'BACK' });
    expect(j(db, 'credit', 'create', '--so', so, '--product', 'CABLE', '--qty', '1.5')).toMatchObject({ number: 'CN-00000003', product: 'CABLE', quantity: 1.5, returned: true, serials: [], serialCount: 0, returning: [] });
    expect(soh(db)).toEqual({ 'CABLE:MAIN': 8.5, 'WIDGET:BACK': 2, 'WIDGET:MAIN': 5 });

    const list = j<any[]>(db, 'credit', 'list');
    expect(list).toEqual([
      { number: 'CN-00000001', salesOrder: so, customer: 'BAKER', warehouse: 'MAIN', createdAt: expect.any(String), lines: [{ product: 'WIDGET', quantity: 1, returned: true, serials: ['W-1'], serialCount: 1 }] },
      { number: 'CN-00000002', salesOrder: so, customer: 'BAKER', warehouse: 'BACK', createdAt: expect.any(String), lines: [{ product: 'WIDGET', quantity: 1, returned: true, serials: ['W-2'], serialCount: 1 }] },
      { number: 'CN-00000003', salesOrder: so, customer: 'BAKER', warehouse: 'MAIN', createdAt: expect.any(String), lines: [{ product: 'CABLE', quantity: 1.5, returned: true, serials: [], serialCount: 0 }] },
    ]);
    // show prints the one document, as the list has it
    expect(j(db, 'credit', 'show', 'cn-00000002')).toEqual(list[1]);
    const shown = ok(cli(db, ['credit', 'show', 'CN-00000001'])).stdout;
    expect(shown).toMatch(/^CN-00000001 +Credit note$/m);
    expect(shown).toMatch(/^ +Sales order: +SO-00000001$/m);
    expect(shown).toMatch(/^ +Customer: +BAKER$/m);
    expect(shown).toMatch(/^ +Warehouse: +MAIN$/m);
    expect(shown).toMatch(/^WIDGET +1 +Yes +1$/m);
    expect(shown).toMatch(/^Serials of WIDGET: W-1$/m);
    expect(shown).not.toMatch(/[│┌└]/);
    expect(rejectedJson(cli(db, ['--json', 'credit', 'show', 'CN-00000099'])).code).toBe('unknown_credit');
    assertVerifies(db);
  });

  it('C-1: a serial shipped on another order, one credited already, one never shipped, and more than dispatched are rejected, naming why', () => {
    const db = fresh();
    const a = soCreate(db, 'WIDGET:1');
    const b = soCreate(db, 'WIDGET:1');
    ok(cli(db, ['so', 'ship', a, '--serials', 'W-1']));
    ok(cli(db, ['so', 'ship', b, '--serials', 'W-2']));

    const other = rejectedJson(cli(db, ['--json', 'credit', 'create', '--so', b, '--product', 'WIDGET', '--serials', 'W-1']));
    expect(other).toMatchObject({ code: 'not_shipped_on_order', details: [expect.objectContaining({ serial: 'W-1' })] });
    expect(other.message).toContain(a);
    expectRejected(cli(db, ['credit', 'create', '--so', b, '--product', 'WIDGET', '--serials', 'W-1']), 'W-1', a);

    // one pass: never shipped (in stock), unknown, and too many for what was dispatched
    const many = rejectedJson(cli(db, ['--json', 'credit', 'create', '--so', a, '--product', 'WIDGET', '--serials', 'W-1,W-3,NOPE']));
    expect(many.details?.map((d) => d.code).sort()).toEqual(['over_credit', 'serial_in_stock', 'unknown_serial']);
    expect(many.details?.find((d) => d.code === 'serial_in_stock')?.serial).toBe('W-3');

    ok(cli(db, ['credit', 'create', '--so', a, '--product', 'WIDGET', '--serials', 'W-1']));
    const twice = rejectedJson(cli(db, ['--json', 'credit', 'create', '--so', a, '--product', 'WIDGET', '--serials', 'W-1']));
    expect(twice.details?.find((d) => d.serial === 'W-1')?.code).toBe('serial_in_stock');
    // dispatched 1, credited 1: nothing more, not even value only
    expect(rejectedJson(cli(db, ['--json', 'credit', 'create', '--so', a, '--product', 'WIDGET', '--qty', '1', '--no-return'])).code).toBe('over_credit');
    expect(rejectedJson(cli(db, ['--json', 'credit', 'create', '--so', a, '--product', 'CABLE', '--qty', '1'])).code).toBe('product_not_on_order');
    expect(j<any[]>(db, 'credit', 'list')).toHaveLength(1);
    expect(serial(db, 'W-2')).toMatchObject({ status: 'unavailable', lastDocument: { number: 'SS-00000002' } });
    assertVerifies(db);
  });

  it('C-2: --no-return is a value-only credit: no stock and no serials move; serials with it are rejected', () => {
    const db = fresh();
    const so = soCreate(db, 'WIDGET:2', 'CABLE:2');
    ok(cli(db, ['so', 'ship', so, '--serials', 'W-1,W-2']));
    const before = soh(db);
    const r = j(db, 'credit', 'create', '--so', so, '--product', 'WIDGET', '--qty', '1', '--no-return');
    expect(r).toEqual({ number: 'CN-00000001', salesOrder: so, customer: 'BAKER', warehouse: 'MAIN', product: 'WIDGET', quantity: 1, returned: false, stockReturned: false, serials: [], serialCount: 0, returning: [] });
    expect(j(db, 'credit', 'create', '--so', so, '--product', 'CABLE', '--qty', '0.5', '--no-return')).toMatchObject({ returned: false, quantity: 0.5 });
    expect(soh(db)).toEqual(before);
    expect(serial(db, 'W-1').status).toBe('unavailable');
    expect(j(db, 'credit', 'show', 'CN-00000001').lines).toEqual([{ product: 'WIDGET', quantity: 1, returned: false, serials: [], serialCount: 0 }]);
    // value only: the Returned column says No (a table) or false (CSV, one value per cell)
    expect(ok(cli(db, ['credit', 'list'])).stdout).toMatch(new RegExp(`^CN-00000001 +\\S+ +BAKER +${so} +WIDGET +1 +No$`, 'm'));
    const csv = ok(cli(db, ['credit', 'list', '--format', 'csv'])).stdout.split('\n');
    expect(csv[0]).toBe('Number,Created,Customer,Sales Order,Warehouse,Product,Quantity,Returned,Serial Count');
    expect(csv[1]).toMatch(new RegExp(`^CN-00000001,[^,]+,BAKER,${so},MAIN,WIDGET,1,false,0$`));

    expect(rejectedJson(cli(db, ['--json', 'credit', 'create', '--so', so, '--product', 'WIDGET', '--qty', '1', '--no-return', '--serials', 'W-1'])).code).toBe('serials_on_value_credit');
    expect(rejectedJson(cli(db, ['--json', 'credit', 'create', '--so', so, '--product', 'WIDGET', '--no-return'])).code).toBe('quantity_required');
    // the value credit counts against what may still be credited (C-1): one unit left
    ok(cli(db, ['credit', 'create', '--so', so, '--product', 'WIDGET', '--serials', 'W-2']));
    expect(rejectedJson(cli(db, ['--json', 'credit', 'create', '--so', so, '--product', 'WIDGET', '--serials', 'W-1'])).code).toBe('over_credit');
    assertVerifies(db);
  });

  it('P-3/C-2: a value-only credit of a serialized product is in whole units', () => {
    const db = fresh();
    const so = soCreate(db, 'WIDGET:1');
    ok(cli(db, ['so', 'ship', so, '--serials', 'W-1']));
    const r = cli(db, ['--json', 'credit', 'create', '--so', so, '--product', 'WIDGET', '--qty', '0.5', '--no-return']);
    expect(r.status, r.stdout).toBe(1);
    expect(j<any[]>(db, 'credit', 'list')).toEqual([]);
    assertVerifies(db);
  });

  it('C-4/N-4: a free credit (--customer --warehouse) rejects a serial in stock, takes back one shipped earlier (history continues) and creates an unknown one', () => {
    const db = fresh();
    const so = soCreate(db, 'WIDGET:1');
    ok(cli(db, ['so', 'ship', so, '--serials', 'W-1']));

    const inStock = rejectedJson(cli(db, ['--json', 'credit', 'create', '--customer', 'BAKER', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'W-3']));
    expect(inStock).toMatchObject({ code: 'serial_already_in_stock', details: [expect.objectContaining({ serial: 'W-3', warehouse: 'MAIN' })] });
    expect(rejectedJson(cli(db, ['--json', 'credit', 'create', '--customer', 'BAKER', '--product', 'WIDGET', '--serials', 'W-1'])).code).toBe('order_or_customer_required');
    expect(rejectedJson(cli(db, ['--json', 'credit', 'create', '--customer', 'NOBODY', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'W-1'])).code).toBe('unknown_customer');

    const back = ok(cli(db, ['--json', 'credit', 'create', '--customer', 'baker', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'W-1,OLD-42']));
    // both serials came in; only W-1 came back (OLD-42 is new to the ledger)
    expect(json(back)).toEqual({
      number: 'CN-00000001',
      salesOrder: null,
      customer: 'BAKER',
      warehouse: 'BACK',
      product: 'WIDGET',
      quantity: 2,
      returned: true,
      stockReturned: true,
      serials: ['W-1', 'OLD-42'],
      serialCount: 2,
      returning: [{ serial: 'W-1', product: 'WIDGET', previousStatus: 'unavailable', lastDocument: 'SS-00000001' }],
    });
    expect(back.stderr).toMatch(/note: serial "W-1" .*returns to stock/);
    expect(back.stderr).not.toMatch(/OLD-42/);
    expect(serial(db, 'W-1')).toMatchObject({ status: 'available', warehouse: 'BACK', lastDocument: { number: 'CN-00000001', party: 'BAKER' } });
    expect(serial(db, 'OLD-42')).toMatchObject({ status: 'available', warehouse: 'BACK', lastDocument: { number: 'CN-00000001', party: 'BAKER' } });
    expect(j<any[]>(db, 'history', 'W-1').map((h) => [h.kind, h.document, h.party])).toEqual([
      ['receipt', 'PR-00000001', 'ACME'],
      ['shipment', 'SS-00000001', 'BAKER'],
      ['credit', 'CN-00000001', 'BAKER'],
    ]);
    expect(j<any[]>(db, 'credit', 'list')).toEqual([
      expect.objectContaining({ number: 'CN-00000001', salesOrder: null, customer: 'BAKER', warehouse: 'BACK', lines: [{ product: 'WIDGET', quantity: 2, returned: true, serials: ['W-1', 'OLD-42'], serialCount: 2 }] }),
    ]);
    // a free credit of a plain product, and a value-only one
    expect(j(db, 'credit', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '2.5')).toMatchObject({ salesOrder: null, quantity: 2.5, returned: true });
    expect(j(db, 'credit', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--product', 'WIDGET', '--qty', '1', '--no-return')).toMatchObject({ returned: false, stockReturned: false, serials: [], serialCount: 0 });
    expect(soh(db)).toEqual({ 'CABLE:MAIN': 12.5, 'WIDGET:BACK': 3, 'WIDGET:MAIN': 5 });
    // the same serial again is in stock now
    expect(rejectedJson(cli(db, ['--json', 'credit', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'old-42'])).code).toBe('serial_already_in_stock');
    assertVerifies(db);
  });
});

describe('supplier returns (R-1 to R-3)', () => {
  it('R-1/R-2/R-3: supplier-return create, list and show; serials become unavailable; other orders, over-returns and other warehouses are rejected', () => {
    const db = fresh();
    ok(cli(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:1']));
    ok(cli(db, ['po', 'receive', 'PO-00000002', '--product', 'WIDGET', '--serials', 'X-1']));

    const r = j(db, 'supplier-return', 'create', '--po', 'po-00000001', '--product', 'WIDGET', '--serials', 'W-5');
    expect(r).toEqual({ number: 'SR-00000001', purchaseOrder: 'PO-00000001', supplier: 'ACME', warehouse: 'MAIN', product: 'WIDGET', quantity: 1, serials: ['W-5'], serialCount: 1 });
    expect(serial(db, 'W-5')).toMatchObject({ status: 'unavailable', warehouse: 'MAIN', lastDocument: { type: 'supplier_return', number: 'SR-00000001', party: 'ACME' } });
    expect(j<any[]>(db, 'history', 'W-5').map((h) => [h.kind, h.document, h.status, h.party])).toEqual([
      ['receipt', 'PR-00000001', 'available', 'ACME'],
      ['supplier_return', 'SR-00000001', 'unavailable', 'ACME'],
    ]);

    // received on another order; R-3: already gone; one pass
    const bad = rejectedJson(cli(db, ['--json', 'supplier-return', 'create', '--po', 'PO-00000001', '--product', 'WIDGET', '--serials', 'X-1,W-5']));
    expect(bad.details?.map((d) => [d.code, d.serial])).toEqual(
      expect.arrayContaining([
        ['not_received_on_order', 'X-1'],
        ['serial_not_available', 'W-5'],
      ]),
    );
    expectRejected(cli(db, ['supplier-return', 'create', '--po', 'PO-00000001', '--product', 'WIDGET', '--serials', 'X-1']), 'X-1', 'PO-00000001');
    // from the order's warehouse only
    ok(cli(db, ['adjust', 'out', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'W-6', '--reason', 'move']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'W-6', '--reason', 'move']));
    expectRejected(cli(db, ['supplier-return', 'create', '--po', 'PO-00000001', '--product', 'WIDGET', '--serials', 'W-6']), 'W-6', 'BACK');

    // plain product by quantity; R-1 no more than received minus returned
    expect(j(db, 'supplier-return', 'create', '--po', 'PO-00000001', '--product', 'CABLE', '--qty', '2.5')).toMatchObject({ number: 'SR-00000002', product: 'CABLE', quantity: 2.5, serials: [], serialCount: 0 });
    const over = rejectedJson(cli(db, ['--json', 'supplier-return', 'create', '--po', 'PO-00000001', '--product', 'CABLE', '--qty', '8']));
    expect(over.details?.map((d) => d.code)).toContain('over_return');
    expect(over.message + JSON.stringify(over.details)).toContain('7.5');
    expect(rejectedJson(cli(db, ['--json', 'supplier-return', 'create', '--po', 'PO-00000002', '--product', 'CABLE', '--qty', '1'])).code).toBe('product_not_on_order');
    expect(soh(db)).toEqual({ 'CABLE:MAIN': 7.5, 'WIDGET:BACK': 2, 'WIDGET:MAIN': 5 });

    const list = j<any[]>(db, 'supplier-return', 'list');
    expect(list).toEqual([
      { number: 'SR-00000001', purchaseOrder: 'PO-00000001', supplier: 'ACME', warehouse: 'MAIN', createdAt: expect.any(String), lines: [{ product: 'WIDGET', quantity: 1, serials: ['W-5'], serialCount: 1 }] },
      { number: 'SR-00000002', purchaseOrder: 'PO-00000001', supplier: 'ACME', warehouse: 'MAIN', createdAt: expect.any(String), lines: [{ product: 'CABLE', quantity: 2.5, serials: [], serialCount: 0 }] },
    ]);
    // show prints the one document, as the list has it
    expect(j(db, 'supplier-return', 'show', 'SR-00000002')).toEqual(list[1]);
    const shown = ok(cli(db, ['supplier-return', 'show', 'SR-00000001'])).stdout;
    expect(shown).toMatch(/^SR-00000001 +Supplier return$/m);
    expect(shown).toMatch(/^ +Purchase order: +PO-00000001$/m);
    expect(shown).toMatch(/^ +Supplier: +ACME$/m);
    expect(shown).toMatch(/^ +Warehouse: +MAIN$/m);
    expect(shown).toMatch(/^WIDGET +1 +1$/m);
    expect(shown).toMatch(/^Serials of WIDGET: W-5$/m);
    expect(shown).not.toMatch(/[│┌└]/);
    // its CSV: one row per serial, one value per cell
    expect(ok(cli(db, ['supplier-return', 'show', 'SR-00000001', '--format', 'csv'])).stdout.split('\n')).toEqual([
      'Number,Created,Supplier,Purchase Order,Warehouse,Product,Quantity,Serial Number',
      expect.stringMatching(/^SR-00000001,[^,]+,ACME,PO-00000001,MAIN,WIDGET,1,W-5$/),
      '',
    ]);
    expect(rejectedJson(cli(db, ['--json', 'supplier-return', 'show', 'SR-00000009'])).code).toBe('unknown_supplier_return');
    assertVerifies(db);
  });

  it('R-2: when the product was not serialized at the receipt, any available serial of it in that warehouse may be returned', () => {
    const db = fresh();
    ok(cli(db, ['product', 'add', 'GIZMO']));
    ok(cli(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'GIZMO:2']));
    ok(cli(db, ['po', 'receive', 'PO-00000002', '--product', 'GIZMO', '--qty', '2']));
    ok(cli(db, ['product', 'serialize', 'GIZMO', '--warehouse', 'MAIN', '--serials', 'G-1,G-2']));
    expect(j(db, 'supplier-return', 'create', '--po', 'PO-00000002', '--product', 'GIZMO', '--serials', 'G-2')).toMatchObject({ product: 'GIZMO', quantity: 1, serials: ['G-2'], serialCount: 1 });
    expect(enquiry(db, 'G-2')[0]).toMatchObject({ status: 'unavailable', lastDocument: { number: 'SR-00000001' } });
    assertVerifies(db);
  });
});

describe('enquiry and history (E-1, E-2)', () => {
  it('E-1: enquiry --customer and --so list the serials shipped or credited, each row with its open assignments', () => {
    const db = fresh();
    const a = soCreate(db, 'WIDGET:2');
    const b = soCreate(db, 'WIDGET:2');
    ok(cli(db, ['so', 'assign', a, '--product', 'WIDGET', '--serials', 'W-1,W-2']));
    ok(cli(db, ['so', 'assign', b, '--product', 'WIDGET', '--serials', 'W-1,W-3']));
    ok(cli(db, ['so', 'ship', a])); // W-1, W-2 to BAKER; b keeps W-1 (stale) and W-3
    ok(cli(db, ['credit', 'create', '--customer', 'BAKER', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'NEW-1']));

    const byOrder = enquiry(db, '--so', a);
    expect(byOrder.map((r) => [r.serial, r.status, r.assignments, r.lastDocument.number, r.lastDocument.party])).toEqual([
      ['W-1', 'unavailable', [b], 'SS-00000001', 'BAKER'],
      ['W-2', 'unavailable', [], 'SS-00000001', 'BAKER'],
    ]);
    expect(enquiry(db, '--so', b)).toEqual([]);
    // an order that does not exist is named, not an empty list
    expect(rejectedJson(cli(db, ['--json', 'enquiry', '--so', 'SO-00000099']))).toMatchObject({ code: 'unknown_sales_order' });
    expect(enquiry(db, '--customer', 'baker').map((r) => [r.serial, r.lastDocument.type, r.assignments])).toEqual([
      ['NEW-1', 'credit', []],
      ['W-1', 'shipment', [b]],
      ['W-2', 'shipment', []],
    ]);
    // assignments show on rows of serials still in stock too
    expect(serial(db, 'W-3').assignments).toEqual([b]);
    const table = ok(cli(db, ['enquiry', '--so', a]));
    expect(table.stdout).toMatch(/W-1.*SS-00000001.*BAKER.*SO-00000002/);
    const csv = ok(cli(db, ['enquiry', '--customer', 'BAKER', '--format', 'csv']));
    expect(csv.stdout.split('\n')[0]).toContain('Assignments');
    assertVerifies(db);
  });

  it('E-1: enquiry --document takes a shipment, credit or supplier return number (any case) and lists the serials it moved', () => {
    const db = fresh();
    const so = soCreate(db, 'WIDGET:2');
    ok(cli(db, ['so', 'ship', so, '--serials', 'W-1,W-2']));
    ok(cli(db, ['credit', 'create', '--so', so, '--product', 'WIDGET', '--serials', 'W-1']));
    ok(cli(db, ['supplier-return', 'create', '--po', 'PO-00000001', '--product', 'WIDGET', '--serials', 'W-3']));
    expect(enquiry(db, '--document', 'ss-00000001').map((r) => r.serial)).toEqual(['W-1', 'W-2']);
    expect(enquiry(db, '--document', 'CN-00000001').map((r) => [r.serial, r.status])).toEqual([['W-1', 'available']]);
    expect(enquiry(db, '--document', 'sr-00000001').map((r) => [r.serial, r.status, r.lastDocument.party])).toEqual([['W-3', 'unavailable', 'ACME']]);
    assertVerifies(db);
  });

  it('E-2: history shows the shipment and the credit with the customer as party and their sales order; a supplier return with the supplier and its purchase order', () => {
    const db = fresh();
    const so = soCreate(db, 'WIDGET:1');
    ok(cli(db, ['so', 'ship', so, '--serials', 'W-4']));
    ok(cli(db, ['credit', 'create', '--so', so, '--product', 'WIDGET', '--serials', 'W-4', '--warehouse', 'BACK']));
    const history = j<any[]>(db, 'history', 'W-4');
    expect(history.map((h) => [h.kind, h.document, h.salesOrder, h.from, h.to, h.statusBefore, h.status, h.party])).toEqual([
      ['receipt', 'PR-00000001', null, null, 'MAIN', null, 'available', 'ACME'],
      ['shipment', 'SS-00000001', so, 'MAIN', null, 'available', 'unavailable', 'BAKER'],
      ['credit', 'CN-00000001', so, null, 'BACK', 'unavailable', 'available', 'BAKER'],
    ]);
    const table = ok(cli(db, ['history', 'W-4']));
    // the document and its order in columns of their own; a piped table is plain rows
    expect(table.stdout).toMatch(/^When +Movement +Document +Order +From +To +Party$/m);
    expect(table.stdout).toMatch(/^\S+ \S+ +Shipment +SS-00000001 +SO-00000001 +MAIN +BAKER$/m);
    expect(table.stdout).toMatch(/^\S+ \S+ +Credit +CN-00000001 +SO-00000001 +BACK +BAKER$/m);
    expect(table.stdout).not.toMatch(/[│┌└]/);
    const csv = ok(cli(db, ['history', 'W-4', '--format', 'csv'])).stdout.split('\n');
    expect(csv[0]).toBe('Product,Serial,When,Movement,Document,Order,From,To,Status,Party,Unit');
    expect(csv.slice(2, 4)).toEqual([
      expect.stringMatching(/^WIDGET,W-4,[^,]+,shipment,SS-00000001,SO-00000001,MAIN,,unavailable,BAKER,$/),
      expect.stringMatching(/^WIDGET,W-4,[^,]+,credit,CN-00000001,SO-00000001,,BACK,available,BAKER,$/),
    ]);
    ok(cli(db, ['supplier-return', 'create', '--po', 'PO-00000001', '--product', 'WIDGET', '--serials', 'W-5']));
    expect(j<any[]>(db, 'history', 'W-5').map((h) => [h.kind, h.document, h.purchaseOrder, h.salesOrder, h.party])).toEqual([
      ['receipt', 'PR-00000001', 'PO-00000001', null, 'ACME'],
      ['supplier_return', 'SR-00000001', 'PO-00000001', null, 'ACME'],
    ]);
    assertVerifies(db);
  });
});

describe('open documents (P-4)', () => {
  it('P-4: a product on an open sales order cannot be unserialized; the error names the order (exit 1)', () => {
    const db = fresh();
    ok(cli(db, ['product', 'add', 'GADGET', '--serialized']));
    const so = soCreate(db, 'GADGET:1');
    expectRejected(cli(db, ['product', 'unserialize', 'GADGET']), 'GADGET', so);
    const err = rejectedJson(cli(db, ['--json', 'product', 'unserialize', 'GADGET']));
    expect(err.details?.find((d) => d.code === 'product_on_open_documents')?.message).toContain(`sales order ${so}`);
    expect(ok(cli(db, ['product', 'show', 'GADGET'])).stdout).toContain(so);
    // once the order is no longer open, the flag may change
    ok(cli(db, ['so', 'delete', so]));
    ok(cli(db, ['product', 'unserialize', 'GADGET']));
    assertVerifies(db);
  });

  it('P-4/S-1: an order with a parked shipment cannot be deleted, and the parked shipment is an open document', () => {
    const db = fresh();
    ok(cli(db, ['product', 'add', 'GLUE']));
    const so = soCreate(db, 'GLUE:1');
    const parked = j(db, 'so', 'ship', so, '--park').number as string;
    expectRejected(cli(db, ['so', 'delete', so]), so, parked, `serials so cancel-shipment ${parked}`);
    expectRejected(cli(db, ['product', 'serialize', 'GLUE']), 'GLUE', parked);
    // the way out the error names: cancel the parked shipment, then the order can go
    ok(cli(db, ['so', 'cancel-shipment', parked]));
    expect(j<SoJson>(db, 'so', 'show', so)).toMatchObject({ status: 'open', shipments: [{ number: parked, status: 'cancelled' }], lines: [{ parked: 0, outstanding: 1 }] });
    expect(j(db, 'so', 'delete', so)).toMatchObject({ number: so });
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'GLUE', '--qty', '1', '--reason', 'stock']));
    ok(cli(db, ['product', 'serialize', 'GLUE', '--serials', 'GL-1']));
    assertVerifies(db);
  });
});

describe('what the sales order commands show and say (issue 10)', () => {
  it('so show prints a number in every row of every numeric column (0, not blank) and lists a parked shipment\'s serials, on the page and in JSON', () => {
    const db = fresh();
    const so = soCreate(db, 'WIDGET:2:129', 'CABLE:3');
    const parked = j(db, 'so', 'ship', so, '--product', 'WIDGET', '--qty', '1', '--serials', 'W-1', '--park').number as string;
    const page = ok(cli(db, ['so', 'show', so])).stdout;
    // Line, Product, Ordered, Assigned, Shipped, Parked, Outstanding, Unit Price
    expect(page).toMatch(/^\s+1\s+WIDGET\s+2\s+0\s+0\s+1\s+1\s+129\.00$/m);
    expect(page).toMatch(/^\s+2\s+CABLE\s+3\s+0\s+0\s+0\s+3\s*$/m);
    expect(page).toContain(`Serials of WIDGET on parked shipment ${parked} (1): W-1`);
    const shown = j<SoJson>(db, 'so', 'show', so);
    expect(shown.shipments).toEqual([
      { number: parked, status: 'parked', createdAt: expect.any(String), dispatchedAt: null, lines: [{ product: 'WIDGET', quantity: 1, serialCount: 1, serials: ['W-1'] }] },
    ]);
    expect(shown.lines.map((l) => [l.assignedCount, l.parked])).toEqual([
      [0, 1],
      [0, 0],
    ]);
    // the CSV: one row per line, one value per cell, the order's columns on each
    const csv = ok(cli(db, ['so', 'show', so, '--format', 'csv'])).stdout.trim().split('\n');
    expect(csv[0]).toBe('Order Number,Customer,Warehouse,Status,Created,Line,Product,Ordered,Assigned,Shipped,Parked,Outstanding,Unit Price');
    expect(csv[1]).toMatch(new RegExp(`^${so},BAKER,MAIN,open,\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},1,WIDGET,2,0,0,1,1,129\\.00$`));
    expect(csv[2]).toMatch(/,2,CABLE,3,0,0,0,3,$/);
    assertVerifies(db);
  });

  it('so list counts lines instead of adding serials and metres of cable into one total', () => {
    const db = fresh();
    const so = soCreate(db, 'WIDGET:2', 'CABLE:2.5');
    ok(cli(db, ['so', 'ship', so, '--product', 'CABLE']));
    expect(j<any[]>(db, 'so', 'list')).toEqual([{ number: so, customer: 'BAKER', warehouse: 'MAIN', status: 'open', createdAt: expect.any(String), lineCount: 2, shippedLineCount: 1 }]);
    const table = ok(cli(db, ['so', 'list']));
    expect(table.stdout.split('\n')[0]).toMatch(/^Order Number\s+Customer\s+Warehouse\s+Status\s+Created\s+Lines\s+Shipped$/);
    expect(table.stdout).toMatch(new RegExp(`^${so}\\s+BAKER\\s+MAIN\\s+Open\\s+\\d{4}-\\d{2}-\\d{2}\\s+2\\s+1$`, 'm'));
    expect(table.stdout).not.toContain('4.5');
    expect(table.stderr).toContain('1 sales order.');
    expect(ok(cli(db, ['so', 'list', '--format', 'csv'])).stdout).toMatch(new RegExp(`^${so},BAKER,MAIN,open,\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},2,1$`, 'm'));
    assertVerifies(db);
  });

  it('fix lines give the real order number: a dispatched shipment cannot be cancelled, a cancelled one cannot be dispatched', () => {
    const db = fresh();
    const so = soCreate(db, 'WIDGET:2');
    ok(cli(db, ['so', 'ship', so, '--product', 'WIDGET', '--qty', '1', '--serials', 'W-1'])); // SS-00000001
    ok(cli(db, ['so', 'ship', so, '--serials', 'W-2', '--park'])); // SS-00000002
    ok(cli(db, ['so', 'cancel-shipment', 'SS-00000002']));

    const cancelDispatched = cli(db, ['so', 'cancel-shipment', 'SS-00000001']);
    expectRejected(cancelDispatched, 'SS-00000001', `fix: Take units back with a credit note: serials credit create --so ${so} `);
    const dispatchCancelled = cli(db, ['so', 'dispatch', 'SS-00000002']);
    expectRejected(dispatchCancelled, 'SS-00000002', `fix: Ship the order again: serials so ship ${so}`);
    const cancelCancelled = cli(db, ['so', 'cancel-shipment', 'SS-00000002']);
    expectRejected(cancelCancelled, /SS-00000002 .*cancelled already/, `serials so show ${so}`);
    const unknown = cli(db, ['so', 'dispatch', 'SS-00000077']);
    expectRejected(unknown, 'SS-00000077', 'serials so list');
    for (const r of [cancelDispatched, dispatchCancelled, cancelCancelled, unknown]) expect(r.stderr).not.toMatch(/SO-…|SS-…|PO-…/);
    assertVerifies(db);
  });

  it('so create suggests assigning serials only when a line has a serialized product; messages count with plurals', () => {
    const db = fresh();
    const plain = ok(cli(db, ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'CABLE:1']));
    expect(plain.stdout).toBe('Created sales order SO-00000001 for BAKER from MAIN (1 line).\n');
    expect(plain.stderr).toBe('Next: serials so ship SO-00000001\n');
    const both = ok(cli(db, ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'CABLE:1', '--line', 'WIDGET:2']));
    expect(both.stdout).toContain('(2 lines)');
    expect(both.stderr).toContain('Next: serials so assign SO-00000002 --product WIDGET --serials');
    ok(cli(db, ['so', 'assign', 'SO-00000002', '--product', 'WIDGET', '--serials', 'W-1,W-2']));
    expect(ok(cli(db, ['so', 'delete', 'SO-00000002'])).stdout).toContain('Deleted sales order SO-00000002 and unassigned its 2 serials');
    const one = soCreate(db, 'WIDGET:1');
    ok(cli(db, ['so', 'assign', one, '--product', 'WIDGET', '--serials', 'W-1']));
    const over = cli(db, ['so', 'assign', one, '--product', 'WIDGET', '--serials', 'W-2,W-3']);
    expectRejected(over, `${one} needs 1 more of WIDGET and has 1 serial assigned; 2 more are too many.`);
    assertVerifies(db);
  });
});
