// Property tests: serial normalisation (N-1 to N-3), and random sequences of purchase
// orders, receipts, adjustments and transfers checked against a small in-memory model after
// every command (A-1, PO-2, PO-3, N-4, P-3, T-1, and the invariants of DESIGN.md via
// verifyLedger).

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { RejectedError } from '../../src/errors.js';
import { checkSerial, serialKey } from '../../src/core/values/serial-text.js';
import { formatQuantity } from '../../src/core/values/quantity.js';
import { adjustStock } from '../../src/core/stock/adjustments.js';
import { createTransfer } from '../../src/core/stock/transfers.js';
import { createPurchaseOrder, showPurchaseOrder } from '../../src/core/purchasing/purchase-orders.js';
import { receivePurchaseOrder } from '../../src/core/purchasing/purchase-receipts.js';
import { enquire } from '../../src/core/reports/enquiry.js';
import { stockOnHand } from '../../src/core/reports/stock-on-hand.js';
import { verifyLedger } from '../../src/core/ledger/verify.js';
import type { Db } from '../../src/db/open.js';

// ---------------------------------------------------------------------------------------
// Serial normalisation

const printable = fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c));
const printableString = (maxLength: number) => fc.string({ unit: printable, minLength: 0, maxLength });
/** printable ASCII, not starting or ending with a space, 1..50 long */
const coreSerial = fc
  .tuple(printable.filter((c) => c !== ' '), printableString(48), printable.filter((c) => c !== ' '))
  .map(([a, mid, b]) => (a + mid + b).slice(0, 50))
  .chain((s) => fc.constantFrom(s, s.slice(0, 1)));
const spaces = fc.integer({ min: 0, max: 5 }).map((n) => ' '.repeat(n));
const notPrintable = fc.oneof(
  fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)),
  fc.constant('\u007f'),
  fc.integer({ min: 0x80, max: 0xffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCharCode(c)),
  fc.constant('😀'),
);

describe('serial normalisation (properties)', () => {
  it('N-1/N-2: printable ASCII of 1..50 characters is accepted, trimmed of outer spaces only', () => {
    fc.assert(
      fc.property(coreSerial, spaces, spaces, (core, before, after) => {
        const r = checkSerial(before + core + after);
        expect(r).toEqual({ ok: true, text: core, key: core.toLowerCase() });
      }),
      { numRuns: 300 },
    );
  });

  it('N-2/N-3: normalising is idempotent and the key ignores case only', () => {
    fc.assert(
      fc.property(coreSerial, (core) => {
        const r = checkSerial(core);
        if (!r.ok) throw new Error('expected ok');
        expect(checkSerial(r.text)).toEqual(r);
        const upper = checkSerial(core.toUpperCase());
        const lower = checkSerial(core.toLowerCase());
        expect(upper.ok && lower.ok && upper.key === lower.key && upper.key === r.key).toBe(true);
        expect(serialKey(r.text)).toBe(r.key);
      }),
      { numRuns: 300 },
    );
  });

  it('N-3: two serials are the same unit exactly when they match ignoring case', () => {
    fc.assert(
      fc.property(coreSerial, coreSerial, (a, b) => {
        const ra = checkSerial(a);
        const rb = checkSerial(b);
        if (!ra.ok || !rb.ok) throw new Error('expected ok');
        expect(ra.key === rb.key).toBe(a.toLowerCase() === b.toLowerCase());
      }),
      { numRuns: 300 },
    );
  });

  it('N-1: any non-printable character is rejected, naming the position of the first one', () => {
    fc.assert(
      fc.property(printableString(20), notPrintable, fc.string({ maxLength: 10 }), (head, bad, tail) => {
        const r = checkSerial(head + bad + tail);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.reason).toContain(`at position ${[...head].length + 1};`);
      }),
      { numRuns: 300 },
    );
  });

  it('N-1: more than 50 characters after trimming is rejected', () => {
    fc.assert(
      fc.property(coreSerial, coreSerial, (a, b) => {
        const long = (a + 'x'.repeat(50) + b).slice(0, 51 + (b.length % 20));
        const trimmedLength = long.replace(/^ +| +$/g, '').length;
        fc.pre(trimmedLength > 50);
        const r = checkSerial(long);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.reason).toContain(`${trimmedLength} characters long`);
      }),
      { numRuns: 200 },
    );
  });

  it('N-2: only spaces is rejected as empty', () => {
    fc.assert(
      fc.property(spaces, (s) => {
        expect(checkSerial(s)).toEqual({ ok: false, reason: 'is empty' });
      }),
      { numRuns: 20 },
    );
  });
});

// ---------------------------------------------------------------------------------------
// Ledger against a model

const WAREHOUSES = ['MAIN', 'BACK'] as const;
type Warehouse = (typeof WAREHOUSES)[number];

/** A serial as a user might type it, with what the model expects of it. */
interface GenSerial {
  raw: string;
  /** N-3 identity, or null when the serial is invalid (N-1/N-2) */
  key: string | null;
  /** the text that would be stored */
  text: string | null;
}

const BASES = ['SN-1', 'SN-2', 'SN-3', 'sn-4', 'A B'];
const validSerial: fc.Arbitrary<GenSerial> = fc
  .tuple(fc.constantFrom(...BASES), fc.constantFrom('same', 'upper', 'lower'), spaces, spaces)
  .map(([base, kase, before, after]) => {
    const text = kase === 'upper' ? base.toUpperCase() : kase === 'lower' ? base.toLowerCase() : base;
    return { raw: before + text + after, key: base.toLowerCase(), text };
  });
const invalidSerial: fc.Arbitrary<GenSerial> = fc
  .constantFrom('SN\t1', '   ', '', 'SN-é', 'X'.repeat(51), 'SN-1\n', 'N\u00002')
  .map((raw) => ({ raw, key: null, text: null }));
const genSerial = fc.oneof({ arbitrary: validSerial, weight: 8 }, { arbitrary: invalidSerial, weight: 1 });
/** mostly distinct valid serials; sometimes anything (invalid, repeated, none) */
const genSerials = fc.oneof(
  { arbitrary: fc.uniqueArray(validSerial, { selector: (s) => s.key, minLength: 1, maxLength: 3 }), weight: 4 },
  { arbitrary: fc.array(genSerial, { minLength: 0, maxLength: 4 }), weight: 1 },
);
const warehouse = fc.constantFrom<Warehouse>(...WAREHOUSES);
/** quantities of the plain product, in ten-thousandths: whole and decimal */
const plainQty = fc.oneof(fc.integer({ min: 1, max: 5 }).map((n) => n * 10_000), fc.integer({ min: 1, max: 60_000 }));

type Command =
  | { kind: 'order'; warehouse: Warehouse; widgets: number; cableE4: number }
  /** `po` picks among the open orders with that product outstanding, unless `anyPo` */
  | { kind: 'receiveWidgets'; po: number; anyPo?: boolean; serials: GenSerial[] }
  | { kind: 'receiveCable'; po: number; anyPo?: boolean; qtyE4: number }
  /** resolved against the model before it runs: known serials picked by index, typed in another case */
  | { kind: 'adjustOutKnown'; warehouse: Warehouse; picks: number[]; upper: boolean }
  /** resolved against the model before it runs: everything outstanding on the order */
  | { kind: 'receiveCableOutstanding'; po: number; anyPo?: boolean }
  | { kind: 'adjustSerials'; direction: 'in' | 'out'; warehouse: Warehouse; serials: GenSerial[]; qty: 'none' | 'match' | 'off' | 'fraction' }
  | { kind: 'adjustCable'; direction: 'in' | 'out'; warehouse: Warehouse; qtyE4: number }
  /**
   * Resolved against the model before it runs: known serials picked by index, typed in another
   * case; with `follow`, from the warehouse the first of them is in to the other one.
   */
  | { kind: 'transferKnown'; from: Warehouse; to: Warehouse; follow: boolean; picks: number[]; upper: boolean }
  | { kind: 'transferSerials'; from: Warehouse; to: Warehouse; serials: GenSerial[]; qty: 'none' | 'match' | 'off' }
  /** with `follow`, resolved to move part of what the fuller warehouse holds to the other one */
  | { kind: 'transferCable'; from: Warehouse; to: Warehouse; follow?: boolean; qtyE4: number };

const anyPo = fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 });
const order: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('order' as const),
  warehouse,
  widgets: fc.integer({ min: 0, max: 5 }),
  cableE4: fc.oneof(fc.constant(0), plainQty),
});
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: order, weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('receiveWidgets' as const), po: fc.nat(), anyPo, serials: genSerials }), weight: 3 },
  fc.record({ kind: fc.constant('receiveCable' as const), po: fc.nat(), anyPo, qtyE4: plainQty }),
  fc.record({ kind: fc.constant('receiveCableOutstanding' as const), po: fc.nat(), anyPo }),
  {
    arbitrary: fc.record({
      kind: fc.constant('adjustOutKnown' as const),
      warehouse,
      picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
      upper: fc.boolean(),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('adjustSerials' as const),
      direction: fc.constantFrom<'in' | 'out'>('in', 'in', 'in', 'out'),
      warehouse,
      serials: genSerials,
      qty: fc.constantFrom<'none' | 'match' | 'off' | 'fraction'>('none', 'none', 'none', 'match', 'off', 'fraction'),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('adjustCable' as const), direction: fc.constantFrom<'in' | 'out'>('in', 'out'), warehouse, qtyE4: plainQty }), weight: 2 },
  // T-1: mostly known serials (some not where the transfer says, some from a warehouse to itself)
  {
    arbitrary: fc.record({
      kind: fc.constant('transferKnown' as const),
      from: warehouse,
      to: warehouse,
      follow: fc.constantFrom(true, true, true, false),
      picks: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
      upper: fc.boolean(),
    }),
    weight: 3,
  },
  fc.record({
    kind: fc.constant('transferSerials' as const),
    from: warehouse,
    to: warehouse,
    serials: genSerials,
    qty: fc.constantFrom<'none' | 'match' | 'off'>('none', 'none', 'match', 'off'),
  }),
  { arbitrary: fc.record({ kind: fc.constant('transferCable' as const), from: warehouse, to: warehouse, follow: fc.constantFrom(true, true, false), qtyE4: plainQty }), weight: 2 },
);

interface ModelSerial {
  text: string;
  status: 'available' | 'unavailable';
  warehouse: Warehouse;
}
interface ModelPo {
  number: string;
  warehouse: Warehouse;
  widgets: { ordered: number; received: number } | null;
  cable: { ordered: number; received: number } | null;
  status: 'open' | 'completed';
}
interface Model {
  serials: Map<string, ModelSerial>;
  /** `${product}:${warehouse}` -> e4 */
  levels: Map<string, number>;
  pos: ModelPo[];
}

const level = (m: Model, product: string, wh: string) => m.levels.get(`${product}:${wh}`) ?? 0;
const addLevel = (m: Model, product: string, wh: string, delta: number) => m.levels.set(`${product}:${wh}`, level(m, product, wh) + delta);

/** The serials are all valid and distinct (N-1, N-2, N-6); returns their keys or null. */
function distinctValidKeys(serials: GenSerial[]): string[] | null {
  const keys = serials.map((s) => s.key);
  if (keys.some((k) => k === null)) return null;
  if (new Set(keys).size !== keys.length) return null;
  return keys as string[];
}

/** Turns the commands that depend on the ledger's state into plain commands. */
function resolve(m: Model, generated: Command): Command {
  let c = generated;
  if ((c.kind === 'receiveWidgets' || c.kind === 'receiveCable' || c.kind === 'receiveCableOutstanding') && !c.anyPo) {
    const widgets = c.kind === 'receiveWidgets';
    const candidates = m.pos
      .map((po, index) => ({ po, index }))
      .filter(({ po }) => {
        const line = widgets ? po.widgets : po.cable;
        return po.status === 'open' && line !== null && line.received < line.ordered;
      });
    const chosen = candidates[c.po % Math.max(1, candidates.length)];
    if (chosen) c = { ...c, po: chosen.index, anyPo: true };
  }
  if (c.kind === 'adjustOutKnown' || c.kind === 'transferKnown') {
    // any known serial, whatever its status or warehouse: some picks are wrong on purpose
    const known = [...m.serials.keys()].sort();
    const { picks, upper } = c;
    const picked = [...new Set(picks.map((i) => known[i % Math.max(1, known.length)] ?? 'sn-1'))];
    const serials = picked.map((k) => {
      const text = m.serials.get(k)?.text ?? 'SN-1';
      return { raw: upper ? text.toUpperCase() : text.toLowerCase(), key: k, text };
    });
    if (c.kind === 'transferKnown') {
      const first = m.serials.get(picked[0] as string)?.warehouse;
      const from = c.follow && first ? first : c.from;
      const to = c.follow ? (WAREHOUSES.find((w) => w !== from) as Warehouse) : c.to;
      return { kind: 'transferSerials', from, to, serials, qty: 'none' };
    }
    return { kind: 'adjustSerials', direction: 'out', warehouse: c.warehouse, serials, qty: 'none' };
  }
  if (c.kind === 'transferCable' && c.follow) {
    const [from, to] = [...WAREHOUSES].sort((a, b) => level(m, 'CABLE', b) - level(m, 'CABLE', a)) as [Warehouse, Warehouse];
    const have = level(m, 'CABLE', from);
    return { kind: 'transferCable', from, to, qtyE4: have > 0 ? Math.min(c.qtyE4, have) : c.qtyE4 };
  }
  if (c.kind === 'receiveCableOutstanding') {
    const po = m.pos[c.po % Math.max(1, m.pos.length)];
    const outstanding = po?.cable ? po.cable.ordered - po.cable.received : 0;
    return { kind: 'receiveCable', po: c.po, anyPo: true, qtyE4: outstanding > 0 ? outstanding : 10_000 };
  }
  return c;
}

/** Predicts the command on the model; applies it if accepted. Returns whether it should be accepted and which serials come back (N-4). */
function predict(m: Model, c: Command): { accept: boolean; returning: string[] } {
  const no = { accept: false, returning: [] };
  switch (c.kind) {
    case 'adjustOutKnown':
    case 'transferKnown':
    case 'receiveCableOutstanding':
      throw new Error('resolve the command first');
    case 'order': {
      if (c.widgets === 0 && c.cableE4 === 0) return no;
      m.pos.push({
        number: `PO-${String(m.pos.length + 1).padStart(8, '0')}`,
        warehouse: c.warehouse,
        widgets: c.widgets ? { ordered: c.widgets * 10_000, received: 0 } : null,
        cable: c.cableE4 ? { ordered: c.cableE4, received: 0 } : null,
        status: 'open',
      });
      return { accept: true, returning: [] };
    }
    case 'receiveWidgets':
    case 'receiveCable': {
      const po = m.pos[c.po % Math.max(1, m.pos.length)];
      if (!po || po.status !== 'open') return no;
      let returning: string[] = [];
      if (c.kind === 'receiveWidgets') {
        const line = po.widgets;
        if (!line || c.serials.length === 0) return no;
        const keys = distinctValidKeys(c.serials);
        if (!keys) return no;
        if (keys.some((k) => m.serials.get(k)?.status === 'available')) return no; // PO-3
        if (keys.length * 10_000 > line.ordered - line.received) return no; // PO-2
        returning = keys.filter((k) => m.serials.has(k)).map((k) => (m.serials.get(k) as ModelSerial).text);
        c.serials.forEach((s, i) => {
          const k = keys[i] as string;
          const old = m.serials.get(k);
          m.serials.set(k, { text: old?.text ?? (s.text as string), status: 'available', warehouse: po.warehouse });
        });
        line.received += keys.length * 10_000;
        addLevel(m, 'WIDGET', po.warehouse, keys.length * 10_000);
      } else {
        const line = po.cable;
        if (!line || c.qtyE4 > line.ordered - line.received) return no;
        line.received += c.qtyE4;
        addLevel(m, 'CABLE', po.warehouse, c.qtyE4);
      }
      const done = (l: { ordered: number; received: number } | null) => !l || l.received >= l.ordered;
      if (done(po.widgets) && done(po.cable)) po.status = 'completed';
      return { accept: true, returning };
    }
    case 'adjustSerials': {
      if (c.serials.length === 0 || c.qty === 'off' || c.qty === 'fraction') return no;
      const keys = distinctValidKeys(c.serials);
      if (!keys) return no;
      if (c.direction === 'in') {
        if (keys.some((k) => m.serials.get(k)?.status === 'available')) return no;
        const returning = keys.filter((k) => m.serials.has(k)).map((k) => (m.serials.get(k) as ModelSerial).text);
        c.serials.forEach((s, i) => {
          const k = keys[i] as string;
          const old = m.serials.get(k);
          m.serials.set(k, { text: old?.text ?? (s.text as string), status: 'available', warehouse: c.warehouse });
        });
        addLevel(m, 'WIDGET', c.warehouse, keys.length * 10_000);
        return { accept: true, returning };
      }
      if (!keys.every((k) => m.serials.get(k)?.status === 'available' && m.serials.get(k)?.warehouse === c.warehouse)) return no;
      for (const k of keys) (m.serials.get(k) as ModelSerial).status = 'unavailable';
      addLevel(m, 'WIDGET', c.warehouse, -keys.length * 10_000);
      return { accept: true, returning: [] };
    }
    case 'adjustCable': {
      if (c.direction === 'out' && level(m, 'CABLE', c.warehouse) < c.qtyE4) return no;
      addLevel(m, 'CABLE', c.warehouse, c.direction === 'in' ? c.qtyE4 : -c.qtyE4);
      return { accept: true, returning: [] };
    }
    // T-1: each serial available in the source; the same record, now available in the destination
    case 'transferSerials': {
      if (c.from === c.to || c.serials.length === 0 || c.qty === 'off') return no;
      const keys = distinctValidKeys(c.serials);
      if (!keys) return no;
      if (!keys.every((k) => m.serials.get(k)?.status === 'available' && m.serials.get(k)?.warehouse === c.from)) return no;
      for (const k of keys) (m.serials.get(k) as ModelSerial).warehouse = c.to;
      addLevel(m, 'WIDGET', c.from, -keys.length * 10_000);
      addLevel(m, 'WIDGET', c.to, keys.length * 10_000);
      return { accept: true, returning: [] };
    }
    case 'transferCable': {
      if (c.from === c.to || level(m, 'CABLE', c.from) < c.qtyE4) return no;
      addLevel(m, 'CABLE', c.from, -c.qtyE4);
      addLevel(m, 'CABLE', c.to, c.qtyE4);
      return { accept: true, returning: [] };
    }
  }
}

/** Runs the command through the core functions; each result is returned as is. */
function run(db: Db, m: Model, c: Command): Promise<unknown> {
  const serials = (list: GenSerial[]) => list.map((s, i) => ({ raw: s.raw, source: `item ${i + 1}` }));
  switch (c.kind) {
    case 'adjustOutKnown':
    case 'transferKnown':
    case 'receiveCableOutstanding':
      throw new Error('resolve the command first');
    case 'order': {
      const lines = [];
      if (c.widgets) lines.push({ product: 'WIDGET', quantity: String(c.widgets) });
      if (c.cableE4) lines.push({ product: 'CABLE', quantity: formatQuantity(c.cableE4), unitCost: 1.5 });
      return createPurchaseOrder(db, { supplier: 'ACME', warehouse: c.warehouse, lines });
    }
    case 'receiveWidgets':
    case 'receiveCable': {
      // the model may have no orders yet: then receive on one that does not exist
      const po = m.pos[c.po % Math.max(1, m.pos.length)]?.number ?? 'PO-00000999';
      return c.kind === 'receiveWidgets'
        ? receivePurchaseOrder(db, { purchaseOrder: po, product: 'WIDGET', serials: serials(c.serials) })
        : receivePurchaseOrder(db, { purchaseOrder: po, product: 'CABLE', quantity: formatQuantity(c.qtyE4), serials: [] });
    }
    case 'adjustSerials': {
      const n = c.serials.length;
      const quantity = c.qty === 'none' ? undefined : c.qty === 'match' ? String(n) : c.qty === 'off' ? String(n + 1) : `${n}.5`;
      return adjustStock(db, { direction: c.direction, warehouse: c.warehouse, product: 'WIDGET', quantity, serials: serials(c.serials), reason: 'property' });
    }
    case 'adjustCable':
      return adjustStock(db, { direction: c.direction, warehouse: c.warehouse, product: 'CABLE', quantity: formatQuantity(c.qtyE4), serials: [], reason: 'property' });
    case 'transferSerials': {
      const quantity = c.qty === 'none' ? undefined : String(c.qty === 'match' ? c.serials.length : c.serials.length + 1);
      return createTransfer(db, { from: c.from, to: c.to, product: 'WIDGET', quantity, serials: serials(c.serials) });
    }
    case 'transferCable':
      // half of them as --line, half as --product with --qty
      return c.qtyE4 % 2 === 0
        ? createTransfer(db, { from: c.from, to: c.to, serials: [], lines: [{ product: 'CABLE', quantity: formatQuantity(c.qtyE4) }] })
        : createTransfer(db, { from: c.from, to: c.to, product: 'CABLE', quantity: formatQuantity(c.qtyE4), serials: [] });
  }
}

/** Raw tables a command writes: a rejected command must leave all of them as they were. */
async function snapshot(db: Db) {
  return {
    serials: await db.selectFrom('serials').selectAll().orderBy('id').execute(),
    serialMovements: await db.selectFrom('serial_movements').select('id').orderBy('id').execute(),
    stockMovements: await db.selectFrom('stock_movements').select('id').orderBy('id').execute(),
    levels: await db.selectFrom('stock_levels').selectAll().orderBy('product_id').orderBy('warehouse_id').execute(),
    orders: await db.selectFrom('purchase_orders').select(['number', 'status']).orderBy('id').execute(),
    orderLines: await db.selectFrom('purchase_order_lines').select(['id', 'received_e4']).orderBy('id').execute(),
    receipts: await db.selectFrom('purchase_receipts').select('number').orderBy('id').execute(),
    adjustments: await db.selectFrom('adjustments').select('number').orderBy('id').execute(),
    transfers: await db.selectFrom('transfers').select('number').orderBy('id').execute(),
    transferLines: await db.selectFrom('transfer_lines').select('id').orderBy('id').execute(),
    sequences: await db.selectFrom('document_sequences').selectAll().orderBy('prefix').execute(),
  };
}

async function expectMatchesModel(ledger: TestLedger, m: Model, step: string): Promise<void> {
  const stock = new Map((await stockOnHand(ledger.db)).map((r) => [`${r.product}:${r.warehouse}`, r]));
  const expected = new Map([...m.levels].filter(([, v]) => v !== 0));
  expect(new Map([...stock].map(([k, r]) => [k, r.quantityE4])), `stock levels after ${step}`).toEqual(expected);
  for (const [k, r] of stock) {
    if (k.startsWith('WIDGET:')) expect(r.serials, `serial count of ${k} after ${step}`).toBe(r.quantityE4 / 10_000);
  }
  const rows = await enquire(ledger.db, { product: 'WIDGET' });
  const actual = new Map(rows.map((r) => [serialKey(r.serial), { text: r.serial, status: r.status, warehouse: r.warehouse }]));
  expect(actual, `serials after ${step}`).toEqual(m.serials);
  for (const po of m.pos) {
    expect((await showPurchaseOrder(ledger.db, po.number)).status, `status of ${po.number} after ${step}`).toBe(po.status);
  }
  const report = await verifyLedger(ledger.db);
  expect(report.discrepancies, `verify after ${step}`).toEqual([]);
  expect(report.ok).toBe(true);
}

describe('ledger against a model (properties)', () => {
  it('A-1/PO-2/PO-3/N-4/T-1: after every receipt, adjustment or transfer, stock and serials equal the model and the ledger verifies; rejected commands change nothing', async () => {
    // start with an order or two, so that receipts have something to work on
    const commands = fc
      .tuple(fc.array(order, { minLength: 1, maxLength: 2 }), fc.array(command, { minLength: 6, maxLength: 24 }))
      .map(([a, b]) => [...a, ...b]);
    await fc.assert(
      fc.asyncProperty(commands, async (list) => {
        const ledger = await newLedger();
        try {
          await seed(ledger);
          const m: Model = { serials: new Map(), levels: new Map(), pos: [] };
          for (const [i, generated] of list.entries()) {
            const c = resolve(m, generated);
            const step = `command ${i + 1} ${JSON.stringify(c)}`;
            const before = await snapshot(ledger.db);
            const predicted = predict(m, c);
            const outcome = await ledger.write((db) => run(db, m, c)).then(
              (r) => ({ ok: true as const, r }),
              (e: unknown) => ({ ok: false as const, e }),
            );
            if (!outcome.ok) {
              if (!(outcome.e instanceof RejectedError)) throw outcome.e;
              expect(predicted.accept, `${step} was rejected: ${outcome.e.problems.map((p) => p.code).join(', ')}`).toBe(false);
              expect(outcome.e.problems.length).toBeGreaterThan(0);
              expect(await snapshot(ledger.db), `${step} was rejected but changed the ledger`).toEqual(before);
            } else {
              expect(predicted.accept, `${step} was accepted`).toBe(true);
              const returning = ((outcome.r as { returning?: { serial: string }[] }).returning ?? []).map((x) => x.serial).sort();
              expect(returning, `N-4 notes of ${step}`).toEqual([...predicted.returning].sort());
            }
            await expectMatchesModel(ledger, m, step);
          }
        } finally {
          await ledger.dispose();
        }
      }),
      { numRuns: 45 },
    );
  });
});
