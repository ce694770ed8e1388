// End-to-end: `serials import <kind> FILE|-` through the built CLI (RULES.md I-1, I-2, I-3,
// and the serial rules every import applies: N-1, N-2, N-3, N-4, N-6, P-3, P-5, PO-3).
// Build first: node scripts/build.mjs

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertVerifies, cli, cliLedger, ok, copyLedger, isPostgresLedger, json, pgLedgerDump } from '../helpers/ledger.js';

const dirs: string[] = [];
/** The seeded ledger (tracking on, MAIN, BACK, ACME, BAKER, WIDGET serialized, CABLE not), built once. */
let base: { dir: string; db: string };

beforeAll(() => {
  base = cliLedger();
  dirs.push(base.dir);
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A fresh copy of the seeded ledger in its own directory. */
function fresh(): { dir: string; db: string } {
  return copyLedger(base.db, dirs, 'serials-e2e-import-');
}

function write(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Runs a command that must be rejected with --json; returns the parsed error from stderr. */
function rejected(db: string, args: string[], options: { input?: string } = {}): ImportError {
  const r = cli(db, ['--json', ...args], options);
  if (r.status !== 1) throw new Error(`expected exit 1, got ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  expect(r.stdout).toBe('');
  return (JSON.parse(r.stderr) as { error: ImportError }).error;
}

interface Problem {
  line: number;
  column?: string;
  code: string;
  message: string;
  fix?: string;
  serial?: string;
  product?: string;
  warehouse?: string;
  document?: string;
}

interface ImportError {
  code: string;
  message: string;
  fix: string;
  details: { total: number; byCode: Record<string, number>; problems: Problem[] };
}

interface Summary {
  kind: string;
  file: string;
  dryRun: boolean;
  rows: number;
  /** the import document: opening stock and serials only (null for a dry run) */
  number?: string | null;
  written: Record<string, number>;
  /** opening stock and serials only */
  returningCount?: number;
}

interface Soh {
  product: string;
  warehouse: string;
  quantity: number;
  serialized: boolean;
  /** available serials; null for a product without serials */
  serialCount: number | null;
}

interface Enquiry {
  serial: string;
  product: string;
  warehouse: string | null;
  status: string;
  lastDocument: { type: string; number: string; kind: string } | null;
}

interface Movement {
  serial: string;
  kind: string;
  document: string;
  documentType: string;
  from: string | null;
  to: string | null;
  statusBefore: string | null;
  status: string;
  unitCost: number | null;
}

const soh = (db: string, ...args: string[]) =>
  json<Soh[]>(ok(cli(db, ['--json', 'soh', ...args]))).map((s) => ({ product: s.product, warehouse: s.warehouse, quantity: s.quantity, serialCount: s.serialCount }));
const enquiry = (db: string, ...args: string[]) => json<Enquiry[]>(ok(cli(db, ['--json', 'enquiry', ...args])));
const history = (db: string, serial: string) => json<Movement[]>(ok(cli(db, ['--json', 'history', serial])));
const products = (db: string) => json<{ code: string; description: string; serialized: boolean; neverDiminishing: boolean; onHand: number }[]>(ok(cli(db, ['--json', 'product', 'list'])));

/** The rows of an --errors file, as objects keyed by its header. */
function errorsFile(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8');
  expect(text.split('\n')[0]).toBe('Line,Column,Code,Message,Fix,Serial,Product,Warehouse,Document');
  return parse(text, { columns: true }) as Record<string, string>[];
}

/**
 * Everything in the ledger file: a SHA-256 of the database file after the write-ahead log is
 * checkpointed into it (and truncated), and every row of every table in rowid order, plus
 * the schema and its version counters. Equal snapshots mean not one byte changed; the row
 * dump is there to make a difference readable.
 */
function snapshot(db: string): { sha256: string; walBytes: number; dump: Record<string, unknown> } {
  // on PostgreSQL there is no file: every row and the schema, as the server gives them
  if (isPostgresLedger(db)) return { sha256: '', walBytes: 0, dump: pgLedgerDump(db) };
  const conn = new Database(db);
  let dump: Record<string, unknown>;
  try {
    const result = conn.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    expect(result[0]?.busy).toBe(0);
    dump = {
      schema: conn.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all(),
      user_version: conn.pragma('user_version', { simple: true }),
      schema_version: conn.pragma('schema_version', { simple: true }),
    };
    const tables = conn.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string; sql: string }[];
    for (const { name, sql } of tables) {
      const order = /without\s+rowid/i.test(sql) ? '1' : 'rowid';
      const select = order === 'rowid' ? `SELECT rowid AS "__rowid", * FROM "${name}" ORDER BY rowid` : `SELECT * FROM "${name}" ORDER BY 1`;
      dump[`table:${name}`] = conn.prepare(select).all();
    }
  } finally {
    conn.close();
  }
  const walBytes = existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0;
  return { sha256: createHash('sha256').update(readFileSync(db)).digest('hex'), walBytes, dump };
}

function expectUnchanged(before: ReturnType<typeof snapshot>, db: string): void {
  const after = snapshot(db);
  expect(after.dump).toEqual(before.dump);
  expect(after.walBytes).toBe(0);
  expect(after.sha256).toBe(before.sha256);
}

const OPENING = 'Product Code,Warehouse Code,Quantity,Unit Cost,Serial Number';

describe('import: each kind on a good file (I-2)', () => {
  it('I-2: warehouses, suppliers, customers and products are imported and listed', () => {
    const { dir, db } = fresh();
    const w = json<Summary>(ok(cli(db, ['--json', 'import', 'warehouses', write(dir, 'w.csv', 'Warehouse Code,Warehouse Name\nSHOP,Shop Floor\nANNEX,\n')])));
    // master data: what was written, and no import document number (there is none)
    expect(w).toEqual({ kind: 'warehouses', file: join(dir, 'w.csv'), dryRun: false, rows: 2, written: { warehouseCount: 2 } });
    const s = json<Summary>(ok(cli(db, ['--json', 'import', 'suppliers', write(dir, 's.csv', 'Supplier Code,Supplier Name\nNORTHWIND,Northwind Traders\n')])));
    expect(s).toMatchObject({ kind: 'suppliers', rows: 1, written: { supplierCount: 1 } });
    const c = json<Summary>(ok(cli(db, ['--json', 'import', 'customers', write(dir, 'c.csv', 'Customer Code,Customer Name\nCAFE,"Cafe, Corner Street"\nDELI,Deli\n')])));
    expect(c).toMatchObject({ kind: 'customers', rows: 2, written: { customerCount: 2 } });
    const p = json<Summary>(
      ok(
        cli(db, [
          '--json',
          'import',
          'products',
          write(dir, 'p.csv', 'Product Code,Product Description,Serialized,Never Diminishing\nDRILL,"Drill, 18V",Yes,No\nROPE,Rope (metres),No,\nLABOUR,Installation labour,no,YES\nSAW,Saw,y,n\n'),
        ]),
      ),
    );
    expect(p).toEqual({ kind: 'products', file: join(dir, 'p.csv'), dryRun: false, rows: 4, written: { productCount: 4 } });

    const list = (what: string) => json<{ code: string; name: string }[]>(ok(cli(db, ['--json', what, 'list']))).map((e) => [e.code, e.name]);
    expect(list('warehouse')).toEqual(expect.arrayContaining([['SHOP', 'Shop Floor'], ['ANNEX', 'ANNEX'], ['MAIN', 'MAIN'], ['BACK', 'BACK']]));
    expect(list('warehouse')).toHaveLength(4);
    expect(list('supplier')).toEqual(expect.arrayContaining([['ACME', 'ACME'], ['NORTHWIND', 'Northwind Traders']]));
    expect(list('supplier')).toHaveLength(2);
    expect(list('customer')).toEqual(expect.arrayContaining([['CAFE', 'Cafe, Corner Street'], ['DELI', 'Deli'], ['BAKER', 'BAKER']]));
    expect(list('customer')).toHaveLength(3);
    const byCode = new Map(products(db).map((x) => [x.code, x]));
    expect(byCode.size).toBe(6);
    expect(byCode.get('DRILL')).toMatchObject({ description: 'Drill, 18V', serialized: true, neverDiminishing: false });
    expect(byCode.get('ROPE')).toMatchObject({ description: 'Rope (metres)', serialized: false, neverDiminishing: false });
    expect(byCode.get('LABOUR')).toMatchObject({ description: 'Installation labour', serialized: false, neverDiminishing: true });
    expect(byCode.get('SAW')).toMatchObject({ serialized: true, neverDiminishing: false });

    // the imported master data is usable straight away: opening stock into it
    const os = json<Summary>(
      ok(cli(db, ['--json', 'import', 'opening-stock', write(dir, 'os.csv', `${OPENING}\nDRILL,SHOP,1,90,D-1\nWIDGET,ANNEX,1,,D-1\nROPE,SHOP,12.5,,\n`)])),
    );
    expect(os.written).toMatchObject({ serialCount: 2, stockLevelCount: 3 });
    // N-3: the same text under two products is two units
    expect(enquiry(db, 'D-1').map((e) => [e.product, e.warehouse, e.status]).sort()).toEqual([
      ['DRILL', 'SHOP', 'available'],
      ['WIDGET', 'ANNEX', 'available'],
    ]);
    assertVerifies(db);
  });

  it('I-2, I-3: directory and product imports reject repeated, existing and invalid codes in one pass', () => {
    const { dir, db } = fresh();
    const e = rejected(db, ['import', 'warehouses', write(dir, 'w.csv', `Warehouse Code,Warehouse Name\nSHOP,Shop\nmain,Main again\nshop,Shop again\n${'X'.repeat(101)},Too long\n`)]);
    expect(e.code).toBe('import_rejected');
    expect(e.details.total).toBe(3);
    expect(e.details.problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [3, 'Warehouse Code', 'warehouse_exists'],
      [4, 'Warehouse Code', 'duplicate_warehouse'],
      [5, 'Warehouse Code', 'invalid_code'],
    ]);
    expect(e.details.problems[1]?.message).toContain('first on line 2');
    expect(json<unknown[]>(ok(cli(db, ['--json', 'warehouse', 'list'])))).toHaveLength(2);
    assertVerifies(db);
  });
});

describe('import opening-stock (I-2)', () => {
  it('I-2, P-3, N-2: one row per serial and the grouped layout, decimals for non-serialized products, unit cost', () => {
    const { dir, db } = fresh();
    const file = write(
      dir,
      'opening.csv',
      [
        OPENING,
        'WIDGET,MAIN,1,12.50,W-0001',
        'WIDGET,MAIN,,12.50,W-0002',
        'WIDGET,MAIN,1,,  W-0003  ', // N-2: trimmed
        'WIDGET,BACK,3,7.25,G-0001', // grouped: quantity and the first serial
        ',,,,G-0002',
        ',,,,G-0003',
        'WIDGET,BACK,2,8,', // grouped: quantity only, serials on the rows after it
        ',,,,G-0004',
        ',,,,G-0005',
        'CABLE,MAIN,2.5,1.20,',
        'CABLE,MAIN,0.125,,',
        'CABLE,BACK,10,,',
        '',
      ].join('\n'),
    );
    const summary = json<Summary>(ok(cli(db, ['--json', 'import', 'opening-stock', file])));
    expect(summary).toMatchObject({
      kind: 'opening-stock',
      file,
      dryRun: false,
      rows: 12,
      number: 'IM-00000001',
      written: { serialCount: 8, stockLevelCount: 4 },
      returningCount: 0,
    });
    expect(soh(db)).toEqual(
      expect.arrayContaining([
        { product: 'WIDGET', warehouse: 'MAIN', quantity: 3, serialCount: 3 },
        { product: 'WIDGET', warehouse: 'BACK', quantity: 5, serialCount: 5 },
        { product: 'CABLE', warehouse: 'MAIN', quantity: 2.625, serialCount: null },
        { product: 'CABLE', warehouse: 'BACK', quantity: 10, serialCount: null },
      ]),
    );
    expect(soh(db)).toHaveLength(4);
    const serials = enquiry(db, '--product', 'WIDGET');
    expect(serials.map((s) => [s.serial, s.warehouse, s.status, s.lastDocument?.number]).sort()).toEqual([
      ['G-0001', 'BACK', 'available', 'IM-00000001'],
      ['G-0002', 'BACK', 'available', 'IM-00000001'],
      ['G-0003', 'BACK', 'available', 'IM-00000001'],
      ['G-0004', 'BACK', 'available', 'IM-00000001'],
      ['G-0005', 'BACK', 'available', 'IM-00000001'],
      ['W-0001', 'MAIN', 'available', 'IM-00000001'],
      ['W-0002', 'MAIN', 'available', 'IM-00000001'],
      ['W-0003', 'MAIN', 'available', 'IM-00000001'],
    ]);
    // unit cost is remembered per serial (one row per serial: the row's own cost)
    expect(history(db, 'W-0001').map((m) => [m.kind, m.document, m.to, m.statusBefore, m.status, m.unitCost])).toEqual([
      ['import', 'IM-00000001', 'MAIN', null, 'available', 12.5],
    ]);
    expect(history(db, 'W-0003')[0]?.unitCost).toBeNull();
    expect(history(db, 'G-0001')[0]?.unitCost).toBe(7.25);

    // the text summary says what was written and what to do next
    const text = ok(cli(db, ['import', 'opening-stock', write(dir, 'more.csv', `${OPENING}\nCABLE,MAIN,0.375,,\n`)]));
    expect(text.stdout).toContain('Imported 1 row of');
    expect(text.stdout).toMatch(/: 0 serials and 1 stock level\.\n$/);
    expect(text.stdout).toContain('IM-00000002');
    expect(text.stderr).toContain('serials soh');
    expect(soh(db, '--product', 'CABLE', '--warehouse', 'MAIN')).toEqual([{ product: 'CABLE', warehouse: 'MAIN', quantity: 3, serialCount: null }]);
    assertVerifies(db);
  });

  it('I-2: grouped layout: the unit cost on the group row applies to every serial of the group', () => {
    const { dir, db } = fresh();
    const file = write(dir, 'grouped.csv', `${OPENING}\nWIDGET,BACK,3,7.25,G-1\n,,,,G-2\n,,,,G-3\nWIDGET,MAIN,2,8,\n,,,,G-4\n,,,,G-5\n`);
    expect(json<Summary>(ok(cli(db, ['--json', 'import', 'opening-stock', file]))).written.serialCount).toBe(5);
    const costs = ['G-1', 'G-2', 'G-3', 'G-4', 'G-5'].map((s) => [s, history(db, s)[0]?.unitCost]);
    expect(costs).toEqual([
      ['G-1', 7.25],
      ['G-2', 7.25],
      ['G-3', 7.25],
      ['G-4', 8],
      ['G-5', 8],
    ]);
    assertVerifies(db);
  });

  it('N-4: a serial adjusted out earlier is accepted, counted as returning, and its history continues', () => {
    const { dir, db } = fresh();
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'RET-1,RET-2', '--reason', 'found']));
    ok(cli(db, ['adjust', 'out', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'RET-1', '--reason', 'damaged']));
    // a returning serial given twice is a repeat (found in one lookup with the other conflicts)
    const twice = rejected(db, ['import', 'opening-stock', write(dir, 'twice.csv', `${OPENING}\nWIDGET,BACK,3,5,ret-1\n,,,,RET-2\n,,,,Ret-1\n`)]);
    expect(twice.details.problems.map((p) => [p.line, p.code, p.serial])).toEqual([
      [3, 'serial_already_in_stock', 'RET-2'],
      [4, 'duplicate_serial', 'Ret-1'],
    ]);
    expect(twice.details.problems[1]?.message).toContain('first on line 2');
    const file = write(dir, 'returning.csv', `${OPENING}\nWIDGET,BACK,2,5,ret-1\n,,,,NEW-1\n`);

    const dry = json<Summary>(ok(cli(db, ['--json', 'import', 'opening-stock', '--dry-run', file])));
    expect(dry).toMatchObject({ dryRun: true, number: null, returningCount: 1, written: { serialCount: 2 } });

    const r = ok(cli(db, ['import', 'opening-stock', file]));
    expect(r.stdout).toContain('IM-00000001');
    expect(r.stderr).toContain('note: 1 serial was out of stock or deleted and returns to stock; its history continues.');
    // N-3: one record, its text as first entered
    expect(enquiry(db, 'RET-1').map((e) => [e.serial, e.warehouse, e.status, e.lastDocument?.number])).toEqual([['RET-1', 'BACK', 'available', 'IM-00000001']]);
    expect(history(db, 'RET-1').map((m) => [m.kind, m.document, m.from, m.to, m.statusBefore, m.status])).toEqual([
      ['adjustment_in', 'SA-00000001', null, 'MAIN', null, 'available'],
      ['adjustment_out', 'SA-00000002', 'MAIN', null, 'available', 'unavailable'],
      ['import', 'IM-00000001', null, 'BACK', 'unavailable', 'available'],
    ]);
    expect(history(db, 'RET-1')[2]?.unitCost).toBe(5);
    expect(soh(db, '--product', 'WIDGET')).toEqual(
      expect.arrayContaining([
        { product: 'WIDGET', warehouse: 'MAIN', quantity: 1, serialCount: 1 },
        { product: 'WIDGET', warehouse: 'BACK', quantity: 2, serialCount: 2 },
      ]),
    );
    // and once back in stock it cannot come in again (PO-3)
    const again = rejected(db, ['import', 'opening-stock', write(dir, 'again.csv', `${OPENING}\nWIDGET,MAIN,1,,RET-1\n`)]);
    expect(again.details.problems.map((p) => [p.line, p.code, p.warehouse, p.document])).toEqual([[2, 'serial_already_in_stock', 'BACK', 'IM-00000001']]);
    assertVerifies(db);
  });

  it('I-2: BOM, CRLF line endings and header names in any case and spacing are accepted', () => {
    const { dir, db } = fresh();
    const text = ['product code, WAREHOUSE  CODE ,QUANTITY,unitcost,Serial number', 'WIDGET,MAIN,1,3.5,BOM-1', 'widget,back,,,BOM-2', 'Cable,Main,1.5,,', ''].join('\r\n');
    const file = write(dir, 'bom-crlf.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    const summary = json<Summary>(ok(cli(db, ['--json', 'import', 'opening-stock', file])));
    expect(summary).toMatchObject({ rows: 3, written: { serialCount: 2, stockLevelCount: 3 } });
    // no stray carriage return or BOM ends up in a value
    expect(enquiry(db, '--contains', 'BOM-').map((e) => [e.serial, e.product, e.warehouse]).sort()).toEqual([
      ['BOM-1', 'WIDGET', 'MAIN'],
      ['BOM-2', 'WIDGET', 'BACK'],
    ]);
    expect(history(db, 'BOM-1')[0]?.unitCost).toBe(3.5);
    expect(soh(db, '--product', 'CABLE')).toEqual([{ product: 'CABLE', warehouse: 'MAIN', quantity: 1.5, serialCount: null }]);

    // the same for a directory import, with line numbers still right under CRLF
    const w = '\uFEFFwarehouse code,WAREHOUSENAME\r\nSHOP,Shop\r\n\r\nMAIN,dup\r\n';
    const e = rejected(db, ['import', 'warehouses', write(dir, 'w.csv', w)]);
    expect(e.details.problems.map((p) => [p.line, p.code])).toEqual([[4, 'warehouse_exists']]);
    ok(cli(db, ['import', 'warehouses', write(dir, 'w2.csv', '\uFEFFwarehouse code,WAREHOUSENAME\r\nSHOP,Shop\r\n')]));
    expect(json<{ code: string; name: string }[]>(ok(cli(db, ['--json', 'warehouse', 'list']))).find((x) => x.code === 'SHOP')?.name).toBe('Shop');
    assertVerifies(db);
  });

  it('I-2: reads standard input with -', () => {
    const { db } = fresh();
    const input = `${OPENING}\nWIDGET,MAIN,2,,IN-1\n,,,,IN-2\nCABLE,BACK,0.5,,\n`;
    const summary = json<Summary>(ok(cli(db, ['--json', 'import', 'opening-stock', '-'], { input })));
    expect(summary).toMatchObject({ kind: 'opening-stock', file: 'stdin', rows: 3, written: { serialCount: 2, stockLevelCount: 2 } });
    expect(enquiry(db, '--contains', 'IN-').map((e) => e.serial).sort()).toEqual(['IN-1', 'IN-2']);
    // problems on stdin are reported with their line numbers too
    const e = rejected(db, ['import', 'opening-stock', '-'], { input: `${OPENING}\nWIDGET,MAIN,1,,IN-1\n` });
    expect(e.message).toContain('stdin');
    expect(e.details.problems.map((p) => [p.line, p.code])).toEqual([[2, 'serial_already_in_stock']]);
    ok(cli(db, ['import', 'customers', '-'], { input: 'Customer Code,Customer Name\nCAFE,Cafe\n' }));
    expect(json<{ code: string }[]>(ok(cli(db, ['--json', 'customer', 'list']))).map((c) => c.code).sort()).toEqual(['BAKER', 'CAFE']);
    assertVerifies(db);
  });

  it('exit 66 for a missing file, and nothing is written', () => {
    const { dir, db } = fresh();
    const before = snapshot(db);
    const missing = join(dir, 'no-such-file.csv');
    const r = cli(db, ['import', 'opening-stock', missing]);
    expect(r.status).toBe(66);
    expect(r.stderr).toContain('no-such-file.csv');
    const j = cli(db, ['--json', 'import', 'warehouses', missing]);
    expect(j.status).toBe(66);
    expect(JSON.parse(j.stderr).error.message).toContain('no-such-file.csv');
    expectUnchanged(before, db);
    assertVerifies(db);
  });
});

describe('import serials (I-1)', () => {
  it('I-1, P-5, P-4: serializes products that have stock; serials per warehouse must equal the stock there', () => {
    const { dir, db } = fresh();
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '3', '--reason', 'opening']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'BACK', '--product', 'CABLE', '--qty', '2', '--reason', 'opening']));
    ok(cli(db, ['product', 'add', 'ROPE']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'ROPE', '--qty', '1', '--reason', 'opening']));
    const po = json<{ number: string }>(ok(cli(db, ['--json', 'po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'ROPE:1']))).number;
    ok(cli(db, ['warehouse', 'add', 'SHOP']));
    const before = snapshot(db);

    // too many for MAIN, too few for BACK, and ROPE is on an open purchase order
    const bad = write(
      dir,
      'bad.csv',
      'Product Code,Product Description,Warehouse Code,Serial Number\nCABLE,Cable,MAIN,C-1\nCABLE,Cable,MAIN,C-2\nCABLE,Cable,MAIN,C-3\nCABLE,Cable,MAIN,C-X\nCABLE,Cable,BACK,C-4\nROPE,Rope,MAIN,R-1\n',
    );
    const e = rejected(db, ['import', 'serials', bad]);
    expect(e.code).toBe('import_rejected');
    expect(e.details.byCode).toEqual({ serial_count_mismatch: 2, product_on_open_documents: 1 });
    const mismatches = e.details.problems.filter((p) => p.code === 'serial_count_mismatch');
    expect(mismatches.map((p) => [p.product, p.warehouse]).sort()).toEqual([
      ['CABLE', 'BACK'],
      ['CABLE', 'MAIN'],
    ]);
    const main = mismatches.find((p) => p.warehouse === 'MAIN');
    expect(main?.message).toMatch(/CABLE.*3.*MAIN.*4 serial/);
    const back = mismatches.find((p) => p.warehouse === 'BACK');
    expect(back?.message).toMatch(/CABLE.*2.*BACK.*1 serial/);
    const open = e.details.problems.find((p) => p.code === 'product_on_open_documents');
    expect(open).toMatchObject({ product: 'ROPE', document: po });
    expect(open?.message).toContain(po);
    // the text report names them too
    const text = cli(db, ['import', 'serials', bad]);
    expect(text.status).toBe(1);
    expect(text.stderr).toMatch(/serial_count_mismatch \(2\)/);
    expect(text.stderr).toMatch(/CABLE.*BACK/);
    expect(text.stderr).toContain('nothing was written');
    expectUnchanged(before, db);
    expect(products(db).find((p) => p.code === 'CABLE')?.serialized).toBe(false);

    // serials for a warehouse that holds none of the product are a mismatch as well
    const noStock = rejected(
      db,
      ['import', 'serials', write(dir, 'nostock.csv', 'Product Code,Warehouse Code,Serial Number\nCABLE,MAIN,C-1\nCABLE,MAIN,C-2\nCABLE,MAIN,C-3\nCABLE,BACK,C-4\nCABLE,BACK,C-5\nCABLE,SHOP,C-6\n')],
    );
    expect(noStock.details.problems.map((p) => [p.code, p.product, p.warehouse])).toEqual([['serial_count_mismatch', 'CABLE', 'SHOP']]);
    expect(noStock.details.problems[0]?.message).toMatch(/0 in stock in warehouse SHOP.*1 serial/);
    // an already serialized product is not for this import
    const serialized = rejected(db, ['import', 'serials', write(dir, 'serialized.csv', 'Product Code,Warehouse Code,Serial Number\nWIDGET,MAIN,W-1\n')]);
    expect(serialized.details.problems.map((p) => [p.line, p.code, p.product])).toEqual([[2, 'already_serialized', 'WIDGET']]);
    expectUnchanged(before, db);
    // a fractional stock level is named as such, as product serialize names it (the same check)
    {
      const other = fresh();
      ok(cli(other.db, ['adjust', 'in', '--warehouse', 'BACK', '--product', 'CABLE', '--qty', '1.5', '--reason', 'offcut']));
      const fractional = rejected(other.db, ['import', 'serials', write(other.dir, 'cable.csv', 'Product Code,Warehouse Code,Serial Number\nCABLE,BACK,C-9\n')]);
      expect(fractional.details.problems.map((p) => [p.line, p.code, p.product, p.warehouse])).toEqual([[2, 'fractional_stock', 'CABLE', 'BACK']]);
    }

    // the right count per warehouse: CABLE becomes serialized, its serials available where its stock is
    const good = write(dir, 'good.csv', 'product code,Product Description, warehouse code ,SERIAL NUMBER\nCABLE,Cable,MAIN,C-1\nCABLE,Cable,MAIN,c-2 \nCABLE,,MAIN,C-3\nCABLE,,BACK,C-4\nCABLE,,BACK,C-5\n');
    const dry = json<Summary>(ok(cli(db, ['--json', 'import', 'serials', '--dry-run', good])));
    expect(dry).toMatchObject({ kind: 'serials', dryRun: true, number: null, rows: 5, written: { serialCount: 5, serializedProductCount: 1 } });
    expectUnchanged(before, db);
    const summary = json<Summary>(ok(cli(db, ['--json', 'import', 'serials', good])));
    expect(summary).toEqual({ kind: 'serials', file: good, dryRun: false, rows: 5, number: 'IM-00000001', written: { serialCount: 5, serializedProductCount: 1 }, returningCount: 0 });
    expect(products(db).find((p) => p.code === 'CABLE')).toMatchObject({ serialized: true, onHand: 5 });
    expect(products(db).find((p) => p.code === 'ROPE')).toMatchObject({ serialized: false });
    expect(soh(db, '--product', 'CABLE')).toEqual(
      expect.arrayContaining([
        { product: 'CABLE', warehouse: 'MAIN', quantity: 3, serialCount: 3 },
        { product: 'CABLE', warehouse: 'BACK', quantity: 2, serialCount: 2 },
      ]),
    );
    expect(enquiry(db, '--product', 'CABLE').map((s) => [s.serial, s.warehouse, s.status, s.lastDocument?.number]).sort()).toEqual([
      ['C-1', 'MAIN', 'available', 'IM-00000001'],
      ['C-3', 'MAIN', 'available', 'IM-00000001'],
      ['C-4', 'BACK', 'available', 'IM-00000001'],
      ['C-5', 'BACK', 'available', 'IM-00000001'],
      ['c-2', 'MAIN', 'available', 'IM-00000001'],
    ]);
    // it is really serialized now: a unit leaves by its serial
    ok(cli(db, ['adjust', 'out', '--warehouse', 'BACK', '--product', 'CABLE', '--serials', 'C-4', '--reason', 'damaged']));
    expect(enquiry(db, 'C-4')[0]?.status).toBe('unavailable');
    assertVerifies(db);
  });

  it('I-1, N-4: a serial deleted when its product stopped being serialized comes back with its history', () => {
    const { dir, db } = fresh();
    ok(cli(db, ['product', 'add', 'TEMP', '--serialized']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'TEMP', '--serials', 'T-1', '--reason', 'trial']));
    ok(cli(db, ['adjust', 'out', '--warehouse', 'MAIN', '--product', 'TEMP', '--serials', 'T-1', '--reason', 'trial over']));
    ok(cli(db, ['product', 'unserialize', 'TEMP']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'BACK', '--product', 'TEMP', '--qty', '2', '--reason', 'counted']));
    expect(enquiry(db, 'T-1').map((e) => e.status)).toEqual(['deleted']);
    const summary = json<Summary>(ok(cli(db, ['--json', 'import', 'serials', write(dir, 'temp.csv', 'Product Code,Warehouse Code,Serial Number\nTEMP,BACK,t-1\nTEMP,BACK,T-2\n')])));
    expect(summary).toMatchObject({ number: 'IM-00000001', written: { serialCount: 2, serializedProductCount: 1 }, returningCount: 1 });
    expect(enquiry(db, '--product', 'TEMP').map((e) => [e.serial, e.warehouse, e.status]).sort()).toEqual([
      ['T-1', 'BACK', 'available'],
      ['T-2', 'BACK', 'available'],
    ]);
    expect(history(db, 'T-1').map((m) => [m.kind, m.statusBefore, m.status])).toEqual([
      ['adjustment_in', null, 'available'],
      ['adjustment_out', 'available', 'unavailable'],
      ['unserialize', 'unavailable', 'deleted'],
      ['serialize', 'deleted', 'available'],
    ]);
    expect(soh(db, '--product', 'TEMP')).toEqual([{ product: 'TEMP', warehouse: 'BACK', quantity: 2, serialCount: 2 }]);
    assertVerifies(db);
  });
});

describe('all or nothing (I-3)', () => {
  it('I-3: --dry-run checks the whole file, reports what would be written, and writes nothing', () => {
    const { dir, db } = fresh();
    const before = snapshot(db);
    const file = write(dir, 'dry.csv', `${OPENING}\nWIDGET,MAIN,2,4,DRY-1\n,,,,DRY-2\nWIDGET,BACK,1,,DRY-3\nCABLE,MAIN,1.75,,\n`);
    const summary = json<Summary>(ok(cli(db, ['--json', 'import', 'opening-stock', '--dry-run', file])));
    expect(summary).toMatchObject({
      kind: 'opening-stock',
      file,
      dryRun: true,
      rows: 4,
      number: null,
      written: { serialCount: 3, stockLevelCount: 3 },
      returningCount: 0,
    });
    const text = ok(cli(db, ['import', 'opening-stock', '--dry-run', file]));
    expect(text.stdout).toMatch(/Dry run: 4 rows .* are valid; an import would write 3 serials and 3 stock levels\. Nothing was written/);
    const w = json<Summary>(ok(cli(db, ['--json', 'import', 'warehouses', '--dry-run', write(dir, 'w.csv', 'Warehouse Code\nSHOP\nANNEX\n')])));
    expect(w).toMatchObject({ dryRun: true, rows: 2, written: { warehouseCount: 2 } });
    const p = json<Summary>(ok(cli(db, ['--json', 'import', 'products', '--dry-run', write(dir, 'p.csv', 'Product Code,Serialized\nDRILL,Yes\n')])));
    expect(p).toMatchObject({ dryRun: true, rows: 1, written: { productCount: 1 } });
    // a dry run still finds every problem
    const e = rejected(db, ['import', 'opening-stock', '--dry-run', write(dir, 'dry-bad.csv', `${OPENING}\nWIDGET,MAIN,1,,DRY-1\nWIDGET,MAIN,1,,dry-1\n`)]);
    expect(e.details.problems.map((x) => [x.line, x.code])).toEqual([[3, 'duplicate_serial']]);
    expectUnchanged(before, db);
    expect(enquiry(db, '--contains', 'DRY-')).toEqual([]);
    // and the real import afterwards gets the first import number: the dry run used none
    expect(json<Summary>(ok(cli(db, ['--json', 'import', 'opening-stock', file]))).number).toBe('IM-00000001');
    assertVerifies(db);
  });

  it('I-3, N-1, N-6, PO-3, P-3: one file with many different errors is reported in one pass, with lines, total and grouping; --errors holds every one', () => {
    const { dir, db } = fresh();
    ok(cli(db, ['import', 'opening-stock', write(dir, 'existing.csv', `${OPENING}\nWIDGET,BACK,1,,IN-STOCK-1\n`)]));
    const before = snapshot(db);
    const lines = [
      OPENING, // 1
      'WIDGET,MAIN,1,,GOOD-1', // 2
      'WIDGET,MAIN,1,,"BAD\tTAB"', // 3: N-1 tab at position 4
      'WIDGET,MAIN,1,,=DUP-1', // 4
      'WIDGET,BACK,1,,=dup-1', // 5: N-6 duplicate of line 4 (case-insensitive)
      'WIDGET,MAIN,1,,in-stock-1', // 6: PO-3 already available in BACK, on IM-00000001
      'NOPE,MAIN,1,,N-1', // 7: unknown product
      'WIDGET,NOWHERE,1,,N-2', // 8: unknown warehouse
      'WIDGET,MAIN,3,,G-1', // 9: quantity 3, ...
      ',,,,G-2', // 10: ... but only 2 serials
      'WIDGET,MAIN,1.5,,F-1', // 11: P-3 decimals for a serialized product
      'CABLE,MAIN,abc,,', // 12: not a quantity
      'CABLE,MAIN,1,,C-1', // 13: a serial for a non-serialized product
      'WIDGET,MAIN,1,-3,NEG-COST', // 14: negative unit cost
      '', // 15: blank, skipped but counted
      'WIDGET,MAIN,1,,"LINE', // 16: N-1 a line break at position 5 ...
      'BREAK"', // 17: ... the record spans two lines
      'WIDGET,MAIN,1,,caf\u00e9', // 18: N-1 non-ASCII at position 4
      `WIDGET,MAIN,1,,${'L'.repeat(51)}`, // 19: N-1 too long
      ...Array.from({ length: 12 }, (_, i) => `WIDGET,MAIN,1,,"BAD\u0001${i}"`), // 20-31: control characters
      'WIDGET,MAIN,1,,GOOD-2', // 32
      '',
    ];
    const file = write(dir, 'many.csv', lines.join('\n'));
    const errors = join(dir, 'errors.csv');

    // text: the first 20 grouped by code with the count of each, the total, and the rest summarised
    const text = cli(db, ['import', 'opening-stock', file, '--errors', errors]);
    expect(text.status).toBe(1);
    expect(text.stdout).toBe('');
    const total = 25;
    expect(text.stderr).toContain(`error: ${total} problems in ${file}; nothing was written.`);
    for (const [code, n] of Object.entries({
      invalid_serial: 16,
      duplicate_serial: 1,
      serial_already_in_stock: 1,
      unknown_product: 1,
      unknown_warehouse: 1,
      serial_count_mismatch: 1,
      fractional_serialized_quantity: 1,
      invalid_quantity: 1,
      not_serialized: 1,
      invalid_cost: 1,
    })) {
      expect(text.stderr, code).toContain(`${code} (${n})`);
    }
    expect(text.stderr).toContain('line 3, Serial Number: Serial "BAD\\tTAB" has a tab at position 4');
    expect(text.stderr).toContain('line 7, Product Code:');
    expect(text.stderr).toContain('line 8, Warehouse Code:');
    expect(text.stderr).toContain(`… ${total - 20} more problems not shown.`);
    expect(text.stderr).toContain(`every problem is in ${errors}`);
    // each group says its fix once
    expect(text.stderr).toContain('    fix: Correct the serial: 1 to 50 printable ASCII characters.');
    const shownLines = text.stderr.split('\n').filter((l) => /^ {4}line \d+/.test(l));
    expect(shownLines).toHaveLength(20);

    // --errors: every problem, as CSV
    const rows = errorsFile(errors);
    expect(rows).toHaveLength(total);
    const byLine = (line: number) => rows.filter((r) => r.Line === String(line));
    const one = (line: number) => {
      const found = byLine(line);
      expect(found, `errors file line ${line}`).toHaveLength(1);
      return found[0] as Record<string, string>;
    };
    expect(one(3)).toMatchObject({ Column: 'Serial Number', Code: 'invalid_serial', Serial: 'BAD\tTAB', Product: 'WIDGET' });
    expect(one(3).Message).toContain('position 4');
    // the duplicate names both lines; its serial cell is neutralised against formulas and
    // reads back as written
    expect(one(5)).toMatchObject({ Column: 'Serial Number', Code: 'duplicate_serial', Serial: "'=dup-1", Product: 'WIDGET' });
    expect(one(5).Message).toContain('line 4');
    expect(one(6)).toMatchObject({ Code: 'serial_already_in_stock', Serial: 'IN-STOCK-1', Product: 'WIDGET', Warehouse: 'BACK', Document: 'IM-00000001' });
    expect(one(6).Message).toMatch(/BACK.*IM-00000001/);
    expect(one(7)).toMatchObject({ Column: 'Product Code', Code: 'unknown_product', Product: 'NOPE' });
    expect(one(8)).toMatchObject({ Column: 'Warehouse Code', Code: 'unknown_warehouse', Warehouse: 'NOWHERE' });
    expect(one(9)).toMatchObject({ Column: 'Quantity', Code: 'serial_count_mismatch', Product: 'WIDGET', Warehouse: 'MAIN' });
    expect(one(9).Message).toMatch(/quantity 3.*give 2/);
    expect(one(11)).toMatchObject({ Column: 'Quantity', Code: 'fractional_serialized_quantity', Product: 'WIDGET' });
    expect(one(12)).toMatchObject({ Column: 'Quantity', Code: 'invalid_quantity' });
    expect(one(13)).toMatchObject({ Column: 'Serial Number', Code: 'not_serialized', Product: 'CABLE' });
    expect(one(14)).toMatchObject({ Column: 'Unit Cost', Code: 'invalid_cost' });
    expect(one(16)).toMatchObject({ Code: 'invalid_serial', Serial: 'LINE\nBREAK' });
    expect(one(16).Message).toContain('line break at position 5');
    expect(one(18).Message).toContain('position 4');
    expect(one(19).Message).toContain('51 characters');
    for (let line = 20; line <= 31; line++) expect(one(line)).toMatchObject({ Code: 'invalid_serial' });
    expect(byLine(2)).toEqual([]);
    expect(byLine(32)).toEqual([]);

    // --json: the same, machine-readable
    const e = rejected(db, ['import', 'opening-stock', file]);
    expect(e.code).toBe('import_rejected');
    expect(e.details.total).toBe(total);
    expect(e.details.byCode).toEqual({
      invalid_serial: 16,
      duplicate_serial: 1,
      serial_already_in_stock: 1,
      unknown_product: 1,
      unknown_warehouse: 1,
      serial_count_mismatch: 1,
      fractional_serialized_quantity: 1,
      invalid_quantity: 1,
      not_serialized: 1,
      invalid_cost: 1,
    });
    expect(e.details.problems).toHaveLength(total);
    expect(e.details.problems.map((p) => `${p.line}:${p.code}`).sort()).toEqual(rows.map((r) => `${r.Line}:${r.Code}`).sort());
    expect(e.details.problems.find((p) => p.code === 'duplicate_serial')).toMatchObject({ line: 5, serial: '=dup-1' });

    expectUnchanged(before, db);
    expect(enquiry(db, '--contains', 'GOOD-')).toEqual([]);
    assertVerifies(db);
  });

  it('I-3, P-2: a products file with bad Yes/No values and other errors is reported in one pass', () => {
    const { dir, db } = fresh();
    const before = snapshot(db);
    const file = write(
      dir,
      'products.csv',
      'Product Code,Product Description,Serialized,Never Diminishing\nDRILL,Drill,Yes,No\nODD,Odd,Maybe,No\nODD2,Odd,No,sometimes\nBOTH,Both,Yes,Yes\ndrill,Again,No,No\nwidget,Exists,No,No\nA:B,Colon,No,No\n',
    );
    const errors = join(dir, 'errors.csv');
    const e = rejected(db, ['import', 'products', file, '--errors', errors]);
    expect(e.details.total).toBe(6);
    expect(e.details.problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [3, 'Serialized', 'invalid_yes_no'],
      [4, 'Never Diminishing', 'invalid_yes_no'],
      [5, 'Never Diminishing', 'never_diminishing_serialized'],
      [6, 'Product Code', 'duplicate_product'],
      [7, 'Product Code', 'product_exists'],
      [8, 'Product Code', 'invalid_code'],
    ]);
    expect(e.details.problems[0]?.message).toContain('Maybe');
    expect(e.details.problems[3]?.message).toContain('line 2');
    expect(errorsFile(errors).map((r) => [r.Line, r.Column, r.Code])).toEqual(e.details.problems.map((p) => [String(p.line), p.column, p.code]));
    const text = cli(db, ['import', 'products', file]);
    expect(text.status).toBe(1);
    expect(text.stderr).toContain('6 problems in');
    expect(text.stderr).toContain('invalid_yes_no (2)');
    expect(text.stderr).toContain('line 3, Serialized: Serialized is "Maybe"');
    expectUnchanged(before, db);
    assertVerifies(db);
  });

  it('I-2, I-3: unknown and missing columns are rejected naming them, before any row is read', () => {
    const { dir, db } = fresh();
    const before = snapshot(db);
    const unknown = write(dir, 'unknown.csv', 'Product Code,Warehouse Code,Qty,Serial Number,Colour\nWIDGET,MAIN,1,U-1,red\n');
    const r = cli(db, ['import', 'opening-stock', unknown]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('"Qty"');
    expect(r.stderr).toContain('"Colour"');
    expect(r.stderr).not.toContain('"Serial Number"');
    const j = cli(db, ['--json', 'import', 'opening-stock', unknown]);
    expect(j.status).toBe(1);
    const error = JSON.parse(j.stderr).error as { message: string };
    expect(error.message).toMatch(/unknown column.*"Qty".*"Colour"/);
    const missing = cli(db, ['import', 'serials', write(dir, 'missing.csv', 'Product Code,Serial Number\nWIDGET,M-1\n')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/missing/);
    expect(missing.stderr).toContain("'Warehouse Code'");
    const wh = cli(db, ['import', 'warehouses', write(dir, 'wh.csv', 'Warehouse Code,Warehouse Name,Address\nSHOP,Shop,1 High St\n')]);
    expect(wh.status).toBe(1);
    expect(wh.stderr).toContain('"Address"');
    const twice = cli(db, ['import', 'opening-stock', write(dir, 'twice.csv', 'Product Code,Warehouse Code,Serial Number,serialnumber\nWIDGET,MAIN,T-1,T-1\n')]);
    expect(twice.status).toBe(1);
    expect(twice.stderr).toMatch(/"serialnumber".*twice/);
    expectUnchanged(before, db);
    assertVerifies(db);
  });

  it('I-3: --errors FILE holds every problem, a header problem (unknown column) included', () => {
    const { dir, db } = fresh();
    const before = snapshot(db);
    const errors = join(dir, 'errors.csv');
    const unknown = write(dir, 'unknown.csv', 'Product Code,Warehouse Code,Qty,Serial Number,Colour\nWIDGET,MAIN,1,U-1,red\n');
    const r = cli(db, ['import', 'opening-stock', unknown, '--errors', errors]);
    expect(r.status).toBe(1);
    expectUnchanged(before, db);
    const rows = errorsFile(errors);
    expect(rows.map((x) => [x.Line, x.Code])).toEqual([['1', 'unknown_columns']]);
    expect(rows[0]?.Message).toContain('Colour');
    assertVerifies(db);
  });

  it('I-3: after failed imports of every kind the ledger file is byte-for-byte the same', () => {
    const { dir, db } = fresh();
    ok(cli(db, ['import', 'opening-stock', write(dir, 'setup.csv', `${OPENING}\nWIDGET,MAIN,2,1,KEEP-1\n,,,,KEEP-2\nCABLE,MAIN,3,,\n`)]));
    ok(cli(db, ['adjust', 'out', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'KEEP-2', '--reason', 'lost']));
    const before = snapshot(db);
    expect(before.walBytes).toBe(0);

    // 12,000 good serials (more than one chunk), a returning serial, a non-serialized
    // quantity, then one duplicate of line 2 at the very end: everything before it has been
    // staged in the transaction by the time it is found
    const n = 12_000;
    const rows = [OPENING];
    for (let i = 1; i <= n; i++) rows.push(`WIDGET,${i % 2 ? 'MAIN' : 'BACK'},1,2.5,BIG-${String(i).padStart(6, '0')}`);
    rows.push('WIDGET,BACK,1,,keep-2', 'CABLE,BACK,4.25,,', 'WIDGET,MAIN,1,,big-000001');
    const file = write(dir, 'big-bad.csv', rows.join('\n') + '\n');
    const e = rejected(db, ['import', 'opening-stock', file]);
    expect(e.details.total).toBe(1);
    expect(e.details.problems[0]).toMatchObject({ line: n + 4, code: 'duplicate_serial', serial: 'big-000001' });
    expect(e.details.problems[0]?.message).toContain('first on line 2');
    expectUnchanged(before, db);

    // a failed serials import has already staged serials and flipped the product's flag
    const serialsFile = write(dir, 'serials-bad.csv', 'Product Code,Warehouse Code,Serial Number\nCABLE,MAIN,C-1\nCABLE,MAIN,C-2\n');
    expect(rejected(db, ['import', 'serials', serialsFile]).details.byCode).toEqual({ serial_count_mismatch: 1 });
    expectUnchanged(before, db);

    // directory and product imports
    expect(rejected(db, ['import', 'warehouses', write(dir, 'w.csv', 'Warehouse Code\nSHOP\nMAIN\n')]).details.total).toBe(1);
    expect(rejected(db, ['import', 'products', write(dir, 'p.csv', 'Product Code,Serialized\nDRILL,Yes\nSAW,perhaps\n')]).details.total).toBe(1);
    expectUnchanged(before, db);

    // the same file without its bad row imports, with the returning serial counted (N-4)
    const good = write(dir, 'big-good.csv', rows.slice(0, -1).join('\n') + '\n');
    const summary = json<Summary>(ok(cli(db, ['--json', 'import', 'opening-stock', good])));
    expect(summary).toMatchObject({ rows: n + 2, number: 'IM-00000002', written: { serialCount: n + 1, stockLevelCount: 3 }, returningCount: 1 });
    expect(soh(db, '--product', 'WIDGET')).toEqual(
      expect.arrayContaining([
        { product: 'WIDGET', warehouse: 'MAIN', quantity: n / 2 + 1, serialCount: n / 2 + 1 },
        { product: 'WIDGET', warehouse: 'BACK', quantity: n / 2 + 1, serialCount: n / 2 + 1 },
      ]),
    );
    assertVerifies(db);
  });
});

describe('CSV round trip (I-2)', () => {
  it('I-2: an enquiry CSV export, formula-looking serials included, imports back unchanged as opening stock', () => {
    const { dir, db } = fresh();
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials=-5,=A1,@cmd,+9,PLAIN 1', '--reason', 'x']));
    const csv = ok(cli(db, ['enquiry', '--status', 'available', '--format', 'csv'])).stdout;
    // neutralised in the export
    expect(csv).toContain("'=A1");
    expect(csv).toContain("'-5");
    const exported = write(dir, 'enquiry.csv', csv);
    const target = fresh();
    const summary = json<Summary>(ok(cli(target.db, ['--json', 'import', 'opening-stock', exported])));
    expect(summary.written.serialCount).toBe(5);
    const view = (d: string) => enquiry(d, '--product', 'WIDGET').map((e) => [e.serial, e.warehouse, e.status]).sort();
    expect(view(target.db)).toEqual(view(db));
    expect(view(target.db).map((v) => v[0])).toEqual(['+9', '-5', '=A1', '@cmd', 'PLAIN 1']);
    assertVerifies(target.db);
    assertVerifies(db);
  });

  it('I-2: a soh CSV export of non-serialized stock imports back unchanged as opening stock', () => {
    const { db } = fresh();
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '2.75', '--reason', 'x']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'BACK', '--product', 'CABLE', '--qty', '4', '--reason', 'x']));
    const csv = ok(cli(db, ['soh', '--product', 'CABLE', '--format', 'csv'])).stdout;
    const target = fresh();
    const r = cli(target.db, ['--json', 'import', 'opening-stock', '-'], { input: csv });
    expect(r.status, r.stderr).toBe(0);
    expect(soh(target.db, '--product', 'CABLE')).toEqual(soh(db, '--product', 'CABLE'));
    assertVerifies(target.db);
    assertVerifies(db);
  });
});
