// P-4: which open documents a product is on. Each new document type adds its query here.

import type { Db } from '../../db/open.js';

export interface OpenDocument {
  type: string;
  number: string;
}

export async function openDocumentsForProduct(db: Db, productId: number): Promise<OpenDocument[]> {
  const purchaseOrders = await db
    .selectFrom('purchase_orders as po')
    .innerJoin('purchase_order_lines as l', 'l.purchase_order_id', 'po.id')
    .select('po.number')
    .distinct()
    .where('l.product_id', '=', productId)
    .where('po.status', '=', 'open')
    .orderBy('po.number')
    .execute();
  const salesOrders = await db
    .selectFrom('sales_orders as so')
    .innerJoin('sales_order_lines as l', 'l.sales_order_id', 'so.id')
    .select('so.number')
    .distinct()
    .where('l.product_id', '=', productId)
    .where('so.status', '=', 'open')
    .orderBy('so.number')
    .execute();
  // a parked shipment is open until dispatched, whatever became of its order
  const parked = await db
    .selectFrom('shipments as sh')
    .innerJoin('shipment_lines as l', 'l.shipment_id', 'sh.id')
    .select('sh.number')
    .distinct()
    .where('l.product_id', '=', productId)
    .where('sh.status', '=', 'parked')
    .orderBy('sh.number')
    .execute();
  // Adjustments, imports, credits and supplier returns are completed when created.
  return [
    ...parked.map((r) => ({ type: 'shipment', number: r.number })),
    ...purchaseOrders.map((r) => ({ type: 'purchase order', number: r.number })),
    ...salesOrders.map((r) => ({ type: 'sales order', number: r.number })),
  ];
}
