// K-3 through the built CLI: while a stock count is in progress, every kind of document that
// would move stock of its products in its warehouse is refused (exit 1) naming the count,
// and accepted once the count is completed or deleted; a product the count does not hold, or
// the same product in another warehouse, moves freely meanwhile. The ledger is built once
// and copied.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertVerifies, cli, cliLedger, copyLedger, ok, type CliResult } from '../helpers/ledger.js';

const dirs: string[] = [];
/** The count in progress in MAIN, with everything it expects scanned or entered: completing it posts nothing. */
let template: string;
const COUNT = 'SC-00000001';
let files: { openingStock: string; serials: string };

beforeAll(() => {
  const base = cliLedger();
  dirs.push(base.dir);
  template = base.db;
  files = { openingStock: join(base.dir, 'opening.csv'), serials: join(base.dir, 'serials.csv') };
  writeFileSync(files.openingStock, 'Product Code,Warehouse Code,Quantity,Unit Cost,Serial Number\nWIDGET,MAIN,1,,OS-1\n');
  writeFileSync(files.serials, 'Product Code,Warehouse Code,Serial Number\nCABLE,MAIN,C-1\nCABLE,MAIN,C-2\n');
  for (const step of [
    ['product', 'add', 'GADGET', '--serialized'],
    ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:6'],
    ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', 'W-1..W-5'],
    ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '3', '--reason', 'setup'],
    ['adjust', 'in', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'B-0', '--reason', 'setup'],
    ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:2'],
    ['so', 'ship', 'SO-00000001', '--qty', '1', '--product', 'WIDGET', '--serials', 'W-1'],
    ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:1'],
    ['so', 'ship', 'SO-00000002', '--serials', 'W-3', '--park'],
    ['count', 'create', '--warehouse', 'MAIN', '--product', 'WIDGET', '--product', 'CABLE'],
    ['count', 'start', COUNT],
    ['count', 'scan', COUNT, '--serials', 'W-2,W-3,W-4,W-5'],
    ['count', 'enter', COUNT, '--product', 'CABLE', '--qty', '3'],
  ]) {
    ok(cli(template, step));
  }
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Each kind of document that moves WIDGET or CABLE in MAIN. */
const MOVES: [string, () => string[]][] = [
  ['po receive', () => ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', 'W-6']],
  ['so ship (dispatched at once)', () => ['so', 'ship', 'SO-00000001', '--serials', 'W-2']],
  ['so dispatch (a parked shipment)', () => ['so', 'dispatch', 'SS-00000002']],
  ['credit create (returning stock)', () => ['credit', 'create', '--so', 'SO-00000001', '--product', 'WIDGET', '--serials', 'W-1']],
  ['supplier-return create', () => ['supplier-return', 'create', '--po', 'PO-00000001', '--product', 'WIDGET', '--serials', 'W-4']],
  ['adjust in', () => ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'W-NEW', '--reason', 'found']],
  ['adjust out', () => ['adjust', 'out', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '1', '--reason', 'damaged']],
  ['import opening-stock', () => ['import', 'opening-stock', files.openingStock]],
  ['import serials', () => ['import', 'serials', files.serials]],
  ['transfer out of the warehouse', () => ['transfer', 'create', '--from', 'MAIN', '--to', 'BACK', '--product', 'WIDGET', '--serials', 'W-5']],
  ['transfer into the warehouse', () => ['transfer', 'create', '--from', 'BACK', '--to', 'MAIN', '--product', 'WIDGET', '--serials', 'B-0']],
];

function refusedNamingCount(r: CliResult): void {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain(COUNT);
}

describe('K-3: a count in progress freezes its products in its warehouse', () => {
  let db: string;
  beforeAll(() => {
    db = copyLedger(template, dirs, 'serials-e2e-freeze-').db;
  });

  it.each(MOVES)('K-3: %s is refused (exit 1) naming the count', (_name, args) => {
    refusedNamingCount(cli(db, args()));
  });

  it('K-3: a product the count does not hold moves freely in its warehouse, and a counted product in another warehouse', () => {
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'GADGET', '--serials', 'G-1', '--reason', 'found']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'B-1', '--reason', 'found']));
  });

  it('K-3: once the count is completed, each of them is accepted', () => {
    const done = JSON.parse(ok(cli(db, ['--json', '--yes', 'count', 'complete', COUNT])).stdout);
    expect(done.posted).toEqual({ removedCount: 0, addedCount: 0, movedCount: 0, adjustedLineCount: 0 });
    for (const [name, args] of MOVES) {
      const r = cli(db, args());
      expect(r.status, `${name}: ${r.stderr}`).toBe(0);
    }
    assertVerifies(db);
  });
});

describe('K-3: a deleted count frees its products', () => {
  it('K-3: after count delete the refused adjustment is accepted', () => {
    const db = copyLedger(template, dirs, 'serials-e2e-freeze-').db;
    const [, adjustIn] = MOVES.find(([name]) => name === 'adjust in') as [string, () => string[]];
    refusedNamingCount(cli(db, adjustIn()));
    ok(cli(db, ['count', 'delete', COUNT]));
    ok(cli(db, adjustIn()));
    assertVerifies(db);
  });
});
