// count show and count list: a count's header and lines, what it expects and what has been
// counted so far (K-1, K-4), without the serial-by-serial detail (variance.ts has that).

import { unitsToE4 } from '../values/quantity.js';
import { requireEntry } from '../master-data/lookup.js';
import { RejectedError, type Problem } from '../../errors.js';
import { countLines, findCount, listCountHeaders, type CountHeader, type CountLine } from './find.js';
import { expectedSerialCounts } from './snapshot.js';
import type { Db } from '../../db/open.js';
import type { StockCountStatus } from '../../db/schema.js';

export interface CountLineView extends CountLine {
  /** serials expected on the shelf (serialized lines) */
  expectedSerials: number;
  /** distinct serials scanned on the line */
  scannedSerials: number;
  /** scans in all, repeats included */
  scans: number;
  /**
   * what has been counted: the distinct serials scanned (as recorded at completion, once
   * completed), or the quantity entered; null for a non-serialized line nobody entered yet
   */
  countedNowE4: number | null;
}

export interface CountView extends CountHeader {
  lines: CountLineView[];
}

/** Per line: distinct serials scanned and scans in all. */
async function scanTotals(db: Db, countId: number): Promise<Map<number, { serials: number; scans: number }>> {
  const rows = await db
    .selectFrom('stock_count_scans')
    .select((eb) => ['line_id', eb.fn.countAll<number>().as('serials'), eb.fn.sum<number>('scans').as('scans')])
    .where('stock_count_id', '=', countId)
    .groupBy('line_id')
    .execute();
  return new Map(rows.map((r) => [r.line_id, { serials: Number(r.serials), scans: Number(r.scans) }]));
}

export async function countView(db: Db, header: CountHeader): Promise<CountView> {
  const expected = await expectedSerialCounts(db, header.id);
  const scanned = await scanTotals(db, header.id);
  const lines = (await countLines(db, header.id)).map((l): CountLineView => {
    const s = scanned.get(l.id) ?? { serials: 0, scans: 0 };
    const countedNowE4 = l.serialized ? (header.status === 'completed' && l.countedE4 !== null ? l.countedE4 : unitsToE4(s.serials)) : l.countedE4;
    return { ...l, expectedSerials: expected.get(l.id) ?? 0, scannedSerials: s.serials, scans: s.scans, countedNowE4 };
  });
  return { ...header, lines };
}

export async function showCount(db: Db, number: string): Promise<CountView> {
  return countView(db, await findCount(db, number));
}

export interface CountListRow extends CountHeader {
  lineCount: number;
  expectedSerials: number;
  scannedSerials: number;
}

/** Counts, newest first: of one status, of one warehouse. */
export async function listCounts(db: Db, filter: { status?: StockCountStatus; warehouse?: string } = {}): Promise<CountListRow[]> {
  let warehouseId: number | undefined;
  if (filter.warehouse !== undefined) {
    const problems: Problem[] = [];
    const entry = await requireEntry(db, 'warehouse', filter.warehouse, problems);
    if (!entry) throw new RejectedError(problems);
    warehouseId = entry.id;
  }
  const headers = await listCountHeaders(db, { status: filter.status, warehouseId });
  if (headers.length === 0) return [];
  const lines = await db
    .selectFrom('stock_count_lines')
    .select((eb) => ['stock_count_id', eb.fn.countAll<number>().as('n')])
    .groupBy('stock_count_id')
    .execute();
  const expected = await db
    .selectFrom('stock_count_expected')
    .select((eb) => ['stock_count_id', eb.fn.countAll<number>().as('n')])
    .groupBy('stock_count_id')
    .execute();
  const scanned = await db
    .selectFrom('stock_count_scans')
    .select((eb) => ['stock_count_id', eb.fn.countAll<number>().as('n')])
    .groupBy('stock_count_id')
    .execute();
  const by = (rows: { stock_count_id: number; n: number }[]) => new Map(rows.map((r) => [r.stock_count_id, Number(r.n)]));
  const [l, e, s] = [by(lines), by(expected), by(scanned)];
  return headers.map((h) => ({ ...h, lineCount: l.get(h.id) ?? 0, expectedSerials: e.get(h.id) ?? 0, scannedSerials: s.get(h.id) ?? 0 }));
}
