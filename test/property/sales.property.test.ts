// Property tests of the sales side: random sequences of receipts, adjustments, sales
// orders, assignments, shipments (dispatched at once, or parked and dispatched later),
// credits (to stock, value only, free), supplier returns and order deletions — valid and
// invalid — run in-process against a small in-memory model. After every command: the
// ledger verifies, stock per product and warehouse and every serial (status, warehouse,
// open assignments) equal the model, orders have the model's status and shipped
// quantities, a rejected command changed no table, and no serial was dispatched twice
// without coming back into stock in between (RULES.md S-1 to S-4, C-1 to C-4, R-1 to R-3,
// N-4). LABOUR is Never Diminishing (P-7): its lines ship, are received, credited, returned
// and adjusted by quantity, and it never has stock — the model never gives it a level, and
// the ledger must never write it a stock movement.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { RejectedError } from '../../src/errors.js';
import { formatQuantity } from '../../src/core/values/quantity.js';
import { serialKey } from '../../src/core/values/serial-text.js';
import { adjustStock } from '../../src/core/stock/adjustments.js';
import { addProduct } from '../../src/core/master-data/products.js';
import { createPurchaseOrder } from '../../src/core/purchasing/purchase-orders.js';
import { receivePurchaseOrder } from '../../src/core/purchasing/purchase-receipts.js';
import { createSalesOrder, deleteSalesOrder, listSalesOrders } from '../../src/core/sales/sales-orders.js';
import { assignSerials, unassignSerials } from '../../src/core/sales/serial-assignments.js';
import { dispatchShipment, shipSalesOrder } from '../../src/core/sales/shipments.js';
import { cancelShipment } from '../../src/core/sales/shipment-cancel.js';
import { createCredit } from '../../src/core/sales/credits.js';
import { createSupplierReturn } from '../../src/core/purchasing/supplier-returns.js';
import { enquire } from '../../src/core/reports/enquiry.js';
import { stockOnHand } from '../../src/core/reports/stock-on-hand.js';
import { verifyLedger } from '../../src/core/ledger/verify.js';
import type { Db } from '../../src/db/open.js';

const E4 = 10_000;
const WAREHOUSES = ['MAIN', 'BACK'] as const;
type Wh = (typeof WAREHOUSES)[number];

// ---------------------------------------------------------------------------------------
// Generated commands. Serials and documents are picked by index and resolved against the
// model just before the command runs, so that most commands meet the ledger's real state.

/** How a serial is typed: as stored, upper or lower case, or with outer spaces (N-2/N-3). */
type Variant = 'same' | 'upper' | 'lower' | 'spaced';
type Ref = { src: 'pool'; i: number; variant: Variant } | { src: 'known'; i: number; variant: Variant } | { src: 'invalid'; raw: string };

/** Serials given: picked from those that fit the command (`smart`), or from anywhere. */
interface Pick {
  smart: boolean;
  /** how many, for smart picks */
  n: number;
  /** which ones, for smart picks */
  at: number;
  refs: Ref[];
  variant: Variant;
}

type Command =
  | { kind: 'order'; warehouse: Wh; widgets: number; cableE4: number; labourE4: number }
  /** `contest`: a serial already assigned to another open order, when there is one (S-2) */
  | { kind: 'assign' | 'unassign'; order: number; anyOrder: boolean; contest: boolean; pick: Pick }
  | { kind: 'ship'; order: number; anyOrder: boolean; mode: 'all' | 'widgets' | 'cable' | 'labour'; qty: number | null; pick: Pick; park: boolean }
  | { kind: 'dispatch' | 'cancel'; shipment: number }
  | { kind: 'credit'; order: number; anyOrder: boolean; mode: 'serials' | 'value' | Plain; pick: Pick; warehouse: Wh | null; qty: number }
  | { kind: 'freeCredit'; warehouse: Wh; mode: 'serials' | 'value' | Plain; pick: Pick; qty: number }
  | { kind: 'supplierReturn'; po: number; mode: 'serials' | Plain; pick: Pick; qtyE4: number }
  | { kind: 'receive'; po: number; mode: 'serials' | Plain; pick: Pick; qtyE4: number }
  | { kind: 'adjust'; direction: 'in' | 'out'; warehouse: Wh; mode: 'serials' | Plain; pick: Pick; qtyE4: number }
  | { kind: 'deleteOrder'; order: number };

/** The lines given by quantity: CABLE has stock, LABOUR (Never Diminishing, P-7) has none. */
type Plain = 'cable' | 'labour';
const PLAIN_PRODUCT = { cable: 'CABLE', labour: 'LABOUR' } as const;
type Product = 'WIDGET' | 'CABLE' | 'LABOUR';
/** The order or purchase order line of a product. */
const LINE = { WIDGET: 'widgets', CABLE: 'cable', LABOUR: 'labour' } as const;
/** P-7: only products with stock have a level, in the model as in the ledger. */
const hasStock = (product: Product) => product !== 'LABOUR';

const POOL = ['W-1', 'W-2', 'W-3', 'W-4', 'W-5', 'W-6', 'w-7', 'Wx 8'];
const INVALID = ['', '   ', 'W\t1', 'W-é', 'X'.repeat(51)];

const variant = fc.constantFrom<Variant>('same', 'same', 'upper', 'lower', 'spaced');
const ref: fc.Arbitrary<Ref> = fc.oneof(
  { arbitrary: fc.record({ src: fc.constant('pool' as const), i: fc.nat(), variant }), weight: 4 },
  { arbitrary: fc.record({ src: fc.constant('known' as const), i: fc.nat(), variant }), weight: 4 },
  { arbitrary: fc.record({ src: fc.constant('invalid' as const), raw: fc.constantFrom(...INVALID) }), weight: 1 },
);
const pick: fc.Arbitrary<Pick> = fc.record({
  smart: fc.constantFrom(true, true, true, false),
  n: fc.integer({ min: 1, max: 3 }),
  at: fc.nat(),
  refs: fc.array(ref, { minLength: 1, maxLength: 3 }),
  variant,
});
const warehouse = fc.constantFrom<Wh>(...WAREHOUSES);
/** quantities of the plain product, in ten-thousandths: whole and decimal */
const plainQty = fc.oneof(fc.integer({ min: 1, max: 4 }).map((n) => n * E4), fc.integer({ min: 1, max: 40_000 }));

/** mostly an order the command fits (open, with something to ship or credit), sometimes any */
const anyOrder = fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 });
const order: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('order' as const),
  warehouse: fc.constantFrom<Wh>('MAIN', 'MAIN', 'BACK'),
  widgets: fc.integer({ min: 0, max: 3 }),
  cableE4: fc.oneof(fc.constant(0), plainQty),
  labourE4: fc.oneof(fc.constant(0), fc.constant(0), plainQty),
});

const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: order, weight: 3 },
  {
    arbitrary: fc.record({ kind: fc.constantFrom('assign' as const, 'assign' as const, 'assign' as const, 'unassign' as const), order: fc.nat(), anyOrder, contest: fc.boolean(), pick }),
    weight: 5,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('ship' as const),
      order: fc.nat(),
      anyOrder,
      mode: fc.constantFrom<'all' | 'widgets' | 'cable' | 'labour'>('all', 'all', 'widgets', 'cable', 'labour'),
      qty: fc.option(fc.nat({ max: 40_000 }), { nil: null }),
      pick,
      park: fc.boolean(),
    }),
    weight: 7,
  },
  { arbitrary: fc.record({ kind: fc.constant('dispatch' as const), shipment: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('cancel' as const), shipment: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('credit' as const),
      order: fc.nat(),
      anyOrder,
      mode: fc.constantFrom<'serials' | 'value' | Plain>('serials', 'serials', 'serials', 'value', 'cable', 'labour'),
      pick,
      warehouse: fc.option(warehouse, { nil: null }),
      qty: fc.nat(),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('freeCredit' as const), warehouse, mode: fc.constantFrom<'serials' | 'value' | Plain>('serials', 'serials', 'value', 'cable', 'labour'), pick, qty: fc.nat() }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('supplierReturn' as const), po: fc.nat(), mode: fc.constantFrom<'serials' | Plain>('serials', 'serials', 'cable', 'labour'), pick, qtyE4: plainQty }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('receive' as const), po: fc.nat(), mode: fc.constantFrom<'serials' | Plain>('serials', 'serials', 'cable', 'labour'), pick, qtyE4: plainQty }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      direction: fc.constantFrom<'in' | 'out'>('in', 'in', 'out'),
      warehouse,
      mode: fc.constantFrom<'serials' | Plain>('serials', 'serials', 'cable', 'labour'),
      pick,
      qtyE4: plainQty,
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('deleteOrder' as const), order: fc.nat() }), weight: 1 },
);

// ---------------------------------------------------------------------------------------
// The model

interface MSerial {
  text: string;
  status: 'available' | 'unavailable';
  warehouse: Wh;
  /** the last movement: kind, and the sales order of a shipment */
  last: { kind: string; order: number | null };
  /** C-1: the order of its latest dispatch, and whether it was credited since */
  dispatch: { order: number; credited: boolean } | null;
  /** purchase orders (indexes) that received it */
  receivedOn: Set<number>;
}
interface MLine {
  qtyE4: number;
  shippedE4: number;
  creditedE4: number;
}
interface MOrder {
  number: string;
  warehouse: Wh;
  status: 'open' | 'completed' | 'deleted';
  widgets: MLine | null;
  cable: MLine | null;
  labour: MLine | null;
  /** serial keys assigned to the WIDGET line, in the order they were assigned */
  assigned: string[];
}
interface MShipment {
  number: string;
  order: number;
  status: 'parked' | 'dispatched' | 'cancelled';
  widgetsE4: number;
  serials: string[];
  cableE4: number;
  labourE4: number;
}
interface MPoLine {
  ordered: number;
  received: number;
  returned: number;
  receipts: number;
}
interface MPo {
  number: string;
  warehouse: Wh;
  status: 'open' | 'completed';
  widgets: MPoLine;
  cable: MPoLine;
  labour: MPoLine;
}
interface Model {
  serials: Map<string, MSerial>;
  /** `${product}:${warehouse}` -> e4 */
  levels: Map<string, number>;
  orders: MOrder[];
  shipments: MShipment[];
  pos: MPo[];
  fresh: number;
}

const level = (m: Model, product: string, wh: string) => m.levels.get(`${product}:${wh}`) ?? 0;
const addLevel = (m: Model, product: string, wh: string, delta: number) => m.levels.set(`${product}:${wh}`, level(m, product, wh) + delta);

/** A serial as typed, with its N-3 key and the text stored for a new one (null: invalid). */
interface Typed {
  raw: string;
  key: string | null;
  text: string | null;
}

function typed(text: string, v: Variant): Typed {
  const shown = v === 'upper' ? text.toUpperCase() : v === 'lower' ? text.toLowerCase() : text;
  return { raw: v === 'spaced' ? ` ${shown}  ` : shown, key: serialKey(text), text: shown };
}

/** Smart picks: `n` of the candidates from position `at`; otherwise the refs as generated. */
function resolvePick(m: Model, p: Pick, candidates: string[]): Typed[] {
  if (p.smart) {
    const out: Typed[] = [];
    for (let k = 0; k < Math.min(p.n, candidates.length); k++) {
      const key = candidates[(p.at + k) % candidates.length] as string;
      out.push(typed(m.serials.get(key)?.text ?? key, p.variant));
    }
    if (out.length > 0) return out;
  }
  const known = [...m.serials.keys()].sort();
  return p.refs.map((r) => {
    if (r.src === 'invalid') return { raw: r.raw, key: null, text: null };
    if (r.src === 'known' && known.length > 0) {
      const key = known[r.i % known.length] as string;
      return typed((m.serials.get(key) as MSerial).text, r.variant);
    }
    const base = POOL[r.i % POOL.length] as string;
    return typed(m.serials.get(serialKey(base))?.text ?? base, r.variant);
  });
}

/** Serials that may enter stock: unavailable ones, or new ones. */
function enterable(m: Model): string[] {
  const back = [...m.serials].filter(([, s]) => s.status !== 'available').map(([k]) => k);
  const fresh = `N-${m.fresh++}`;
  return [fresh, ...back.sort()];
}

const availableIn = (m: Model, wh: Wh) =>
  [...m.serials]
    .filter(([, s]) => s.status === 'available' && s.warehouse === wh)
    .map(([k]) => k)
    .sort();

/** The serials are all valid and distinct (N-1, N-2, N-6): their keys, or null. */
function keysOf(list: Typed[]): string[] | null {
  const keys = list.map((s) => s.key);
  if (keys.some((k) => k === null)) return null;
  if (new Set(keys).size !== keys.length) return null;
  return keys as string[];
}

const parkedOf = (m: Model, orderIdx: number) => m.shipments.filter((s) => s.order === orderIdx && s.status === 'parked');

/** A command with its serials and documents resolved: what runs, and what the model predicts of it. */
type Resolved =
  | { kind: 'order'; warehouse: Wh; widgets: number; cableE4: number; labourE4: number }
  | { kind: 'assign' | 'unassign'; order: string; orderIdx: number | null; serials: Typed[] }
  | { kind: 'ship'; order: string; orderIdx: number | null; product?: Product; qtyE4?: number; serials: Typed[]; park: boolean }
  | { kind: 'dispatch' | 'cancel'; shipment: string; shipmentIdx: number | null }
  | { kind: 'credit'; order: string; orderIdx: number | null; product: Product; qtyE4?: number; noReturn: boolean; warehouse: Wh | null; serials: Typed[] }
  | { kind: 'freeCredit'; warehouse: Wh; product: Product; qtyE4?: number; noReturn: boolean; serials: Typed[] }
  | { kind: 'supplierReturn'; po: number; product: Product; qtyE4?: number; serials: Typed[] }
  | { kind: 'receive'; po: number; product: Product; qtyE4?: number; serials: Typed[] }
  | { kind: 'adjust'; direction: 'in' | 'out'; warehouse: Wh; product: Product; qtyE4?: number; serials: Typed[] }
  | { kind: 'deleteOrder'; order: string; orderIdx: number | null };

const NO_ORDER = 'SO-00000999';

type Fits = (o: MOrder, idx: number) => boolean;

/** The i-th order that fits the command (by the first test some order passes), else the i-th of all. */
function pickOrder(m: Model, i: number, ...tests: Fits[]): { order: string; orderIdx: number | null } {
  if (m.orders.length === 0) return { order: NO_ORDER, orderIdx: null };
  for (const fits of tests) {
    const fitting = m.orders.map((o, idx) => ({ o, idx })).filter(({ o, idx }) => fits(o, idx));
    if (fitting.length) {
      const idx = (fitting[i % fitting.length] as { idx: number }).idx;
      return { order: (m.orders[idx] as MOrder).number, orderIdx: idx };
    }
  }
  const idx = i % m.orders.length;
  return { order: (m.orders[idx] as MOrder).number, orderIdx: idx };
}

/** Which serials a shipment of the order would carry (S-3), or null if `ship` rejects it before dispatch. */
function planShipment(m: Model, c: Extract<Resolved, { kind: 'ship' }>): { widgetsE4: number; serials: string[]; cableE4: number; labourE4: number } | null {
  if (c.orderIdx === null) return null;
  const o = m.orders[c.orderIdx] as MOrder;
  if (o.status !== 'open') return null;
  const parked = parkedOf(m, c.orderIdx);
  const out = (line: 'widgets' | 'cable' | 'labour') => {
    const l = o[line];
    if (!l) return null;
    return l.qtyE4 - l.shippedE4 - parked.reduce((n, s) => n + s[`${line}E4`], 0);
  };
  const q = { widgets: 0, cable: 0, labour: 0 };
  if (c.product !== undefined) {
    const line = LINE[c.product];
    const outstanding = out(line);
    if (outstanding === null) return null; // not on the order
    const wanted = c.qtyE4 ?? outstanding;
    if (wanted > outstanding || wanted <= 0) return null; // over_shipment / nothing_to_ship
    q[line] = wanted;
  } else {
    for (const line of ['widgets', 'cable', 'labour'] as const) q[line] = Math.max(0, out(line) ?? 0);
    if (q.widgets === 0 && q.cable === 0 && q.labour === 0) return null; // nothing_to_ship
  }
  const widgetsE4 = q.widgets;
  const cableE4 = q.cable;
  const labourE4 = q.labour;
  if (widgetsE4 === 0) return c.serials.length > 0 ? null : { widgetsE4, serials: [], cableE4, labourE4 }; // serials for no serialized line
  const units = widgetsE4 / E4;
  const onParked = new Set(parked.flatMap((s) => s.serials));
  const list = o.assigned.filter((k) => !onParked.has(k)).slice(0, units);
  const taken = new Set(list);
  for (const s of c.serials) {
    if (s.key === null || !m.serials.has(s.key) || taken.has(s.key) || onParked.has(s.key)) return null;
    taken.add(s.key);
    list.push(s.key);
  }
  if (list.length > units) return null;
  return { widgetsE4, serials: list, cableE4, labourE4 };
}

function resolve(m: Model, c: Command): Resolved {
  switch (c.kind) {
    case 'order':
      return c;
    case 'assign':
    case 'unassign': {
      const elsewhere = (o: MOrder) => new Set(m.orders.filter((x) => x !== o && x.status === 'open').flatMap((x) => x.assigned));
      const free = (o: MOrder) => availableIn(m, o.warehouse).filter((k) => !o.assigned.includes(k));
      const contested = (o: MOrder) => free(o).filter((k) => elsewhere(o).has(k));
      const open: Fits = (o) => o.status === 'open' && o.widgets !== null && o.widgets.shippedE4 + o.assigned.length * E4 < o.widgets.qtyE4;
      const tests: Fits[] = c.anyOrder
        ? []
        : c.kind === 'unassign'
          ? [(o) => o.status === 'open' && o.assigned.length > 0]
          : c.contest
            ? [(o, i) => open(o, i) && contested(o).length > 0, open]
            : c.pick.at % 2 === 0
              ? [(o, i) => open(o, i) && parkedOf(m, i).some((sh) => sh.serials.length * E4 < sh.widgetsE4), open] // to carry over (S-3)
              : [open];
      const { order, orderIdx } = pickOrder(m, c.order, ...tests);
      const o = orderIdx === null ? undefined : m.orders[orderIdx];
      if (!o || !o.widgets) return { kind: c.kind, order, orderIdx, serials: resolvePick(m, c.pick, []) };
      if (c.kind === 'unassign') return { kind: c.kind, order, orderIdx, serials: resolvePick(m, c.pick, o.assigned) };
      const candidates = c.contest && contested(o).length > 0 ? contested(o) : free(o);
      const room = (o.widgets.qtyE4 - o.widgets.shippedE4) / E4 - o.assigned.length;
      return { kind: c.kind, order, orderIdx, serials: resolvePick(m, { ...c.pick, n: Math.max(1, Math.min(c.pick.n, room)) }, candidates) };
    }
    case 'ship': {
      const product = c.mode === 'widgets' ? ('WIDGET' as const) : c.mode === 'all' ? undefined : PLAIN_PRODUCT[c.mode];
      // whole units for the serialized line (fractions are P-3, covered end to end)
      const qtyE4 = c.qty === null || product === undefined ? undefined : product === 'WIDGET' ? ((c.qty % 3) + 1) * E4 : c.qty + 1;
      const { order, orderIdx } = pickOrder(
        m,
        c.order,
        ...(c.anyOrder ? [] : [(o: MOrder, idx: number) => planShipment(m, { kind: 'ship', order: o.number, orderIdx: idx, product, qtyE4, serials: [], park: false }) !== null]),
      );
      const base = { kind: 'ship' as const, order, orderIdx, product, qtyE4, serials: [] as Typed[], park: c.park };
      const o = orderIdx === null ? undefined : m.orders[orderIdx];
      if (o && c.park && c.pick.at % 3 === 0) {
        // parked without its serials: those assigned later carry over at dispatch (S-3)
        base.serials = [];
      } else if (o && c.pick.smart) {
        // give just the serials still needed after the assigned ones, from stock in the order's warehouse
        const plan = planShipment(m, base);
        if (plan && plan.widgetsE4 > 0) {
          const need = plan.widgetsE4 / E4 - plan.serials.length;
          const onParked = new Set(m.shipments.filter((s) => s.status === 'parked' && s.order === orderIdx).flatMap((s) => s.serials));
          const candidates = availableIn(m, o.warehouse).filter((k) => !plan.serials.includes(k) && !onParked.has(k));
          // none in stock there: give none (dispatch then lacks serials)
          base.serials = need > 0 && candidates.length > 0 ? resolvePick(m, { ...c.pick, n: need }, candidates) : [];
        }
      } else if (!c.pick.smart) {
        base.serials = resolvePick(m, c.pick, []);
      }
      return base;
    }
    case 'dispatch':
    case 'cancel': {
      const parked = m.shipments.map((s, i) => ({ s, i })).filter(({ s }) => s.status === 'parked');
      const chosen = parked.length ? parked[c.shipment % parked.length] : m.shipments.length ? { s: m.shipments[c.shipment % m.shipments.length] as MShipment, i: c.shipment % m.shipments.length } : undefined;
      return chosen ? { kind: c.kind, shipment: chosen.s.number, shipmentIdx: chosen.i } : { kind: c.kind, shipment: 'SS-00000999', shipmentIdx: null };
    }
    case 'credit': {
      const product = c.mode === 'cable' || c.mode === 'labour' ? PLAIN_PRODUCT[c.mode] : ('WIDGET' as const);
      const { order, orderIdx } = pickOrder(
        m,
        c.order,
        ...(c.anyOrder
          ? []
          : [
              (o: MOrder) => {
                const line = o[LINE[product]];
                return line !== null && line.shippedE4 > line.creditedE4;
              },
            ]),
      );
      // C-1: serials out of stock whose latest dispatch was on this order (whatever moved
      // them since), or (sometimes) on any order
      const shippedAnywhere = [...m.serials].filter(([, s]) => s.status === 'unavailable' && s.dispatch !== null).map(([k]) => k).sort();
      const shippedHere = shippedAnywhere.filter((k) => m.serials.get(k)?.dispatch?.order === orderIdx);
      return {
        kind: 'credit',
        order,
        orderIdx,
        product,
        noReturn: c.mode === 'value',
        qtyE4: c.mode === 'serials' ? undefined : c.mode === 'value' ? ((c.qty % 2) + 1) * E4 : (c.qty % 30_000) + 1,
        warehouse: c.warehouse,
        serials: c.mode !== 'serials' ? [] : c.pick.smart ? resolvePick(m, c.pick, shippedHere) : c.pick.at % 2 === 0 ? resolvePick(m, { ...c.pick, smart: true }, shippedAnywhere) : resolvePick(m, c.pick, []),
      };
    }
    case 'freeCredit': {
      const product = c.mode === 'cable' || c.mode === 'labour' ? PLAIN_PRODUCT[c.mode] : ('WIDGET' as const);
      return {
        kind: 'freeCredit',
        warehouse: c.warehouse,
        product,
        noReturn: c.mode === 'value',
        qtyE4: c.mode === 'serials' ? undefined : c.mode === 'value' ? ((c.qty % 2) + 1) * E4 : (c.qty % 30_000) + 1,
        serials: c.mode === 'serials' ? resolvePick(m, c.pick, enterable(m)) : [],
      };
    }
    case 'supplierReturn': {
      const po = c.po % m.pos.length;
      const p = m.pos[po] as MPo;
      // half the time from what this order received (R-2), else from anything in its warehouse
      const candidates = availableIn(m, p.warehouse).filter((k) => c.pick.at % 2 === 1 || m.serials.get(k)?.receivedOn.has(po));
      return c.mode !== 'serials'
        ? { kind: 'supplierReturn', po, product: PLAIN_PRODUCT[c.mode], qtyE4: c.qtyE4, serials: [] }
        : { kind: 'supplierReturn', po, product: 'WIDGET', serials: resolvePick(m, c.pick, candidates) };
    }
    case 'receive': {
      const po = c.po % m.pos.length;
      return c.mode !== 'serials'
        ? { kind: 'receive', po, product: PLAIN_PRODUCT[c.mode], qtyE4: c.qtyE4, serials: [] }
        : { kind: 'receive', po, product: 'WIDGET', serials: resolvePick(m, c.pick, enterable(m)) };
    }
    case 'adjust': {
      if (c.mode !== 'serials') return { kind: 'adjust', direction: c.direction, warehouse: c.warehouse, product: PLAIN_PRODUCT[c.mode], qtyE4: c.qtyE4, serials: [] };
      const candidates = c.direction === 'in' ? enterable(m) : availableIn(m, c.warehouse);
      return { kind: 'adjust', direction: c.direction, warehouse: c.warehouse, product: 'WIDGET', serials: resolvePick(m, c.pick, candidates) };
    }
    case 'deleteOrder': {
      // only orders without a parked shipment (what becomes of one is left to the e2e test of P-4)
      const candidates = m.orders.map((o, i) => ({ o, i })).filter(({ i }) => parkedOf(m, i).length === 0);
      const chosen = candidates[c.order % Math.max(1, candidates.length)];
      return chosen ? { kind: 'deleteOrder', order: chosen.o.number, orderIdx: chosen.i } : { kind: 'deleteOrder', order: NO_ORDER, orderIdx: null };
    }
  }
}

/** Serials come into stock in a warehouse (a new one is created with the text typed). */
function bringIn(m: Model, list: Typed[], wh: Wh, kind: string, po?: number): void {
  for (const s of list) {
    const key = s.key as string;
    const old = m.serials.get(key);
    const receivedOn = old?.receivedOn ?? new Set<number>();
    if (po !== undefined) receivedOn.add(po);
    const dispatch = old?.dispatch ? { order: old.dispatch.order, credited: old.dispatch.credited || kind === 'credit' } : null;
    m.serials.set(key, { text: old?.text ?? (s.text as string), status: 'available', warehouse: wh, last: { kind, order: null }, dispatch, receivedOn });
  }
  addLevel(m, 'WIDGET', wh, list.length * E4);
}

function takeOut(m: Model, keys: string[], wh: Wh, kind: string, order: number | null = null): void {
  for (const k of keys) {
    const s = m.serials.get(k) as MSerial;
    s.status = 'unavailable';
    s.last = { kind, order };
    if (kind === 'shipment' && order !== null) s.dispatch = { order, credited: false };
  }
  addLevel(m, 'WIDGET', wh, -keys.length * E4);
}

const availableHere = (m: Model, keys: string[], wh: Wh) => keys.every((k) => m.serials.get(k)?.status === 'available' && m.serials.get(k)?.warehouse === wh);
const noneAvailable = (m: Model, keys: string[]) => keys.every((k) => m.serials.get(k)?.status !== 'available');

/** S-4: may this (parked) shipment be dispatched now? Applies it if so. */
function dispatchModel(m: Model, sh: MShipment): boolean {
  if (sh.status !== 'parked') return false;
  const o = m.orders[sh.order] as MOrder;
  if (o.status !== 'open') return false;
  // S-3: serials assigned on the order since the shipment was parked carry over (not those on a parked shipment)
  const onParked = new Set([...parkedOf(m, sh.order), sh].flatMap((s) => s.serials));
  const serials = [...sh.serials, ...o.assigned.filter((k) => !onParked.has(k)).slice(0, Math.max(0, sh.widgetsE4 / E4 - sh.serials.length))];
  if (serials.length * E4 !== sh.widgetsE4) return false;
  if (!availableHere(m, serials, o.warehouse)) return false;
  if (sh.cableE4 > 0 && level(m, 'CABLE', o.warehouse) < sh.cableE4) return false;
  // P-7: LABOUR ships whatever the (non-existent) stock
  sh.serials = serials;
  takeOut(m, sh.serials, o.warehouse, 'shipment', sh.order);
  addLevel(m, 'CABLE', o.warehouse, -sh.cableE4);
  if (o.widgets) o.widgets.shippedE4 += sh.widgetsE4;
  if (o.cable) o.cable.shippedE4 += sh.cableE4;
  if (o.labour) o.labour.shippedE4 += sh.labourE4;
  o.assigned = o.assigned.filter((k) => !sh.serials.includes(k));
  sh.status = 'dispatched';
  const done = (l: MLine | null) => !l || l.shippedE4 >= l.qtyE4;
  if (done(o.widgets) && done(o.cable) && done(o.labour)) o.status = 'completed';
  return true;
}

const number = (prefix: string, n: number) => `${prefix}-${String(n).padStart(8, '0')}`;

/** Predicts the command on the model; applies it if it should be accepted. */
function predict(m: Model, c: Resolved): boolean {
  switch (c.kind) {
    case 'order': {
      if (c.widgets === 0 && c.cableE4 === 0 && c.labourE4 === 0) return false;
      m.orders.push({
        number: number('SO', m.orders.length + 1),
        warehouse: c.warehouse,
        status: 'open',
        widgets: c.widgets ? { qtyE4: c.widgets * E4, shippedE4: 0, creditedE4: 0 } : null,
        cable: c.cableE4 ? { qtyE4: c.cableE4, shippedE4: 0, creditedE4: 0 } : null,
        labour: c.labourE4 ? { qtyE4: c.labourE4, shippedE4: 0, creditedE4: 0 } : null,
        assigned: [],
      });
      return true;
    }
    case 'assign':
    case 'unassign': {
      if (c.orderIdx === null) return false;
      const o = m.orders[c.orderIdx] as MOrder;
      if (o.status !== 'open' || !o.widgets) return false;
      const keys = keysOf(c.serials);
      if (!keys || keys.length === 0) return false;
      if (c.kind === 'unassign') {
        if (!keys.every((k) => o.assigned.includes(k))) return false;
        o.assigned = o.assigned.filter((k) => !keys.includes(k));
        return true;
      }
      if (!availableHere(m, keys, o.warehouse) || keys.some((k) => o.assigned.includes(k))) return false;
      if (o.assigned.length + keys.length > (o.widgets.qtyE4 - o.widgets.shippedE4) / E4) return false; // S-2
      o.assigned.push(...keys);
      return true;
    }
    case 'ship': {
      const plan = planShipment(m, c);
      if (!plan || c.orderIdx === null) return false;
      const sh: MShipment = { number: number('SS', m.shipments.length + 1), order: c.orderIdx, status: 'parked', ...plan };
      if (!c.park) {
        // dispatched at once: all or nothing (S-4)
        if (!dispatchModel(structuredClone(m), structuredClone(sh))) return false;
        dispatchModel(m, sh);
      }
      m.shipments.push(sh);
      return true;
    }
    case 'dispatch':
      return c.shipmentIdx !== null && dispatchModel(m, m.shipments[c.shipmentIdx] as MShipment);
    case 'cancel': {
      // S-3: only a parked shipment; its quantities and serials are free again
      const sh = c.shipmentIdx === null ? undefined : m.shipments[c.shipmentIdx];
      if (!sh || sh.status !== 'parked') return false;
      sh.status = 'cancelled';
      return true;
    }
    case 'credit': {
      if (c.orderIdx === null) return false;
      const o = m.orders[c.orderIdx] as MOrder;
      if (o.status === 'deleted') return false;
      const line = o[LINE[c.product]];
      if (!line) return false;
      const qty = c.qtyE4 ?? c.serials.length * E4;
      if (qty === 0 || qty > line.shippedE4 - line.creditedE4) return false; // C-1
      const wh = c.warehouse ?? o.warehouse;
      if (c.product === 'WIDGET' && !c.noReturn) {
        const keys = keysOf(c.serials);
        if (!keys) return false;
        // C-1: unavailable, last dispatched on this order, and not credited since
        if (!keys.every((k) => m.serials.get(k)?.status === 'unavailable' && m.serials.get(k)?.dispatch?.order === c.orderIdx && !m.serials.get(k)?.dispatch?.credited)) return false;
        bringIn(m, c.serials, wh, 'credit'); // C-3
      } else if (c.product === 'CABLE' && !c.noReturn) {
        addLevel(m, 'CABLE', wh, qty);
      }
      line.creditedE4 += qty;
      return true;
    }
    case 'freeCredit': {
      if (c.noReturn) return true; // C-2: value only
      if (c.product !== 'WIDGET') {
        if (hasStock(c.product)) addLevel(m, c.product, c.warehouse, c.qtyE4 as number);
        return true;
      }
      const keys = keysOf(c.serials);
      if (!keys || keys.length === 0 || !noneAvailable(m, keys)) return false; // C-4
      bringIn(m, c.serials, c.warehouse, 'credit');
      return true;
    }
    case 'supplierReturn': {
      const po = m.pos[c.po] as MPo;
      const line = po[LINE[c.product]];
      if (line.receipts === 0) return false;
      const qty = c.qtyE4 ?? c.serials.length * E4;
      if (qty > line.received - line.returned) return false; // R-1
      if (c.product === 'CABLE') {
        if (level(m, 'CABLE', po.warehouse) < qty) return false;
        addLevel(m, 'CABLE', po.warehouse, -qty);
      } else if (c.product === 'LABOUR') {
        // P-7: no stock to return from, none needed
      } else {
        const keys = keysOf(c.serials);
        if (!keys || keys.length === 0) return false;
        if (!keys.every((k) => m.serials.get(k)?.receivedOn.has(c.po))) return false; // R-2
        if (!availableHere(m, keys, po.warehouse)) return false;
        takeOut(m, keys, po.warehouse, 'supplier_return'); // R-3
      }
      line.returned += qty;
      return true;
    }
    case 'receive': {
      const po = m.pos[c.po] as MPo;
      if (po.status !== 'open') return false;
      const line = po[LINE[c.product]];
      if (c.product !== 'WIDGET') {
        const q = c.qtyE4 as number;
        if (q > line.ordered - line.received) return false;
        line.received += q;
        if (hasStock(c.product)) addLevel(m, c.product, po.warehouse, q);
      } else {
        const keys = keysOf(c.serials);
        if (!keys || keys.length === 0 || !noneAvailable(m, keys) || keys.length * E4 > line.ordered - line.received) return false;
        bringIn(m, c.serials, po.warehouse, 'receipt', c.po);
        line.received += keys.length * E4;
      }
      line.receipts += 1;
      if ([po.widgets, po.cable, po.labour].every((l) => l.received >= l.ordered)) po.status = 'completed';
      return true;
    }
    case 'adjust': {
      if (c.product === 'LABOUR') return true; // P-7: in or out, no stock checked or changed
      if (c.product === 'CABLE') {
        const q = c.qtyE4 as number;
        if (c.direction === 'out' && level(m, 'CABLE', c.warehouse) < q) return false;
        addLevel(m, 'CABLE', c.warehouse, c.direction === 'in' ? q : -q);
        return true;
      }
      const keys = keysOf(c.serials);
      if (!keys || keys.length === 0) return false;
      if (c.direction === 'in') {
        if (!noneAvailable(m, keys)) return false;
        bringIn(m, c.serials, c.warehouse, 'adjustment_in');
      } else {
        if (!availableHere(m, keys, c.warehouse)) return false;
        takeOut(m, keys, c.warehouse, 'adjustment_out');
      }
      return true;
    }
    case 'deleteOrder': {
      if (c.orderIdx === null) return false;
      const o = m.orders[c.orderIdx] as MOrder;
      if (o.status !== 'open' || [o.widgets, o.cable, o.labour].some((l) => (l?.shippedE4 ?? 0) > 0)) return false; // S-1
      o.status = 'deleted';
      o.assigned = [];
      return true;
    }
  }
}

/** Runs the resolved command through the core functions. */
function run(db: Db, m: Model, c: Resolved): Promise<unknown> {
  const serials = (list: Typed[]) => list.map((s, i) => ({ raw: s.raw, source: `item ${i + 1}` }));
  const qty = (e4: number | undefined) => (e4 === undefined ? undefined : formatQuantity(e4));
  switch (c.kind) {
    case 'order': {
      const lines = [];
      if (c.widgets) lines.push({ product: 'WIDGET', quantity: String(c.widgets), unitPrice: 99 });
      if (c.cableE4) lines.push({ product: 'CABLE', quantity: formatQuantity(c.cableE4) });
      if (c.labourE4) lines.push({ product: 'LABOUR', quantity: formatQuantity(c.labourE4), unitPrice: 45 });
      return createSalesOrder(db, { customer: 'BAKER', warehouse: c.warehouse, lines });
    }
    case 'assign':
      return assignSerials(db, { salesOrder: c.order, product: 'WIDGET', serials: serials(c.serials) });
    case 'unassign':
      return unassignSerials(db, { salesOrder: c.order, product: 'WIDGET', serials: serials(c.serials) });
    case 'ship':
      return shipSalesOrder(db, { salesOrder: c.order, product: c.product, quantity: qty(c.qtyE4), serials: serials(c.serials), park: c.park });
    case 'dispatch':
      return dispatchShipment(db, c.shipment);
    case 'cancel':
      return cancelShipment(db, c.shipment);
    case 'credit':
      return createCredit(db, { salesOrder: c.order, product: c.product, quantity: qty(c.qtyE4), serials: serials(c.serials), noReturn: c.noReturn, warehouse: c.warehouse ?? undefined });
    case 'freeCredit':
      return createCredit(db, { customer: 'BAKER', warehouse: c.warehouse, product: c.product, quantity: qty(c.qtyE4), serials: serials(c.serials), noReturn: c.noReturn });
    case 'supplierReturn':
      return createSupplierReturn(db, { purchaseOrder: (m.pos[c.po] as MPo).number, product: c.product, quantity: qty(c.qtyE4), serials: serials(c.serials) });
    case 'receive':
      return receivePurchaseOrder(db, { purchaseOrder: (m.pos[c.po] as MPo).number, product: c.product, quantity: qty(c.qtyE4), serials: serials(c.serials) });
    case 'adjust':
      return adjustStock(db, { direction: c.direction, warehouse: c.warehouse, product: c.product, quantity: qty(c.qtyE4), serials: serials(c.serials), reason: 'property' });
    case 'deleteOrder':
      return deleteSalesOrder(db, c.order);
  }
}

// ---------------------------------------------------------------------------------------
// Checks

/** Every table a command may write: a rejected command must leave all of them as they were. */
async function snapshot(db: Db) {
  const all = <T extends Parameters<Db['selectFrom']>[0]>(table: T) => db.selectFrom(table as never).selectAll().execute();
  return {
    serials: await all('serials'),
    serialMovements: await db.selectFrom('serial_movements').select(['id', 'serial_id', 'kind']).orderBy('id').execute(),
    stockMovements: await db.selectFrom('stock_movements').select(['id', 'quantity_e4']).orderBy('id').execute(),
    levels: await all('stock_levels'),
    salesOrders: await all('sales_orders'),
    salesOrderLines: await all('sales_order_lines'),
    assignments: await all('serial_assignments'),
    shipments: await all('shipments'),
    shipmentLines: await all('shipment_lines'),
    shipmentSerials: await all('shipment_serials'),
    credits: await all('credits'),
    creditLines: await all('credit_lines'),
    supplierReturns: await all('supplier_returns'),
    supplierReturnLines: await all('supplier_return_lines'),
    purchaseOrders: await all('purchase_orders'),
    purchaseOrderLines: await all('purchase_order_lines'),
    receipts: await all('purchase_receipts'),
    adjustments: await all('adjustments'),
    sequences: await all('document_sequences'),
  };
}

/** No serial left stock on two shipments without coming back into stock (a credit, receipt, adjustment in) in between. */
async function expectNoDoubleDispatch(db: Db, step: string): Promise<void> {
  const movements = await db.selectFrom('serial_movements').select(['serial_id', 'kind', 'document_number', 'status_before', 'status_after']).orderBy('serial_id').orderBy('id').execute();
  const lastShipment = new Map<number, string>();
  for (const mv of movements) {
    if (mv.kind === 'shipment') {
      const earlier = lastShipment.get(mv.serial_id);
      expect(earlier, `serial #${mv.serial_id} dispatched on ${mv.document_number} after ${earlier} without coming back in between (${step})`).toBeUndefined();
      expect(mv.status_before, `serial #${mv.serial_id} dispatched on ${mv.document_number} while not available (${step})`).toBe('available');
      lastShipment.set(mv.serial_id, mv.document_number);
    } else if (mv.status_after === 'available' && mv.status_before !== 'available') {
      lastShipment.delete(mv.serial_id);
    }
  }
}

async function expectMatchesModel(ledger: TestLedger, m: Model, step: string): Promise<void> {
  const report = await verifyLedger(ledger.db);
  expect(report.discrepancies, `verify after ${step}`).toEqual([]);
  expect(report.ok).toBe(true);

  const stock = new Map((await stockOnHand(ledger.db)).map((r) => [`${r.product}:${r.warehouse}`, r.quantityE4]));
  expect(stock, `stock levels after ${step}`).toEqual(new Map([...m.levels].filter(([, v]) => v !== 0)));

  const openAssignments = new Map<string, string[]>();
  for (const o of m.orders) {
    if (o.status !== 'open') continue;
    for (const k of o.assigned) openAssignments.set(k, [...(openAssignments.get(k) ?? []), o.number]);
  }
  const rows = await enquire(ledger.db, { product: 'WIDGET' });
  const actual = new Map(rows.map((r) => [serialKey(r.serial), { text: r.serial, status: r.status, warehouse: r.warehouse, assignments: r.assignments }]));
  const expected = new Map(
    [...m.serials].map(([k, s]) => [k, { text: s.text, status: s.status, warehouse: s.warehouse, assignments: (openAssignments.get(k) ?? []).sort() }]),
  );
  expect(actual, `serials after ${step}`).toEqual(expected);

  const orders = (await listSalesOrders(ledger.db)).map((o) => ({ number: o.number, status: o.status, shippedE4: o.shippedE4 }));
  expect(orders, `sales orders after ${step}`).toEqual(
    m.orders.map((o) => ({ number: o.number, status: o.status, shippedE4: (o.widgets?.shippedE4 ?? 0) + (o.cable?.shippedE4 ?? 0) + (o.labour?.shippedE4 ?? 0) })),
  );
  // P-7: whatever happened to LABOUR, it never had a stock movement (nor so a level)
  const labourMovements = await ledger.db
    .selectFrom('stock_movements as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select(['s.kind', 's.document_number', 's.quantity_e4'])
    .where('p.code', '=', 'LABOUR')
    .execute();
  expect(labourMovements, `LABOUR stock movements after ${step}`).toEqual([]);
  await expectNoDoubleDispatch(ledger.db, step);
}

// ---------------------------------------------------------------------------------------

describe('sales side against a model (properties)', () => {
  it('S-1..S-4/C-1..C-4/R-1..R-3/N-4: after every command the ledger verifies and equals the model; rejected commands change nothing; no serial is dispatched twice without coming back', async () => {
    const commands = fc
      .tuple(
        fc.array(order, { minLength: 1, maxLength: 2 }),
        fc.array(command, { minLength: 12, maxLength: 36 }),
      )
      .map(([a, b]) => [...a, ...b]);
    await fc.assert(
      fc.asyncProperty(commands, async (list) => {
        const ledger = await newLedger();
        try {
          await seed(ledger);
          await ledger.write((db) => addProduct(db, { code: 'LABOUR', neverDiminishing: true }));
          const m: Model = { serials: new Map(), levels: new Map(), orders: [], shipments: [], pos: [], fresh: 1 };
          // two purchase orders to receive on (and return against), one per warehouse
          for (const wh of WAREHOUSES) {
            const po = await ledger.write((db) =>
              createPurchaseOrder(db, { supplier: 'ACME', warehouse: wh, lines: [{ product: 'WIDGET', quantity: '10' }, { product: 'CABLE', quantity: '8' }, { product: 'LABOUR', quantity: '6' }] }),
            );
            m.pos.push({ number: po.number, warehouse: wh, status: 'open', widgets: { ordered: 10 * E4, received: 0, returned: 0, receipts: 0 }, cable: { ordered: 8 * E4, received: 0, returned: 0, receipts: 0 }, labour: { ordered: 6 * E4, received: 0, returned: 0, receipts: 0 } });
          }
          // some stock to start from: W-1..W-5 and 5 CABLE received into MAIN, B-1, B-2 and 3 CABLE into BACK
          const start: Resolved[] = [
            { kind: 'receive', po: 0, product: 'WIDGET', serials: ['W-1', 'W-2', 'W-3', 'W-4', 'W-5'].map((t) => typed(t, 'same')) },
            { kind: 'receive', po: 0, product: 'CABLE', qtyE4: 5 * E4, serials: [] },
            { kind: 'receive', po: 1, product: 'WIDGET', serials: ['B-1', 'B-2'].map((t) => typed(t, 'same')) },
            { kind: 'receive', po: 1, product: 'CABLE', qtyE4: 3 * E4, serials: [] },
          ];
          for (const c of start) {
            expect(predict(m, c)).toBe(true);
            await ledger.write((db) => run(db, m, c));
          }

          for (const [i, generated] of list.entries()) {
            const c = resolve(m, generated);
            const step = `command ${i + 1} ${JSON.stringify(c)}`;
            const before = await snapshot(ledger.db);
            const accept = predict(m, c);
            const outcome = await ledger.write((db) => run(db, m, c)).then(
              (r) => ({ ok: true as const, r }),
              (e: unknown) => ({ ok: false as const, e }),
            );
            if (!outcome.ok) {
              if (!(outcome.e instanceof RejectedError)) throw outcome.e;
              expect(accept, `${step} was rejected: ${outcome.e.problems.map((p) => `${p.code}: ${p.message}`).join('; ')}`).toBe(false);
              expect(outcome.e.problems.length).toBeGreaterThan(0);
              expect(await snapshot(ledger.db), `${step} was rejected but changed the ledger`).toEqual(before);
            } else {
              expect(accept, `${step} was accepted: ${JSON.stringify(outcome.r)}`).toBe(true);
              if (c.kind === 'ship') expect((outcome.r as { number: string }).number).toBe(m.shipments.at(-1)?.number);
            }
            await expectMatchesModel(ledger, m, step);
          }
        } finally {
          await ledger.dispose();
        }
      }),
      { numRuns: 50 },
    );
  });
});
