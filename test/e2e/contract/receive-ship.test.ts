// po receive and so ship through the built CLI: --json matches schemas/po/receive and
// schemas/so/ship (serials a list, serialCount a count, returning a list, orderCompleted),
// and the sentences people read count with plurals and thousands separators.

import { expect, it } from 'vitest';
import { assertVerifies, cli, copyLedger, ok, seededForFile } from '../../helpers/ledger.js';
import { contract } from '../../helpers/json-contract.js';

const base = seededForFile();
const fresh = () => copyLedger(base.db, base.dirs, 'serials-contract-rs-').db;
const number = (db: string, args: string[]) => JSON.parse(ok(cli(db, ['--json', ...args])).stdout).number as string;

it('po receive --json: serials listed as the ledger holds them, serialCount, a product by quantity, returning units, orderCompleted', () => {
  const db = fresh();
  const po = number(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:3', '--line', 'CABLE:2.5']);
  const first = contract(['po', 'receive'], cli(db, ['--json', 'po', 'receive', po, '--product', 'WIDGET', '--serials', 'W-1, w-2']));
  expect(first).toMatchObject({ purchaseOrder: po, supplier: 'ACME', warehouse: 'MAIN', orderCompleted: false, returning: [] });
  expect(first.number).toMatch(/^PR-\d{8}$/);
  expect(first.lines).toEqual([{ product: 'WIDGET', quantity: 2, serials: ['W-1', 'w-2'], serialCount: 2 }]);

  // W-1 leaves on a shipment, then comes back on the last receipt of the order
  const so = number(db, ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:1']);
  const shipment = number(db, ['so', 'ship', so, '--serials', 'W-1']);
  const last = contract(['po', 'receive'], cli(db, ['--json', 'po', 'receive', po, '--serials', 'w-1']));
  expect(last.orderCompleted).toBe(true);
  expect(last.lines).toEqual([
    // the returning unit keeps the text it was first recorded with
    { product: 'WIDGET', quantity: 1, serials: ['W-1'], serialCount: 1 },
    { product: 'CABLE', quantity: 2.5, serials: [], serialCount: 0 },
  ]);
  expect(last.returning).toEqual([{ serial: 'W-1', product: 'WIDGET', previousStatus: 'unavailable', lastDocument: shipment }]);
  assertVerifies(db);
});

it('so ship --json: dispatched with an assigned serial and a given one, parked, and a product shipped by quantity', () => {
  const db = fresh();
  ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'S-1..S-5', '--reason', 'stock']));
  ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '10', '--reason', 'stock']));
  const so = number(db, ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:2', '--line', 'CABLE:1.5']);
  ok(cli(db, ['so', 'assign', so, '--product', 'WIDGET', '--serials', 'S-1']));
  const shipped = contract(['so', 'ship'], cli(db, ['--json', 'so', 'ship', so, '--serials', 's-2']));
  expect(shipped).toMatchObject({ salesOrder: so, customer: 'BAKER', warehouse: 'MAIN', status: 'dispatched', orderCompleted: true });
  expect(shipped.lines).toEqual([
    // the assigned serial first (it carries over), then the one given, as the ledger holds it
    { product: 'WIDGET', quantity: 2, serials: ['S-1', 'S-2'], serialCount: 2 },
    { product: 'CABLE', quantity: 1.5, serials: [], serialCount: 0 },
  ]);

  const next = number(db, ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:3']);
  const parked = contract(['so', 'ship'], cli(db, ['--json', 'so', 'ship', next, '--park', '--serials', 'S-3,S-4']));
  expect(parked).toMatchObject({ salesOrder: next, status: 'parked', orderCompleted: false });
  expect(parked.lines).toEqual([{ product: 'WIDGET', quantity: 3, serials: ['S-3', 'S-4'], serialCount: 2 }]);
  assertVerifies(db);
});

it('the sentences people read: plurals and thousands separators, and what a parked shipment still needs', () => {
  const db = fresh();
  const po = number(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:1201', '--line', 'CABLE:1000.5']);
  const many = ok(cli(db, ['po', 'receive', po, '--product', 'WIDGET', '--serials', 'R-0001..R-1200']));
  expect(many.stdout.trim()).toMatch(/^Received 1,200 serials of WIDGET on PO-\d{8} into MAIN \(receipt PR-\d{8}\)\.$/);
  const one = ok(cli(db, ['po', 'receive', po, '--serials', 'R-1201']));
  expect(one.stdout.trim()).toBe(`Received 1 serial of WIDGET and 1,000.5 of CABLE on ${po} into MAIN (receipt PR-00000002). ${po} is now completed.`);

  const so = number(db, ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:1200']);
  const shipped = ok(cli(db, ['so', 'ship', so, '--serials', 'R-0001..R-1200']));
  expect(shipped.stdout.trim()).toBe(`Shipment SS-00000001 on ${so} dispatched to BAKER from MAIN: WIDGET 1,200. ${so} is now completed.`);

  const next = number(db, ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:2']);
  const parked = ok(cli(db, ['so', 'ship', next, '--park', '--serials', 'R-1201']));
  expect(parked.stdout.trim()).toBe(`Shipment SS-00000002 on ${next} created and parked: WIDGET 2. Dispatch it with: serials so dispatch SS-00000002`);
  expect(parked.stderr).toContain(`SS-00000002 holds 1 serial of WIDGET for 2: assign 1 more on ${next} before dispatch (serials so assign ${next} --product WIDGET --serials …).`);
  assertVerifies(db);
});
