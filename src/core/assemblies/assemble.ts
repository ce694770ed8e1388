// Assemblies (RULES.md M-2, M-3): components leave the source warehouse, consumed; the
// product's units enter the destination; each unit's component serials are linked to it.
// One posting, checked in one pass. A parked assembly is checked and written now, holding its
// component units, and posts its movements when completed, checked again then.

import { RejectedError, type Problem } from '../../errors.js';
import { bulkInsert } from '../../db/bulk-insert.js';
import * as ledger from '../ledger/index.js';
import { post, type Posted } from '../documents/posting.js';
import { requireEntry, requireProduct, warehouseRef } from '../master-data/lookup.js';
import { QUANTITY_SCALE } from '../values/quantity.js';
import { quoteSerial, serialKey } from '../values/serial-text.js';
import { now } from '../values/clock.js';
import { readBom } from './bom-read.js';
import { findParkedAssembly, type AssemblyHeader } from './assembly-find.js';
import { assemblyWork, noBom, unitLinks, unitQuantity, type AssemblyWork, type ComponentLine, type ComponentSerials, type MappingRow } from './assembly-work.js';
import type { Db } from '../../db/open.js';

export type { ComponentSerials, MappingRow } from './assembly-work.js';

export interface AssembleInput {
  product: string;
  /** default: one unit per serial given (a product that is not serialized needs it) */
  quantity?: string;
  /** components leave this warehouse */
  warehouse: string;
  /** the units enter this one (default: `warehouse`) */
  to?: string;
  /** one new serial per unit, for a serialized product; may be left out when `mapping` names them */
  serials: ledger.SerialInput[];
  components: ComponentSerials[];
  mapping?: MappingRow[];
  number?: string;
  /** M-2 parked: check and hold now, move on `assembly complete` */
  park?: boolean;
}

export interface AssemblyResult {
  number: string;
  status: 'parked' | 'completed';
  product: string;
  quantityE4: number;
  from: string;
  to: string;
  createdAt: string;
  /** per component: what it takes; `serialCount` its serials */
  lines: { product: string; quantityE4: number; serialCount: number }[];
  /** units made (or to be made), each with its component serials; filled only when asked */
  units: { serial: string; components: { product: string; serials: string[] }[] }[];
  returning: ledger.ReturningSerial[];
}

/** Before a scanner prompt opens: the product, its BOM and both warehouses, or RejectedError. */
export async function assemblyTarget(db: Db, input: Pick<AssembleInput, 'product' | 'warehouse' | 'to'>): Promise<{ product: string; serialized: boolean; lines: { product: string; serialized: boolean; perUnitE4: number }[] }> {
  const problems: Problem[] = [];
  const t = await target(db, input, problems);
  if (!t.product || !t.from || !t.to || problems.length) throw new RejectedError(problems);
  return { product: t.product.code, serialized: t.product.serialized, lines: t.lines.map((l) => ({ product: l.product.code, serialized: l.product.serialized, perUnitE4: l.perUnitE4 })) };
}

async function target(db: Db, input: Pick<AssembleInput, 'product' | 'warehouse' | 'to'>, problems: Problem[]) {
  const product = await requireProduct(db, input.product, problems);
  const fromEntry = await requireEntry(db, 'warehouse', input.warehouse, problems);
  const toEntry = input.to === undefined ? fromEntry : await requireEntry(db, 'warehouse', input.to, problems);
  let lines: ComponentLine[] = [];
  if (product) {
    if (!product.serialized && product.neverDiminishing) {
      problems.push({ code: 'not_stocked', message: `Product ${product.code} is Never Diminishing: it holds no stock, so it cannot be assembled.`, fix: 'Assemble a stocked product.', product: product.code });
    }
    lines = (await readBom(db, product.id)).map((c) => ({ product: c.product, perUnitE4: c.quantityE4 }));
    if (lines.length === 0) problems.push(noBom(product.code, 'is nothing to assemble it from'));
  }
  return { product, from: fromEntry && warehouseRef(fromEntry), to: toEntry && warehouseRef(toEntry), lines };
}

/** M-2: assembles (or parks) `quantity` of a product from its BOM, or rejects with every problem and writes nothing. */
export async function assemble(db: Db, input: AssembleInput, options: { units?: boolean } = {}): Promise<AssemblyResult> {
  const problems: Problem[] = [];
  const { product, from, to, lines } = await target(db, input, problems);
  const mapping = input.mapping ?? [];
  // without --serials, the units are those the mapping names, in the order first named
  let units = input.serials;
  if (units.length === 0 && mapping.length > 0) {
    const seen = new Set<string>();
    units = mapping.filter((r) => !seen.has(serialKey(r.unit.raw.trim())) && seen.add(serialKey(r.unit.raw.trim()))).map((r) => r.unit);
  }
  const quantityE4 = unitQuantity(
    product,
    { quantity: input.quantity, serials: units.length, product: input.product },
    {
      doing: 'assemble',
      serialsMissing: 'name one new serial per unit assembled',
      serialsFix: `Add --serials (e.g. --serials ${input.product}-0001..${input.product}-0010), or a --serials-file with Assembled Serial,Component Code,Component Serial columns.`,
    },
    problems,
  );
  if (!product || !from || !to || quantityE4 === undefined || lines.length === 0 || problems.some((p) => p.code === 'not_stocked')) throw new RejectedError(problems);

  const work = assemblyWork({ product, from, to, quantityE4, units, lines, given: input.components, mapping }, problems);
  if (product.serialized) await stillBuilt(db, product, units, problems);
  // a serialized component without serials is said once, as what is missing, not again as a count the ledger would refuse
  const ops = [...work.components.filter((c) => !c.line.product.serialized || c.op.serials.length > 0).map((c) => c.op), work.unit];
  const park = input.park === true;
  const posted = await post(db, {
    type: 'assembly',
    problems,
    ops,
    park,
    document: {
      number: input.number,
      async create(number, at, plan) {
        const header = await db
          .insertInto('assemblies')
          .values({ number, product_id: product.id, quantity_e4: quantityE4, from_warehouse_id: from.id, to_warehouse_id: to.id, status: park ? 'parked' : 'completed', created_at: at, completed_at: park ? null : at, updated_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        await writeLines(db, header.id, work);
        if (park) await holdSerials(db, header.id, work, plan);
        return header.id;
      },
    },
    after: park ? undefined : (ref, _at, plan) => writeLinks(db, ref.id, work, plan),
  });
  return result(posted, { status: park ? 'parked' : 'completed', product: product.code, quantityE4, from: from.code, to: to.code }, work, options.units === true);
}

/**
 * A unit serial that left stock with its components still inside it (shipped, say) cannot be
 * made again: its links would say it holds two sets of components at once.
 */
async function stillBuilt(db: Db, product: ledger.ProductRef, units: ledger.SerialInput[], problems: Problem[]): Promise<void> {
  const found = [...(await ledger.findSerials(db, product.id, units.map((u) => serialKey(u.raw.trim())))).values()].filter((e) => e.status !== 'available');
  const ids = found.map((e) => e.id);
  // one inside another unit is the ledger's to refuse (as inside that unit), once
  const inside = await ledger.insideUnits(db, ids);
  const built = new Map((await ledger.openLinks(db, 'unit', ids)).map((l) => [l.unitId, l.assembly]));
  for (const e of found) {
    const assembly = built.get(e.id);
    if (assembly === undefined || inside.has(e.id)) continue;
    problems.push({
      code: 'unit_still_built',
      message: `Serial ${quoteSerial(e.serial)} of product ${product.code} is a unit built on ${assembly} that still has its components inside, so it cannot be assembled again.`,
      fix: `Use a new serial. If the unit came back, bring it into stock (e.g. serials credit) and take it apart first: serials disassemble ${product.code} --warehouse WAREHOUSE --serials ${quoteSerial(e.serial)}`,
      serial: e.serial,
      product: product.code,
      document: assembly,
    });
  }
}

async function writeLines(db: Db, assemblyId: number, work: AssemblyWork): Promise<void> {
  for (const [i, c] of work.components.entries()) {
    const line = await db
      .insertInto('assembly_lines')
      .values({ assembly_id: assemblyId, line_no: i + 1, product_id: c.line.product.id, quantity_e4: c.op.quantityE4 })
      .returning('id')
      .executeTakeFirstOrThrow();
    c.op.lineId = line.id;
  }
}

/** A parked assembly keeps its serials, units first, each with its unit: its component units are held. */
async function holdSerials(db: Db, assemblyId: number, work: AssemblyWork, plan: ledger.Plan): Promise<void> {
  const byOp = new Map(plan.ops.map((p) => [p.op, p.serials]));
  const rows: unknown[][] = [];
  (byOp.get(work.unit) ?? []).forEach((s, i) => rows.push([assemblyId, null, i + 1, s.existing?.serial ?? s.text, null]));
  for (const c of work.components) {
    const per = work.units > 0 && c.line.product.serialized ? c.line.perUnitE4 / QUANTITY_SCALE : 0;
    (byOp.get(c.op) ?? []).forEach((s, j) => rows.push([assemblyId, c.op.lineId ?? null, per > 0 ? Math.floor(j / per) + 1 : 1, s.existing?.serial ?? s.text, s.existing?.id ?? null]));
  }
  await bulkInsert(db, 'assembly_serials', ['assembly_id', 'line_id', 'unit_no', 'serial', 'serial_id'], rows);
}

/** M-3: each unit's component serials, linked to it. */
async function writeLinks(db: Db, assemblyId: number, work: AssemblyWork, plan: ledger.Plan): Promise<void> {
  const links = unitLinks(work, plan);
  await bulkInsert(db, 'serial_links', ['assembly_id', 'unit_serial_id', 'component_serial_id', 'disassembly_id'], links.map((l) => [assemblyId, l.unit, l.component, null]));
}

function result(posted: Posted, head: Pick<AssemblyResult, 'status' | 'product' | 'quantityE4' | 'from' | 'to'>, work: AssemblyWork, withUnits: boolean): AssemblyResult {
  const byOp = new Map(posted.plan.ops.map((p) => [p.op, p.serials]));
  const text = (s: ledger.PlannedSerial) => s.existing?.serial ?? s.text;
  const units: AssemblyResult['units'] = [];
  if (withUnits) {
    const made = byOp.get(work.unit) ?? [];
    made.forEach((u, i) =>
      units.push({
        serial: text(u),
        components: work.components
          .filter((c) => c.line.product.serialized)
          .map((c) => {
            const per = c.line.perUnitE4 / QUANTITY_SCALE;
            return { product: c.line.product.code, serials: (byOp.get(c.op) ?? []).slice(i * per, (i + 1) * per).map(text) };
          }),
      }),
    );
  }
  return {
    number: posted.number,
    ...head,
    createdAt: posted.at,
    lines: work.components.map((c) => ({ product: c.line.product.code, quantityE4: c.op.quantityE4, serialCount: c.op.serials.length })),
    units,
    returning: posted.returning,
  };
}

/** Completes a parked assembly: its movements are posted now, checked against the ledger as it is now. */
export async function completeAssembly(db: Db, number: string, options: { units?: boolean } = {}): Promise<AssemblyResult> {
  const a = await findParkedAssembly(db, number, 'completed');
  const { work, problems } = await parkedWork(db, a);
  // since it was parked, one of its unit serials may have been built and left stock
  if (work.unit.product.serialized) await stillBuilt(db, work.unit.product, work.unit.serials, problems);
  const posted = await post(db, {
    type: 'assembly',
    problems,
    ops: [...work.components.map((c) => c.op), work.unit],
    document: { id: a.id, number: a.number },
    async after(ref, at, plan) {
      await writeLinks(db, ref.id, work, plan);
      await db.deleteFrom('assembly_serials').where('assembly_id', '=', a.id).execute();
      await db.updateTable('assemblies').set({ status: 'completed', completed_at: at, updated_at: at }).where('id', '=', a.id).execute();
    },
  });
  return result(posted, { status: 'completed', product: a.product, quantityE4: a.quantityE4, from: a.from, to: a.to }, work, options.units === true);
}

/** A parked assembly's work as it was parked: its lines (not today's BOM) and the serials it holds. */
async function parkedWork(db: Db, a: AssemblyHeader): Promise<{ work: AssemblyWork; problems: Problem[] }> {
  const rows = await db
    .selectFrom('assembly_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.id', 'l.quantity_e4', 'p.id as product_id', 'p.code', 'p.serialized', 'p.never_diminishing'])
    .where('l.assembly_id', '=', a.id)
    .orderBy('l.line_no')
    .execute();
  const product = await db.selectFrom('products').select(['id', 'code', 'serialized', 'never_diminishing']).where('id', '=', a.productId).executeTakeFirstOrThrow();
  const held = await db.selectFrom('assembly_serials').select(['line_id', 'serial']).where('assembly_id', '=', a.id).orderBy('unit_no').orderBy('id').execute();
  const given = new Map<number, ComponentSerials>();
  const units: ledger.SerialInput[] = [];
  for (const r of rows) given.set(r.id, { product: r.code, serials: [] });
  for (const h of held) {
    if (h.line_id === null) units.push({ raw: h.serial });
    else given.get(h.line_id)?.serials.push({ raw: h.serial });
  }
  const lines: ComponentLine[] = rows.map((r) => ({
    product: { id: r.product_id, code: r.code, serialized: r.serialized === 1, neverDiminishing: r.never_diminishing === 1 },
    // the line holds the whole quantity; per unit is what the BOM said when it was parked
    perUnitE4: Math.round((r.quantity_e4 * QUANTITY_SCALE) / a.quantityE4),
  }));
  const problems: Problem[] = [];
  const ref = { id: product.id, code: product.code, serialized: product.serialized === 1, neverDiminishing: product.never_diminishing === 1 };
  const work = assemblyWork(
    { product: ref, from: { id: a.fromId, code: a.from }, to: { id: a.toId, code: a.to }, quantityE4: a.quantityE4, units, lines, given: [...given.values()].filter((g) => g.serials.length > 0), mapping: [] },
    problems,
  );
  work.components.forEach((c, i) => (c.op.lineId = rows[i]?.id ?? null));
  return { work, problems };
}

/** Deletes a parked assembly: nothing moved, and its component units are free again. */
export async function deleteAssembly(db: Db, number: string): Promise<{ number: string; status: 'deleted' }> {
  const a = await findParkedAssembly(db, number, 'deleted');
  await db.deleteFrom('assembly_serials').where('assembly_id', '=', a.id).execute();
  await db.updateTable('assemblies').set({ status: 'deleted', updated_at: now() }).where('id', '=', a.id).execute();
  return { number: a.number, status: 'deleted' };
}

