// count variance (RULES.md K-5): every serial of a count classified, and per product what was
// expected against what was counted. Rows stream from the database a chunk at a time (a
// count of 200,000 serials is 200,000 rows) and the per-product summary is tallied as they
// pass, so one pass serves the report and the completion (complete.ts) alike.
//
// Before completion a row is classified against the ledger now; once completed, by what was
// recorded at completion (each scan's class and the warehouse a wrong-place unit was in).

import { streamRows } from '../../db/stream.js';
import { unitsToE4 } from '../values/quantity.js';
import { countLines, findCount, type CountHeader, type CountLine } from './find.js';
import type { Db } from '../../db/open.js';
import type { ScanClass, SerialStatus } from '../../db/schema.js';

export type VarianceClass = 'counted' | 'missing' | 'unexpected' | 'wrong_place' | 'scanned_twice';
/** A row's class without the repeat: what completion does with it. */
export type Situation = Exclude<VarianceClass, 'scanned_twice'>;
export type Action = 'none' | 'remove' | 'add' | 'move';

export const ACTION: Record<Situation, Action> = { counted: 'none', missing: 'remove', unexpected: 'add', wrong_place: 'move' };

export interface VarianceRow {
  serial: string;
  product: string;
  class: VarianceClass;
  situation: Situation;
  /** wrong place: the warehouse it is available in (was, for a completed count) */
  warehouse: string | null;
  scans: number;
  action: Action;
  /** for completion: the scan (null for a missing serial), its line, the warehouse it is in */
  scanId: number | null;
  line: CountLine;
  foundWarehouseId: number | null;
}

export interface ClassTally {
  counted: number;
  missing: number;
  unexpected: number;
  wrongPlace: number;
  scannedTwice: number;
}

export interface VarianceProduct extends ClassTally {
  line: CountLine;
  expectedE4: number;
  /** distinct serials found, or the quantity entered (null: nothing entered) */
  countedE4: number | null;
  differenceE4: number | null;
}

export interface VarianceSummary {
  products: VarianceProduct[];
  totals: ClassTally & { expectedE4: number; countedE4: number; differenceE4: number; notCounted: string[] };
}

export interface VarianceReport {
  count: CountHeader;
  lines: CountLine[];
  /** every serial's row; read it once */
  rows: AsyncIterable<VarianceRow[]>;
  /** the per-product summary, complete once `rows` has been read */
  summary(): VarianceSummary;
}

const emptyTally = (): ClassTally => ({ counted: 0, missing: 0, unexpected: 0, wrongPlace: 0, scannedTwice: 0 });
const TALLY_KEY: Record<Situation, keyof ClassTally> = { counted: 'counted', missing: 'missing', unexpected: 'unexpected', wrong_place: 'wrongPlace' };

export async function countVariance(db: Db, number: string): Promise<VarianceReport> {
  const count = await findCount(db, number);
  return varianceOf(db, count);
}

export async function varianceOf(db: Db, count: CountHeader): Promise<VarianceReport> {
  const lines = await countLines(db, count.id);
  const lineById = new Map(lines.map((l) => [l.id, l]));
  const warehouses = new Map((await db.selectFrom('warehouses').select(['id', 'code']).execute()).map((w) => [w.id, w.code]));
  const tallies = new Map(lines.map((l) => [l.id, { ...emptyTally(), found: 0 }]));
  const completed = count.status === 'completed';

  const row = (lineId: number, serial: string, scans: number, situation: Situation, scanId: number | null, foundWarehouseId: number | null): VarianceRow => {
    const line = lineById.get(lineId) as CountLine;
    const t = tallies.get(lineId);
    if (t) {
      t[TALLY_KEY[situation]] += 1;
      if (scans > 1) t.scannedTwice += 1;
      if (scanId !== null) t.found += 1;
    }
    return {
      serial,
      product: line.product,
      class: scans > 1 ? 'scanned_twice' : situation,
      situation,
      warehouse: situation === 'wrong_place' && foundWarehouseId !== null ? (warehouses.get(foundWarehouseId) ?? null) : null,
      scans,
      action: ACTION[situation],
      scanId,
      line,
      foundWarehouseId,
    };
  };

  const scanned = db
    .selectFrom('stock_count_scans as sc')
    .innerJoin('stock_count_lines as l', 'l.id', 'sc.line_id')
    .leftJoin('serials as r', (j) => j.onRef('r.product_id', '=', 'l.product_id').onRef('r.serial_key', '=', 'sc.serial_key'))
    .leftJoin('stock_count_expected as e', (j) => j.onRef('e.serial_id', '=', 'r.id').on('e.stock_count_id', '=', count.id))
    .select(['sc.id', 'sc.serial', 'r.serial as ledger_serial', 'sc.scans', 'sc.line_id', 'sc.class', 'sc.found_warehouse_id', 'r.status', 'r.warehouse_id', 'e.serial_id as expected'])
    .where('sc.stock_count_id', '=', count.id)
    .orderBy('sc.line_id')
    .orderBy('sc.serial_key');
  const missing = db
    .selectFrom('stock_count_expected as e')
    .innerJoin('serials as r', 'r.id', 'e.serial_id')
    .select(['r.serial', 'e.line_id'])
    .where('e.stock_count_id', '=', count.id)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('stock_count_scans as sc')
            .select('sc.id')
            .where('sc.stock_count_id', '=', count.id)
            .whereRef('sc.line_id', '=', 'e.line_id')
            .whereRef('sc.serial_key', '=', 'r.serial_key'),
        ),
      ),
    )
    // in one order on every engine: SQLite's, the expected serials' key order
    .orderBy('e.serial_id');

  async function* rows(): AsyncIterable<VarianceRow[]> {
    for await (const chunk of streamRows(db, scanned)) {
      yield chunk.map((s) => {
        // the text as the ledger holds it (N-3: first entered), or as scanned for a unit it does not know
        const serial = s.ledger_serial ?? s.serial;
        if (completed) {
          const r = recorded(s.class, s.expected !== null, s.found_warehouse_id);
          return row(s.line_id, serial, s.scans, r.situation, s.id, r.foundWarehouseId);
        }
        // K-5 against the ledger now: a scan not expected is in the wrong place if it is available elsewhere, else unexpected
        if (s.expected !== null) return row(s.line_id, serial, s.scans, 'counted', s.id, null);
        if (s.status === 'available' && s.warehouse_id !== null) {
          // available here but not expected cannot happen while the count holds the level; it is here either way
          if (s.warehouse_id === count.warehouseId) return row(s.line_id, serial, s.scans, 'counted', s.id, null);
          return row(s.line_id, serial, s.scans, 'wrong_place', s.id, s.warehouse_id);
        }
        return row(s.line_id, serial, s.scans, 'unexpected', s.id, null);
      });
    }
    for await (const chunk of streamRows(db, missing)) {
      yield chunk.map((m) => row(m.line_id, m.serial, 0, 'missing', null, null));
    }
  }

  function summary(): VarianceSummary {
    const totals = { ...emptyTally(), expectedE4: 0, countedE4: 0, differenceE4: 0, notCounted: [] as string[] };
    const products = lines.map((line): VarianceProduct => {
      const t = tallies.get(line.id) ?? { ...emptyTally(), found: 0 };
      const countedE4 = line.serialized ? (completed && line.countedE4 !== null ? line.countedE4 : unitsToE4(t.found)) : line.countedE4;
      const differenceE4 = countedE4 === null ? null : countedE4 - line.expectedE4;
      for (const k of Object.keys(TALLY_KEY) as Situation[]) totals[TALLY_KEY[k]] += t[TALLY_KEY[k]];
      totals.scannedTwice += t.scannedTwice;
      totals.expectedE4 += line.expectedE4;
      totals.countedE4 += countedE4 ?? 0;
      if (notCounted(line, t.found)) totals.notCounted.push(line.product);
      const { found: _found, ...tally } = t;
      return { line, ...tally, expectedE4: line.expectedE4, countedE4, differenceE4 };
    });
    totals.differenceE4 = totals.countedE4 - totals.expectedE4;
    return { products, totals };
  }

  return { count, lines, rows: rows(), summary };
}

/** A line nothing was counted for: no quantity entered, or no serial scanned. */
export function notCounted(line: CountLine, found: number): boolean {
  return line.serialized ? found === 0 : line.countedE4 === null;
}

/** K-5 as recorded at completion. */
function recorded(cls: ScanClass | null, expected: boolean, foundWarehouseId: number | null): { situation: Situation; foundWarehouseId: number | null } {
  if (cls === 'wrong_place' || (cls !== 'counted' && foundWarehouseId !== null)) return { situation: 'wrong_place', foundWarehouseId };
  if (cls === 'unexpected' || (cls === 'scanned_twice' && !expected)) return { situation: 'unexpected', foundWarehouseId: null };
  return { situation: 'counted', foundWarehouseId: null };
}
