// Exports import back unchanged (issue 3): products, warehouses, the serial enquiry and
// stock on hand written as CSV by one ledger are imported into a fresh one, which then
// reports exactly the same. Cells a spreadsheet would run as formulas are neutralised on
// the way out and restored on the way in. Every cell holds one value (issue 10).

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { assertVerifies, cli, tempDir, type CliResult } from '../helpers/ledger.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ok(r: CliResult): string {
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

function freshLedger(name: string): string {
  const db = join(dir, name);
  ok(cli(db, ['init']));
  ok(cli(db, ['--yes', 'settings', 'enable-serial-tracking']));
  return db;
}

it('I-2/I-3: warehouses, products, enquiry and soh exported as CSV import into a fresh ledger unchanged, formula cells included', () => {
  const source = freshLedger('source.db');
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  ok(cli(source, ['import', 'warehouses', file('w.csv', 'Warehouse Code,Warehouse Name\nMAIN,Main\n@SHOP,"=HYPERLINK(""x"")"\n')]));
  ok(
    cli(source, [
      'import',
      'products',
      file('p.csv', 'Product Code,Product Description,Serialized,Never Diminishing\nDRILL,Drill,Yes,No\n-CABLE,"+cable, 3 core",No,No\nLABOUR,=1+1,No,Yes\n'),
    ]),
  );
  ok(
    cli(source, [
      'import',
      'opening-stock',
      file('s.csv', "Product Code,Warehouse Code,Quantity,Serial Number\nDRILL,MAIN,3,=D-1\n,,,-D-2\n,,,'@D-3\nDRILL,@SHOP,1,D-4\n-CABLE,MAIN,12.5,\n"),
    ]),
  );

  const warehouses = ok(cli(source, ['warehouse', 'list', '--format', 'csv']));
  const products = ok(cli(source, ['product', 'list', '--format', 'csv']));
  const enquiry = ok(cli(source, ['enquiry', '--status', 'available', '--format', 'csv']));
  const soh = ok(cli(source, ['soh', '--format', 'csv']));
  // formula cells are neutralised in every export
  for (const text of [warehouses, products, enquiry]) expect(text).not.toMatch(/(^|,)[=+\-@]/m);
  expect(enquiry).toContain("'=D-1");

  const target = freshLedger('target.db');
  ok(cli(target, ['import', 'warehouses', file('w2.csv', warehouses)]));
  ok(cli(target, ['import', 'products', file('p2.csv', products)]));
  ok(cli(target, ['import', 'opening-stock', file('e2.csv', enquiry)]));
  // stock on hand of products without serials (serialized stock came with the enquiry)
  const sohLines = soh.trim().split('\n');
  const plain = [sohLines[0], ...sohLines.slice(1).filter((l) => l.endsWith(','))].join('\n') + '\n';
  ok(cli(target, ['import', 'opening-stock', file('soh2.csv', plain)]));

  expect(ok(cli(target, ['warehouse', 'list', '--format', 'csv']))).toBe(warehouses);
  expect(ok(cli(target, ['product', 'list', '--format', 'csv']))).toBe(products);
  expect(ok(cli(target, ['soh', '--format', 'csv']))).toBe(soh);
  const serialsOf = (db: string) =>
    (JSON.parse(ok(cli(db, ['--json', 'enquiry', '--status', 'available']))) as { serial: string; product: string; warehouse: string }[]).map(
      (r) => `${r.product}/${r.warehouse}/${r.serial}`,
    );
  expect(serialsOf(target)).toEqual(serialsOf(source));
  expect(serialsOf(target)).toContain('DRILL/MAIN/=D-1');
  // a quote before a formula character in an input file is the neutralisation itself
  expect(serialsOf(target)).toContain('DRILL/MAIN/@D-3');
  assertVerifies(source);
  assertVerifies(target);
});

it('CSV holds one value per cell: enquiry counts assignments, history gives the order apart from the document, enum values are lower case, times local', () => {
  const db = freshLedger('cells.db');
  for (const args of [
    ['warehouse', 'add', 'MAIN'],
    ['supplier', 'add', 'ACME'],
    ['customer', 'add', 'BAKER'],
    ['product', 'add', 'DRILL', '--serialized'],
    ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'DRILL:2'],
    ['po', 'receive', 'PO-00000001', '--product', 'DRILL', '--serials', 'D-1,D-2'],
    ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'DRILL:1'],
    ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'DRILL:1'],
    ['so', 'assign', 'SO-00000001', '--product', 'DRILL', '--serials', 'D-1'],
    ['so', 'assign', 'SO-00000002', '--product', 'DRILL', '--serials', 'D-1'],
    ['adjust', 'out', '--warehouse', 'MAIN', '--product', 'DRILL', '--serials', 'D-2', '--reason', 'lost'],
  ]) {
    ok(cli(db, args));
  }
  const rows = (text: string) => text.trimEnd().split('\n').map((l) => l.split(','));
  const enquiry = rows(ok(cli(db, ['enquiry', '--format', 'csv'])));
  expect(enquiry).toEqual([
    ['Product Code', 'Warehouse Code', 'Serial Number', 'Status', 'Last Document', 'Last Date', 'Party', 'Assignments'],
    ['DRILL', 'MAIN', 'D-1', 'available', 'PR-00000001', expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/), 'ACME', '2'],
    ['DRILL', 'MAIN', 'D-2', 'unavailable', 'SA-00000001', expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/), '', '0'],
  ]);
  const history = rows(ok(cli(db, ['history', 'D-2', '--format', 'csv'])));
  expect(history).toEqual([
    ['Product', 'Serial', 'When', 'Movement', 'Document', 'Order', 'From', 'To', 'Status', 'Party', 'Unit'],
    ['DRILL', 'D-2', expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/), 'receipt', 'PR-00000001', 'PO-00000001', '', 'MAIN', 'available', 'ACME', ''],
    ['DRILL', 'D-2', expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/), 'adjustment_out', 'SA-00000001', '', 'MAIN', '', 'unavailable', '', ''],
  ]);
  // the enquiry export still reads back into a fresh ledger as opening stock
  const target = freshLedger('cells-target.db');
  ok(cli(target, ['warehouse', 'add', 'MAIN']));
  ok(cli(target, ['product', 'add', 'DRILL', '--serialized']));
  const path = join(dir, 'cells-enquiry.csv');
  writeFileSync(path, ok(cli(db, ['enquiry', '--status', 'available', '--format', 'csv'])));
  ok(cli(target, ['import', 'opening-stock', path]));
  expect((JSON.parse(ok(cli(target, ['--json', 'enquiry']))) as { serial: string }[]).map((r) => r.serial)).toEqual(['D-1']);
  assertVerifies(db);
  assertVerifies(target);
});
