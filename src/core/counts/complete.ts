// count complete (RULES.md K-6): the count's differences posted in one transaction through
// the one posting path, the count itself the document (so its own freeze, K-3, does not
// stop it): missing serials leave stock (count_out), unexpected ones enter it here, new or
// returning (count_in, N-4), wrong-place ones move here from where they are (count_move),
// and a non-serialized line adjusts by counted minus expected. What each scan was found to
// be is recorded with it, so the variance of a completed count shows what was done.

import { RejectedError, type Problem } from '../../errors.js';
import { chunk, IN_LIST } from '../../db/chunk.js';
import { post } from '../documents/posting.js';
import { listed } from '../values/words.js';
import { unitsToE4 } from '../values/quantity.js';
import { findCount, requireStatus, type CountLine } from './find.js';
import { varianceOf, type VarianceSummary } from './variance.js';
import type * as ledger from '../ledger/index.js';
import type { Db } from '../../db/open.js';

export interface CompleteInput {
  number: string;
  /** lines nothing was counted for count as zero found (else completion is refused) */
  uncountedAsZero?: boolean;
}

export interface CountCompleted extends VarianceSummary {
  number: string;
  warehouse: string;
  completedAt: string;
  /** what was posted: serials removed, added and moved here; quantity adjustments of non-serialized lines */
  posted: { removed: number; added: number; moved: number; adjustedLines: number };
  returning: ledger.ReturningSerial[];
}

interface LineFindings {
  missing: ledger.SerialInput[];
  unexpected: ledger.SerialInput[];
  /** by the warehouse each is available in */
  wrongPlace: Map<number, ledger.SerialInput[]>;
}

export async function completeCount(db: Db, input: CompleteInput): Promise<CountCompleted> {
  const count = await findCount(db, input.number);
  requireStatus(count, ['in_progress'], 'be completed');
  const report = await varianceOf(db, count);
  const findings = new Map<number, LineFindings>(report.lines.map((l) => [l.id, { missing: [], unexpected: [], wrongPlace: new Map() }]));
  const unexpectedScans: number[] = [];
  const wrongPlaceScans = new Map<number, number[]>();
  for await (const rows of report.rows) {
    for (const r of rows) {
      const f = findings.get(r.line.id) as LineFindings;
      const serial = { raw: r.serial };
      if (r.situation === 'missing') f.missing.push(serial);
      else if (r.situation === 'unexpected') {
        f.unexpected.push(serial);
        if (r.scanId !== null) unexpectedScans.push(r.scanId);
      } else if (r.situation === 'wrong_place' && r.foundWarehouseId !== null) {
        const from = f.wrongPlace.get(r.foundWarehouseId) ?? f.wrongPlace.set(r.foundWarehouseId, []).get(r.foundWarehouseId);
        from?.push(serial);
        if (r.scanId !== null) (wrongPlaceScans.get(r.foundWarehouseId) ?? wrongPlaceScans.set(r.foundWarehouseId, []).get(r.foundWarehouseId))?.push(r.scanId);
      }
    }
  }
  const summary = report.summary();
  const problems: Problem[] = [];
  if (summary.totals.notCounted.length > 0 && !input.uncountedAsZero) {
    const names = summary.totals.notCounted;
    problems.push({
      code: 'lines_not_counted',
      message: `Nothing was counted for ${listed(names)} on ${count.number} (no serial scanned, no quantity entered).`,
      fix: `Scan or enter what was found (serials count scan / serials count enter ${count.number} --product ${names[0]} --qty 0), or add --uncounted-as-zero to complete with none found.`,
      document: count.number,
      product: names[0],
    });
  }

  const warehouse = { id: count.warehouseId, code: count.warehouse };
  const ops: ledger.LedgerOp[] = [];
  const posted = { removed: 0, added: 0, moved: 0, adjustedLines: 0 };
  for (const line of report.lines) {
    const product: ledger.ProductRef = { id: line.productId, code: line.product, serialized: line.serialized, neverDiminishing: false };
    const base = { product, lineId: line.id };
    if (!line.serialized) {
      const difference = (line.countedE4 ?? 0) - line.expectedE4;
      if (difference > 0) ops.push({ ...base, op: 'in', movement: 'count_in', warehouse, quantityE4: difference, serials: [] });
      if (difference < 0) ops.push({ ...base, op: 'out', movement: 'count_out', warehouse, quantityE4: -difference, serials: [] });
      if (difference !== 0) posted.adjustedLines += 1;
      continue;
    }
    const f = findings.get(line.id) as LineFindings;
    if (f.missing.length) ops.push({ ...base, op: 'out', movement: 'count_out', warehouse, quantityE4: unitsToE4(f.missing.length), serials: f.missing });
    if (f.unexpected.length) ops.push({ ...base, op: 'in', movement: 'count_in', warehouse, quantityE4: unitsToE4(f.unexpected.length), serials: f.unexpected });
    for (const [from, serials] of f.wrongPlace) {
      ops.push({ ...base, op: 'move', movement: 'count_move', from: { id: from, code: '' }, to: warehouse, quantityE4: unitsToE4(serials.length), serials });
      posted.moved += serials.length;
    }
    posted.removed += f.missing.length;
    posted.added += f.unexpected.length;
  }
  await nameWarehouses(db, ops);

  const result = await post(db, {
    type: 'stock_count',
    problems,
    ops,
    document: { id: count.id, number: count.number },
    async after(_doc, at) {
      await recordScans(db, count.id, unexpectedScans, wrongPlaceScans);
      await recordCounted(db, count.id, report.lines);
      await db.updateTable('stock_counts').set({ status: 'completed', completed_at: at, updated_at: at }).where('id', '=', count.id).execute();
    },
  });
  // as recorded: a line nothing was entered for counted none
  for (const p of summary.products) {
    if (p.countedE4 === null) {
      p.countedE4 = 0;
      p.differenceE4 = -p.expectedE4;
    }
  }
  return { number: count.number, warehouse: count.warehouse, completedAt: result.at, ...summary, posted, returning: result.returning };
}

/** The codes of the warehouses wrong-place units move from, for the ledger's messages. */
async function nameWarehouses(db: Db, ops: ledger.LedgerOp[]): Promise<void> {
  const moves = ops.filter((o): o is ledger.MoveOp => o.op === 'move');
  if (moves.length === 0) return;
  const codes = new Map((await db.selectFrom('warehouses').select(['id', 'code']).execute()).map((w) => [w.id, w.code]));
  for (const m of moves) m.from = { id: m.from.id, code: codes.get(m.from.id) ?? `#${m.from.id}` };
}

/** K-5 as it stood: every scan's class, and where each wrong-place unit was. */
async function recordScans(db: Db, countId: number, unexpected: number[], wrongPlace: Map<number, number[]>): Promise<void> {
  const scans = () => db.updateTable('stock_count_scans');
  await scans().set({ class: 'counted' }).where('stock_count_id', '=', countId).where('scans', '=', 1).execute();
  await scans().set({ class: 'scanned_twice' }).where('stock_count_id', '=', countId).where('scans', '>', 1).execute();
  for (const part of chunk(unexpected, IN_LIST)) await scans().set({ class: 'unexpected' }).where('id', 'in', part).where('scans', '=', 1).execute();
  for (const [warehouseId, ids] of wrongPlace) {
    for (const part of chunk(ids, IN_LIST)) {
      await scans().set({ found_warehouse_id: warehouseId }).where('id', 'in', part).execute();
      await scans().set({ class: 'wrong_place' }).where('id', 'in', part).where('scans', '=', 1).execute();
    }
  }
}

/** Each line's counted quantity as completed: the distinct serials found, or what was entered (nothing entered: none). */
async function recordCounted(db: Db, countId: number, lines: CountLine[]): Promise<void> {
  await db
    .updateTable('stock_count_lines')
    .set((eb) => ({
      counted_e4: eb(
        eb
          .selectFrom('stock_count_scans as sc')
          .select((s) => s.fn.countAll<number>().as('n'))
          // the count first: the scans' index starts with it
          .where('sc.stock_count_id', '=', countId)
          .whereRef('sc.line_id', '=', 'stock_count_lines.id'),
        '*',
        unitsToE4(1),
      ),
    }))
    .where('stock_count_id', '=', countId)
    .where('serialized', '=', 1)
    .execute();
  if (lines.some((l) => !l.serialized && l.countedE4 === null)) {
    await db.updateTable('stock_count_lines').set({ counted_e4: 0 }).where('stock_count_id', '=', countId).where('counted_e4', 'is', null).execute();
  }
}
