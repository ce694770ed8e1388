// Property test: random sequences of receipts, assemblies (two levels: PART → KIT → BOX),
// disassemblies and shipments, checked after every command against a small in-memory model
// of each unit's status and of which units are inside which (M-2 to M-4, N-4), and against
// `db verify`, whose link checks must agree with the movements. A command the model says
// must be refused is refused and changes nothing.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { RejectedError } from '../../src/errors.js';
import { addProduct } from '../../src/core/master-data/products.js';
import { createPurchaseOrder } from '../../src/core/purchasing/purchase-orders.js';
import { receivePurchaseOrder } from '../../src/core/purchasing/purchase-receipts.js';
import { createSalesOrder } from '../../src/core/sales/sales-orders.js';
import { shipSalesOrder } from '../../src/core/sales/shipments.js';
import { assemble } from '../../src/core/assemblies/assemble.js';
import { setBom } from '../../src/core/assemblies/boms.js';
import { disassemble } from '../../src/core/assemblies/disassemble.js';
import { verifyLedger } from '../../src/core/ledger/verify.js';
import type { Db } from '../../src/db/open.js';

type Product = 'PART' | 'KIT' | 'BOX';
/** what one unit of each assembled product takes */
const BOMS: Record<'KIT' | 'BOX', [Product, number][]> = {
  KIT: [['PART', 2]],
  BOX: [
    ['KIT', 1],
    ['PART', 1],
  ],
};
const PREFIX: Record<Product, string> = { PART: 'P', KIT: 'K', BOX: 'X' };

interface Unit {
  product: Product;
  serial: string;
  status: 'available' | 'unavailable';
}
interface Model {
  /** by `${product}:${serial}` */
  units: Map<string, Unit>;
  /** unit id → its components' ids, in the order they went in (current links only) */
  inside: Map<string, string[]>;
  fresh: number;
}
const id = (product: Product, serial: string) => `${product}:${serial}`;
const insideOf = (m: Model, unitId: string) => [...m.inside].find(([, comps]) => comps.includes(unitId))?.[0];

type Generated =
  | { kind: 'receive'; count: number; reuse: number | null }
  | { kind: 'assemble'; product: 'KIT' | 'BOX'; units: number; picks: number[]; reuseUnit: number | null }
  | { kind: 'disassemble'; product: 'KIT' | 'BOX'; pick: number }
  | { kind: 'ship'; product: Product; picks: number[] };

type Resolved =
  | { kind: 'receive'; serials: string[] }
  | { kind: 'assemble'; product: 'KIT' | 'BOX'; units: string[]; components: { product: Product; serials: string[] }[] }
  | { kind: 'disassemble'; product: 'KIT' | 'BOX'; serial: string }
  | { kind: 'ship'; product: Product; serials: string[] };

const assembled = fc.constantFrom<'KIT' | 'BOX'>('KIT', 'BOX');
/** now and then a serial that is already known (in stock, consumed, shipped) */
const sometimes = fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: fc.nat({ max: 6 }), weight: 1 });
/** small picks land on available units (pool lists them first), larger ones on any */
const near = fc.oneof({ arbitrary: fc.nat({ max: 2 }), weight: 3 }, { arbitrary: fc.nat(), weight: 1 });
const generated: fc.Arbitrary<Generated> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('receive' as const), count: fc.integer({ min: 1, max: 4 }), reuse: sometimes }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('assemble' as const), product: assembled, units: fc.integer({ min: 1, max: 2 }), picks: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), reuseUnit: sometimes }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('disassemble' as const), product: assembled, pick: near }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('ship' as const), product: fc.constantFrom<Product>('PART', 'KIT', 'BOX'), picks: fc.array(near, { minLength: 1, maxLength: 2 }) }), weight: 2 },
);

/** Units of a product, oldest first, available ones first: picks mostly find usable units. */
function pool(m: Model, product: Product): Unit[] {
  const all = [...m.units.values()].filter((u) => u.product === product);
  return [...all.filter((u) => u.status === 'available'), ...all.filter((u) => u.status !== 'available')];
}
const pick = (list: Unit[], n: number) => list[n % Math.max(1, list.length + 1)];

function resolve(m: Model, g: Generated): Resolved {
  const fresh = (product: Product) => `${PREFIX[product]}-${m.fresh++}`;
  if (g.kind === 'receive') {
    const serials = Array.from({ length: g.count }, () => fresh('PART'));
    const again = g.reuse === null ? undefined : pick(pool(m, 'PART').reverse(), g.reuse);
    if (again) serials[0] = again.serial;
    return { kind: 'receive', serials };
  }
  if (g.kind === 'assemble') {
    const units = Array.from({ length: g.units }, () => fresh(g.product));
    const again = g.reuseUnit === null ? undefined : pick(pool(m, g.product).reverse(), g.reuseUnit);
    if (again) units[0] = again.serial;
    let p = 0;
    const components = BOMS[g.product].map(([product, per]) => {
      const list = pool(m, product);
      const serials: string[] = [];
      for (let i = 0; i < per * g.units; i += 1) {
        // mostly the next available unit; a pick sometimes lands on one that is not
        const chosen = (g.picks[p++ % g.picks.length] ?? 0) % 8 === 0 ? pick(list, g.picks[p % g.picks.length] ?? 0) : list[i];
        serials.push(chosen?.serial ?? fresh(product));
      }
      return { product, serials };
    });
    return { kind: 'assemble', product: g.product, units, components };
  }
  if (g.kind === 'disassemble') {
    const u = pick(pool(m, g.product), g.pick);
    return { kind: 'disassemble', product: g.product, serial: u?.serial ?? fresh(g.product) };
  }
  const list = pool(m, g.product);
  return { kind: 'ship', product: g.product, serials: [...new Set(g.picks.map((n) => pick(list, n)?.serial ?? fresh(g.product)))] };
}

/** Whether the ledger must accept the command, by the rules as the model holds them. */
function predict(m: Model, c: Resolved): boolean {
  const available = (product: Product, serial: string) => m.units.get(id(product, serial))?.status === 'available';
  const mayEnter = (product: Product, serial: string) => !available(product, serial) && insideOf(m, id(product, serial)) === undefined;
  const distinct = (list: string[]) => new Set(list).size === list.length;
  if (c.kind === 'receive') return distinct(c.serials) && c.serials.every((s) => mayEnter('PART', s));
  if (c.kind === 'ship') return c.serials.every((s) => available(c.product, s));
  if (c.kind === 'disassemble') return available(c.product, c.serial) && (m.inside.get(id(c.product, c.serial))?.length ?? 0) === BOMS[c.product].reduce((n, [, per]) => n + per, 0);
  // a unit that left stock with its components still inside is not made again
  return distinct(c.units) && c.units.every((s) => mayEnter(c.product, s) && !m.inside.has(id(c.product, s))) && c.components.every((g) => distinct(g.serials) && g.serials.every((s) => available(g.product, s)));
}

/** What an accepted command does to the model. */
function apply(m: Model, c: Resolved): void {
  const set = (product: Product, serial: string, status: Unit['status']) => m.units.set(id(product, serial), { product, serial: m.units.get(id(product, serial))?.serial ?? serial, status });
  if (c.kind === 'receive') for (const s of c.serials) set('PART', s, 'available');
  else if (c.kind === 'ship') for (const s of c.serials) set(c.product, s, 'unavailable');
  else if (c.kind === 'disassemble') {
    const unit = id(c.product, c.serial);
    for (const comp of m.inside.get(unit) ?? []) m.units.set(comp, { ...(m.units.get(comp) as Unit), status: 'available' });
    m.inside.delete(unit);
    set(c.product, c.serial, 'unavailable');
  } else {
    c.units.forEach((u, i) => {
      set(c.product, u, 'available');
      const comps: string[] = [];
      for (const g of c.components) {
        const per = g.serials.length / c.units.length;
        for (const s of g.serials.slice(i * per, (i + 1) * per)) {
          set(g.product, s, 'unavailable');
          comps.push(id(g.product, s));
        }
      }
      m.inside.set(id(c.product, u), comps);
    });
  }
}

async function run(db: Db, c: Resolved): Promise<unknown> {
  const raw = (list: string[]) => list.map((s) => ({ raw: s }));
  if (c.kind === 'receive') {
    const po = await createPurchaseOrder(db, { supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'PART', quantity: String(c.serials.length) }] });
    return receivePurchaseOrder(db, { purchaseOrder: po.number, serials: raw(c.serials) });
  }
  if (c.kind === 'ship') {
    const so = await createSalesOrder(db, { customer: 'BAKER', warehouse: 'MAIN', lines: [{ product: c.product, quantity: String(c.serials.length) }] });
    return shipSalesOrder(db, { salesOrder: so.number, serials: raw(c.serials) });
  }
  if (c.kind === 'disassemble') return disassemble(db, { product: c.product, warehouse: 'MAIN', serials: raw([c.serial]), components: [] });
  return assemble(db, { product: c.product, warehouse: 'MAIN', serials: raw(c.units), components: c.components.map((g) => ({ product: g.product, serials: raw(g.serials) })) });
}

async function snapshot(db: Db): Promise<string> {
  const serials = await db.selectFrom('serials').selectAll().orderBy('id').execute();
  const links = await db.selectFrom('serial_links').selectAll().orderBy('id').execute();
  const movements = await db.selectFrom('serial_movements').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return JSON.stringify({ serials, links, movements });
}

async function expectMatchesModel(ledger: TestLedger, m: Model, step: string): Promise<void> {
  const report = await verifyLedger(ledger.db);
  expect(report.discrepancies, `verify after ${step}`).toEqual([]);
  const rows = await ledger.db.selectFrom('serials as s').innerJoin('products as p', 'p.id', 's.product_id').select(['p.code', 's.serial', 's.status']).execute();
  expect(new Map(rows.map((r) => [id(r.code as Product, r.serial), r.status])), `serials after ${step}`).toEqual(new Map([...m.units].map(([k, u]) => [k, u.status])));
  const links = await ledger.db
    .selectFrom('serial_links as l')
    .innerJoin('serials as u', 'u.id', 'l.unit_serial_id')
    .innerJoin('products as up', 'up.id', 'u.product_id')
    .innerJoin('serials as c', 'c.id', 'l.component_serial_id')
    .innerJoin('products as cp', 'cp.id', 'c.product_id')
    .select(['up.code as unitProduct', 'u.serial as unit', 'cp.code as componentProduct', 'c.serial as component'])
    .where('l.disassembly_id', 'is', null)
    .orderBy('l.id')
    .execute();
  const actual = new Map<string, string[]>();
  for (const l of links) {
    const key = id(l.unitProduct as Product, l.unit);
    actual.set(key, [...(actual.get(key) ?? []), id(l.componentProduct as Product, l.component)]);
  }
  expect(actual, `links after ${step}`).toEqual(m.inside);
}

describe('assemblies against a model (properties)', () => {
  it('M-2..M-4/N-4: after every receipt, assembly, disassembly and shipment the ledger verifies, its units and links equal the model, and refused commands change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(generated, { minLength: 6, maxLength: 16 }), async (list) => {
        const ledger = await newLedger();
        try {
          await seed(ledger);
          await ledger.write(async (db) => {
            for (const code of ['PART', 'KIT', 'BOX']) await addProduct(db, { code, serialized: true });
            for (const [product, comps] of Object.entries(BOMS)) await setBom(db, { product, components: comps.map(([c, q]) => ({ product: c, quantity: String(q) })) });
          });
          const m: Model = { units: new Map(), inside: new Map(), fresh: 1 };
          const start: Resolved = { kind: 'receive', serials: ['P-A', 'P-B', 'P-C', 'P-D', 'P-E', 'P-F'] };
          await ledger.write((db) => run(db, start));
          apply(m, start);
          for (const [i, g] of list.entries()) {
            const c = resolve(m, g);
            const step = `command ${i + 1} ${JSON.stringify(c)}`;
            const before = await snapshot(ledger.db);
            const accept = predict(m, c);
            const outcome = await ledger.write((db) => run(db, c)).then(
              () => ({ ok: true as const }),
              (e: unknown) => ({ ok: false as const, e }),
            );
            if (outcome.ok) {
              expect(accept, `${step} was accepted`).toBe(true);
              apply(m, c);
            } else {
              if (!(outcome.e instanceof RejectedError)) throw outcome.e;
              expect(accept, `${step} was rejected: ${outcome.e.problems.map((p) => `${p.code}: ${p.message}`).join('; ')}`).toBe(false);
              expect(await snapshot(ledger.db), `${step} was rejected but changed the ledger`).toBe(before);
            }
            await expectMatchesModel(ledger, m, step);
          }
        } finally {
          await ledger.dispose();
        }
      }),
      { numRuns: 25 },
    );
  });
});
