// One pass (DESIGN.md: "report every problem found in one pass, not only the first"; I-3):
// a credit or a supplier return with several things wrong reports all of them at once, each
// naming the serial, product, warehouse or document and saying how to fix it, and writes
// nothing. An unknown order means its own checks cannot run; everything else still is.

import { beforeEach, describe, expect, it } from 'vitest';
import { commandsFor, expectLedgerVerifies, rejected, serials } from '../helpers/core.js';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { addProduct } from '../../src/core/master-data/products.js';
import { createPurchaseOrder } from '../../src/core/purchasing/purchase-orders.js';
import { createSalesOrder } from '../../src/core/sales/sales-orders.js';
import { shipSalesOrder } from '../../src/core/sales/shipments.js';
import { createCredit, type CreditInput } from '../../src/core/sales/credits.js';
import { createSupplierReturn, type SupplierReturnInput } from '../../src/core/purchasing/supplier-returns.js';
import type { Problem } from '../../src/errors.js';

let ledger: TestLedger;
const { adjust, receive, soh } = commandsFor(() => ledger);

forEachEngine((engine) => {
  beforeEach(async () => {
    ledger = await newLedger(engine);
    await seed(ledger);
    // GADGET: serialized, on no order
    await ledger.write((db) => addProduct(db, { code: 'GADGET', serialized: true }));
  });


  const credit = (input: Partial<CreditInput>) => ledger.write((db) => createCredit(db, { product: 'WIDGET', serials: [], ...input }));
  const supplierReturn = (input: Partial<SupplierReturnInput> & { purchaseOrder: string }) =>
    ledger.write((db) => createSupplierReturn(db, { product: 'WIDGET', serials: [], ...input }));

  /** Everything a rejected credit or supplier return could have written. */
  async function written() {
    const count = async (table: 'credits' | 'credit_lines' | 'supplier_returns' | 'supplier_return_lines' | 'serial_movements' | 'stock_movements' | 'serials') =>
      (await ledger.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    return {
      soh: await soh(),
      credits: await count('credits'),
      creditLines: await count('credit_lines'),
      supplierReturns: await count('supplier_returns'),
      supplierReturnLines: await count('supplier_return_lines'),
      serials: await count('serials'),
      serialMovements: await count('serial_movements'),
      stockMovements: await count('stock_movements'),
    };
  }

  /** Rejected, with nothing written; its problems. Each says how to fix it. */
  async function rejectedWritingNothing(command: () => Promise<unknown>): Promise<Problem[]> {
    const before = await written();
    const problems = await rejected(command());
    expect(await written()).toEqual(before);
    for (const p of problems) expect(p.fix, `${p.code}: ${p.message}`).toMatch(/\S/);
    await expectLedgerVerifies(ledger);
    return problems;
  }

  const codes = (problems: Problem[]) => problems.map((p) => p.code).sort();
  const problem = (problems: Problem[], code: string) => problems.find((p) => p.code === code);

  describe('credits report every problem in one pass (C-1 to C-4)', () => {
    let so: string;
    beforeEach(async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-1', 'W-2', 'W-3', 'W-4') });
      so = (await ledger.write((db) => createSalesOrder(db, { customer: 'BAKER', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '2' }] }))).number;
      await ledger.write((db) => shipSalesOrder(db, { salesOrder: so, serials: serials('W-1', 'W-2') }));
    });

    it('I-3/C-1: a credit with an unknown order, an unknown warehouse and an invalid serial reports all three', async () => {
      const problems = await rejectedWritingNothing(() => credit({ salesOrder: 'SO-00000099', warehouse: 'NOWHERE', serials: serials('W-1', 'BAD\tONE') }));
      expect(codes(problems)).toEqual(['invalid_serial', 'unknown_sales_order', 'unknown_warehouse']);
      expect(problem(problems, 'unknown_sales_order')).toMatchObject({ document: 'SO-00000099', message: 'There is no sales order "SO-00000099".', fix: 'List sales orders with: serials so list' });
      expect(problem(problems, 'unknown_warehouse')).toMatchObject({ warehouse: 'NOWHERE', message: 'There is no warehouse with code "NOWHERE".' });
      expect(problem(problems, 'invalid_serial')).toMatchObject({ serial: 'BAD\tONE', product: 'WIDGET' });
      expect(problem(problems, 'invalid_serial')?.message).toContain('a tab at position 4');
    });

    it('I-3/C-1: a credit with an unknown order, an unknown product, an invalid quantity and a serial repeated reports them all', async () => {
      const problems = await rejectedWritingNothing(() => credit({ salesOrder: 'SO-00000099', product: 'NOPE', quantity: 'lots', serials: serials('W-1', 'w-1') }));
      expect(codes(problems)).toEqual(['duplicate_serial', 'invalid_quantity', 'unknown_product', 'unknown_sales_order']);
      expect(problem(problems, 'unknown_product')).toMatchObject({ product: 'NOPE' });
      expect(problem(problems, 'invalid_quantity')?.message).toMatch(/^--qty: /);
      expect(problem(problems, 'duplicate_serial')).toMatchObject({ serial: 'w-1' });
    });

    it('I-3/C-1: with a known order, an invalid quantity does not hide the serials not shipped on it', async () => {
      const problems = await rejectedWritingNothing(() => credit({ salesOrder: so, quantity: '-1', serials: serials('W-1', 'W-3', 'NEVER-1') }));
      expect(codes(problems)).toEqual(['invalid_quantity', 'serial_in_stock', 'unknown_serial']);
      expect(problem(problems, 'serial_in_stock')).toMatchObject({ serial: 'W-3', product: 'WIDGET', document: so });
      expect(problem(problems, 'unknown_serial')).toMatchObject({ serial: 'NEVER-1', product: 'WIDGET', document: so });
    });

    it('I-3/C-1/C-2: --no-return with serials, more than was dispatched and an unknown warehouse are reported together', async () => {
      const problems = await rejectedWritingNothing(() => credit({ salesOrder: so, warehouse: 'NOWHERE', quantity: '5', noReturn: true, serials: serials('W-1') }));
      expect(codes(problems)).toEqual(['over_credit', 'serials_on_value_credit', 'unknown_warehouse']);
      expect(problem(problems, 'over_credit')).toMatchObject({ product: 'WIDGET', document: so });
      expect(problem(problems, 'over_credit')?.message).toContain('more than the 2 dispatched');
    });

    it('I-3/C-1: a product not on the order, its quantity missing and serials given for a plain product are reported together', async () => {
      const problems = await rejectedWritingNothing(() => credit({ salesOrder: so, warehouse: 'NOWHERE', product: 'CABLE', serials: serials('C-1') }));
      expect(codes(problems)).toEqual(['not_serialized', 'product_not_on_order', 'quantity_required', 'unknown_warehouse']);
      expect(problem(problems, 'product_not_on_order')).toMatchObject({ product: 'CABLE', document: so });
      expect(problem(problems, 'quantity_required')).toMatchObject({ product: 'CABLE' });
    });

    it('I-3/C-1: a serialized product not on the order is reported with its serials\' own problems', async () => {
      const problems = await rejectedWritingNothing(() => credit({ salesOrder: so, product: 'GADGET', serials: serials('G-1', 'g-1', '   ') }));
      expect(codes(problems)).toEqual(['duplicate_serial', 'invalid_serial', 'product_not_on_order']);
    });

    it('I-3/C-4: a free credit without a warehouse, for an unknown customer, with an invalid serial reports all three', async () => {
      const problems = await rejectedWritingNothing(() => credit({ customer: 'NOBODY', serials: serials('OK-1', 'CAFÉ-1') }));
      expect(codes(problems)).toEqual(['invalid_serial', 'order_or_customer_required', 'unknown_customer']);
      expect(problem(problems, 'order_or_customer_required')?.message).toBe('A credit needs a sales order, or (for a free credit) a customer and a warehouse.');
      expect(problem(problems, 'invalid_serial')).toMatchObject({ serial: 'CAFÉ-1', product: 'WIDGET' });
    });

    it('I-3/C-4: a free credit with an unknown warehouse and an unknown product still reports a serial repeated', async () => {
      const problems = await rejectedWritingNothing(() => credit({ customer: 'BAKER', warehouse: 'NOWHERE', product: 'NOPE', serials: serials('X-1', 'X-1') }));
      expect(codes(problems)).toEqual(['duplicate_serial', 'unknown_product', 'unknown_warehouse']);
    });

    it('I-3/C-1: the happy path is unchanged: a valid credit on the order still goes through', async () => {
      const r = await credit({ salesOrder: so, serials: serials('W-1') });
      expect(r).toMatchObject({ number: 'CN-00000001', salesOrder: so, warehouse: 'MAIN', quantityE4: 10_000, returned: true, serials: ['W-1'] });
      await expectLedgerVerifies(ledger);
    });
  });

  describe('supplier returns report every problem in one pass (R-1 to R-3)', () => {
    let po: string;
    beforeEach(async () => {
      po = (await ledger.write((db) => createPurchaseOrder(db, { supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '3' }, { product: 'CABLE', quantity: '4' }] }))).number;
      // in MAIN; R-3 received and scrapped; ELSEWHERE-1 in MAIN but not from this order
      await receive({ purchaseOrder: po, product: 'WIDGET', serials: serials('R-1', 'R-2', 'R-3') });
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('R-3') });
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('ELSEWHERE-1') });
    });

    it('I-3/R-1/R-2: a supplier return with an unknown order, an unknown product and an invalid serial reports all three', async () => {
      const problems = await rejectedWritingNothing(() => supplierReturn({ purchaseOrder: 'PO-00000099', product: 'NOPE', serials: serials('R-1', 'BAD\u0001') }));
      expect(codes(problems)).toEqual(['invalid_serial', 'unknown_product', 'unknown_purchase_order']);
      expect(problem(problems, 'unknown_purchase_order')).toMatchObject({ document: 'PO-00000099', message: 'There is no purchase order "PO-00000099".', fix: 'List purchase orders with: serials po list' });
      expect(problem(problems, 'unknown_product')).toMatchObject({ product: 'NOPE' });
      expect(problem(problems, 'invalid_serial')).toMatchObject({ serial: 'BAD\u0001', product: 'NOPE' });
    });

    it('I-3/R-1: a supplier return with an unknown order, an invalid quantity and a serial repeated reports them all', async () => {
      const problems = await rejectedWritingNothing(() => supplierReturn({ purchaseOrder: 'PO-00000099', quantity: '0', serials: serials('R-1', 'r-1') }));
      expect(codes(problems)).toEqual(['duplicate_serial', 'invalid_quantity', 'unknown_purchase_order']);
      expect(problem(problems, 'duplicate_serial')).toMatchObject({ serial: 'r-1', product: 'WIDGET' });
    });

    it('I-3/R-1: a product not on the order, an invalid quantity and a serial repeated are reported together', async () => {
      const problems = await rejectedWritingNothing(() => supplierReturn({ purchaseOrder: po, product: 'GADGET', quantity: 'x', serials: serials('G-1', 'G-1') }));
      expect(codes(problems)).toEqual(['duplicate_serial', 'invalid_quantity', 'product_not_on_order']);
      expect(problem(problems, 'product_not_on_order')).toMatchObject({ product: 'GADGET', document: po });
      expect(problem(problems, 'duplicate_serial')).toMatchObject({ serial: 'G-1', product: 'GADGET' });
    });

    it('I-3/R-1/R-2: an invalid quantity does not hide a serial not received on the order, nor one no longer in stock', async () => {
      const problems = await rejectedWritingNothing(() => supplierReturn({ purchaseOrder: po, quantity: 'two', serials: serials('R-1', 'R-3', 'ELSEWHERE-1') }));
      expect(codes(problems)).toEqual(['invalid_quantity', 'not_received_on_order', 'serial_not_available']);
      expect(problem(problems, 'not_received_on_order')).toMatchObject({ serial: 'ELSEWHERE-1', product: 'WIDGET', document: po });
      expect(problem(problems, 'serial_not_available')).toMatchObject({ serial: 'R-3', product: 'WIDGET', warehouse: 'MAIN' });
    });

    it('I-3/R-1: nothing received on the line, an invalid quantity and serials invalid or repeated are reported together (the line\'s own serial checks cannot run)', async () => {
      const other = (await ledger.write((db) => createPurchaseOrder(db, { supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '2' }] }))).number;
      const problems = await rejectedWritingNothing(() => supplierReturn({ purchaseOrder: other, quantity: '1.5.', serials: serials('GHOST-1', 'R-2', 'r-2', '') }));
      expect(codes(problems)).toEqual(['duplicate_serial', 'invalid_quantity', 'invalid_serial', 'nothing_received']);
      expect(problem(problems, 'nothing_received')).toMatchObject({ product: 'WIDGET', document: other });
      expect(problem(problems, 'duplicate_serial')).toMatchObject({ serial: 'r-2', product: 'WIDGET' });
    });

    it('I-3/R-1: a plain product with nothing received, given serials and no quantity, is told all three', async () => {
      const problems = await rejectedWritingNothing(() => supplierReturn({ purchaseOrder: po, product: 'CABLE', serials: serials('C-1') }));
      expect(codes(problems)).toEqual(['not_serialized', 'nothing_received', 'quantity_required']);
    });

    it('I-3/R-1: the happy path is unchanged: a valid return still goes through', async () => {
      const r = await supplierReturn({ purchaseOrder: po, serials: serials('R-2') });
      expect(r).toMatchObject({ number: 'SR-00000001', purchaseOrder: po, supplier: 'ACME', warehouse: 'MAIN', product: 'WIDGET', quantityE4: 10_000, serials: ['R-2'] });
      await expectLedgerVerifies(ledger);
    });
  });

  it('N-1/N-6: when the ledger cannot check a credit (its product is unknown), its serials are still checked by the same rules and messages', async () => {
    const problems = await rejectedWritingNothing(() => credit({ customer: 'BAKER', warehouse: 'MAIN', product: 'NOPE', serials: [{ raw: 'R-1', source: 'item 1' }, { raw: 'r-1', source: 'item 2' }, { raw: 'R\t2' }] }));
    expect(codes(problems)).toEqual(['duplicate_serial', 'invalid_serial', 'unknown_product']);
    expect(problem(problems, 'duplicate_serial')).toMatchObject({
      serial: 'r-1',
      product: 'NOPE',
      message: 'Serial "r-1" (item 2) of product "NOPE" is listed twice on this document (first item 1).',
    });
    expect(problem(problems, 'invalid_serial')?.message).toMatch(/^Serial "R\\t2" of product "NOPE" has a tab at position 2/);
  });
});
