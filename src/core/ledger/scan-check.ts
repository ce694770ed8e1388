// For the scanner prompt: whether one serial may enter or leave stock right now, decided by
// the same rules as the check of the whole document (rules.ts), and said the way a scanner
// prompt says it: one short line naming the serial, where it is and the document that put
// it there ("SN-9 is not in stock in MAIN (shipped on SS-00000002)"). Read-only; the
// command checks everything again when it writes.

import { findSerials, insideUnits, warehouseCodes } from './lookups.js';
import * as rules from './rules.js';
import type { HeldSerials, ProductRef, WarehouseRef } from './types.js';
import type { MovementKind } from '../../db/schema.js';
import type { Db } from '../../db/open.js';

/** A serial as a short message shows it: bare when that is unambiguous, else quoted. */
export function serialShown(text: string): string {
  return /^[!-~]+$/.test(text) && !text.includes('"') ? text : JSON.stringify(text);
}

const HOW: Record<MovementKind, string> = {
  receipt: 'received on',
  supplier_return: 'returned to the supplier on',
  shipment: 'shipped on',
  credit: 'credited on',
  adjustment_in: 'adjusted in on',
  adjustment_out: 'adjusted out on',
  serialize: 'recorded on',
  unserialize: 'deleted on',
  import: 'imported on',
  transfer: 'transferred on',
  count_in: 'found in the stock count',
  count_out: 'found missing in the stock count',
  count_move: 'found in another warehouse in the stock count',
  assembly_in: 'assembled on',
  assembly_out: 'built into a unit on',
  disassembly_in: 'taken out of its unit on',
  disassembly_out: 'taken apart on',
};

/** "shipped on SS-00000002": the last thing that happened to a serial, and its document. */
function lastEvent(kind: MovementKind | undefined, document: string | null): string {
  if (!document) return 'no document';
  return kind ? `${HOW[kind]} ${document}` : `last document ${document}`;
}

export type ScanVerdict =
  /** it can be taken; `text` is as the ledger holds it (or as typed, for a new one) */
  | { ok: true; text: string; key: string; id?: number; returning?: string }
  | { ok: false; reason: string };

/** Whether this serial can enter ('in') or leave ('out') stock in the target warehouse now. */
export async function scanSerial(
  db: Db,
  target: { product: ProductRef; warehouse: WarehouseRef; direction: 'in' | 'out'; held?: HeldSerials },
  text: string,
): Promise<ScanVerdict> {
  const product = target.product.code;
  const checked = rules.serialText({ raw: text }, product);
  if (!checked.ok) return { ok: false, reason: checked.problem.message };
  const e = (await findSerials(db, target.product.id, [checked.key])).get(checked.key);
  const last = e
    ? await db.selectFrom('serial_movements').select(['kind', 'document_number']).where('id', '=', e.last_movement_id).executeTakeFirst()
    : undefined;
  const facts = e && { serial: e.serial, status: e.status, warehouse: await warehouseCodes(db)(e.warehouse_id), lastDocument: last?.document_number ?? null };
  const shownSerial = serialShown(facts?.serial ?? checked.text);
  const event = lastEvent(last?.kind, facts?.lastDocument ?? null);
  const here = target.warehouse.code;
  if (target.direction === 'in') {
    // PO-3, A-1: a unit cannot enter stock twice
    if (rules.enteringProblem(facts, product)) return { ok: false, reason: `${shownSerial} is already in stock in ${facts?.warehouse} (${event})` };
    // a component inside an assembled unit waits for that unit to be taken apart
    const inside = e ? (await insideUnits(db, [e.id])).get(e.id) : undefined;
    if (inside) return { ok: false, reason: `${shownSerial} is inside unit ${serialShown(inside.unit)} of ${inside.product} (built on ${inside.assembly})` };
    // N-4: one that left stock (or was deleted) comes back as the same record
    return e ? { ok: true, text: e.serial, key: checked.key, id: e.id, returning: `returns to stock (${event})` } : { ok: true, text: checked.text, key: checked.key };
  }
  // N-5: a unit leaves only from the warehouse it is available in
  if (!rules.leavingProblem(checked.text, facts, product, here)) {
    // a parked document's units are its own (a parked assembly's components)
    const holder = e && target.held?.any ? (await target.held.of([e.id])).get(e.id) : undefined;
    if (holder) return { ok: false, reason: `${shownSerial} is held by parked ${holder.label} ${holder.number}` };
    return { ok: true, text: e?.serial ?? checked.text, key: checked.key, id: e?.id };
  }
  if (!facts) return { ok: false, reason: `${shownSerial} is not a serial of ${product} in the ledger` };
  if (facts.status !== 'available') return { ok: false, reason: `${shownSerial} is not in stock in ${here} (${event})` };
  return { ok: false, reason: `${shownSerial} is in stock in ${facts.warehouse}, not ${here} (${event})` };
}

/** Why this serial could not enter ('in') or leave ('out') stock, in one line, or null if it can. */
export async function serialProblem(
  db: Db,
  target: { product: ProductRef; warehouse: WarehouseRef; direction: 'in' | 'out'; held?: HeldSerials },
  text: string,
): Promise<string | null> {
  const verdict = await scanSerial(db, target, text);
  return verdict.ok ? null : verdict.reason;
}
