// What a serial movement's document links to: its customer or supplier, and the purchase
// or sales order behind it. Enquiry (each serial's last document) and history (every
// movement) both show these, for a movement aliased `m`. A CASE on the document type
// means one indexed lookup per row, for that type only.

import { expressionBuilder } from 'kysely';
import type { Database, SerialMovementsTable } from '../../db/schema.js';

type WithMovement = Database & { m: SerialMovementsTable };

/** The supplier of a receipt or supplier return, or the customer of a shipment or credit. */
export function documentParty() {
  const eb = expressionBuilder<WithMovement, 'm'>();
  return eb
    .case('m.document_type')
    .when('purchase_receipt')
    .then(
      eb
        .selectFrom('purchase_receipts as d')
        .innerJoin('purchase_orders as o', 'o.id', 'd.purchase_order_id')
        .innerJoin('suppliers as x', 'x.id', 'o.supplier_id')
        .select('x.code')
        .whereRef('d.id', '=', 'm.document_id'),
    )
    .when('shipment')
    .then(
      eb
        .selectFrom('shipments as d')
        .innerJoin('sales_orders as o', 'o.id', 'd.sales_order_id')
        .innerJoin('customers as x', 'x.id', 'o.customer_id')
        .select('x.code')
        .whereRef('d.id', '=', 'm.document_id'),
    )
    .when('credit')
    .then(eb.selectFrom('credits as d').innerJoin('customers as x', 'x.id', 'd.customer_id').select('x.code').whereRef('d.id', '=', 'm.document_id'))
    .when('supplier_return')
    .then(
      eb
        .selectFrom('supplier_returns as d')
        .innerJoin('purchase_orders as o', 'o.id', 'd.purchase_order_id')
        .innerJoin('suppliers as x', 'x.id', 'o.supplier_id')
        .select('x.code')
        .whereRef('d.id', '=', 'm.document_id'),
    )
    .else(null)
    .end();
}

/** The purchase order of a receipt or supplier return. */
export function documentPurchaseOrder() {
  const eb = expressionBuilder<WithMovement, 'm'>();
  return eb
    .case('m.document_type')
    .when('purchase_receipt')
    .then(eb.selectFrom('purchase_receipts as d').innerJoin('purchase_orders as o', 'o.id', 'd.purchase_order_id').select('o.number').whereRef('d.id', '=', 'm.document_id'))
    .when('supplier_return')
    .then(eb.selectFrom('supplier_returns as d').innerJoin('purchase_orders as o', 'o.id', 'd.purchase_order_id').select('o.number').whereRef('d.id', '=', 'm.document_id'))
    .else(null)
    .end();
}

/** The sales order of a shipment, or of a credit raised against one. */
export function documentSalesOrder() {
  const eb = expressionBuilder<WithMovement, 'm'>();
  return eb
    .case('m.document_type')
    .when('shipment')
    .then(eb.selectFrom('shipments as d').innerJoin('sales_orders as o', 'o.id', 'd.sales_order_id').select('o.number').whereRef('d.id', '=', 'm.document_id'))
    .when('credit')
    .then(eb.selectFrom('credits as d').innerJoin('sales_orders as o', 'o.id', 'd.sales_order_id').select('o.number').whereRef('d.id', '=', 'm.document_id'))
    .else(null)
    .end();
}
