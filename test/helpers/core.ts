// Shared helpers for in-process (core) tests.

import { expect } from 'vitest';
import { RejectedError, type Problem } from '../../src/errors.js';
import { adjustStock, type AdjustInput } from '../../src/core/stock/adjustments.js';
import { receivePurchaseOrder, type ReceiveInput } from '../../src/core/purchasing/purchase-receipts.js';
import { stockOnHand } from '../../src/core/reports/stock-on-hand.js';
import type { TestLedger } from './ledger.js';

/** Awaits a command that must be rejected; returns its problems. */
export async function rejected(promise: Promise<unknown>): Promise<Problem[]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RejectedError);
  return (error as RejectedError).problems;
}

/**
 * db verify now, in the middle of a test: no discrepancy between current state and history.
 * After every test that writes this happens by itself (test/setup.ts); call it only to check
 * a point before the end.
 */
export async function expectLedgerVerifies(ledger: TestLedger): Promise<void> {
  const report = await ledger.verify();
  expect(report.discrepancies).toEqual([]);
  expect(report.ok).toBe(true);
}

export const serials = (...raws: string[]) => raws.map((raw) => ({ raw }));

/** Commands bound to one test ledger, each in its own write transaction. */
export function commandsFor(ledger: () => TestLedger) {
  return {
    adjust: (input: Partial<AdjustInput> & Pick<AdjustInput, 'direction' | 'warehouse'>) =>
      ledger().write((db) => adjustStock(db, { serials: [], reason: 'test', ...input })),
    receive: (input: ReceiveInput) => ledger().write((db) => receivePurchaseOrder(db, input)),
    soh: async () =>
      (await stockOnHand(ledger().db)).map((r) => ({ product: r.product, warehouse: r.warehouse, quantityE4: r.quantityE4, serials: r.serials })),
  };
}
