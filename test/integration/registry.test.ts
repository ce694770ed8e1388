// What the document-type registry derives, seen from reports: which serials an order or a
// party stands for (enquiry --document, --supplier, --customer, --so), and the order P-4
// lists the open documents that block a change of a product's serialized flag.

import { beforeEach, expect, it } from 'vitest';
import { commandsFor, rejected, serials } from '../helpers/core.js';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { addEntry } from '../../src/core/master-data/directory.js';
import { addProduct, showProduct } from '../../src/core/master-data/products.js';
import { createPurchaseOrder } from '../../src/core/purchasing/purchase-orders.js';
import { createSupplierReturn } from '../../src/core/purchasing/supplier-returns.js';
import { createSalesOrder } from '../../src/core/sales/sales-orders.js';
import { shipSalesOrder } from '../../src/core/sales/shipments.js';
import { createCredit } from '../../src/core/sales/credits.js';
import { serializeProduct } from '../../src/core/stock/product-serialization.js';
import { enquire, type EnquiryFilter } from '../../src/core/reports/enquiry.js';

forEachEngine((engine) => {
  let ledger: TestLedger;
  const { receive } = commandsFor(() => ledger);
  const found = async (filter: EnquiryFilter) => (await enquire(ledger.db, filter)).map((r) => r.serial).sort();

  beforeEach(async () => {
    ledger = await newLedger(engine);
    await seed(ledger);
    await ledger.write((db) => addEntry(db, 'supplier', { code: 'OTHER' }));
  });

  it('E-1/R-2: a purchase order and its supplier stand for what was received on it, not for a unit of another supplier sent back on it', async () => {
    // PO-1 from ACME receives two TOOLs before TOOL is serialized, so R-2 lets any TOOL go back on it
    await ledger.write((db) => addProduct(db, { code: 'TOOL' }));
    const acme = await ledger.write((db) => createPurchaseOrder(db, { supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'TOOL', quantity: '2' }] }));
    await receive({ purchaseOrder: acme.number, serials: [] });
    await ledger.write((db) => serializeProduct(db, { product: 'TOOL', warehouse: 'MAIN', serials: serials('T-1', 'T-2') }));
    const other = await ledger.write((db) => createPurchaseOrder(db, { supplier: 'OTHER', warehouse: 'MAIN', lines: [{ product: 'TOOL', quantity: '1' }] }));
    await receive({ purchaseOrder: other.number, serials: serials('Q-1') });
    const back = await ledger.write((db) => createSupplierReturn(db, { purchaseOrder: acme.number, product: 'TOOL', serials: serials('Q-1') }));

    expect(await found({ document: acme.number })).toEqual([]);
    expect(await found({ supplier: 'ACME' })).toEqual([]);
    expect(await found({ supplier: 'OTHER' })).toEqual(['Q-1']);
    expect(await found({ document: other.number })).toEqual(['Q-1']);
    // the supplier return itself names what it moved
    expect(await found({ document: back.number })).toEqual(['Q-1']);
  });

  it('E-1/C-1: a sales order and its customer stand for what was shipped on it and credited back, a free credit for its customer only', async () => {
    await receive({ purchaseOrder: (await ledger.write((db) => createPurchaseOrder(db, { supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '3' }] }))).number, serials: serials('W-1', 'W-2', 'W-3') });
    const so = await ledger.write((db) => createSalesOrder(db, { customer: 'BAKER', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '2' }] }));
    await ledger.write((db) => shipSalesOrder(db, { salesOrder: so.number, serials: serials('W-1', 'W-2') }));
    await ledger.write((db) => createCredit(db, { salesOrder: so.number, product: 'WIDGET', serials: serials('W-1') }));
    await ledger.write((db) => addEntry(db, 'customer', { code: 'CAROL' }));
    await ledger.write((db) => createCredit(db, { customer: 'CAROL', warehouse: 'MAIN', product: 'WIDGET', serials: serials('Z-9') }));

    expect(await found({ document: so.number })).toEqual(['W-1', 'W-2']);
    expect(await found({ salesOrder: so.number })).toEqual(['W-1', 'W-2']);
    expect(await found({ customer: 'BAKER' })).toEqual(['W-1', 'W-2']);
    expect(await found({ customer: 'CAROL' })).toEqual(['Z-9']);
  });

  it('P-4: the open documents that block serializing are listed parked shipments first, then purchase orders, then sales orders', async () => {
    await receive({ purchaseOrder: (await ledger.write((db) => createPurchaseOrder(db, { supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'CABLE', quantity: '5' }] }))).number, serials: [] });
    const po = await ledger.write((db) => createPurchaseOrder(db, { supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'CABLE', quantity: '1' }] }));
    const so = await ledger.write((db) => createSalesOrder(db, { customer: 'BAKER', warehouse: 'MAIN', lines: [{ product: 'CABLE', quantity: '2' }] }));
    const parked = await ledger.write((db) => shipSalesOrder(db, { salesOrder: so.number, quantity: '1', product: 'CABLE', serials: [], park: true }));

    const open = (await showProduct(ledger.db, 'CABLE')).openDocuments;
    expect(open).toEqual([
      { type: 'shipment', number: parked.number },
      { type: 'purchase order', number: po.number },
      { type: 'sales order', number: so.number },
    ]);
    const problems = await rejected(ledger.write((db) => serializeProduct(db, { product: 'CABLE', warehouse: 'MAIN', serials: [] })));
    expect(problems.find((p) => p.code === 'product_on_open_documents')?.document).toBe(parked.number);
  });
});
