// Credits, supplier returns, adjustments, products and settings through the built CLI: every
// command's --json against its schema (schemas/<noun>/<verb>.schema.json), one name per
// concept, `serials` always a list and `serialCount` a count, `returning` always a list of
// units, show commands one object; CSV one value per cell; plain piped tables with
// right-aligned numbers and plurals; local time; help and messages free of rule IDs.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { assertVerifies, cli, cliLedger, copyLedger, ok, tempDir, type CliResult } from '../../helpers/ledger.js';
import { contract, expectErrorContract } from '../../helpers/json-contract.js';
import { join } from 'node:path';

const dirs: string[] = [];
/** The seeded ledger with W-1..W-5 and 10 of CABLE received on PO-00000001, and SO-00000001 (3 widgets, 4 of cable) shipped. */
let template: string;

beforeAll(() => {
  const base = cliLedger();
  dirs.push(base.dir);
  template = base.db;
  for (const step of [
    ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:5:4.50', '--line', 'CABLE:10'],
    ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', 'W-1..W-5'],
    ['po', 'receive', 'PO-00000001', '--product', 'CABLE', '--qty', '10'],
    ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:3:10', '--line', 'CABLE:4:2'],
    ['so', 'ship', 'SO-00000001', '--serials', 'W-1,W-2,W-3', '--product', 'WIDGET'],
    ['so', 'ship', 'SO-00000001', '--product', 'CABLE', '--qty', '4'],
  ]) {
    ok(cli(template, step));
  }
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const fresh = () => copyLedger(template, dirs, 'serials-e2e-returns-').db;
const run = (db: string, ...args: string[]) => cli(db, ['--json', ...args]);
/** A rule ID as RULES.md writes them: (C-1), (PO-2), (C-1 to C-4). */
const RULE_ID = /\((?:[A-Z]{1,2}-\d+)/;

function rejected(r: CliResult, status = 1) {
  expect(r.status, r.stderr).toBe(status);
  expect(r.stdout).toBe('');
  return r.stderr;
}

describe('credit create, list and show', () => {
  let db: string;
  let created: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  beforeAll(() => {
    db = fresh();
    created = contract(['credit', 'create'], run(db, 'credit', 'create', '--so', 'SO-00000001', '--product', 'WIDGET', '--serials', 'w-1,W-2'));
    contract(['credit', 'create'], run(db, 'credit', 'create', '--so', 'SO-00000001', '--product', 'CABLE', '--qty', '1', '--no-return'));
    contract(['credit', 'create'], run(db, 'credit', 'create', '--customer', 'BAKER', '--warehouse', 'BACK', '--product', 'CABLE', '--qty', '1.5'));
  });

  it('credit create --json: serials is the list of serials as recorded, serialCount a count, returning a list of units', () => {
    // before: "serials": 2 (a count) and "returning": 2 (a number)
    expect(created).toEqual({
      number: 'CN-00000001',
      salesOrder: 'SO-00000001',
      customer: 'BAKER',
      warehouse: 'MAIN',
      product: 'WIDGET',
      quantity: 2,
      returned: true,
      stockReturned: true,
      serials: ['W-1', 'W-2'],
      serialCount: 2,
      returning: [
        { serial: 'W-1', product: 'WIDGET', previousStatus: 'unavailable', lastDocument: 'SS-00000001' },
        { serial: 'W-2', product: 'WIDGET', previousStatus: 'unavailable', lastDocument: 'SS-00000001' },
      ],
    });
    assertVerifies(db);
  });

  it('credit list --json uses the same names as credit create (salesOrder, customer), serials a list in every line', () => {
    const list = contract(['credit', 'list'], run(db, 'credit', 'list'));
    // before: "order" and "party"
    expect(list.map((c: any) => [c.number, c.salesOrder, c.customer, c.warehouse])).toEqual([ // eslint-disable-line @typescript-eslint/no-explicit-any
      ['CN-00000001', 'SO-00000001', 'BAKER', 'MAIN'],
      ['CN-00000002', 'SO-00000001', 'BAKER', 'MAIN'],
      ['CN-00000003', null, 'BAKER', 'BACK'],
    ]);
    expect(list[0].lines).toEqual([{ product: 'WIDGET', quantity: 2, returned: true, serials: ['W-1', 'W-2'], serialCount: 2 }]);
    expect(list[1].lines).toEqual([{ product: 'CABLE', quantity: 1, returned: false, serials: [], serialCount: 0 }]);
  });

  it('credit show --json is one object, the same as its entry in the list; --format json says the same', () => {
    const list = contract(['credit', 'list'], run(db, 'credit', 'list'));
    const shown = contract(['credit', 'show'], run(db, 'credit', 'show', 'cn-00000002'));
    // before: an array of one
    expect(Array.isArray(shown)).toBe(false);
    expect(shown).toEqual(list[1]);
    expect(JSON.parse(ok(cli(db, ['credit', 'show', 'CN-00000002', '--format', 'json'])).stdout)).toEqual(shown);
  });

  it('credit show of an unknown credit is exit 1 with the error object', () => {
    expect(expectErrorContract(cli(db, ['--json', 'credit', 'show', 'CN-00000099'])).code).toBe('unknown_credit');
  });

  it('credit list --format csv: one value per cell, a Returned column instead of "1 (value only)"', () => {
    const csv = ok(cli(db, ['credit', 'list', '--format', 'csv'])).stdout.trim().split('\n');
    expect(csv[0]).toBe('Number,Created,Customer,Sales Order,Warehouse,Product,Quantity,Returned,Serial Count');
    expect(csv.slice(1).map((l) => l.replace(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},/, ',<created>,'))).toEqual([
      'CN-00000001,<created>,BAKER,SO-00000001,MAIN,WIDGET,2,true,2',
      'CN-00000002,<created>,BAKER,SO-00000001,MAIN,CABLE,1,false,0',
      'CN-00000003,<created>,BAKER,,BACK,CABLE,1.5,true,0',
    ]);
    expect(csv.join('\n')).not.toContain('value only');
  });

  it('credit show --format csv: one row per serial (no serials side by side in a cell)', () => {
    const csv = ok(cli(db, ['credit', 'show', 'CN-00000001', '--format', 'csv'])).stdout.trim().split('\n');
    expect(csv[0]).toBe('Number,Created,Customer,Sales Order,Warehouse,Product,Quantity,Returned,Serial Number');
    expect(csv.slice(1).map((l) => l.split(',').filter((_, i) => i !== 1))).toEqual([
      ['CN-00000001', 'BAKER', 'SO-00000001', 'MAIN', 'WIDGET', '1', 'true', 'W-1'],
      ['CN-00000001', 'BAKER', 'SO-00000001', 'MAIN', 'WIDGET', '1', 'true', 'W-2'],
    ]);
    // a line without serials is one row with its quantity
    const value = ok(cli(db, ['credit', 'show', 'CN-00000002', '--format', 'csv'])).stdout.trim().split('\n');
    expect(value).toHaveLength(2);
    expect(value[1]).toMatch(/^CN-00000002,[^,]+,BAKER,SO-00000001,MAIN,CABLE,1,false,$/);
  });

  it('credit list as a piped table: plain rows, quantities right-aligned, Returned Yes/No, a plural count', () => {
    const r = ok(cli(db, ['credit', 'list']));
    expect(r.stdout).not.toMatch(/[│┌└─]/);
    const [header = '', ...rows] = r.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^Number\s+Created\s+Customer\s+Sales Order\s+Product\s+Quantity\s+Returned$/);
    const end = header.indexOf('Quantity') + 'Quantity'.length;
    expect(rows.map((row) => row.slice(end - 3, end).trim())).toEqual(['2', '1', '1.5']);
    expect(rows.map((row) => row.slice(end).trim())).toEqual(['Yes', 'No', 'Yes']);
    expect(r.stderr).toContain('3 credits.');
    const one = fresh();
    ok(cli(one, ['credit', 'create', '--so', 'SO-00000001', '--product', 'CABLE', '--qty', '1']));
    expect(ok(cli(one, ['credit', 'list'])).stderr).toContain('1 credit.');
  });

  it('credit show as a table: local time (TZ honoured), the lines, and the serials', () => {
    const shown = contract(['credit', 'show'], run(db, 'credit', 'show', 'CN-00000001'));
    const TZ = 'Pacific/Kiritimati'; // UTC+14: another day than UTC for ten hours of it
    const local = new Date(shown.createdAt).toLocaleString('sv-SE', { timeZone: TZ }).slice(0, 16);
    const r = ok(cli(db, ['credit', 'show', 'CN-00000001'], { env: { TZ } }));
    expect(r.stdout).toMatch(/^CN-00000001 {2}Credit note$/m);
    expect(r.stdout).toMatch(new RegExp(`^ {2}Created: +${local}$`, 'm'));
    expect(r.stdout).toMatch(/^ {2}Sales order: +SO-00000001$/m);
    expect(r.stdout).toMatch(/^Product\s+Quantity\s+Returned\s+Serials$/m);
    expect(r.stdout).toMatch(/^WIDGET\s+2\s+Yes\s+2$/m);
    expect(r.stdout).toContain('Serials of WIDGET: W-1, W-2');
  });

  it('the messages of a refused credit carry no rule IDs, and the fix gives the real numbers', () => {
    const over = rejected(cli(db, ['credit', 'create', '--so', 'SO-00000001', '--product', 'WIDGET', '--qty', '2', '--no-return']));
    // before: "fix: Credit at most what was dispatched minus what was credited (C-1)."
    expect(over).toMatch(/^fix: Credit at most 1 of WIDGET on SO-00000001\.$/m);
    expect(over).not.toMatch(RULE_ID);
    const fraction = rejected(cli(db, ['credit', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--product', 'WIDGET', '--qty', '1.5', '--serials', 'X-1']));
    // before: "fix: Give a whole number (P-3)."
    expect(fraction).toMatch(/whole number/);
    expect(fraction).not.toMatch(RULE_ID);
    const neither = rejected(cli(db, ['credit', 'create', '--product', 'CABLE', '--qty', '1']));
    // before: "fix: Add --so SO-…, or --customer C --warehouse W."
    expect(neither).not.toContain('SO-…');
    assertVerifies(db);
  });
});

describe('supplier-return create, list and show', () => {
  let db: string;
  beforeAll(() => {
    db = fresh();
  });

  it('create, list and show --json match their schemas; show prints one object (it printed an array)', () => {
    const created = contract(['supplier-return', 'create'], run(db, 'supplier-return', 'create', '--po', 'PO-00000001', '--product', 'WIDGET', '--serials', 'w-4,W-5'));
    expect(created).toEqual({ number: 'SR-00000001', purchaseOrder: 'PO-00000001', supplier: 'ACME', warehouse: 'MAIN', product: 'WIDGET', quantity: 2, serials: ['W-4', 'W-5'], serialCount: 2 });
    contract(['supplier-return', 'create'], run(db, 'supplier-return', 'create', '--po', 'PO-00000001', '--product', 'CABLE', '--qty', '0.25'));
    const list = contract(['supplier-return', 'list'], run(db, 'supplier-return', 'list'));
    expect(list.map((d: any) => [d.number, d.purchaseOrder, d.supplier, d.lines[0].quantity, d.lines[0].serialCount])).toEqual([ // eslint-disable-line @typescript-eslint/no-explicit-any
      ['SR-00000001', 'PO-00000001', 'ACME', 2, 2],
      ['SR-00000002', 'PO-00000001', 'ACME', 0.25, 0],
    ]);
    const shown = contract(['supplier-return', 'show'], run(db, 'supplier-return', 'show', 'SR-00000001'));
    expect(Array.isArray(shown)).toBe(false);
    expect(shown).toEqual(list[0]);
    expect(expectErrorContract(cli(db, ['--json', 'supplier-return', 'show', 'SR-00000099'])).code).toBe('unknown_supplier_return');
    assertVerifies(db);
  });

  it('show --format csv is one row per serial; the table is plain with the purchase order and local time', () => {
    const csv = ok(cli(db, ['supplier-return', 'show', 'SR-00000001', '--format', 'csv'])).stdout.trim().split('\n');
    expect(csv[0]).toBe('Number,Created,Supplier,Purchase Order,Warehouse,Product,Quantity,Serial Number');
    expect(csv.slice(1).map((l) => l.split(',').at(-1))).toEqual(['W-4', 'W-5']);
    const table = ok(cli(db, ['supplier-return', 'show', 'SR-00000001'])).stdout;
    expect(table).not.toMatch(/[│┌└─]/);
    expect(table).toMatch(/^ {2}Purchase order: +PO-00000001$/m);
    expect(table).toContain('Serials of WIDGET: W-4, W-5');
    const listed = ok(cli(db, ['supplier-return', 'list']));
    expect(listed.stdout).toMatch(/^Number\s+Created\s+Supplier\s+Purchase Order\s+Product\s+Quantity$/m);
    expect(listed.stderr).toContain('2 supplier returns.');
  });

  it('a return of more than was received says how much can go back, without rule IDs', () => {
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '4', '--reason', 'found']));
    const r = rejected(cli(db, ['supplier-return', 'create', '--po', 'PO-00000001', '--product', 'CABLE', '--qty', '20']));
    // before: "fix: Return at most what was received minus what was returned ."
    expect(r).toMatch(/fix: Return at most 9\.75 of CABLE on PO-00000001\.$/m);
    expect(r).not.toMatch(RULE_ID);
    const po = contract(['supplier-return', 'create'], run(db, 'supplier-return', 'create', '--po', 'PO-00000001', '--product', 'CABLE', '--qty', '9.75'));
    expect(po.quantity).toBe(9.75);
    const none = rejected(cli(db, ['supplier-return', 'create', '--po', 'PO-00000001', '--product', 'CABLE', '--qty', '1']));
    expect(none).toMatch(/fix: Nothing more of CABLE can be returned on PO-00000001; see what was received with: serials po show PO-00000001$/m);
    assertVerifies(db);
  });
});

describe('adjust in and out', () => {
  it('--json matches the schemas: serials a list per line, serialCount a count, returning a list of units', () => {
    const db = fresh();
    const out = contract(['adjust', 'out'], run(db, 'adjust', 'out', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'w-4', '--reason', 'damaged'));
    // before: "serials": 1 in each line
    expect(out).toMatchObject({ direction: 'out', warehouse: 'MAIN', reason: 'damaged', lines: [{ product: 'WIDGET', quantity: 1, serials: ['W-4'], serialCount: 1 }], returning: [] });
    const back = contract(['adjust', 'in'], run(db, 'adjust', 'in', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'W-4,NEW-1', '--reason', 'repaired'));
    expect(back.lines).toEqual([{ product: 'WIDGET', quantity: 2, serials: ['W-4', 'NEW-1'], serialCount: 2 }]);
    expect(back.returning).toEqual([{ serial: 'W-4', product: 'WIDGET', previousStatus: 'unavailable', lastDocument: out.number }]);
    const cable = contract(['adjust', 'in'], run(db, 'adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '2.5', '--reason', 'recount'));
    expect(cable.lines).toEqual([{ product: 'CABLE', quantity: 2.5, serials: [], serialCount: 0 }]);
    assertVerifies(db);
  });
});

describe('product add, list, show, serialize and unserialize', () => {
  it('add, list and show --json match their schemas; open documents are snake_case (it said "purchase order")', () => {
    const db = fresh();
    expect(contract(['product', 'add'], run(db, 'product', 'add', 'LABOUR', '--description', 'Fitting, per hour', '--never-diminishing'))).toEqual({
      code: 'LABOUR',
      description: 'Fitting, per hour',
      serialized: false,
      neverDiminishing: true,
    });
    const list = contract(['product', 'list'], run(db, 'product', 'list'));
    expect(list.map((p: any) => [p.code, p.onHand])).toEqual([['CABLE', 6], ['LABOUR', 0], ['WIDGET', 2]]); // eslint-disable-line @typescript-eslint/no-explicit-any
    const po = JSON.parse(ok(run(db, 'po', 'create', '--supplier', 'ACME', '--warehouse', 'BACK', '--line', 'CABLE:3')).stdout) as { number: string };
    const cable = contract(['product', 'show'], run(db, 'product', 'show', 'cable'));
    expect(cable).toEqual({
      code: 'CABLE',
      description: '',
      serialized: false,
      neverDiminishing: false,
      onHand: 6,
      stock: [{ warehouse: 'MAIN', quantity: 6 }],
      // before: "serials": { "available": … } — serials is always a list of serials
      serialCounts: { available: 0, unavailable: 0, deleted: 0 },
      openDocuments: [{ type: 'purchase_order', number: po.number }],
    });
    const widget = contract(['product', 'show'], run(db, 'product', 'show', 'WIDGET'));
    expect(widget.serialCounts).toEqual({ available: 2, unavailable: 3, deleted: 0 });
    expect(expectErrorContract(cli(db, ['--json', 'product', 'show', 'NOPE'])).code).toBe('unknown_product');
  });

  it('product show takes --format: a table with the stock and open documents, CSV of the stock per warehouse', () => {
    const db = fresh();
    ok(cli(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'BACK', '--line', 'CABLE:3']));
    const table = ok(cli(db, ['product', 'show', 'CABLE'])).stdout;
    expect(table).not.toMatch(/[│┌└─]/);
    expect(table).toMatch(/^ {2}On hand: +6$/m);
    expect(table).toMatch(/^Warehouse\s+On Hand$/m);
    expect(table).toMatch(/^Document\s+Type$/m);
    expect(table).toMatch(/^PO-00000002\s+Purchase order$/m);
    expect(ok(cli(db, ['product', 'show', 'CABLE', '--format', 'csv'])).stdout).toBe('Product Code,Warehouse,On Hand\nCABLE,MAIN,6\n');
    expect(ok(cli(db, ['product', 'show', 'WIDGET'])).stdout).toMatch(/^ {2}Serials: +2 available, 3 unavailable, 0 deleted$/m);
  });

  it('product list: the CSV is the import layout; the table adds On Hand, right-aligned, and counts products', () => {
    const db = fresh();
    expect(ok(cli(db, ['product', 'list', '--format', 'csv'])).stdout).toBe('Product Code,Product Description,Serialized,Never Diminishing\nCABLE,,No,No\nWIDGET,,Yes,No\n');
    const r = ok(cli(db, ['product', 'list']));
    const [header = '', ...rows] = r.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^Product Code\s+Product Description\s+Serialized\s+Never Diminishing\s+On Hand$/);
    expect(rows.map((row) => row.slice(header.length - 1))).toEqual(['6', '2']);
    expect(r.stderr).toContain('2 products.');
  });

  it('serialize and unserialize --json match their schemas; counts are serialCount, and messages count with plurals', () => {
    const db = fresh();
    ok(cli(db, ['product', 'add', 'GADGET']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'GADGET', '--qty', '2', '--reason', 'opening']));
    const on = contract(['product', 'serialize'], run(db, 'product', 'serialize', 'GADGET', '--serials', 'G-1,G-2'));
    // before: "serials": 2 and perWarehouse [{ warehouse, serials: 2 }]
    expect(on).toEqual({ number: 'SZ-00000001', product: 'GADGET', serialized: true, serialCount: 2, warehouses: [{ warehouse: 'MAIN', serialCount: 2 }], returning: [] });
    ok(cli(db, ['adjust', 'out', '--warehouse', 'MAIN', '--product', 'GADGET', '--serials', 'G-1,G-2', '--reason', 'sold off']));
    const off = contract(['product', 'unserialize'], run(db, 'product', 'unserialize', 'GADGET'));
    expect(off).toEqual({ number: 'SZ-00000002', product: 'GADGET', serialized: false, serialCount: 2 });
    ok(cli(db, ['adjust', 'in', '--warehouse', 'BACK', '--product', 'GADGET', '--qty', '1', '--reason', 'found']));
    // a deleted serial comes back as the same record: returning, as everywhere
    const again = ok(cli(db, ['product', 'serialize', 'GADGET', '--serials', 'g-1']));
    // before: "1 serial(s) recorded"
    expect(again.stdout).toBe('SZ-00000003: product GADGET is now serialized; 1 serial recorded (BACK: 1).\n');
    expect(again.stderr).toMatch(/note: serial "G-1" of GADGET returns to stock \(it was deleted after SZ-00000002\)/);
    assertVerifies(db);
  });

  it('refusals name the fix with real values and no rule IDs', () => {
    const db = fresh();
    ok(cli(db, ['product', 'add', 'GADGET']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'GADGET', '--qty', '2.5', '--reason', 'opening']));
    const fraction = rejected(cli(db, ['product', 'serialize', 'GADGET', '--serials', 'G-1,G-2']));
    // before: "fix: Adjust the stock in MAIN to a whole number first (serials adjust in|out)."
    expect(fraction).toMatch(/^fix: Adjust the stock in MAIN to a whole number first: serials adjust out --warehouse MAIN --product GADGET --qty 0\.5 /m);
    // before: "... in stock in warehouse MAIN; it can be un-serialized only with no stock (P-6)." and "--reason ... <serials>"
    const stocked = rejected(cli(db, ['product', 'unserialize', 'WIDGET']));
    expect(stocked).toMatch(/fix: Adjust it out first: serials adjust out --warehouse MAIN --product WIDGET --reason "no longer serialized" --serials W-4,W-5$/m);
    expect(stocked).not.toMatch(RULE_ID);
    ok(cli(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'BACK', '--line', 'CABLE:3']));
    const open = rejected(cli(db, ['product', 'serialize', 'CABLE']));
    // before: "is on 1 open document(s)" and "(P-4)"
    expect(open).toContain('Product CABLE is on an open document: purchase order PO-00000002.');
    expect(open).toMatch(/fix: Finish or remove it first, e\.g\. see what is outstanding on PO-00000002 with: serials po show PO-00000002\.$/m);
    ok(cli(db, ['product', 'add', 'LABOUR', '--never-diminishing']));
    expect(rejected(cli(db, ['product', 'serialize', 'LABOUR']))).not.toMatch(RULE_ID);
    assertVerifies(db);
  });
});

describe('settings show and enable-serial-tracking', () => {
  it('--json matches the schemas, with one name for when tracking was switched on; show takes --format', () => {
    const dir = tempDir('serials-e2e-settings-');
    dirs.push(dir);
    const db = join(dir, 'settings.db');
    ok(cli(db, ['init']));
    expect(contract(['settings', 'show'], run(db, 'settings', 'show'))).toEqual({ serialTracking: false, serialTrackingEnabledAt: null });
    expect(ok(cli(db, ['settings', 'show'])).stdout).toBe('Settings\n  Serial tracking:  Off\n');
    const on = contract(['settings', 'enable-serial-tracking'], run(db, '--yes', 'settings', 'enable-serial-tracking'));
    expect(on).toMatchObject({ serialTracking: true, alreadyEnabled: false });
    const shown = contract(['settings', 'show'], run(db, 'settings', 'show'));
    expect(shown).toEqual({ serialTracking: true, serialTrackingEnabledAt: on.serialTrackingEnabledAt });
    expect(contract(['settings', 'enable-serial-tracking'], run(db, 'settings', 'enable-serial-tracking'))).toEqual({ ...shown, alreadyEnabled: true });
    const TZ = 'Pacific/Kiritimati';
    const local = new Date(on.serialTrackingEnabledAt).toLocaleString('sv-SE', { timeZone: TZ });
    expect(ok(cli(db, ['settings', 'show'], { env: { TZ } })).stdout).toContain(`Serial tracking:  On (since ${local.slice(0, 16)})`);
    expect(ok(cli(db, ['settings', 'show', '--format', 'csv'], { env: { TZ } })).stdout).toBe(`Serial Tracking,Serial Tracking Enabled At\ntrue,${local}\n`);
  });
});

describe('help', () => {
  it.each([
    ['credit', 'create'],
    ['credit', 'list'],
    ['credit', 'show'],
    ['supplier-return', 'create'],
    ['supplier-return', 'list'],
    ['supplier-return', 'show'],
    ['adjust', 'in'],
    ['adjust', 'out'],
    ['product', 'add'],
    ['product', 'list'],
    ['product', 'show'],
    ['product', 'serialize'],
    ['product', 'unserialize'],
    ['settings', 'show'],
    ['settings', 'enable-serial-tracking'],
  ])('serials %s %s --help has no rule IDs; show and list commands take --format', (noun, verb) => {
    const help = ok(cli(template, [noun, verb, '--help'])).stdout;
    expect(help).not.toMatch(RULE_ID);
    if (verb === 'show' || verb === 'list') expect(help).toMatch(/--format/);
  });
});
