// A purchase or sales order as --json gives it (po create and po show print the same object,
// so do so create and so show: schemas/po/show.schema.json, schemas/so/show.schema.json), and
// what their pages share.

import type { PurchaseOrderView } from '../../core/purchasing/purchase-orders.js';
import type { SalesOrderView } from '../../core/sales/sales-orders.js';
import { toNumber } from '../../core/values/quantity.js';
import { capitalise } from '../render/present.js';
import { localTime } from '../render/time.js';

export function purchaseOrderJson(po: PurchaseOrderView) {
  return {
    number: po.number,
    supplier: po.supplier,
    warehouse: po.warehouse,
    status: po.status,
    createdAt: po.createdAt,
    lines: po.lines.map((l) => ({
      line: l.lineNo,
      product: l.product,
      serialized: l.serialized,
      quantity: toNumber(l.quantityE4),
      received: toNumber(l.receivedE4),
      outstanding: toNumber(l.outstandingE4),
      unitCost: l.unitCost,
      serialCount: l.serials.length,
      serials: l.serials,
    })),
    receipts: po.receipts.map((r) => ({ number: r.number, createdAt: r.createdAt })),
  };
}

export function salesOrderJson(so: SalesOrderView) {
  // a serial on a shipment, by shipment and product (an order has one line per product)
  const onShipment = new Map<string, string[]>();
  for (const l of so.lines) {
    for (const s of [...l.shipped, ...l.parked]) {
      const key = `${s.shipment}\n${l.product}`;
      const list = onShipment.get(key);
      if (list) list.push(s.serial);
      else onShipment.set(key, [s.serial]);
    }
  }
  return {
    number: so.number,
    customer: so.customer,
    warehouse: so.warehouse,
    status: so.status,
    createdAt: so.createdAt,
    lines: so.lines.map((l) => ({
      line: l.lineNo,
      product: l.product,
      serialized: l.serialized,
      quantity: toNumber(l.quantityE4),
      shipped: toNumber(l.shippedE4),
      parked: toNumber(l.parkedE4),
      outstanding: toNumber(l.outstandingE4),
      unitPrice: l.unitPrice,
      assignedCount: l.assigned.length,
      assignedSerials: l.assigned.map((a) => a.serial),
      staleSerials: l.assigned.filter((a) => a.stale).map((a) => a.serial),
    })),
    shipments: so.shipments.map((sh) => ({
      number: sh.number,
      status: sh.status,
      createdAt: sh.createdAt,
      dispatchedAt: sh.dispatchedAt,
      lines: sh.lines.map((l) => {
        const serials = onShipment.get(`${sh.number}\n${l.product}`) ?? [];
        return { product: l.product, quantity: toNumber(l.quantityE4), serialCount: serials.length, serials };
      }),
    })),
  };
}

/** The first line of an order's page: its number and status. */
export function orderTitle(order: { number: string; status: string }): string {
  return `${order.number}  ${capitalise(order.status)}`;
}

/** The fields under the title: the party, the warehouse, when it was created. */
export function orderFields(party: 'Supplier' | 'Customer', order: { warehouse: string; createdAt: string }, code: string): [string, string][] {
  return [
    [party, code],
    ['Warehouse', order.warehouse],
    ['Created', localTime(order.createdAt)],
  ];
}
