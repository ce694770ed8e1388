// A unit's genealogy (RULES.md M-5, E-2): what it is made of, recursively, and what it went
// into, up to the shipment that took the top unit to a customer; and the links that a
// disassembly closed, which stay as its history.
//
// However deep or wide the tree, it is a handful of queries: one recursive walk down the
// current links, one up, the facts of every unit found at once (unit-facts.ts), and the
// closed links of the unit asked about. Each step follows an index (serials_key,
// serial_links_unit, serial_links_component, serial_movements_serial): nothing is scanned.

import { sql } from 'kysely';
import { RejectedError } from '../../errors.js';
import { quoteSerial } from '../values/serial-text.js';
import { MAX_LINK_DEPTH, unitsOfSerial, type SerialUnit } from './serial-units.js';
import { appendTo } from '../values/collections.js';
import { unitFacts, type UnitFacts } from './unit-facts.js';
import type { Db } from '../../db/open.js';

export type { UnitFacts };

/** A unit inside another, with what is inside it in turn. */
export interface ComponentNode extends UnitFacts {
  components: ComponentNode[];
}

/** The unit something was built into, and what that unit went into in turn. */
export interface ParentNode extends UnitFacts {
  builtInto: ParentNode | null;
}

/** A link a disassembly closed: the unit it was in (or the component it held), the assembly that made it and the disassembly that undid it. */
export interface EarlierUnit {
  unit: string;
  product: string;
  assembly: string;
  disassembly: string;
}
export interface EarlierComponent {
  serial: string;
  product: string;
  assembly: string;
  disassembly: string;
}

export interface Trace extends UnitFacts {
  components: ComponentNode[];
  builtInto: ParentNode | null;
  earlierLinks: { builtInto: EarlierUnit[]; components: EarlierComponent[] };
}

export interface TraceInput {
  serial: string;
  product?: string;
}

/** The unit of this serial text (of this product, if given); an unknown or ambiguous serial is a problem that says how to fix it. */
async function findUnit(db: Db, input: TraceInput): Promise<SerialUnit> {
  const text = input.serial.trim();
  const units = await unitsOfSerial(db, input.serial, input.product);
  const [first] = units as [SerialUnit];
  if (units.length > 1) {
    const products = units.map((u) => u.product);
    throw new RejectedError([
      {
        code: 'ambiguous_serial',
        message: `Serial ${quoteSerial(text)} is a serial of ${products.length} products: ${products.join(', ')}.`,
        fix: `Say which with --product, e.g. serials trace ${quoteSerial(text)} --product ${products[0]}`,
        serial: input.serial,
      },
    ]);
  }
  return first;
}

/** Every current link below the unit, at any depth: (link, unit, component), in link order. */
async function linksDown(db: Db, rootId: number) {
  return db
    .withRecursive('down(link_id, unit_id, serial_id, depth)', (qb) =>
      qb
        .selectFrom('serial_links as l')
        .select(['l.id as link_id', 'l.unit_serial_id as unit_id', 'l.component_serial_id as serial_id', sql<number>`1`.as('depth')])
        .where('l.unit_serial_id', '=', rootId)
        .where('l.disassembly_id', 'is', null)
        .unionAll((eb) =>
          eb
            .selectFrom('serial_links as l')
            .innerJoin('down as d', 'd.serial_id', 'l.unit_serial_id')
            .select(['l.id as link_id', 'l.unit_serial_id as unit_id', 'l.component_serial_id as serial_id', sql<number>`d.depth + 1`.as('depth')])
            .where('l.disassembly_id', 'is', null)
            .where('d.depth', '<', MAX_LINK_DEPTH),
        ),
    )
    .selectFrom('down')
    .select(['link_id', 'unit_id', 'serial_id'])
    .orderBy('link_id')
    .execute() as Promise<{ link_id: number; unit_id: number; serial_id: number }[]>;
}

/** The units the unit is inside, innermost first (a component is inside one unit at a time). */
async function unitsUp(db: Db, rootId: number): Promise<number[]> {
  const rows = (await db
    .withRecursive('up(serial_id, depth)', (qb) =>
      qb
        .selectFrom('serial_links as l')
        .select(['l.unit_serial_id as serial_id', sql<number>`1`.as('depth')])
        .where('l.component_serial_id', '=', rootId)
        .where('l.disassembly_id', 'is', null)
        .unionAll((eb) =>
          eb
            .selectFrom('serial_links as l')
            .innerJoin('up as u', 'u.serial_id', 'l.component_serial_id')
            .select(['l.unit_serial_id as serial_id', sql<number>`u.depth + 1`.as('depth')])
            .where('l.disassembly_id', 'is', null)
            .where('u.depth', '<', MAX_LINK_DEPTH),
        ),
    )
    .selectFrom('up')
    .select(['serial_id', 'depth'])
    .orderBy('depth')
    .execute()) as { serial_id: number; depth: number }[];
  return rows.map((r) => r.serial_id);
}

/** The links of the unit that disassemblies closed: the units it was in, and the components it held. */
async function earlierLinks(db: Db, id: number): Promise<Trace['earlierLinks']> {
  const closed = (side: 'component_serial_id' | 'unit_serial_id', other: 'component_serial_id' | 'unit_serial_id') =>
    db
      .selectFrom('serial_links as l')
      .innerJoin('assemblies as a', 'a.id', 'l.assembly_id')
      .innerJoin('disassemblies as d', 'd.id', 'l.disassembly_id')
      .innerJoin('serials as o', 'o.id', `l.${other}`)
      .innerJoin('products as p', 'p.id', 'o.product_id')
      .select(['o.serial', 'p.code as product', 'a.number as assembly', 'd.number as disassembly'])
      .where(`l.${side}`, '=', id)
      .where('l.disassembly_id', 'is not', null)
      .orderBy('l.id')
      .execute();
  const [units, components] = [await closed('component_serial_id', 'unit_serial_id'), await closed('unit_serial_id', 'component_serial_id')];
  return {
    builtInto: units.map((r) => ({ unit: r.serial, product: r.product, assembly: r.assembly, disassembly: r.disassembly })),
    components: components.map((r) => ({ serial: r.serial, product: r.product, assembly: r.assembly, disassembly: r.disassembly })),
  };
}

/** The genealogy of one unit: its components recursively, the units it is built into up to the last one's shipment, and its earlier links. */
export async function traceSerial(db: Db, input: TraceInput): Promise<Trace> {
  const root = await findUnit(db, input);
  const down = await linksDown(db, root.id);
  const up = await unitsUp(db, root.id);
  const facts = await unitFacts(db, [root.id, ...down.map((l) => l.serial_id), ...up]);
  const factsOf = (id: number): UnitFacts => {
    const f = facts.get(id);
    if (!f) throw new Error(`serial ${id} of a link has no row`);
    return f;
  };

  const children = new Map<number, number[]>();
  for (const l of down) appendTo(children, l.unit_id, l.serial_id);
  const seen = new Set<number>([root.id]);
  const build = (id: number): ComponentNode[] =>
    (children.get(id) ?? [])
      .filter((c) => !seen.has(c) && seen.add(c))
      .map((c) => ({ ...factsOf(c), components: build(c) }));
  const components = build(root.id);

  let builtInto: ParentNode | null = null;
  for (const id of [...up].reverse()) builtInto = { ...factsOf(id), builtInto };

  return { ...factsOf(root.id), components, builtInto, earlierLinks: await earlierLinks(db, root.id) };
}
