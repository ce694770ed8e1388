// Stock counts through the built CLI: every count command's --json (create, start, scan,
// unscan, enter, variance, complete, delete, list, show) checked against its schema in
// schemas/count/, on output that covers what the shapes hold: changes at the start, every
// variance class, a non-serialized line, a returning unit, a completed and a deleted count;
// and the error object of a count that does not exist.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { assertVerifies, cli, cliLedger, ok } from '../../helpers/ledger.js';
import { contract, expectErrorContract } from '../../helpers/json-contract.js';

let db: string;
const dirs: string[] = [];
const run = (...args: string[]) => cli(db, ['--json', ...args]);

beforeAll(() => {
  const made = cliLedger();
  dirs.push(made.dir);
  db = made.db;
  for (const step of [
    ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'W-1..W-3,GONE', '--reason', 'setup'],
    ['adjust', 'out', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'GONE', '--reason', 'setup'],
    ['adjust', 'in', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'W-9', '--reason', 'setup'],
    ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '2.5', '--reason', 'setup'],
  ]) {
    ok(cli(db, step));
  }
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('count commands --json (K-1 to K-6)', () => {
  it('K-1: count create, start (with what changed), show and list --json match their schemas', () => {
    const created = contract(['count', 'create'], run('count', 'create', '--warehouse', 'MAIN'));
    expect(created).toMatchObject({ number: 'SC-00000001', warehouse: 'MAIN', status: 'open', allProducts: true, startedAt: null, completedAt: null });
    expect(created.lines).toEqual([
      { line: 1, product: 'CABLE', serialized: false, expected: 2.5, expectedSerialCount: 0, counted: null, scannedSerialCount: 0, scans: 0 },
      { line: 2, product: 'WIDGET', serialized: true, expected: 3, expectedSerialCount: 3, counted: 0, scannedSerialCount: 0, scans: 0 },
    ]);
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'W-4', '--reason', 'late']));
    const started = contract(['count', 'start'], run('count', 'start', 'SC-00000001'));
    expect(started.status).toBe('in_progress');
    expect(started.changes).toEqual([{ product: 'WIDGET', added: false, expectedBefore: 3, expected: 4, serialsAdded: 1, serialsRemoved: 0 }]);
    const shown = contract(['count', 'show'], run('count', 'show', 'sc-00000001'));
    expect(shown).toEqual({ ...started, changes: undefined, lines: started.lines });
    const listed = contract(['count', 'list'], run('count', 'list', '--status', 'IN_PROGRESS'));
    expect(listed).toEqual([expect.objectContaining({ number: 'SC-00000001', status: 'in_progress', lineCount: 2, expectedSerialCount: 4, scannedSerialCount: 0 })]);
  });

  it('K-4: count scan, unscan and enter --json match their schemas', () => {
    const scanned = contract(['count', 'scan'], run('count', 'scan', 'SC-00000001', '--serials', 'W-1,W-2,w-1,W-9,GONE,NEW-1,W-4'));
    expect(scanned).toEqual({ number: 'SC-00000001', scannedCount: 7, newSerialCount: 6, repeatCount: 1, products: [{ product: 'WIDGET', scannedCount: 7 }] });
    const unscanned = contract(['count', 'unscan'], run('count', 'unscan', 'SC-00000001', '--serials', 'W-4'));
    expect(unscanned).toEqual({ number: 'SC-00000001', unscannedCount: 1, removedCount: 1 });
    const entered = contract(['count', 'enter'], run('count', 'enter', 'SC-00000001', '--product', 'CABLE', '--qty', '3'));
    expect(entered).toEqual({ number: 'SC-00000001', product: 'CABLE', expected: 2.5, counted: 3, previous: null });
  });

  it('K-5: count variance --json: every serial classified, with what completion does; per product and totals', () => {
    const v = contract(['count', 'variance'], run('count', 'variance', 'SC-00000001'));
    expect(v.rows).toEqual([
      { serial: 'GONE', product: 'WIDGET', class: 'unexpected', situation: 'unexpected', scans: 1, action: 'add' },
      { serial: 'NEW-1', product: 'WIDGET', class: 'unexpected', situation: 'unexpected', scans: 1, action: 'add' },
      { serial: 'W-1', product: 'WIDGET', class: 'scanned_twice', situation: 'counted', scans: 2, action: 'none' },
      { serial: 'W-2', product: 'WIDGET', class: 'counted', situation: 'counted', scans: 1, action: 'none' },
      { serial: 'W-9', product: 'WIDGET', class: 'wrong_place', situation: 'wrong_place', warehouse: 'BACK', scans: 1, action: 'move' },
      { serial: 'W-3', product: 'WIDGET', class: 'missing', situation: 'missing', scans: 0, action: 'remove' },
      { serial: 'W-4', product: 'WIDGET', class: 'missing', situation: 'missing', scans: 0, action: 'remove' },
    ]);
    expect(v.products).toEqual([
      { product: 'CABLE', serialized: false, expected: 2.5, counted: 3, difference: 0.5, classes: { counted: 0, missing: 0, unexpected: 0, wrongPlace: 0, scannedTwice: 0 } },
      { product: 'WIDGET', serialized: true, expected: 4, counted: 5, difference: 1, classes: { counted: 2, missing: 2, unexpected: 2, wrongPlace: 1, scannedTwice: 1 } },
    ]);
    expect(v.totals).toEqual({ expected: 6.5, counted: 8, difference: 1.5, classes: { counted: 2, missing: 2, unexpected: 2, wrongPlace: 1, scannedTwice: 1 }, notCounted: [] });
  });

  it('K-6: count complete --json: what was posted, the returning unit; the completed variance is what was recorded', () => {
    const before = JSON.parse(ok(run('count', 'variance', 'SC-00000001')).stdout);
    const done = contract(['count', 'complete'], run('--yes', 'count', 'complete', 'SC-00000001'));
    expect(done).toMatchObject({ number: 'SC-00000001', status: 'completed', completed: true, posted: { removedCount: 2, addedCount: 2, movedCount: 1, adjustedLineCount: 1 } });
    expect(done.returning).toEqual([{ serial: 'GONE', product: 'WIDGET', previousStatus: 'unavailable', lastDocument: 'SA-00000002' }]);
    const after = contract(['count', 'variance'], run('count', 'variance', 'SC-00000001'));
    expect(after).toEqual({ ...before, status: 'completed' });
    const soh = JSON.parse(ok(run('soh')).stdout) as { product: string; warehouse: string; quantity: number }[];
    expect(soh.filter((r) => r.warehouse === 'MAIN').map((r) => [r.product, r.quantity])).toEqual([
      ['CABLE', 3],
      ['WIDGET', 5],
    ]);
    assertVerifies(db);
  });

  it('K-1: count delete --json; a count that does not exist is exit 1 with the error object', () => {
    ok(cli(db, ['count', 'create', '--warehouse', 'BACK', '--product', 'WIDGET']));
    expect(contract(['count', 'delete'], run('count', 'delete', 'SC-00000002'))).toEqual({ number: 'SC-00000002', status: 'deleted' });
    const missing = run('count', 'show', 'SC-00000099');
    expect(missing.status).toBe(1);
    expect(missing.stdout).toBe('');
    expect(expectErrorContract(missing)).toMatchObject({ code: 'unknown_stock_count' });
  });
});
