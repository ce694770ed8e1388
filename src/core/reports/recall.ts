// A recall (RULES.md M-5, E-2): which units contain these component units — received from a
// supplier, on a purchase order, between dates, or named one by one — at any depth, and
// where each of them is now: in stock, or with which customer on which shipment.
//
// One recursive query walks up the current links from every matching component unit at
// once (WITH RECURSIVE, built with Kysely so that every dialect gets its own), the facts of
// each unit joined in, and its rows stream out. Serials named one by one go in a few
// thousand at a time, in serial order, so that the rows still come out in order.

import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { RejectedError, gatherProblems, shown, type Problem } from '../../errors.js';
import { findEntry, findProduct } from '../master-data/lookup.js';
import { findPurchaseOrder } from '../purchasing/purchase-orders.js';
import { checkSerial, quoteSerial } from '../values/serial-text.js';
import { appendTo } from '../values/collections.js';
import { streamRows } from '../../db/stream.js';
import { MAX_LINK_DEPTH } from './serial-units.js';
import type { SerialInput } from '../ledger/index.js';
import type { Db } from '../../db/open.js';
import type { Database, SerialStatus } from '../../db/schema.js';

export interface RecallFilter {
  /** the component product; without it, component units of any product that match the rest */
  product?: string;
  /** received from this supplier (on any receipt) */
  supplier?: string;
  /** received on this purchase order */
  po?: string;
  /** only these component units */
  serials?: readonly SerialInput[];
  /** received at or after this instant (UTC ISO); the command line turns a local day into it */
  receivedFrom?: string;
  /** received before this instant (UTC ISO): `--received-to DAY` is the start of the local day after */
  receivedBefore?: string;
}

export interface RecallRow {
  serial: string;
  product: string;
  status: SerialStatus;
  /** while in stock (available) */
  warehouse: string | null;
  /** when its last movement is a shipment: the customer and the shipment */
  customer: string | null;
  document: string | null;
  /** the matching component unit that ties it in */
  component: { serial: string; product: string };
  /** 1: the component is directly inside it; 2: inside a unit inside it; … */
  depth: number;
}

export interface Recall {
  rows(): AsyncIterable<RecallRow[]>;
  /** how many component units match the filter (whether or not they are inside anything) */
  matched(): Promise<number>;
}

/** Serials named one by one, per query. */
const SERIALS_PER_QUERY = 2000;

type Tables = Database & { s: Database['serials'] };
type Where = (eb: ExpressionBuilder<Tables, 's'>) => Expression<SqlBool>;

/** Resolves every code, number and serial the filter names; whatever does not exist is a problem, all of them at once. */
async function conditions(db: Db, filter: RecallFilter): Promise<{ where: (ids: number[] | undefined) => Where; idChunks: (number[] | undefined)[] }> {
  const problems: Problem[] = [];
  const product = filter.product !== undefined ? await findProduct(db, filter.product) : undefined;
  if (filter.product !== undefined && !product) problems.push({ code: 'unknown_product', message: `There is no product ${shown(filter.product)}.`, fix: 'See them with: serials product list', product: filter.product });
  else if (product && !product.serialized) {
    problems.push({ code: 'not_serialized', message: `Product ${product.code} is not serialized: a recall follows component serials.`, fix: 'Give the serialized component product whose units are recalled.', product: product.code });
  }
  const supplier = filter.supplier !== undefined ? await findEntry(db, 'supplier', filter.supplier) : undefined;
  if (filter.supplier !== undefined && !supplier) problems.push({ code: 'unknown_supplier', message: `There is no supplier ${shown(filter.supplier)}.`, fix: 'See them with: serials supplier list' });
  const po = filter.po !== undefined ? await gatherProblems(findPurchaseOrder(db, filter.po), problems) : undefined;
  if (po && supplier && po.supplier_id !== supplier.id) {
    problems.push({ code: 'supplier_mismatch', message: `Purchase order ${po.number} is from supplier ${po.supplier}, not ${supplier.code}.`, fix: 'Leave out --supplier, or give a purchase order of that supplier.', document: po.number });
  }
  let idChunks: (number[] | undefined)[] = [undefined];
  if (filter.serials !== undefined && (product || filter.product === undefined)) {
    const keyed = new Map<string, SerialInput>();
    for (const input of filter.serials) {
      const checked = checkSerial(input.raw);
      if (!checked.ok) problems.push({ code: 'invalid_serial', message: `Serial ${quoteSerial(input.raw)}${input.source ? ` (${input.source})` : ''} ${checked.reason}.`, serial: input.raw, source: input.source });
      else if (!keyed.has(checked.key)) keyed.set(checked.key, input);
    }
    const found = new Map<string, number[]>();
    const keys = [...keyed.keys()];
    for (let at = 0; at < keys.length; at += 500) {
      let query = db.selectFrom('serials').select(['id', 'serial_key']).where('serial_key', 'in', keys.slice(at, at + 500));
      if (product) query = query.where('product_id', '=', product.id);
      // without a product, a serial text several products have is each of those units
      for (const r of await query.execute()) appendTo(found, r.serial_key, r.id);
    }
    for (const [key, input] of keyed) {
      if (!found.has(key)) {
        problems.push({
          code: 'unknown_serial',
          message: `No serial ${quoteSerial(input.raw)}${product ? ` of product ${product.code}` : ''}${input.source ? ` (${input.source})` : ''} is in the ledger.`,
          fix: `Search for part of it with: serials enquiry${product ? ` --product ${product.code}` : ''} --contains ${quoteSerial(input.raw.trim())}`,
          serial: input.raw,
          product: product?.code,
          source: input.source,
        });
      }
    }
    const ids = [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([, list]) => list);
    idChunks = [];
    for (let at = 0; at < ids.length; at += SERIALS_PER_QUERY) idChunks.push(ids.slice(at, at + SERIALS_PER_QUERY));
  }
  if (problems.length) throw new RejectedError(problems);

  const { receivedFrom: from, receivedBefore: before } = filter;
  // Which way a planner without statistics walks matters a thousandfold here: each condition
  // is written so that the most selective index leads — the serials named (by id), else the
  // receipts of the supplier or order (the product checked inside, per serial received),
  // else the product's serials.
  const where = (ids: number[] | undefined): Where => (eb) => {
    const and: Expression<SqlBool>[] = [];
    if (ids !== undefined) and.push(eb('s.id', 'in', ids)); // of the product already
    else if (product && !(supplier || po)) and.push(eb('s.product_id', '=', product.id));
    if (supplier || po) {
      // driven by the receipts of the supplier or order: its receipts' movements name the serials
      let receipts = eb.selectFrom('purchase_receipts as r').innerJoin('purchase_orders as o', 'o.id', 'r.purchase_order_id').select('r.id');
      if (supplier) receipts = receipts.where('o.supplier_id', '=', supplier.id);
      if (po) receipts = receipts.where('o.id', '=', po.id);
      let moved = eb.selectFrom('serial_movements as m').select('m.serial_id').where('m.document_type', '=', 'purchase_receipt').where('m.document_id', 'in', receipts);
      if (product && ids === undefined) moved = moved.innerJoin('serials as ms', 'ms.id', 'm.serial_id').where('ms.product_id', '=', product.id);
      if (from !== undefined) moved = moved.where('m.at', '>=', from);
      if (before !== undefined) moved = moved.where('m.at', '<', before);
      and.push(eb('s.id', 'in', moved));
    } else if (from !== undefined || before !== undefined) {
      // dates alone: each unit's own receipts, by its movements' index
      let received = eb.selectFrom('serial_movements as m').select('m.id').whereRef('m.serial_id', '=', 's.id').where('m.kind', '=', 'receipt');
      if (from !== undefined) received = received.where('m.at', '>=', from);
      if (before !== undefined) received = received.where('m.at', '<', before);
      and.push(eb.exists(received));
    }
    return eb.and(and);
  };
  return { where, idChunks };
}

/** Checks the filter (unknown codes and serials are an error) and prepares the recall; nothing is read until asked. */
export async function prepareRecall(db: Db, filter: RecallFilter): Promise<Recall> {
  const { where, idChunks } = await conditions(db, filter);
  const matching = where;

  // the walk carries its component's serial and product up, read once per component
  const walk = (ids: number[] | undefined) =>
    db
      .withRecursive('up(component, component_key, component_product, component_product_key, unit_id, depth)', (qb) =>
        qb
          .selectFrom('serials as s')
          .innerJoin('serial_links as l', (j) => j.onRef('l.component_serial_id', '=', 's.id').on('l.disassembly_id', 'is', null))
          .innerJoin('products as cp', 'cp.id', 's.product_id')
          .select(['s.serial as component', 's.serial_key as component_key', 'cp.code as component_product', 'cp.code_key as component_product_key', 'l.unit_serial_id as unit_id', sql<number>`1`.as('depth')])
          .where(matching(ids))
          .unionAll((eb) =>
            eb
              .selectFrom('up as u')
              .innerJoin('serial_links as l', (j) => j.onRef('l.component_serial_id', '=', 'u.unit_id').on('l.disassembly_id', 'is', null))
              .select(['u.component', 'u.component_key', 'u.component_product', 'u.component_product_key', 'l.unit_serial_id as unit_id', sql<number>`u.depth + 1`.as('depth')])
              .where('u.depth', '<', MAX_LINK_DEPTH),
          ),
      )
      // every unit exists: left joins only to keep the walk's rows the outer loop, each row's
      // facts looked up by key (an inner join lets a planner without statistics scan a
      // million serials against the walk instead); only an unavailable unit may be shipped
      .selectFrom('up')
      .leftJoin('serials as s', 's.id', 'up.unit_id')
      .leftJoin('products as p', 'p.id', 's.product_id')
      .leftJoin('serial_movements as lm', (j) => j.onRef('lm.id', '=', 's.last_movement_id').on('s.status', '=', 'unavailable').on('lm.kind', '=', 'shipment'))
      .leftJoin('warehouses as w', (j) => j.onRef('w.id', '=', 's.warehouse_id').on('s.status', '=', 'available'))
      .leftJoin('shipments as sh', 'sh.id', 'lm.document_id')
      .leftJoin('sales_orders as so', 'so.id', 'sh.sales_order_id')
      .leftJoin('customers as c', 'c.id', 'so.customer_id')
      .select(['s.serial', 'p.code as product', 's.status', 'w.code as warehouse', 'c.code as customer', 'sh.number as shipment', 'up.component', 'up.component_product', 'up.depth'])
      .orderBy('up.component_key')
      .orderBy('up.component_product_key')
      .orderBy('up.depth')
      .orderBy('p.code_key')
      .orderBy('s.serial_key');

  return {
    async *rows() {
      for (const ids of idChunks) {
        if (ids?.length === 0) continue;
        for await (const chunk of streamRows(db, walk(ids))) {
          yield chunk.map((r) => ({
            serial: r.serial as string,
            product: r.product as string,
            status: r.status as SerialStatus,
            warehouse: r.warehouse,
            customer: r.shipment === null ? null : r.customer,
            document: r.shipment,
            component: { serial: r.component as string, product: r.component_product as string },
            depth: Number(r.depth),
          }));
        }
      }
    },
    async matched() {
      let n = 0;
      for (const ids of idChunks) {
        if (ids?.length === 0) continue;
        const row = await db
          .selectFrom('serials as s')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(matching(ids))
          .executeTakeFirstOrThrow();
        n += Number(row.n);
      }
      return n;
    },
  };
}
