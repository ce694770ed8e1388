// Purchase orders: create, list, show, delete (RULES.md PO-1). Receiving is in
// purchase-receipts.ts.

import { now } from '../values/clock.js';
import { appendTo } from '../values/collections.js';
import { RejectedError, type Problem, shown } from '../../errors.js';
import { requireEntry } from '../master-data/lookup.js';
import { checkOrderLines } from '../documents/order-lines.js';
import { typedNumber } from '../documents/numbering.js';
import { post } from '../documents/posting.js';
import { formatQuantity } from '../values/quantity.js';
import type { Db } from '../../db/open.js';
import type { DocumentStatus } from '../../db/schema.js';

export interface PurchaseOrderLineInput {
  product: string;
  quantity: string;
  unitCost?: number | null;
  source?: string;
}

export interface NewPurchaseOrder {
  supplier: string;
  warehouse: string;
  lines: PurchaseOrderLineInput[];
  number?: string;
}

export interface PurchaseOrderLineView {
  lineNo: number;
  product: string;
  serialized: boolean;
  quantityE4: number;
  receivedE4: number;
  outstandingE4: number;
  unitCost: number | null;
  serials: string[];
}

export interface PurchaseOrderView {
  number: string;
  supplier: string;
  warehouse: string;
  status: DocumentStatus;
  createdAt: string;
  lines: PurchaseOrderLineView[];
  receipts: { number: string; createdAt: string }[];
}

export async function createPurchaseOrder(db: Db, input: NewPurchaseOrder): Promise<PurchaseOrderView> {
  const problems: Problem[] = [];
  const supplier = await requireEntry(db, 'supplier', input.supplier, problems);
  const warehouse = await requireEntry(db, 'warehouse', input.warehouse, problems);
  const lines = await checkOrderLines(
    db,
    input.lines.map((l) => ({ product: l.product, quantity: l.quantity, unitPrice: l.unitCost, source: l.source })),
    problems,
    { name: 'purchase order', price: 'cost' },
  );
  // a missing supplier or warehouse is a problem already, and problems stop before create
  const ready = supplier && warehouse ? { supplier, warehouse } : undefined;
  const { number } = await post(db, {
    type: 'purchase_order',
    problems,
    ops: [],
    document: {
      number: input.number,
      async create(number, at) {
        if (!ready) throw new Error('a purchase order without its supplier or warehouse reached posting');
        const po = await db
          .insertInto('purchase_orders')
          .values({ number, supplier_id: ready.supplier.id, warehouse_id: ready.warehouse.id, status: 'open', created_at: at, updated_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('purchase_order_lines')
          .values(
            lines.map((l, i) => ({
              purchase_order_id: po.id,
              line_no: i + 1,
              product_id: l.productId,
              quantity_e4: l.quantityE4,
              received_e4: 0,
              unit_cost: l.unitPrice,
            })),
          )
          .execute();
        return po.id;
      },
    },
  });
  return showPurchaseOrder(db, number);
}

export async function findPurchaseOrder(db: Db, number: string) {
  const po = await db
    .selectFrom('purchase_orders as po')
    .innerJoin('suppliers as s', 's.id', 'po.supplier_id')
    .innerJoin('warehouses as w', 'w.id', 'po.warehouse_id')
    .select(['po.id', 'po.number', 'po.status', 'po.created_at', 'po.warehouse_id', 'w.code as warehouse', 's.code as supplier', 's.id as supplier_id'])
    .where('po.number', 'in', typedNumber(number))
    .executeTakeFirst();
  if (!po) {
    throw new RejectedError([
      {
        code: 'unknown_purchase_order',
        message: `There is no purchase order ${shown(number)}.`,
        fix: 'List purchase orders with: serials po list',
        document: number,
      },
    ]);
  }
  return po;
}

export async function purchaseOrderLines(db: Db, purchaseOrderId: number) {
  return db
    .selectFrom('purchase_order_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.id', 'l.line_no', 'l.product_id', 'p.code as product', 'p.serialized', 'p.never_diminishing', 'l.quantity_e4', 'l.received_e4', 'l.unit_cost'])
    .where('l.purchase_order_id', '=', purchaseOrderId)
    .orderBy('l.line_no')
    .execute();
}

export async function showPurchaseOrder(db: Db, number: string): Promise<PurchaseOrderView> {
  const po = await findPurchaseOrder(db, number);
  const lines = await purchaseOrderLines(db, po.id);
  const receipts = await db
    .selectFrom('purchase_receipts')
    .select(['id', 'number', 'created_at'])
    .where('purchase_order_id', '=', po.id)
    .orderBy('id')
    .execute();
  const serialsByLine = new Map<number, string[]>();
  if (receipts.length) {
    const rows = await db
      .selectFrom('serial_movements as m')
      .innerJoin('serials as s', 's.id', 'm.serial_id')
      .innerJoin('purchase_receipt_lines as rl', 'rl.id', 'm.document_line_id')
      .select(['rl.purchase_order_line_id as line', 's.serial'])
      .where('m.document_type', '=', 'purchase_receipt')
      .where(
        'm.document_id',
        'in',
        receipts.map((r) => r.id),
      )
      .orderBy('m.id')
      .execute();
    for (const r of rows) appendTo(serialsByLine, r.line, r.serial);
  }
  // only an open order expects anything more: a deleted (or completed) one has nothing outstanding
  const open = po.status === 'open';
  return {
    number: po.number,
    supplier: po.supplier,
    warehouse: po.warehouse,
    status: po.status,
    createdAt: po.created_at,
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      product: l.product,
      serialized: l.serialized === 1,
      quantityE4: l.quantity_e4,
      receivedE4: l.received_e4,
      outstandingE4: open ? l.quantity_e4 - l.received_e4 : 0,
      unitCost: l.unit_cost,
      serials: serialsByLine.get(l.id) ?? [],
    })),
    receipts: receipts.map((r) => ({ number: r.number, createdAt: r.created_at })),
  };
}

export interface PurchaseOrderSummary {
  number: string;
  supplier: string;
  warehouse: string;
  status: DocumentStatus;
  createdAt: string;
  /** totals over the lines: units of different products added up, so for checks, not for people */
  orderedE4: number;
  receivedE4: number;
  lineCount: number;
  /** lines received in full */
  receivedLineCount: number;
}

export async function listPurchaseOrders(db: Db, filter: { status?: DocumentStatus } = {}): Promise<PurchaseOrderSummary[]> {
  let q = db
    .selectFrom('purchase_orders as po')
    .innerJoin('suppliers as s', 's.id', 'po.supplier_id')
    .innerJoin('warehouses as w', 'w.id', 'po.warehouse_id')
    .leftJoin('purchase_order_lines as l', 'l.purchase_order_id', 'po.id')
    .select((eb) => [
      'po.number',
      's.code as supplier',
      'w.code as warehouse',
      'po.status',
      'po.created_at',
      eb.fn.coalesce(eb.fn.sum<number>('l.quantity_e4'), eb.lit(0)).as('ordered'),
      eb.fn.coalesce(eb.fn.sum<number>('l.received_e4'), eb.lit(0)).as('received'),
      eb.fn.count<number>('l.id').as('lines'),
      eb.fn.coalesce(eb.fn.sum<number>(eb.case().when('l.received_e4', '>=', eb.ref('l.quantity_e4')).then(1).else(0).end()), eb.lit(0)).as('received_lines'),
    ])
    .groupBy(['po.id', 'po.number', 's.code', 'w.code', 'po.status', 'po.created_at'])
    .orderBy('po.id');
  if (filter.status) q = q.where('po.status', '=', filter.status);
  const rows = await q.execute();
  return rows.map((r) => ({
    number: r.number,
    supplier: r.supplier,
    warehouse: r.warehouse,
    status: r.status,
    createdAt: r.created_at,
    orderedE4: Number(r.ordered),
    receivedE4: Number(r.received),
    lineCount: Number(r.lines),
    receivedLineCount: Number(r.received_lines),
  }));
}

/** PO-1: only an open order with nothing received can be deleted; it is kept, marked deleted. */
export async function deletePurchaseOrder(db: Db, number: string): Promise<{ number: string; status: DocumentStatus }> {
  const po = await findPurchaseOrder(db, number);
  if (po.status !== 'open') {
    throw new RejectedError([
      { code: 'purchase_order_not_open', message: `Purchase order ${po.number} is ${po.status}, so it cannot be deleted.`, fix: 'Only open purchase orders can be deleted.', document: po.number },
    ]);
  }
  const lines = await purchaseOrderLines(db, po.id);
  const received = lines.filter((l) => l.received_e4 > 0);
  if (received.length) {
    throw new RejectedError([
      {
        code: 'purchase_order_has_receipts',
        message: `Purchase order ${po.number} has receipts (${received.map((l) => `${l.product} ${formatQuantity(l.received_e4)}`).join(', ')}), so it cannot be deleted.`,
        fix: 'Return the received units to the supplier, or leave the order as it is.',
        document: po.number,
      },
    ]);
  }
  await db.updateTable('purchase_orders').set({ status: 'deleted', updated_at: now() }).where('id', '=', po.id).execute();
  return { number: po.number, status: 'deleted' };
}
