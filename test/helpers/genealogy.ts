// A ledger of pumps built from parts in three levels, for trace and recall (RULES.md M-5, E-2):
//
//   COIL (parts) → ROTOR (sub-assembly, 2 coils) → MOTOR (assembly: a rotor and a housing)
//   → PUMP (top product: a motor and a case)
//
// COIL C-1..C-4 received from ACME on PO-00000001 on 2026-01-10; C-5, C-6, the housings
// H-1, H-2 and the cases K-1, K-2 from BETA on PO-00000002 on 2026-02-10.
// AS-00000001 makes rotors R-1 (C-1, C-2) and R-2 (C-3, C-5); AS-00000002 motors M-1 (R-1,
// H-1) and M-2 (R-2, H-2); AS-00000003 pumps P-1 (M-1, K-1) and P-2 (M-2, K-2). P-1 is
// shipped to BAKER on SS-00000001 (SO-00000001); P-2 stays in MAIN. C-4 and C-6 stay in stock.
// `rebuild` then takes P-2 apart (DA-00000001) and builds P-3 from M-2 and K-2 (AS-00000004).

import { vi } from 'vitest';
import { serials } from './core.js';
import { seed, type TestLedger } from './ledger.js';
import { addEntry } from '../../src/core/master-data/directory.js';
import { addProduct } from '../../src/core/master-data/products.js';
import { createPurchaseOrder } from '../../src/core/purchasing/purchase-orders.js';
import { receivePurchaseOrder } from '../../src/core/purchasing/purchase-receipts.js';
import { createSalesOrder } from '../../src/core/sales/sales-orders.js';
import { shipSalesOrder } from '../../src/core/sales/shipments.js';
import { assemble } from '../../src/core/assemblies/assemble.js';
import { disassemble } from '../../src/core/assemblies/disassemble.js';
import { codeKey } from '../../src/core/values/codes.js';
import type { Db } from '../../src/db/open.js';

/** A BOM written as the bom commands store it: per-unit quantities in ten-thousandths. */
async function bom(db: Db, product: string, components: [string, number][]): Promise<void> {
  const id = async (code: string) => (await db.selectFrom('products').select('id').where('code_key', '=', codeKey(code)).executeTakeFirstOrThrow()).id;
  const productId = await id(product);
  for (const [i, [code, qty]] of components.entries()) {
    await db.insertInto('bom_components').values({ product_id: productId, line_no: i + 1, component_id: await id(code), quantity_e4: qty * 10_000, updated_at: '2026-01-01T00:00:00.000Z' }).execute();
  }
}

async function receive(ledger: TestLedger, supplier: string, at: string, lines: [string, string[]][]): Promise<void> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(at));
  try {
    await ledger.write(async (db) => {
      const po = await createPurchaseOrder(db, { supplier, warehouse: 'MAIN', lines: lines.map(([product, list]) => ({ product, quantity: String(list.length) })) });
      for (const [product, list] of lines) await receivePurchaseOrder(db, { purchaseOrder: po.number, product, serials: serials(...list) });
    });
  } finally {
    vi.useRealTimers();
  }
}

/** Builds the pumps on a seeded ledger (see the top of this file). */
export async function buildPumps(ledger: TestLedger): Promise<void> {
  await seed(ledger);
  await ledger.write(async (db) => {
    await addEntry(db, 'supplier', { code: 'BETA' });
    for (const code of ['PUMP', 'MOTOR', 'ROTOR', 'COIL', 'HOUSING', 'CASE']) await addProduct(db, { code, serialized: true });
    await bom(db, 'ROTOR', [['COIL', 2]]);
    await bom(db, 'MOTOR', [
      ['ROTOR', 1],
      ['HOUSING', 1],
    ]);
    await bom(db, 'PUMP', [
      ['MOTOR', 1],
      ['CASE', 1],
    ]);
  });
  await receive(ledger, 'ACME', '2026-01-10T12:00:00.000Z', [['COIL', ['C-1', 'C-2', 'C-3', 'C-4']]]);
  await receive(ledger, 'BETA', '2026-02-10T12:00:00.000Z', [
    ['COIL', ['C-5', 'C-6']],
    ['HOUSING', ['H-1', 'H-2']],
    ['CASE', ['K-1', 'K-2']],
  ]);
  await ledger.write(async (db) => {
    const build = (product: string, units: string[], components: [string, string[]][]) =>
      assemble(db, { product, warehouse: 'MAIN', serials: serials(...units), components: components.map(([p, list]) => ({ product: p, serials: serials(...list) })) });
    await build('ROTOR', ['R-1', 'R-2'], [['COIL', ['C-1', 'C-2', 'C-3', 'C-5']]]);
    await build('MOTOR', ['M-1', 'M-2'], [
      ['ROTOR', ['R-1', 'R-2']],
      ['HOUSING', ['H-1', 'H-2']],
    ]);
    await build('PUMP', ['P-1', 'P-2'], [
      ['MOTOR', ['M-1', 'M-2']],
      ['CASE', ['K-1', 'K-2']],
    ]);
    const so = await createSalesOrder(db, { customer: 'BAKER', warehouse: 'MAIN', lines: [{ product: 'PUMP', quantity: '1' }] });
    await shipSalesOrder(db, { salesOrder: so.number, serials: serials('P-1') });
  });
}

/** P-2 taken apart (DA-00000001), and its motor and case built into a new pump P-3 (AS-00000004). */
export async function rebuild(ledger: TestLedger): Promise<void> {
  await ledger.write(async (db) => {
    await disassemble(db, { product: 'PUMP', warehouse: 'MAIN', serials: serials('P-2'), components: [] });
    await assemble(db, { product: 'PUMP', warehouse: 'MAIN', serials: serials('P-3'), components: [{ product: 'MOTOR', serials: serials('M-2') }, { product: 'CASE', serials: serials('K-2') }] });
  });
}
