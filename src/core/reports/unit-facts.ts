// What trace says of each unit it shows (RULES.md M-5, E-2): its product and status, the
// warehouse it is in, where it came from (the purchase order of the receipt that last
// brought it in — a unit returned to its supplier and delivered again came from the second
// delivery, which is also what recall matches — or the assembly that made it) and where it went (the shipment of its last
// movement). One query for any number of units, a few hundred ids at a time; each lookup
// follows an index (serial_movements_serial for its receipt and assembly).

import type { Db } from '../../db/open.js';
import type { SerialStatus } from '../../db/schema.js';

export interface UnitFacts {
  serial: string;
  product: string;
  status: SerialStatus;
  /** the warehouse it is in, while it is in stock (available) */
  warehouse: string | null;
  /** the supplier and purchase order of the receipt that last brought it in; null for an assembled or imported unit */
  receivedFrom: { supplier: string; document: string } | null;
  /** the assembly that made it (its latest), or null */
  assembly: string | null;
  /** when its last movement is a shipment: the customer, the shipment and its sales order */
  shippedTo: { customer: string; document: string; salesOrder: string } | null;
}

/** Ids per query: far below any engine's limit on bound parameters. */
const IDS_PER_QUERY = 500;

/** The facts of each of these serials, by serial id. */
export async function unitFacts(db: Db, ids: readonly number[]): Promise<Map<number, UnitFacts>> {
  const out = new Map<number, UnitFacts>();
  const unique = [...new Set(ids)];
  for (let at = 0; at < unique.length; at += IDS_PER_QUERY) {
    const rows = await db
      .selectFrom('serials as s')
      .innerJoin('products as p', 'p.id', 's.product_id')
      .innerJoin('serial_movements as lm', 'lm.id', 's.last_movement_id')
      .leftJoin('warehouses as w', (j) => j.onRef('w.id', '=', 's.warehouse_id').on('s.status', '=', 'available'))
      .leftJoin('shipments as sh', (j) => j.onRef('sh.id', '=', 'lm.document_id').on('lm.kind', '=', 'shipment'))
      .leftJoin('sales_orders as so', 'so.id', 'sh.sales_order_id')
      .leftJoin('customers as c', 'c.id', 'so.customer_id')
      .select(['s.id', 's.serial', 'p.code as product', 's.status', 'w.code as warehouse', 'sh.number as shipment', 'so.number as sales_order', 'c.code as customer'])
      .select((eb) => {
        const lastReceipt = () =>
          eb
            .selectFrom('serial_movements as m')
            .innerJoin('purchase_receipts as r', 'r.id', 'm.document_id')
            .innerJoin('purchase_orders as po', 'po.id', 'r.purchase_order_id')
            .whereRef('m.serial_id', '=', 's.id')
            .where('m.kind', '=', 'receipt')
            .orderBy('m.id', 'desc')
            .limit(1);
        return [
          lastReceipt().select('po.number').as('po'),
          lastReceipt().innerJoin('suppliers as su', 'su.id', 'po.supplier_id').select('su.code').as('supplier'),
          eb
            .selectFrom('serial_movements as m')
            .select('m.document_number')
            .whereRef('m.serial_id', '=', 's.id')
            .where('m.kind', '=', 'assembly_in')
            .orderBy('m.id', 'desc')
            .limit(1)
            .as('assembly'),
        ];
      })
      .where('s.id', 'in', unique.slice(at, at + IDS_PER_QUERY))
      .execute();
    for (const r of rows) {
      out.set(r.id, {
        serial: r.serial,
        product: r.product,
        status: r.status,
        warehouse: r.warehouse,
        receivedFrom: r.po !== null && r.supplier !== null ? { supplier: r.supplier, document: r.po } : null,
        assembly: r.assembly,
        shippedTo: r.shipment !== null && r.customer !== null && r.sales_order !== null ? { customer: r.customer, document: r.shipment, salesOrder: r.sales_order } : null,
      });
    }
  }
  return out;
}
