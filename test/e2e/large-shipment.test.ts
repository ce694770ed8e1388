// End-to-end: a shipment of 100,000 serials is an ordinary command (RULES.md S-5), through
// the built CLI on a real ledger file, including the credit of part of it back and a
// parked shipment of tens of thousands dispatched later. The 150,000 serials in stock are
// put there once; each test works on its own copy of that ledger.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { assertVerifies, cli, copyLedger, ok, seededForFile } from '../helpers/ledger.js';

/**
 * Each test runs several commands over 100,000 serials and a full `db verify`: on a shared,
 * loaded machine that can pass the default minute. The command that matters is timed by the
 * test itself.
 */
const BIG_TEST_MS = 240_000;

const serialList = (prefix: string, from: number, to: number) => {
  const out: string[] = [];
  for (let i = from; i <= to; i++) out.push(`${prefix}${String(i).padStart(6, '0')}`);
  return out;
};

/** WIDGET L-000001 to L-150000 available in MAIN: read only, each test copies it. */
const base = seededForFile();
beforeAll(() => {
  const path = join(base.dir, 'in.txt');
  writeFileSync(path, serialList('L-', 1, 150_000).join('\n') + '\n');
  ok(cli(base.db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials-file', path, '--reason', 'opening']));
});

let dir: string;
let db: string;
beforeEach(() => {
  ({ dir, db } = copyLedger(base.db, base.dirs));
});

const file = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
};
const json = (args: string[]) => JSON.parse(ok(cli(db, ['--json', ...args])).stdout);
const widgetsInMain = () => json(['soh', '--product', 'WIDGET', '--warehouse', 'MAIN'])[0]?.quantity ?? 0;

it('S-5/S-3/S-4: one shipment of 100,000 serials, 10 of them assigned beforehand, is dispatched in one command; the order completes', () => {
  expect(widgetsInMain()).toBe(150_000);
  const so = json(['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:100000']).number;
  ok(cli(db, ['so', 'assign', so, '--product', 'WIDGET', '--serials', 'L-000001..L-000010']));

  const started = performance.now();
  const shipped = json(['so', 'ship', so, '--serials-file', file('ship.txt', serialList('L-', 11, 100_000))]);
  const seconds = (performance.now() - started) / 1000;
  expect(shipped).toMatchObject({ status: 'dispatched', orderCompleted: true, lines: [{ product: 'WIDGET', quantity: 100_000, serialCount: 100_000 }] });
  // every serial listed, the assigned ones first (they carry over), then those of the file
  expect(shipped.lines[0].serials).toHaveLength(100_000);
  expect(shipped.lines[0].serials.slice(8, 12)).toEqual(['L-000009', 'L-000010', 'L-000011', 'L-000012']);
  expect(shipped.lines[0].serials.at(-1)).toBe('L-100000');
  // Generous for a shared CI machine (it takes about 2 s here); a per-serial query or a
  // quadratic step at this size takes minutes, which is what this guards against.
  expect(seconds).toBeLessThan(60);

  expect(widgetsInMain()).toBe(50_000);
  const order = json(['so', 'show', so]);
  // the assignments were used up by the shipment; the order lists what it shipped on the shipment
  expect(order.lines[0]).toMatchObject({ shipped: 100_000, parked: 0, outstanding: 0, assignedCount: 0, assignedSerials: [], staleSerials: [] });
  expect(order.shipments).toEqual([expect.objectContaining({ number: shipped.number, status: 'dispatched', lines: [expect.objectContaining({ product: 'WIDGET', quantity: 100_000, serialCount: 100_000 })] })]);
  expect(order.shipments[0].lines[0].serials).toEqual(shipped.lines[0].serials);
  expect(json(['enquiry', 'L-000005'])[0]).toMatchObject({ status: 'unavailable', lastDocument: { number: shipped.number, party: 'BAKER' } });
  expect(json(['enquiry', 'L-099999'])[0]).toMatchObject({ status: 'unavailable', lastDocument: { number: shipped.number } });
  expect(json(['enquiry', 'L-100001'])[0]).toMatchObject({ status: 'available' });
  assertVerifies(db);
}, BIG_TEST_MS);

it('S-5/C-1: 10,000 of a shipment of 100,000 are credited back; then a parked shipment of 40,000 is dispatched later, and a second dispatch of any of them is rejected', () => {
  const so = json(['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:100000']).number;
  expect(json(['so', 'ship', so, '--serials-file', file('ship.txt', serialList('L-', 1, 100_000))])).toMatchObject({ status: 'dispatched', orderCompleted: true });
  expect(widgetsInMain()).toBe(50_000);
  const credit = json(['credit', 'create', '--so', so, '--product', 'WIDGET', '--serials-file', file('credit.txt', serialList('L-', 1, 10_000))]);
  expect(credit).toMatchObject({ product: 'WIDGET', quantity: 10_000, returned: true, serialCount: 10_000 });
  expect(credit.serials).toEqual(serialList('L-', 1, 10_000));
  expect(widgetsInMain()).toBe(60_000);
  // a list's table is one row per line; a show's table names the first serials of a line; CSV and --json carry them all
  const list = ok(cli(db, ['credit', 'list'])).stdout;
  expect(list).toMatch(new RegExp(`^${credit.number} +\\S+ +BAKER +${so} +WIDGET +10,000 +Yes$`, 'm'));
  expect(list).not.toContain('L-000001');
  const table = ok(cli(db, ['credit', 'show', credit.number])).stdout;
  expect(table).toContain('Serials of WIDGET: L-000001, L-000002, L-000003');
  expect(table).toContain('L-000020 … and 9,980 more (--format csv or --json lists them all)');
  expect(table).not.toContain('L-000021');
  expect(table.length).toBeLessThan(5_000);
  // CSV: one row per serial, the serial alone in its cell
  const csv = ok(cli(db, ['credit', 'show', credit.number, '--format', 'csv'])).stdout.split('\n');
  expect(csv[0]?.split(',').at(-1)).toBe('Serial Number');
  expect(csv).toHaveLength(1 + 10_000 + 1);
  expect(csv.slice(1, -1).map((row) => row.split(',').at(-1))).toEqual(serialList('L-', 1, 10_000));
  const shown = json(['credit', 'show', credit.number]);
  expect(shown.lines[0]).toMatchObject({ product: 'WIDGET', quantity: 10_000, serialCount: 10_000 });
  expect(shown.lines[0].serials).toEqual(serialList('L-', 1, 10_000));

  const next = json(['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:40000']).number;
  const parked = json(['so', 'ship', next, '--park', '--serials-file', file('park.txt', serialList('L-', 100_001, 140_000))]);
  expect(parked).toMatchObject({ status: 'parked', lines: [{ quantity: 40_000, serialCount: 40_000 }] });
  expect(parked.lines[0].serials).toHaveLength(40_000);
  expect(widgetsInMain()).toBe(60_000);
  const dispatched = json(['so', 'dispatch', parked.number]);
  expect(dispatched).toMatchObject({ status: 'dispatched', orderCompleted: true, lines: [{ quantity: 40_000, serialCount: 40_000 }] });
  expect(dispatched.lines[0].serials).toEqual(parked.lines[0].serials);
  expect(widgetsInMain()).toBe(20_000);

  // every serial already gone is named, with the shipment that took it
  const again = json(['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:3']).number;
  const r = cli(db, ['--json', 'so', 'ship', again, '--serials', 'L-000001,L-100001,L-140001']);
  expect(r.status).toBe(1);
  const error = JSON.parse(r.stderr).error;
  expect(error.details.map((d: { serial: string; code: string; document: string }) => [d.serial, d.code, d.document])).toEqual([['L-100001', 'serial_not_available', parked.number]]);
  assertVerifies(db);
}, BIG_TEST_MS);
