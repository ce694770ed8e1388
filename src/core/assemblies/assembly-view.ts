// Assemblies as `assembly list` and `assembly show` give them (RULES.md M-2, M-3): the header,
// each component line with its serials, and per unit the component serials inside it — held
// for a parked assembly, as linked (serial_links) for a completed one. Read-only.

import { RejectedError, type Problem } from '../../errors.js';
import { appendTo } from '../values/collections.js';
import { movedSerials } from '../documents/document-serials.js';
import { requireEntry, requireProduct } from '../master-data/lookup.js';
import { findAssembly, type AssemblyHeader } from './assembly-find.js';
import type { Db } from '../../db/open.js';
import type { AssemblyStatus } from '../../db/schema.js';

export interface AssemblyRow {
  number: string;
  status: AssemblyStatus;
  product: string;
  quantityE4: number;
  from: string;
  to: string;
  createdAt: string;
  completedAt: string | null;
}

export interface AssemblyFilter {
  status?: AssemblyStatus;
  /** made of this product, or using it as a component */
  product?: string;
  /** components leave, or the product enters, this warehouse */
  warehouse?: string;
}

/** The assemblies that match, oldest first. */
export async function listAssemblies(db: Db, filter: AssemblyFilter = {}): Promise<AssemblyRow[]> {
  const problems: Problem[] = [];
  const product = filter.product === undefined ? undefined : await requireProduct(db, filter.product, problems);
  const warehouse = filter.warehouse === undefined ? undefined : await requireEntry(db, 'warehouse', filter.warehouse, problems);
  if (problems.length) throw new RejectedError(problems);
  let q = db
    .selectFrom('assemblies as a')
    .innerJoin('products as p', 'p.id', 'a.product_id')
    .innerJoin('warehouses as f', 'f.id', 'a.from_warehouse_id')
    .innerJoin('warehouses as t', 't.id', 'a.to_warehouse_id')
    .select(['a.number', 'a.status', 'p.code', 'a.quantity_e4', 'f.code as from', 't.code as to', 'a.created_at', 'a.completed_at'])
    .orderBy('a.id');
  if (filter.status !== undefined) q = q.where('a.status', '=', filter.status);
  if (warehouse) {
    const id = warehouse.id;
    q = q.where((eb) => eb.or([eb('a.from_warehouse_id', '=', id), eb('a.to_warehouse_id', '=', id)]));
  }
  if (product) {
    const id = product.id;
    q = q.where((eb) => eb.or([eb('a.product_id', '=', id), eb('a.id', 'in', eb.selectFrom('assembly_lines as l').select('l.assembly_id').where('l.product_id', '=', id))]));
  }
  const rows = await q.execute();
  return rows.map((r) => ({ number: r.number, status: r.status, product: r.code, quantityE4: r.quantity_e4, from: r.from, to: r.to, createdAt: r.created_at, completedAt: r.completed_at }));
}

export interface AssemblyView extends AssemblyRow {
  /** per component line: its quantity and serials (held while parked, consumed once completed) */
  lines: { product: string; serialized: boolean; quantityE4: number; serials: string[] }[];
  /** M-3: each unit with the component serials inside it (held for it while parked), in unit order */
  units: { serial: string; components: { product: string; serials: string[] }[] }[];
}

/** One assembly with its lines and units, or a rejection saying how to list them. */
export async function showAssembly(db: Db, number: string): Promise<AssemblyView> {
  const a = await findAssembly(db, number);
  const lines = await db
    .selectFrom('assembly_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.id', 'p.code', 'p.serialized', 'l.quantity_e4'])
    .where('l.assembly_id', '=', a.id)
    .orderBy('l.line_no')
    .execute();
  const { serials, units } = a.status === 'parked' ? await held(db, a, lines) : a.status === 'completed' ? await linked(db, a) : { serials: new Map<number, string[]>(), units: [] };
  return {
    number: a.number,
    status: a.status,
    product: a.product,
    quantityE4: a.quantityE4,
    from: a.from,
    to: a.to,
    createdAt: a.createdAt,
    completedAt: a.completedAt,
    lines: lines.map((l) => ({ product: l.code, serialized: l.serialized === 1, quantityE4: l.quantity_e4, serials: serials.get(l.id) ?? [] })),
    units,
  };
}

type Units = AssemblyView['units'];

/** Adds a component serial to its unit's list of that product, keeping the order it came in. */
function addTo(unit: Units[number], product: string, serial: string): void {
  let c = unit.components.find((x) => x.product === product);
  if (!c) unit.components.push((c = { product, serials: [] }));
  c.serials.push(serial);
}

/** A parked assembly: the serials it holds, per line and per unit (unit_no). */
async function held(db: Db, a: AssemblyHeader, lines: { id: number; code: string }[]): Promise<{ serials: Map<number, string[]>; units: Units }> {
  const rows = await db.selectFrom('assembly_serials').select(['line_id', 'unit_no', 'serial']).where('assembly_id', '=', a.id).orderBy('id').execute();
  const code = new Map(lines.map((l) => [l.id, l.code]));
  const serials = new Map<number, string[]>();
  const byNo = new Map<number, Units[number]>();
  for (const r of rows) if (r.line_id === null) byNo.set(r.unit_no, { serial: r.serial, components: [] });
  for (const r of rows) {
    if (r.line_id === null) continue;
    appendTo(serials, r.line_id, r.serial);
    const unit = a.productSerialized ? byNo.get(r.unit_no) : undefined;
    if (unit) addTo(unit, code.get(r.line_id) ?? '', r.serial);
  }
  return { serials, units: [...byNo.entries()].sort(([x], [y]) => x - y).map(([, u]) => u) };
}

/** A completed assembly: what each line consumed, and each unit's components as linked when it was made. */
async function linked(db: Db, a: AssemblyHeader): Promise<{ serials: Map<number, string[]>; units: Units }> {
  const serials = await movedSerials(db, 'assembly', [a.id]);
  const rows = await db
    .selectFrom('serial_links as l')
    .innerJoin('serials as u', 'u.id', 'l.unit_serial_id')
    .innerJoin('serials as c', 'c.id', 'l.component_serial_id')
    .innerJoin('products as p', 'p.id', 'c.product_id')
    .select(['u.serial as unit', 'p.code', 'c.serial'])
    .where('l.assembly_id', '=', a.id)
    .orderBy('l.id')
    .execute();
  const byUnit = new Map<string, Units[number]>();
  // the units in the order they were made (each unit's movement), those without components too
  for (const s of serials.get(0) ?? []) byUnit.set(s, { serial: s, components: [] });
  for (const r of rows) {
    let unit = byUnit.get(r.unit);
    if (!unit) byUnit.set(r.unit, (unit = { serial: r.unit, components: [] }));
    addTo(unit, r.code, r.serial);
  }
  return { serials, units: [...byUnit.values()] };
}
