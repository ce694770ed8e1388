// End-to-end: products, purchase orders and receipts through the built CLI, with every way
// of giving serials (list, range, plain file, CSV, stdin) and the error contract.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertVerifies, cli, cliLedger, type CliResult, ok, copyLedger, json } from '../helpers/ledger.js';
import { contract } from '../helpers/json-contract.js';

// One ledger seeded through the CLI, copied for each test (spawning node costs ~0.2 s a command).
let template: { dir: string; db: string };
const dirs: string[] = [];

beforeAll(() => {
  template = cliLedger();
  dirs.push(template.dir);
  ok(cli(template.db, ['product', 'add', 'GIZMO', '--serialized']));
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A fresh copy of the seeded ledger: MAIN, BACK, ACME, BAKER, WIDGET and GIZMO (serialized), CABLE. */
function fresh(): { dir: string; db: string } {
  return copyLedger(template.db, dirs, 'serials-e2e-po-');
}

interface PoJson {
  number: string;
  supplier: string;
  warehouse: string;
  status: string;
  createdAt: string;
  lines: { product: string; serialized: boolean; quantity: number; received: number; outstanding: number; unitCost: number | null; serialCount: number; serials: string[] }[];
  receipts: { number: string }[];
}

interface EnquiryJson {
  serial: string;
  product: string;
  warehouse: string | null;
  status: string;
  lastDocument: { number: string; party: string | null };
}

function createPo(db: string, lines: string[], extra: string[] = []): string {
  const r = ok(cli(db, ['--json', 'po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', ...lines.flatMap((l) => ['--line', l]), ...extra]));
  return json<{ number: string }>(r).number;
}

function showPo(db: string, number: string): PoJson {
  return json<PoJson>(ok(cli(db, ['--json', 'po', 'show', number])));
}

function enquiry(db: string, args: string[]): EnquiryJson[] {
  return json<EnquiryJson[]>(ok(cli(db, ['--json', 'enquiry', ...args])));
}

function serialsOf(db: string, product: string): string[] {
  return enquiry(db, ['--product', product]).map((r) => r.serial);
}

/** No product has ever had this serial: an exact enquiry of it is not found (exit 1). */
function expectUnknownSerial(db: string, serial: string): void {
  const r = cli(db, ['--json', 'enquiry', serial]);
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'unknown_serial', details: [{ code: 'unknown_serial', serial }] } });
}

/** The human error contract: a message naming things, then a `fix:` line; nothing on stdout. */
function expectRejected(r: CliResult, ...names: (string | RegExp)[]): void {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  for (const n of names) expect(r.stderr).toMatch(n instanceof RegExp ? n : new RegExp(n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  expect(r.stderr).toMatch(/^fix: \S/m);
}

describe('products', () => {
  it('product add, list and show, as tables and as JSON', () => {
    const { db } = fresh();
    ok(cli(db, ['product', 'add', 'GADGET', '--description', 'Blue gadget']));
    ok(cli(db, ['product', 'add', 'LABOUR', '--never-diminishing']));
    const added = json(ok(cli(db, ['--json', 'product', 'add', 'SPROCKET', '--serialized'])));
    expect(added).toMatchObject({ code: 'SPROCKET', serialized: true, neverDiminishing: false });

    const list = json<{ code: string; description: string; serialized: boolean; neverDiminishing: boolean; onHand: number }[]>(
      ok(cli(db, ['--json', 'product', 'list'])),
    );
    expect(list.map((p) => p.code)).toEqual(['CABLE', 'GADGET', 'GIZMO', 'LABOUR', 'SPROCKET', 'WIDGET']);
    expect(list.find((p) => p.code === 'GADGET')).toMatchObject({ description: 'Blue gadget', serialized: false, onHand: 0 });
    expect(list.find((p) => p.code === 'LABOUR')).toMatchObject({ neverDiminishing: true, serialized: false });
    expect(list.find((p) => p.code === 'WIDGET')).toMatchObject({ serialized: true });

    const table = ok(cli(db, ['product', 'list'])).stdout;
    expect(table).toMatch(/Product Code/);
    // piped: plain aligned rows, no box drawing
    expect(table).toMatch(/GADGET\s+Blue gadget\s+No\s+No/);

    const show = contract(['product', 'show'], cli(db, ['--json', 'product', 'show', 'widget']));
    expect(show).toMatchObject({ code: 'WIDGET', serialized: true, stock: [], serialCounts: { available: 0, unavailable: 0, deleted: 0 }, openDocuments: [] });
    // the page: the code, then its fields with their values aligned
    const page = ok(cli(db, ['product', 'show', 'WIDGET'])).stdout;
    expect(page.split('\n')[0]).toBe('WIDGET');
    expect(page).toMatch(/^ {2}Serialized: +Yes$/m);
    expect(page).toMatch(/^ {2}On hand: +0$/m);
    assertVerifies(db);
  });

  it('N-3: a product code is unique ignoring case; the error names the product and says how to fix it', () => {
    const { db } = fresh();
    const r = cli(db, ['product', 'add', 'widget']);
    expectRejected(r, 'WIDGET');
    const unknown = cli(db, ['product', 'show', 'NOPE']);
    expectRejected(unknown, 'NOPE');
    assertVerifies(db);
  });

  it('P-2: a Never Diminishing product cannot be serialized', () => {
    const { db } = fresh();
    expectRejected(cli(db, ['product', 'add', 'SERVICE', '--serialized', '--never-diminishing']), 'SERVICE', /Never Diminishing/);
    ok(cli(db, ['product', 'add', 'SERVICE', '--never-diminishing']));
    expectRejected(cli(db, ['product', 'serialize', 'SERVICE']), 'SERVICE', /Never Diminishing/);
    expect(json(ok(cli(db, ['--json', 'product', 'show', 'SERVICE']))).serialized).toBe(false);
    assertVerifies(db);
  });

  it('P-5: serializing a product with stock needs one serial per unit per warehouse (CSV with Warehouse Code)', () => {
    const { dir, db } = fresh();
    ok(cli(db, ['product', 'add', 'GADGET']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'GADGET', '--qty', '3', '--reason', 'opening']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'BACK', '--product', 'GADGET', '--qty', '2', '--reason', 'opening']));

    const short = join(dir, 'short.csv');
    writeFileSync(short, 'Warehouse Code,Serial Number\nMAIN,G-1\nMAIN,G-2\nBACK,G-3\nBACK,G-4\n');
    const rejected = cli(db, ['product', 'serialize', 'GADGET', '--serials-file', short]);
    expectRejected(rejected, 'GADGET', 'MAIN');
    expect(json(ok(cli(db, ['--json', 'product', 'show', 'GADGET']))).serialized).toBe(false);

    const full = join(dir, 'full.csv');
    writeFileSync(full, 'Warehouse Code,Serial Number\nMAIN,G-1\nMAIN,G-2\nMAIN,G-5\nBACK,G-3\nBACK,G-4\n');
    const r = contract(['product', 'serialize'], cli(db, ['--json', 'product', 'serialize', 'GADGET', '--serials-file', full]));
    expect(r.number).toMatch(/\S/);
    expect(r.serialCount).toBe(5);
    const perWarehouse = (r.warehouses as { warehouse: string; serialCount: number }[]).map((w) => [w.warehouse, w.serialCount]).sort();
    expect(perWarehouse).toEqual([
      ['BACK', 2],
      ['MAIN', 3],
    ]);
    const rows = enquiry(db, ['--product', 'GADGET']);
    expect(rows.map((x) => `${x.serial}@${x.warehouse}:${x.status}`)).toEqual([
      'G-1@MAIN:available',
      'G-2@MAIN:available',
      'G-3@BACK:available',
      'G-4@BACK:available',
      'G-5@MAIN:available',
    ]);
    const soh = json<{ product: string; warehouse: string; quantity: number }[]>(ok(cli(db, ['--json', 'soh', '--product', 'GADGET'])));
    expect(soh.map((s) => [s.warehouse, s.quantity])).toEqual([
      ['BACK', 2],
      ['MAIN', 3],
    ]);
    assertVerifies(db);
  });

  it('P-4: a product on an open purchase order cannot change its serialized flag; the error names the order', () => {
    const { db } = fresh();
    const po = createPo(db, ['CABLE:5']);
    expectRejected(cli(db, ['product', 'serialize', 'CABLE']), 'CABLE', po);
    const gizmoPo = createPo(db, ['GIZMO:1']);
    expectRejected(cli(db, ['product', 'unserialize', 'GIZMO']), 'GIZMO', gizmoPo);
    // once the order is deleted the product is free again
    ok(cli(db, ['po', 'delete', po]));
    ok(cli(db, ['product', 'serialize', 'CABLE']));
    expect(json(ok(cli(db, ['--json', 'product', 'show', 'CABLE']))).serialized).toBe(true);
    assertVerifies(db);
  });

  it('P-6: un-serializing needs zero stock; afterwards its serials are Deleted and their history is kept', () => {
    const { db } = fresh();
    ok(cli(db, ['adjust', 'in', '--warehouse', 'BACK', '--product', 'GIZMO', '--serials', 'GZ-1,GZ-2', '--reason', 'found']));
    expectRejected(cli(db, ['product', 'unserialize', 'GIZMO']), 'GIZMO', 'BACK');
    ok(cli(db, ['adjust', 'out', '--warehouse', 'BACK', '--product', 'GIZMO', '--serials', 'GZ-1,GZ-2', '--reason', 'scrapped']));
    const r = json(ok(cli(db, ['--json', 'product', 'unserialize', 'GIZMO'])));
    expect(r.number).toMatch(/\S/);
    expect(enquiry(db, ['--product', 'GIZMO']).map((x) => x.status)).toEqual(['deleted', 'deleted']);
    const history = json<{ kind: string; status: string }[]>(ok(cli(db, ['--json', 'history', 'GZ-1'])));
    expect(history.map((h) => h.status)).toEqual(['available', 'unavailable', 'deleted']);
    expect(json(ok(cli(db, ['--json', 'product', 'show', 'GIZMO']))).serialized).toBe(false);
    assertVerifies(db);
  });
});

describe('purchase orders and receipts', () => {
  it('PO-1/PO-2: create prints {"number"}; partial receipts keep the order open until all is received', () => {
    const { db } = fresh();
    const created = json(ok(cli(db, ['--json', 'po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:5:4.50', '--line', 'CABLE:2.5'])));
    expect(created.number).toBe('PO-00000001');
    expect(created).toMatchObject({ supplier: 'ACME', warehouse: 'MAIN', status: 'open' });

    const first = contract(['po', 'receive'], cli(db, ['--json', 'po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', 'W-1,W-2']));
    expect(first.number).toMatch(/^PR-\d{8}$/);
    expect(first).toMatchObject({ purchaseOrder: 'PO-00000001', supplier: 'ACME', warehouse: 'MAIN', orderCompleted: false, returning: [] });
    expect(first.lines).toEqual([{ product: 'WIDGET', quantity: 2, serials: ['W-1', 'W-2'], serialCount: 2 }]);

    let po = showPo(db, 'PO-00000001');
    expect(po.status).toBe('open');
    expect(po.lines.map((l) => [l.product, l.quantity, l.received, l.outstanding])).toEqual([
      ['WIDGET', 5, 2, 3],
      ['CABLE', 2.5, 0, 2.5],
    ]);
    expect(po.lines[0]?.serials).toEqual(['W-1', 'W-2']);
    expect(json<{ number: string }[]>(ok(cli(db, ['--json', 'po', 'list', '--status', 'open']))).map((p) => p.number)).toEqual(['PO-00000001']);

    const last = ok(cli(db, ['po', 'receive', 'PO-00000001', '--serials', 'W-3,W-4,W-5']));
    expect(last.stdout).toMatch(/PO-00000001 is now completed/);
    po = showPo(db, 'PO-00000001');
    expect(po.status).toBe('completed');
    expect(po.lines.map((l) => l.outstanding)).toEqual([0, 0]);
    expect(po.receipts).toHaveLength(2);
    expect(json<{ number: string }[]>(ok(cli(db, ['--json', 'po', 'list', '--status', 'completed']))).map((p) => p.number)).toEqual(['PO-00000001']);
    expect(json<unknown[]>(ok(cli(db, ['--json', 'po', 'list', '--status', 'open'])))).toEqual([]);

    const shown = ok(cli(db, ['po', 'show', 'PO-00000001'])).stdout;
    expect(shown).toMatch(/PO-00000001\s+Completed/);
    expect(shown).toMatch(/Serials received for WIDGET \(5\): W-1, W-2, W-3, W-4, W-5/);
    const listed = ok(cli(db, ['po', 'list'])).stdout;
    expect(listed).toMatch(/^PO-00000001\s+ACME\s+MAIN\s+Completed\s+\d{4}-\d{2}-\d{2}\s+2\s+2$/m);

    const soh = json<{ product: string; warehouse: string; quantity: number }[]>(ok(cli(db, ['--json', 'soh'])));
    expect(soh.map((s) => [s.product, s.warehouse, s.quantity])).toEqual([
      ['CABLE', 'MAIN', 2.5],
      ['WIDGET', 'MAIN', 5],
    ]);
    assertVerifies(db);
  });

  it('a purchase order can be given its own number', () => {
    const { db } = fresh();
    const number = createPo(db, ['WIDGET:1'], ['--number', 'ACME-7731']);
    expect(number).toBe('ACME-7731');
    ok(cli(db, ['po', 'receive', 'ACME-7731', '--serials', 'X-1']));
    expect(showPo(db, 'ACME-7731').status).toBe('completed');
    expectRejected(cli(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:1', '--number', 'ACME-7731']), 'ACME-7731');
    assertVerifies(db);
  });

  it('ranges keep zero padding: SN-0001..SN-0010 and SN-0098..SN-0102', () => {
    const { db } = fresh();
    const po = createPo(db, ['WIDGET:20']);
    const r = json(ok(cli(db, ['--json', 'po', 'receive', po, '--product', 'WIDGET', '--serials', 'SN-0001..SN-0010,SN-0098..SN-0102'])));
    const expected = [
      'SN-0001',
      'SN-0002',
      'SN-0003',
      'SN-0004',
      'SN-0005',
      'SN-0006',
      'SN-0007',
      'SN-0008',
      'SN-0009',
      'SN-0010',
      'SN-0098',
      'SN-0099',
      'SN-0100',
      'SN-0101',
      'SN-0102',
    ];
    expect(r.lines).toEqual([{ product: 'WIDGET', quantity: 15, serials: expected, serialCount: 15 }]);
    expect(serialsOf(db, 'WIDGET')).toEqual(expected);
    expectUnknownSerial(db, 'SN-1');
    assertVerifies(db);
  });

  it('a range that runs backwards is rejected naming it, and nothing is written', () => {
    const { db } = fresh();
    const po = createPo(db, ['WIDGET:20']);
    expectRejected(cli(db, ['po', 'receive', po, '--product', 'WIDGET', '--serials', 'SN-0010..SN-0001']), 'SN-0010..SN-0001');
    expect(showPo(db, po).lines[0]?.received).toBe(0);
    assertVerifies(db);
  });

  it('N-2: --serials-file as a plain list: one serial per line, blank lines skipped, spaces trimmed, inner spaces kept, every line literal (a range only on --serials)', () => {
    const { dir, db } = fresh();
    const po = createPo(db, ['WIDGET:10']);
    const file = join(dir, 'serials.txt');
    writeFileSync(file, 'PL-1\n  PL-2  \n\nPL 3\nPL-4..PL-6\n');
    const r = json(ok(cli(db, ['--json', 'po', 'receive', po, '--product', 'WIDGET', '--serials-file', file])));
    expect(r.lines).toEqual([{ product: 'WIDGET', quantity: 4, serials: ['PL-1', 'PL-2', 'PL 3', 'PL-4..PL-6'], serialCount: 4 }]);
    expect(serialsOf(db, 'WIDGET')).toEqual(['PL 3', 'PL-1', 'PL-2', 'PL-4..PL-6']);
    assertVerifies(db);
  });

  it('--serials-file as a CSV with Serial Number and Product Code receives several products at once', () => {
    const { dir, db } = fresh();
    const po = createPo(db, ['WIDGET:3', 'GIZMO:2', 'CABLE:1.5']);
    const file = join(dir, 'receipt.csv');
    writeFileSync(file, 'Serial Number,Product Code\nW-1,WIDGET\nG-1,GIZMO\nW-2,widget\n"G-2",GIZMO\n');
    const r = contract(['po', 'receive'], cli(db, ['--json', 'po', 'receive', po, '--serials-file', file]));
    // the serialized lines by their serials; CABLE, without serials, receives all outstanding
    expect(r.lines).toEqual([
      { product: 'WIDGET', quantity: 2, serials: ['W-1', 'W-2'], serialCount: 2 },
      { product: 'GIZMO', quantity: 2, serials: ['G-1', 'G-2'], serialCount: 2 },
      { product: 'CABLE', quantity: 1.5, serials: [], serialCount: 0 },
    ]);
    expect(serialsOf(db, 'WIDGET')).toEqual(['W-1', 'W-2']);
    expect(serialsOf(db, 'GIZMO')).toEqual(['G-1', 'G-2']);
    const lines = showPo(db, po).lines;
    expect(lines.find((l) => l.product === 'WIDGET')?.outstanding).toBe(1);
    expect(lines.find((l) => l.product === 'GIZMO')?.outstanding).toBe(0);
    expect(lines.find((l) => l.product === 'CABLE')?.outstanding).toBe(0);
    assertVerifies(db);
  });

  it('a CSV row for a product not on the order is rejected naming the product, the order and the line', () => {
    const { dir, db } = fresh();
    const po = createPo(db, ['WIDGET:3']);
    const file = join(dir, 'receipt.csv');
    writeFileSync(file, 'Product Code,Serial Number\nWIDGET,W-1\nGIZMO,G-1\n');
    expectRejected(cli(db, ['po', 'receive', po, '--serials-file', file]), 'GIZMO', po, /line 3/);
    expect(serialsOf(db, 'WIDGET')).toEqual([]);
    assertVerifies(db);
  });

  it('--serials-file - reads the serials from stdin', () => {
    const { db } = fresh();
    const po = createPo(db, ['WIDGET:5']);
    const r = json(ok(cli(db, ['--json', 'po', 'receive', po, '--product', 'WIDGET', '--serials-file', '-'], { input: 'IN-1\nIN-2\nIN-3\n' })));
    expect(r.lines).toEqual([{ product: 'WIDGET', quantity: 3, serials: ['IN-1', 'IN-2', 'IN-3'], serialCount: 3 }]);
    expect(serialsOf(db, 'WIDGET')).toEqual(['IN-1', 'IN-2', 'IN-3']);
    // a CSV on stdin works too
    ok(cli(db, ['po', 'receive', po, '--serials-file', '-'], { input: 'Product Code,Serial Number\nWIDGET,IN-4\n' }));
    expect(serialsOf(db, 'WIDGET')).toEqual(['IN-1', 'IN-2', 'IN-3', 'IN-4']);
    assertVerifies(db);
  });

  it('a file with a byte-order mark and CRLF line ends is read cleanly (plain list and CSV)', () => {
    const { dir, db } = fresh();
    const po = createPo(db, ['WIDGET:4', 'GIZMO:2']);
    const list = join(dir, 'bom-list.txt');
    writeFileSync(list, '\uFEFFBOM-1\r\nBOM-2\r\n');
    ok(cli(db, ['po', 'receive', po, '--product', 'WIDGET', '--serials-file', list]));
    const csv = join(dir, 'bom.csv');
    writeFileSync(csv, '\uFEFFProduct Code,Serial Number\r\nGIZMO,BOM-3\r\nGIZMO,BOM-4\r\nWIDGET,BOM-5\r\n');
    ok(cli(db, ['po', 'receive', po, '--serials-file', csv]));
    expect(serialsOf(db, 'WIDGET')).toEqual(['BOM-1', 'BOM-2', 'BOM-5']);
    expect(serialsOf(db, 'GIZMO')).toEqual(['BOM-3', 'BOM-4']);
    // the stored text has no BOM and no carriage return: exact lookups find it
    for (const s of ['BOM-1', 'BOM-2', 'BOM-3', 'BOM-5']) expect(enquiry(db, [s]).map((x) => x.serial)).toEqual([s]);
    assertVerifies(db);
  });

  it('receives 150,000 serials from one file in one receipt', () => {
    const { dir, db } = fresh();
    const n = 150_000;
    const po = createPo(db, [`WIDGET:${n}`]);
    const file = join(dir, 'big.txt');
    const lines: string[] = [];
    for (let i = 1; i <= n; i++) lines.push(`BULK-${String(i).padStart(7, '0')}`);
    writeFileSync(file, lines.join('\n') + '\n');
    const r = cli(db, ['--json', 'po', 'receive', po, '--product', 'WIDGET', '--serials-file', file]);
    expect(r.status, r.stderr.slice(0, 2000)).toBe(0);
    expect(JSON.parse(r.stdout).lines).toEqual([{ product: 'WIDGET', quantity: n, serials: lines, serialCount: n }]);
    expect(showPo(db, po).status).toBe('completed');
    expect(enquiry(db, ['BULK-0150000'])).toHaveLength(1);
    assertVerifies(db);
  }, 90_000);

  it('N-6: a receipt listing 150,000 serials twice is rejected (exit 1) reporting every repeat, not a crash', () => {
    const { db } = fresh();
    const n = 150_000;
    const po = createPo(db, [`WIDGET:${2 * n}`]);
    const range = `BIG-0000001..BIG-${String(n).padStart(7, '0')}`;
    const r = cli(db, ['--json', 'po', 'receive', po, '--product', 'WIDGET', '--serials', `${range},${range}`]);
    expect(r.status, r.stderr.slice(0, 2000)).toBe(1);
    const err = JSON.parse(r.stderr) as { error: { code: string; details: { code: string }[] } };
    expect(err.error.details).toHaveLength(n);
    expect(err.error.details.every((d) => d.code === 'duplicate_serial')).toBe(true);
    expect(showPo(db, po).lines[0]?.received).toBe(0);
    assertVerifies(db);
  }, 90_000);

  it('PO-3/N-4: a received serial that is already available is rejected naming serial, product, warehouse and document', () => {
    const { db } = fresh();
    const po = createPo(db, ['WIDGET:5']);
    const first = json(ok(cli(db, ['--json', 'po', 'receive', po, '--product', 'WIDGET', '--serials', 'DUP-1'])));
    const r = cli(db, ['po', 'receive', po, '--product', 'WIDGET', '--serials', 'NEW-1,dup-1']);
    expectRejected(r, 'DUP-1', 'WIDGET', 'MAIN', first.number);
    // nothing was written: NEW-1 is not in the ledger
    expectUnknownSerial(db, 'NEW-1');
    expect(showPo(db, po).lines[0]?.received).toBe(1);

    const asJson = cli(db, ['--json', 'po', 'receive', po, '--product', 'WIDGET', '--serials', 'DUP-1']);
    expect(asJson.status).toBe(1);
    expect(asJson.stdout).toBe('');
    const err = JSON.parse(asJson.stderr) as { error: { code: string; message: string; fix: string; details: { code: string; serial?: string; product?: string; warehouse?: string; document?: string }[] } };
    expect(Object.keys(err)).toEqual(['error']);
    expect(err.error.code).toBe('serial_already_in_stock');
    expect(err.error.message).toContain('DUP-1');
    expect(err.error.fix).toMatch(/\S/);
    expect(err.error.details).toEqual([
      expect.objectContaining({ code: 'serial_already_in_stock', serial: 'DUP-1', product: 'WIDGET', warehouse: 'MAIN', document: first.number }),
    ]);
    assertVerifies(db);
  });

  it('N-4: a serial that left stock can be received again; the command says so and its history continues', () => {
    const { db } = fresh();
    ok(cli(db, ['adjust', 'in', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'RET-1', '--reason', 'found']));
    ok(cli(db, ['adjust', 'out', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'RET-1', '--reason', 'lost']));
    const po = createPo(db, ['WIDGET:1']);
    const r = ok(cli(db, ['po', 'receive', po, '--serials', 'ret-1']));
    expect(r.stderr).toMatch(/note: .*RET-1.*returns to stock/);
    const rows = enquiry(db, ['RET-1']);
    expect(rows.map((x) => [x.serial, x.warehouse, x.status])).toEqual([['RET-1', 'MAIN', 'available']]);
    const history = json<{ kind: string }[]>(ok(cli(db, ['--json', 'history', 'RET-1'])));
    expect(history.map((h) => h.kind)).toEqual(['adjustment_in', 'adjustment_out', 'receipt']);
    assertVerifies(db);
  });

  it('N-1/N-6: every bad serial is reported in one pass (tab, non-ASCII, too long, repeated ignoring case), nothing written', () => {
    const { dir, db } = fresh();
    const po = createPo(db, ['WIDGET:10']);
    const file = join(dir, 'bad.txt');
    writeFileSync(file, ['OK-1', 'TAB\tBED', 'CAFÉ-1', 'X'.repeat(51), 'ok-1', 'OK-2'].join('\n'));
    const r = cli(db, ['po', 'receive', po, '--product', 'WIDGET', '--serials-file', file]);
    expectRejected(r, /4 problems/, /"TAB\\tBED".*tab at position 4/, /"CAF\\xc9-1".*non-ASCII character 'É'.*position 4/, /51 characters/, /"ok-1".*listed twice/, /bad\.txt line 2/);
    expect(serialsOf(db, 'WIDGET')).toEqual([]);
    const asJson = cli(db, ['--json', 'po', 'receive', po, '--product', 'WIDGET', '--serials-file', file]);
    expect(asJson.status).toBe(1);
    const err = JSON.parse(asJson.stderr) as { error: { details: { code: string }[] } };
    expect(err.error.details.map((d) => d.code).sort()).toEqual(['duplicate_serial', 'invalid_serial', 'invalid_serial', 'invalid_serial']);
    assertVerifies(db);
  });

  it('PO-2: receiving more than is outstanding is rejected naming the product and order', () => {
    const { db } = fresh();
    const po = createPo(db, ['WIDGET:2', 'CABLE:1']);
    expectRejected(cli(db, ['po', 'receive', po, '--product', 'WIDGET', '--serials', 'O-1,O-2,O-3']), 'WIDGET', po, /outstanding/);
    expectRejected(cli(db, ['po', 'receive', po, '--product', 'CABLE', '--qty', '1.5']), 'CABLE', po, /outstanding/);
    expect(showPo(db, po).lines.map((l) => l.received)).toEqual([0, 0]);
    assertVerifies(db);
  });

  it('P-3: a serialized line must be a whole number; decimals are fine for non-serialized products', () => {
    const { db } = fresh();
    expectRejected(cli(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:1.5']), 'WIDGET', /whole number/);
    const po = createPo(db, ['CABLE:12.25']);
    ok(cli(db, ['po', 'receive', po, '--product', 'CABLE', '--qty', '10.125']));
    expect(showPo(db, po).lines[0]).toMatchObject({ received: 10.125, outstanding: 2.125 });
    assertVerifies(db);
  });

  it('unknown supplier, warehouse and product are all reported at once, as text and as a JSON error', () => {
    const { db } = fresh();
    const args = ['po', 'create', '--supplier', 'NOBODY', '--warehouse', 'NOWHERE', '--line', 'NOTHING:1'];
    expectRejected(cli(db, args), 'NOBODY', 'NOWHERE', 'NOTHING');
    const asJson = cli(db, ['--json', ...args]);
    expect(asJson.status).toBe(1);
    expect(asJson.stdout).toBe('');
    const err = JSON.parse(asJson.stderr) as { error: { code: string; message: string; fix: string; details: { code: string; warehouse?: string; product?: string }[] } };
    expect(Object.keys(err.error).sort()).toEqual(['code', 'details', 'fix', 'message']);
    expect(err.error.details.map((d) => d.code).sort()).toEqual(['unknown_product', 'unknown_supplier', 'unknown_warehouse']);
    expect(err.error.details.find((d) => d.code === 'unknown_warehouse')?.warehouse).toBe('NOWHERE');
    expect(err.error.details.find((d) => d.code === 'unknown_product')?.product).toBe('NOTHING');
    expect(json<unknown[]>(ok(cli(db, ['--json', 'po', 'list'])))).toEqual([]);
    assertVerifies(db);
  });

  it('receiving an unknown or completed order is rejected naming the document', () => {
    const { db } = fresh();
    expectRejected(cli(db, ['po', 'receive', 'PO-00000099', '--serials', 'A-1']), 'PO-00000099');
    expectRejected(cli(db, ['po', 'show', 'PO-00000099']), 'PO-00000099');
    const po = createPo(db, ['WIDGET:1']);
    ok(cli(db, ['po', 'receive', po, '--serials', 'C-1']));
    expectRejected(cli(db, ['po', 'receive', po, '--serials', 'C-2']), po, /completed/);
    expectUnknownSerial(db, 'C-2');
    assertVerifies(db);
  });

  it('po delete removes an open order with nothing received; one with receipts cannot be deleted', () => {
    const { db } = fresh();
    const keep = createPo(db, ['WIDGET:2']);
    const drop = createPo(db, ['WIDGET:2']);
    const deleted = json(ok(cli(db, ['--json', 'po', 'delete', drop])));
    expect(deleted).toMatchObject({ number: drop, status: 'deleted' });
    expect(showPo(db, drop).status).toBe('deleted');
    expect(json<{ number: string }[]>(ok(cli(db, ['--json', 'po', 'list', '--status', 'deleted']))).map((p) => p.number)).toEqual([drop]);
    expectRejected(cli(db, ['po', 'receive', drop, '--serials', 'D-1']), drop);
    expectRejected(cli(db, ['po', 'delete', drop]), drop);

    ok(cli(db, ['po', 'receive', keep, '--serials', 'K-1']));
    expectRejected(cli(db, ['po', 'delete', keep]), keep);
    expect(showPo(db, keep).status).toBe('open');
    assertVerifies(db);
  });

  it('PO-4: a received serial remembers its order, receipt, supplier and unit cost', () => {
    const { db } = fresh();
    const po = createPo(db, ['WIDGET:2:12.75']);
    const receipt = json(ok(cli(db, ['--json', 'po', 'receive', po, '--serials', 'C-1,C-2']))).number as string;
    const rows = enquiry(db, ['--document', po]);
    expect(rows.map((r) => r.serial)).toEqual(['C-1', 'C-2']);
    expect(rows[0]?.lastDocument).toMatchObject({ number: receipt, party: 'ACME' });
    expect(enquiry(db, ['--supplier', 'ACME']).map((r) => r.serial)).toEqual(['C-1', 'C-2']);
    const history = json<{ kind: string; document: string; party: string | null; unitCost: number | null; to: string }[]>(
      ok(cli(db, ['--json', 'history', 'C-1'])),
    );
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: 'receipt', party: 'ACME', unitCost: 12.75, to: 'MAIN' });
    expect(history[0]?.document).toContain(receipt);
    assertVerifies(db);
  });

  it('a serials file that does not exist exits 66 naming the file', () => {
    const { dir, db } = fresh();
    const po = createPo(db, ['WIDGET:2']);
    const missing = join(dir, 'no-such-file.csv');
    const r = cli(db, ['po', 'receive', po, '--product', 'WIDGET', '--serials-file', missing]);
    expect(r.status).toBe(66);
    expect(r.stderr).toContain('no-such-file.csv');
    expect(r.stderr).toMatch(/^fix: /m);
    const asJson = cli(db, ['--json', 'po', 'receive', po, '--product', 'WIDGET', '--serials-file', missing]);
    expect(asJson.status).toBe(66);
    expect(JSON.parse(asJson.stderr).error.message).toContain('no-such-file.csv');
    expect(showPo(db, po).lines[0]?.received).toBe(0);
    assertVerifies(db);
  });

  it('no serials and no terminal exits 2 naming --serials, and writes nothing', () => {
    const { db } = fresh();
    const po = createPo(db, ['WIDGET:2']);
    const r = cli(db, ['po', 'receive', po, '--product', 'WIDGET']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--serials');
    expect(r.stdout).toBe('');
    const asJson = cli(db, ['--json', 'po', 'receive', po]);
    expect(asJson.status).toBe(2);
    expect(JSON.parse(asJson.stderr).error.fix).toContain('--serials');
    expect(showPo(db, po).lines[0]?.received).toBe(0);
    assertVerifies(db);
  });
});

describe('what the purchase order commands show and say (issue 10)', () => {
  it('po create suggests --serials for a serialized first line and --qty for one without serials', () => {
    const { db } = fresh();
    const cable = ok(cli(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'CABLE:2.5', '--line', 'WIDGET:1']));
    expect(cable.stdout).toBe('Created purchase order PO-00000001 from ACME into MAIN (2 lines).\n');
    expect(cable.stderr).toBe('Next: serials po receive PO-00000001 --product CABLE --qty 2.5\n');
    // the hint works as given
    expect(ok(cli(db, ['po', 'receive', 'PO-00000001', '--product', 'CABLE', '--qty', '2.5'])).stdout).toBe('Received 2.5 of CABLE on PO-00000001 into MAIN (receipt PR-00000001).\n');
    const widget = ok(cli(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:1']));
    expect(widget.stdout).toContain('(1 line)');
    expect(widget.stderr).toMatch(/^Next: serials po receive PO-00000002 --product WIDGET --serials \S+$/m);
    assertVerifies(db);
  });

  it('po show of a deleted order has nothing outstanding and says it is deleted (page, CSV and JSON)', () => {
    const { db } = fresh();
    const po = createPo(db, ['WIDGET:2', 'CABLE:2.5']);
    ok(cli(db, ['po', 'delete', po]));
    expect(showPo(db, po).lines.map((l) => [l.product, l.quantity, l.received, l.outstanding])).toEqual([
      ['WIDGET', 2, 0, 0],
      ['CABLE', 2.5, 0, 0],
    ]);
    const page = ok(cli(db, ['po', 'show', po])).stdout;
    expect(page.split('\n')[0]).toBe(`${po}  Deleted`);
    // Line, Product, Ordered, Received, Outstanding
    expect(page).toMatch(/^\s+1\s+WIDGET\s+2\s+0\s+0\s*$/m);
    expect(page).toMatch(/^\s+2\s+CABLE\s+2\.5\s+0\s+0\s*$/m);
    expect(page).toContain('Deleted: nothing is outstanding on this order.');
    const csv = ok(cli(db, ['po', 'show', po, '--format', 'csv'])).stdout.trim().split('\n');
    expect(csv.slice(1).map((r) => r.split(',').slice(3).join(','))).toEqual([
      expect.stringMatching(/^deleted,[^,]+,1,WIDGET,2,0,0,$/),
      expect.stringMatching(/^deleted,[^,]+,2,CABLE,2\.5,0,0,$/),
    ]);
    assertVerifies(db);
  });

  it('po list counts lines instead of adding drills and metres of cable into one total; Received counts lines received in full', () => {
    const { db } = fresh();
    const po = createPo(db, ['WIDGET:5', 'CABLE:2.5']);
    ok(cli(db, ['po', 'receive', po, '--product', 'CABLE', '--qty', '2.5']));
    ok(cli(db, ['po', 'receive', po, '--product', 'WIDGET', '--serials', 'W-1,W-2']));
    expect(json(ok(cli(db, ['--json', 'po', 'list'])))).toEqual([
      { number: po, supplier: 'ACME', warehouse: 'MAIN', status: 'open', createdAt: expect.any(String), lineCount: 2, receivedLineCount: 1 },
    ]);
    const table = ok(cli(db, ['po', 'list']));
    const [header, row] = table.stdout.split('\n');
    expect(header).toMatch(/^Order Number\s+Supplier\s+Warehouse\s+Status\s+Created\s+Lines\s+Received$/);
    expect(row).toMatch(new RegExp(`^${po}\\s+ACME\\s+MAIN\\s+Open\\s+\\d{4}-\\d{2}-\\d{2}\\s+2\\s+1$`));
    expect(table.stdout).not.toMatch(/7\.5|4\.5/);
    expect(table.stderr).toContain('1 purchase order.');
    const csv = ok(cli(db, ['po', 'list', '--format', 'csv'])).stdout.split('\n');
    expect(csv[0]).toBe('Order Number,Supplier,Warehouse,Status,Created,Lines,Received');
    expect(csv[1]).toMatch(new RegExp(`^${po},ACME,MAIN,open,\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},2,1$`));
    assertVerifies(db);
  });

  it('po show: created in local time (TZ far from UTC), numbers right-aligned, unit cost with two decimals', () => {
    const { db } = fresh();
    const po = createPo(db, ['WIDGET:1200:4.5', 'CABLE:2.5']);
    const createdAt = showPo(db, po).createdAt;
    // Kiritimati is UTC+14 all year: the local day is often not the UTC one
    const local = new Date(Date.parse(createdAt) + 14 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    const page = ok(cli(db, ['po', 'show', po], { env: { TZ: 'Pacific/Kiritimati' } })).stdout.split('\n');
    expect(page).toContain(`  Created:    ${local}`);
    const header = page.find((l) => l.startsWith('Line  ')) as string;
    const widget = page.find((l) => /WIDGET/.test(l)) as string;
    const cable = page.find((l) => /CABLE/.test(l)) as string;
    expect(widget).toMatch(/1,200\s+0\s+1,200\s+4\.50$/);
    // each number ends where its header ends
    for (const name of ['Ordered', 'Received', 'Outstanding', 'Unit Cost']) {
      const end = header.indexOf(name) + name.length;
      expect(widget[end - 1], `${name} in ${widget}`).toMatch(/\d/);
      expect(widget[end] ?? ' ', name).toBe(' ');
    }
    expect(cable).toMatch(/^\s+2\s+CABLE\s+2\.5\s+0\s+2\.5\s*$/);
    assertVerifies(db);
  });
});
