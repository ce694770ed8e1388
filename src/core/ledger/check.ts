// Checks a document's ledger operations against the rules (rules.ts) and the ledger's
// current state in one pass, and plans what apply.ts will write.

import type { Problem } from '../../errors.js';
import { findSerials, insideUnits, lastDocuments, liveSerials, stockLevels, warehouseCodes } from './lookups.js';
import { PerLevel } from './per-level.js';
import * as rules from './rules.js';
import { holdsStock, type CheckResult, type ExistingSerial, type Guards, type LedgerOp, type Plan, type PlannedOp, type PlannedSerial, type ProductRef, type WarehouseRef } from './types.js';
import type { Db } from '../../db/open.js';

/**
 * Checks every operation against the rules and the ledger's current state and returns
 * every problem found (not only the first) together with the plan `apply` will write.
 * Problems are appended to `problems` when the caller has some already (one list, and no
 * spread: a spread of 100,000+ problems overflows the call stack).
 */
export async function check(db: Db, ops: LedgerOp[], problems: Problem[] = [], guards: Guards = {}): Promise<CheckResult> {
  const { frozen, held } = guards;
  const plan: Plan = { ops: [], returning: [] };
  // K-3: each frozen level is named once, however many lines touch it
  const namedFrozen = new PerLevel<true>();
  const touch = (product: ProductRef, warehouse: WarehouseRef | undefined) => {
    const holder = warehouse && frozen?.any ? frozen.by(product.id, warehouse.id) : undefined;
    if (!holder || !warehouse || namedFrozen.get(product.id, warehouse.id)) return;
    namedFrozen.set(product.id, warehouse.id, true);
    problems.push(rules.frozenLevel(product.code, warehouse.code, holder));
  };
  // N-6 across the whole document: per product, serial key -> where it was first given.
  const seen = new Map<number, Map<string, string>>();
  // Stock taken out per (product, warehouse) so far in this document, for non-serialized lines.
  const takenOut = new PerLevel<number>();
  // Every change of a stock level this document makes, in the order apply will make them:
  // together they must keep the level exact.
  const changes = new PerLevel<{ product: ProductRef; warehouse: WarehouseRef; deltas: number[] }>();
  const change = (product: ProductRef, warehouse: WarehouseRef, delta: number) => {
    const c = changes.get(product.id, warehouse.id);
    if (c) c.deltas.push(delta);
    else changes.set(product.id, warehouse.id, { product, warehouse, deltas: [delta] });
  };
  // Every level the document touches, read together before the first check: a document
  // of a thousand products needs a thousand levels, not a thousand queries.
  const touched = ops.flatMap((op) =>
    op.op === 'in' || op.op === 'out' ? [{ productId: op.product.id, warehouseId: op.warehouse.id }] : op.op === 'move' ? [op.from, op.to].map((w) => ({ productId: op.product.id, warehouseId: w.id })) : [],
  );
  const levels = await stockLevels(db, touched);
  const levelOf = (productId: number, warehouseId: number) => levels.get(productId, warehouseId) ?? 0;
  const whCode = warehouseCodes(db);
  // serials taken out or moved, while some document holds serials (held.any)
  const taken: { serial: ExistingSerial; product: string }[] = [];

  for (const op of ops) {
    const planned: PlannedOp = { op, serials: [] };
    plan.ops.push(planned);
    const product = op.product;

    if (op.op === 'unserialize') {
      planned.toDelete = await liveSerials(db, product.id);
      for (const s of planned.toDelete) {
        if (s.status === 'available') problems.push(rules.stillInStock(s.serial, product, await whCode(s.warehouse_id)));
      }
      continue;
    }
    // where units leave from and arrive in
    const from = op.op === 'out' ? op.warehouse : op.op === 'move' ? op.from : undefined;
    const to = op.op === 'in' ? op.warehouse : op.op === 'move' ? op.to : undefined;
    if (op.op === 'move' && op.from.id === op.to.id) problems.push(rules.sameWarehouse(product, op.from));
    touch(product, from);
    touch(product, to ?? (op.op === 'serialize' ? op.warehouse : undefined));

    const serialized = op.op === 'serialize' || product.serialized;
    if (!serialized) {
      if (op.serials.length > 0) problems.push(rules.notSerialized(product, op.serials.length));
      // P-7: no stock, so nothing to check; its document lines count all the same.
      if (!holdsStock(product)) continue;
      if (to) change(product, to, op.quantityE4);
      if (from) {
        change(product, from, -op.quantityE4);
        const already = takenOut.get(product.id, from.id) ?? 0;
        const have = levelOf(product.id, from.id);
        const short = rules.insufficientStock(product, from, have - already, op.quantityE4);
        if (short) problems.push(short);
        takenOut.set(product.id, from.id, already + op.quantityE4);
      }
      continue;
    }

    if (op.op !== 'serialize') {
      if (to) change(product, to, op.quantityE4);
      if (from) change(product, from, -op.quantityE4);
      const count = rules.serialCountProblem(product, op.quantityE4, op.serials.length);
      if (count) problems.push(count);
    }

    let perProduct = seen.get(product.id);
    if (!perProduct) seen.set(product.id, (perProduct = new Map()));
    for (const input of op.serials) {
      const checked = rules.serialText(input, product.code);
      if (!checked.ok) {
        problems.push(checked.problem);
        continue;
      }
      const first = perProduct.get(checked.key);
      if (first !== undefined) {
        problems.push(rules.repeatedSerial(checked.text, product.code, first || 'earlier', input.source));
        continue;
      }
      perProduct.set(checked.key, input.source ?? '');
      planned.serials.push({ text: checked.text, key: checked.key });
    }

    const existing = await findSerials(
      db,
      product.id,
      planned.serials.map((s) => s.key),
    );
    // Only serials that may break a rule need their last document and warehouse code.
    const doubtful: { s: PlannedSerial; e: ExistingSerial | undefined }[] = [];
    for (const s of planned.serials) {
      const e = existing.get(s.key);
      if (e) s.existing = e;
      if (from ? !e || e.status !== 'available' || e.warehouse_id !== from.id : e) doubtful.push({ s, e });
    }
    const docs = await lastDocuments(
      db,
      doubtful.flatMap((d) => (d.e ? [d.e.last_movement_id] : [])),
    );
    if (from && held?.any) for (const s of planned.serials) if (s.existing) taken.push({ serial: s.existing, product: product.code });
    // a consumed component waits for its unit to be taken apart (whatever its status: a
    // product un-serialized and serialized again keeps its consumed units' records)
    const returning = !from ? doubtful.flatMap((d) => (d.e && d.e.status !== 'available' ? [d.e.id] : [])) : [];
    const inside = returning.length ? await insideUnits(db, returning) : undefined;
    const takenApart = op.op === 'in' ? op.takenApart : undefined;
    for (const { s, e } of doubtful) {
      const unit = e && inside?.get(e.id);
      if (unit && e && !takenApart?.has(unit.unitId)) {
        problems.push(rules.insideUnit(e.serial, product.code, unit));
        continue;
      }
      const facts = e && { serial: e.serial, status: e.status, warehouse: await whCode(e.warehouse_id), lastDocument: docs.get(e.last_movement_id) ?? null };
      const problem = from ? rules.leavingProblem(s.text, facts, product.code, from.code) : rules.enteringProblem(facts, product.code);
      if (problem) problems.push(problem);
      else if (facts && !from) plan.returning.push({ serial: facts.serial, product: product.code, previousStatus: facts.status, lastDocument: facts.lastDocument });
    }
  }
  // a parked document's serials are its own: asked about once, for the whole document
  if (taken.length && held) {
    const holders = await held.of(taken.map((t) => t.serial.id));
    for (const t of taken) {
      const holder = holders.get(t.serial.id);
      if (holder) problems.push(rules.heldSerial(t.serial.serial, t.product, holder));
    }
  }
  for (const c of changes.values()) {
    const problem = rules.levelOutOfRange(c.product, c.warehouse, levelOf(c.product.id, c.warehouse.id), c.deltas);
    if (problem) problems.push(problem);
  }
  return { problems, plan };
}
