// Credit notes: customer returns (RULES.md C-1 to C-4). Against a sales order, only units
// dispatched on that order, not credited since, come back; a free credit (customer, no
// order) takes any serial that is not in stock. A value-only line returns no stock.

import { lineForProduct, productNotOnOrder, takenBack } from '../documents/order-lines.js';
import { gatherProblems, RejectedError, shown, type Problem } from '../../errors.js';
import * as ledger from '../ledger/index.js';
import * as rules from '../ledger/rules.js';
import { chunk, IN_LIST } from '../../db/chunk.js';
import { requireEntry, requireProduct } from '../master-data/lookup.js';
import { post } from '../documents/posting.js';
import { formatQuantity, isWhole, parseQuantity, unitsToE4 } from '../values/quantity.js';
import { findSalesOrder, salesOrderLines } from './sales-orders.js';
import { checkSerial, quoteSerial } from '../values/serial-text.js';
import { movedSerials } from '../documents/document-serials.js';
import type { Db } from '../../db/open.js';

export interface CreditInput {
  /** the sales order (C-1); without it, a free credit (C-4) for `customer` */
  salesOrder?: string;
  customer?: string;
  /** where returned units go (C-3): by default the order's warehouse */
  warehouse?: string;
  product: string;
  quantity?: string;
  serials: ledger.SerialInput[];
  /** C-2: value-only credit, no stock and no serials */
  noReturn?: boolean;
}

export interface CreditResult {
  number: string;
  salesOrder: string | null;
  customer: string;
  warehouse: string;
  product: string;
  quantityE4: number;
  returned: boolean;
  /** whether stock came back: not for a value-only credit, nor for a Never Diminishing product (P-7) */
  stockReturned: boolean;
  /** the serials that came back, as the ledger records them */
  serials: string[];
  returning: ledger.ReturningSerial[];
}

/**
 * C-1: each serial was dispatched on a shipment of this order, is unavailable now, and has
 * not been credited since. "Dispatched on this order" is read as its latest dispatch: a
 * unit that came back some other way and left again on another order's shipment belongs to
 * that order now. Movements in between (an adjustment in and out, say) do not matter.
 */
async function checkShippedOnOrder(db: Db, salesOrderId: number, orderNumber: string, productId: number, productCode: string, inputs: ledger.SerialInput[], problems: Problem[]) {
  const keys = new Map<string, string>();
  for (const input of inputs) {
    const checked = checkSerial(input.raw);
    if (checked.ok) keys.set(checked.key, checked.text);
  }
  for (const part of chunk([...keys.keys()], IN_LIST)) {
    const rows = await db
      .selectFrom('serials as s')
      .innerJoin('serial_movements as m', 'm.id', 's.last_movement_id')
      // d: its latest dispatch; c: its latest credit (index serial_movements_serial)
      .leftJoin('serial_movements as d', (j) =>
        j.on((eb) => eb('d.id', '=', eb.selectFrom('serial_movements as x').select((x) => x.fn.max('x.id').as('id')).whereRef('x.serial_id', '=', 's.id').where('x.kind', '=', 'shipment'))),
      )
      .leftJoin('serial_movements as c', (j) =>
        j.on((eb) => eb('c.id', '=', eb.selectFrom('serial_movements as y').select((y) => y.fn.max('y.id').as('id')).whereRef('y.serial_id', '=', 's.id').where('y.kind', '=', 'credit'))),
      )
      .leftJoin('shipments as sh', (j) => j.onRef('sh.id', '=', 'd.document_id').on('d.document_type', '=', 'shipment'))
      .leftJoin('sales_orders as so', 'so.id', 'sh.sales_order_id')
      .select(['s.serial_key', 's.serial', 's.status', 'm.document_number', 'd.id as dispatch_id', 'd.document_number as shipment', 'sh.sales_order_id', 'so.number as order_number', 'c.id as credit_id', 'c.document_number as credit'])
      .where('s.product_id', '=', productId)
      .where('s.serial_key', 'in', part)
      .execute();
    const found = new Map(rows.map((r) => [r.serial_key, r]));
    for (const key of part) {
      const r = found.get(key);
      const text = r?.serial ?? keys.get(key) ?? key;
      const base = { serial: text, product: productCode, document: orderNumber };
      if (!r) {
        problems.push({ ...base, code: 'unknown_serial', message: `Serial ${quoteSerial(text)} of ${productCode} is not in the ledger, so it was not shipped on ${orderNumber}.`, fix: 'Check the serial, or use a free credit (--customer) for a unit sold elsewhere.' });
      } else if (r.status === 'available') {
        problems.push({ ...base, code: 'serial_in_stock', message: `Serial ${quoteSerial(text)} of ${productCode} is in stock (last document ${r.document_number}), so it cannot be returned.`, fix: 'Remove it from the credit.' });
      } else if (r.dispatch_id === null) {
        problems.push({
          ...base,
          code: 'not_shipped_on_order',
          message: `Serial ${quoteSerial(text)} of ${productCode} was never shipped, so not on ${orderNumber} (it left stock on ${r.document_number}).`,
          fix: 'Remove it from the credit.',
        });
      } else if (r.credit_id !== null && r.credit_id > r.dispatch_id) {
        problems.push({ ...base, code: 'already_credited', message: `Serial ${quoteSerial(text)} of ${productCode} was already credited on ${r.credit}.`, fix: 'Remove it from the credit.' });
      } else if (r.sales_order_id !== salesOrderId) {
        problems.push({
          ...base,
          code: 'not_shipped_on_order',
          message: `Serial ${quoteSerial(text)} of ${productCode} was last shipped on ${r.shipment} of ${r.order_number}, not on ${orderNumber}.`,
          fix: `Credit it against ${r.order_number}: serials credit create --so ${r.order_number} --product ${productCode} --serials ${text}`,
        });
      }
    }
  }
}

/**
 * Who and where a credit is for: its order (C-1) or customer (C-4), product and warehouse
 * (C-3). Whatever is unknown or missing is a problem; the rest is still looked up.
 */
async function creditParties(db: Db, input: Pick<CreditInput, 'salesOrder' | 'customer' | 'warehouse' | 'product'>) {
  const problems: Problem[] = [];
  const product = await requireProduct(db, input.product, problems);
  let order: { id: number; number: string } | null = null;
  let customer: { id: number; code: string } | undefined;
  let warehouse: { id: number; code: string } | undefined;
  if (input.salesOrder !== undefined) {
    const found = await gatherProblems(findSalesOrder(db, input.salesOrder), problems);
    if (found) {
      order = { id: found.id, number: found.number };
      customer = { id: found.customer_id, code: found.customer };
    }
    warehouse = input.warehouse !== undefined ? await requireEntry(db, 'warehouse', input.warehouse, problems) : found && { id: found.warehouse_id, code: found.warehouse };
    if (found?.status === 'deleted') problems.push({ code: 'sales_order_deleted', message: `Sales order ${found.number} is deleted.`, fix: 'Credit against the order the units were shipped on.', document: found.number });
  } else {
    if (input.customer === undefined || input.warehouse === undefined) {
      problems.push({ code: 'order_or_customer_required', message: 'A credit needs a sales order, or (for a free credit) a customer and a warehouse.', fix: 'Add --so and the sales order the units were shipped on, or --customer and --warehouse for a free credit.' });
    }
    if (input.customer !== undefined) customer = await requireEntry(db, 'customer', input.customer, problems);
    if (input.warehouse !== undefined) warehouse = await requireEntry(db, 'warehouse', input.warehouse, problems);
  }
  return { problems, product, order, customer, warehouse };
}

export type CreditScanTarget = { product: ledger.ProductRef; order: { id: number; number: string } | null; warehouse: { id: number; code: string } };

/**
 * For the scanner prompt: what the credit's serials are checked against, resolved once
 * before the prompt opens, so that an unknown order or product fails before any scanning.
 */
export async function creditScanTarget(db: Db, input: Pick<CreditInput, 'salesOrder' | 'customer' | 'warehouse' | 'product'>): Promise<CreditScanTarget> {
  const { problems, product, order, customer, warehouse } = await creditParties(db, input);
  if (problems.length || !product || !customer || !warehouse) throw new RejectedError(problems);
  return { product, order, warehouse };
}

/** Why this serial cannot come back on the credit (C-1 against an order, C-4 on a free credit), or null. Read-only. */
export async function creditSerialProblem(db: Db, target: CreditScanTarget, text: string): Promise<string | null> {
  if (!target.order) return ledger.serialProblem(db, { product: target.product, warehouse: target.warehouse, direction: 'in' }, text);
  const problems: Problem[] = [];
  await checkShippedOnOrder(db, target.order.id, target.order.number, target.product.id, target.product.code, [{ raw: text }], problems);
  // the rule's one message, as a rejection of the whole credit would give it
  return problems[0]?.message ?? null;
}

export async function createCredit(db: Db, input: CreditInput): Promise<CreditResult> {
  // One pass: every problem is gathered, as far as what is known allows, then reported together.
  const { problems, product, order, customer, warehouse } = await creditParties(db, input);
  let orderLineId: number | null = null;
  const productCode = product?.code ?? input.product;

  // Quantity: given, or one per serial; undefined when it is invalid or cannot be told.
  let quantityE4: number | undefined;
  if (input.quantity !== undefined) {
    const q = parseQuantity(input.quantity);
    if (q.ok) quantityE4 = q.e4;
    else problems.push({ code: 'invalid_quantity', message: `--qty: ${q.reason}.`, fix: 'Give a positive quantity.', product: productCode });
  } else if (product?.serialized && !input.noReturn) {
    quantityE4 = unitsToE4(input.serials.length);
  } else if (product || input.noReturn) {
    // (an unknown product returned to stock might have been serialized: no more to say)
    problems.push({ code: 'quantity_required', message: `Give the quantity credited for ${product?.code ?? shown(input.product)}.`, fix: 'Add --qty N.', product: productCode });
  }
  if (product && quantityE4 === 0) {
    problems.push({ code: 'serials_required', message: `Product ${product.code} is serialized: give one serial per unit returned.`, fix: 'Give serials, or --no-return for a value-only credit.', product: product.code });
  }
  if (product?.serialized && quantityE4 !== undefined && !isWhole(quantityE4)) {
    problems.push({
      code: 'fractional_serialized_quantity',
      message: `Product ${product.code} is serialized, so it is credited in whole units, not ${formatQuantity(quantityE4)}.`,
      fix: 'Give a whole number of units.',
      product: product.code,
    });
  }
  if (input.noReturn && input.serials.length > 0) {
    problems.push({ code: 'serials_on_value_credit', message: 'A value-only credit (--no-return) returns no stock, so it takes no serials.', fix: 'Leave out the serials, or the --no-return.', product: productCode });
  }

  if (order && product) {
    // C-1: no more than was dispatched on the order minus what was credited already
    const line = lineForProduct(await salesOrderLines(db, order.id), product.code);
    if (!line) {
      problems.push(productNotOnOrder(product.code, { kind: 'sales', number: order.number }));
    } else {
      orderLineId = line.id;
      const creditable = line.shipped_e4 - (await takenBack(db, 'credit_lines', line.id));
      if (quantityE4 !== undefined && quantityE4 > creditable) {
        problems.push({
          code: 'over_credit',
          message: `Crediting ${formatQuantity(quantityE4)} of ${product.code} on ${order.number} is more than the ${formatQuantity(creditable)} dispatched and not yet credited.`,
          fix:
            creditable > 0
              ? `Credit at most ${formatQuantity(creditable)} of ${product.code} on ${order.number}.`
              : `Nothing more of ${product.code} can be credited on ${order.number}; see what was shipped with: serials so show ${order.number}`,
          product: product.code,
          document: order.number,
        });
      }
      if (product.serialized && !input.noReturn) await checkShippedOnOrder(db, order.id, order.number, product.id, product.code, input.serials, problems);
    }
  }

  // The ledger checks the serials coming back (C-3, N-4) once it knows product and warehouse;
  // with an invalid quantity, a serialized product's serials are still checked, one per unit.
  const ledgerQuantityE4 = quantityE4 ?? (product?.serialized ? unitsToE4(input.serials.length) : undefined);
  const ops: ledger.InOp[] =
    input.noReturn || !product || !warehouse || ledgerQuantityE4 === undefined
      ? []
      : [{ op: 'in', movement: 'credit', product, warehouse, quantityE4: ledgerQuantityE4, serials: input.serials }];
  if (!input.noReturn && ops.length === 0) {
    rules.serialListProblems({ code: product?.code ?? input.product, label: product?.code ?? shown(input.product), serialized: product?.serialized }, input.serials, problems);
  }
  const ready = product && customer && warehouse && quantityE4 !== undefined ? { product, customer, warehouse, quantityE4 } : undefined;
  const posted = await post(db, {
    type: 'credit',
    problems,
    ops,
    // a serial already refused by C-1 above need not be refused twice
    review(all, first) {
      const named = new Set(all.slice(0, first).flatMap((p) => (p.serial === undefined ? [] : [p.serial.toLowerCase()])));
      const ledgers = all.splice(first).filter((p) => p.serial === undefined || !named.has(p.serial.toLowerCase()));
      for (const p of ledgers) all.push(p);
    },
    document: {
      async create(number, at) {
        // every one of these missing is a problem already, and problems stop before this
        if (!ready) throw new Error('a credit without its product, customer, warehouse or quantity reached posting');
        const credit = await db
          .insertInto('credits')
          .values({ number, sales_order_id: order?.id ?? null, customer_id: ready.customer.id, warehouse_id: ready.warehouse.id, created_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        const line = await db
          .insertInto('credit_lines')
          .values({ credit_id: credit.id, sales_order_line_id: orderLineId, product_id: ready.product.id, quantity_e4: ready.quantityE4, returned: input.noReturn ? 0 : 1 })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const op of ops) op.lineId = line.id;
        return credit.id;
      },
    },
  });
  if (!ready) throw new Error('unreachable: posting a credit with problems throws');
  const { product: p, customer: c, warehouse: w } = ready;
  return {
    number: posted.number,
    salesOrder: order?.number ?? null,
    customer: c.code,
    warehouse: w.code,
    product: p.code,
    quantityE4: ready.quantityE4,
    returned: !input.noReturn,
    stockReturned: !input.noReturn && ledger.holdsStock(p),
    serials: input.serials.length === 0 ? [] : [...(await movedSerials(db, 'credit', [posted.id])).values()].flat(),
    returning: posted.returning,
  };
}
