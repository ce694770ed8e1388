// For the scanner prompt: whether one serial may enter or leave stock right now, by the
// same rules and messages as the check of the whole document (rules.ts). Read-only; the
// command checks everything again when it writes.

import { findSerials, lastDocuments, warehouseCodes } from './lookups.js';
import * as rules from './rules.js';
import type { ProductRef, WarehouseRef } from './types.js';
import type { Db } from '../../db/open.js';

/** Why this serial could not enter ('in') or leave ('out') stock, or null if it can. */
export async function serialProblem(
  db: Db,
  target: { product: ProductRef; warehouse: WarehouseRef; direction: 'in' | 'out' },
  text: string,
): Promise<string | null> {
  const checked = rules.serialText({ raw: text }, target.product.code);
  if (!checked.ok) return checked.problem.message;
  const e = (await findSerials(db, target.product.id, [checked.key])).get(checked.key);
  const facts = e && {
    serial: e.serial,
    status: e.status,
    warehouse: await warehouseCodes(db)(e.warehouse_id),
    lastDocument: (await lastDocuments(db, [e.last_movement_id])).get(e.last_movement_id) ?? null,
  };
  const problem = target.direction === 'in' ? rules.enteringProblem(facts, target.product.code) : rules.leavingProblem(checked.text, facts, target.product.code, target.warehouse.code);
  return problem?.message ?? null;
}
