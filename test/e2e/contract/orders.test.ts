// Purchase and sales orders through the built CLI: every command's --json (po create, list,
// show, delete; so create, list, show, delete, assign, unassign, dispatch, cancel-shipment)
// checked against its schema in schemas/, on real output that covers what the shapes can
// hold — receipts and serials received, a deleted order, assigned and stale serials, a
// warning, dispatched, parked and cancelled shipments.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { assertVerifies, cli, cliLedger, ok } from '../../helpers/ledger.js';
import { contract } from '../../helpers/json-contract.js';

let db: string;
const dirs: string[] = [];

/** Each describe works on its own ledger: MAIN, BACK, ACME, BAKER, WIDGET (serialized), CABLE. */
function freshLedger(): void {
  const made = cliLedger();
  dirs.push(made.dir);
  db = made.db;
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const run = (...args: string[]) => cli(db, ['--json', ...args]);

describe('purchase orders', () => {
  beforeAll(freshLedger);

  it('po create, show, list and delete --json match their schemas', () => {
    const created = contract(['po', 'create'], run('po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:6:4.50', '--line', 'CABLE:10'));
    expect(created).toMatchObject({ number: 'PO-00000001', supplier: 'ACME', status: 'open', receipts: [] });
    expect(created.lines[0]).toEqual({ line: 1, product: 'WIDGET', serialized: true, quantity: 6, received: 0, outstanding: 6, unitCost: 4.5, serialCount: 0, serials: [] });
    ok(cli(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', 'W-1..W-6']));
    ok(cli(db, ['po', 'receive', 'PO-00000001', '--product', 'CABLE', '--qty', '4']));

    const shown = contract(['po', 'show'], run('po', 'show', 'PO-00000001'));
    expect(shown.lines[0]).toMatchObject({ received: 6, outstanding: 0, serialCount: 6, serials: ['W-1', 'W-2', 'W-3', 'W-4', 'W-5', 'W-6'] });
    expect(shown.lines[1]).toMatchObject({ received: 4, outstanding: 6, unitCost: null, serialCount: 0, serials: [] });
    expect(shown.receipts.map((r: { number: string }) => r.number)).toEqual(['PR-00000001', 'PR-00000002']);

    ok(cli(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'BACK', '--line', 'WIDGET:2']));
    expect(contract(['po', 'delete'], run('po', 'delete', 'PO-00000002'))).toEqual({ number: 'PO-00000002', status: 'deleted' });
    expect(contract(['po', 'show'], run('po', 'show', 'PO-00000002'))).toMatchObject({ status: 'deleted', lines: [{ outstanding: 0 }] });

    const listed = contract(['po', 'list'], run('po', 'list'));
    expect(listed).toEqual([
      { number: 'PO-00000001', supplier: 'ACME', warehouse: 'MAIN', status: 'open', createdAt: expect.any(String), lineCount: 2, receivedLineCount: 1 },
      { number: 'PO-00000002', supplier: 'ACME', warehouse: 'BACK', status: 'deleted', createdAt: expect.any(String), lineCount: 1, receivedLineCount: 0 },
    ]);
    expect(contract(['po', 'list'], run('po', 'list', '--status', 'completed'))).toEqual([]);
    assertVerifies(db);
  });
});

describe('sales orders', () => {
  beforeAll(() => {
    freshLedger();
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'W-1..W-6', '--reason', 'opening']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '10', '--reason', 'opening']));
  });

  it('so create, assign, unassign, dispatch, cancel-shipment, show, list and delete --json match their schemas', () => {
    const created = contract(['so', 'create'], run('so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:4:129', '--line', 'CABLE:2.5'));
    const so = created.number as string;
    expect(created.lines[1]).toEqual({ line: 2, product: 'CABLE', serialized: false, quantity: 2.5, shipped: 0, parked: 0, outstanding: 2.5, unitPrice: null, assignedCount: 0, assignedSerials: [], staleSerials: [] });

    expect(contract(['so', 'assign'], run('so', 'assign', so, '--product', 'WIDGET', '--serials', 'W-1,W-2'))).toEqual({ number: so, product: 'WIDGET', serialCount: 2, serials: ['W-1', 'W-2'], warnings: [] });
    // a second order takes W-2 too (a warning), and W-3
    const other = contract(['so', 'create'], run('so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:2'));
    const warned = contract(['so', 'assign'], run('so', 'assign', other.number, '--product', 'WIDGET', '--serials', 'W-2,W-3'));
    expect(warned.warnings).toEqual([{ serial: 'W-2', salesOrders: [so] }]);
    expect(contract(['so', 'unassign'], run('so', 'unassign', other.number, '--product', 'WIDGET', '--serials', 'W-3'))).toEqual({ number: other.number, product: 'WIDGET', serialCount: 1, serials: ['W-3'] });

    // dispatched at once (W-1, W-2 assigned), parked and dispatched, parked and cancelled
    ok(cli(db, ['so', 'ship', so, '--product', 'WIDGET', '--qty', '2']));
    const parked = JSON.parse(ok(run('so', 'ship', so, '--product', 'WIDGET', '--qty', '1', '--serials', 'W-4', '--park')).stdout).number as string;
    const dispatched = contract(['so', 'dispatch'], run('so', 'dispatch', parked));
    expect(dispatched).toEqual({ number: parked, salesOrder: so, customer: 'BAKER', warehouse: 'MAIN', status: 'dispatched', orderCompleted: false, lines: [{ product: 'WIDGET', quantity: 1, serialCount: 1, serials: ['W-4'] }] });
    const toCancel = JSON.parse(ok(run('so', 'ship', so, '--serials', 'W-5', '--park')).stdout).number as string;
    const waiting = contract(['so', 'show'], run('so', 'show', so));
    expect(waiting.shipments.at(-1)).toMatchObject({ number: toCancel, status: 'parked', dispatchedAt: null, lines: [{ product: 'WIDGET', serialCount: 1, serials: ['W-5'] }, { product: 'CABLE', quantity: 2.5, serialCount: 0, serials: [] }] });
    const cancelled = contract(['so', 'cancel-shipment'], run('so', 'cancel-shipment', toCancel));
    expect(cancelled).toEqual({
      number: toCancel,
      salesOrder: so,
      customer: 'BAKER',
      warehouse: 'MAIN',
      status: 'cancelled',
      orderCompleted: false,
      lines: [
        { product: 'WIDGET', quantity: 1, serialCount: 1, serials: ['W-5'] },
        { product: 'CABLE', quantity: 2.5, serialCount: 0, serials: [] },
      ],
    });

    // W-2 left on `so`: the other order's assignment of it is stale now
    const shown = contract(['so', 'show'], run('so', 'show', so));
    expect(shown.shipments.map((sh: { status: string }) => sh.status)).toEqual(['dispatched', 'dispatched', 'cancelled']);
    expect(shown.shipments[0].lines).toEqual([{ product: 'WIDGET', quantity: 2, serialCount: 2, serials: ['W-1', 'W-2'] }]);
    expect(shown.lines[0]).toMatchObject({ shipped: 3, parked: 0, outstanding: 1, assignedCount: 0 });
    expect(contract(['so', 'show'], run('so', 'show', other.number)).lines[0]).toMatchObject({ assignedCount: 1, assignedSerials: ['W-2'], staleSerials: ['W-2'] });

    expect(contract(['so', 'delete'], run('so', 'delete', other.number))).toEqual({ number: other.number, status: 'deleted', unassignedCount: 1 });
    expect(contract(['so', 'show'], run('so', 'show', other.number))).toMatchObject({ status: 'deleted', lines: [{ outstanding: 0, assignedCount: 0 }] });
    expect(contract(['so', 'list'], run('so', 'list'))).toEqual([
      { number: so, customer: 'BAKER', warehouse: 'MAIN', status: 'open', createdAt: expect.any(String), lineCount: 2, shippedLineCount: 0 },
      { number: other.number, customer: 'BAKER', warehouse: 'MAIN', status: 'deleted', createdAt: expect.any(String), lineCount: 1, shippedLineCount: 0 },
    ]);
    assertVerifies(db);
  });
});
