// The count sheet (RULES.md K-2): what a count expects, to walk the aisles with — per
// product (in the count's line order) the expected quantity, and for a serialized product
// every serial expected on the shelf (K-1), in serial order.
//
// Read only. The lines come first, each with how many serials it expects and how long the
// longest is, so that a printed sheet knows its pages before it draws the first; the
// serials themselves stream, a chunk at a time, however many there are.

import { sql } from 'kysely';
import { countLines, findCount } from './find.js';
import { streamRows } from '../../db/stream.js';
import type { Db } from '../../db/open.js';
import type { StockCountStatus } from '../../db/schema.js';

export interface SheetLine {
  id: number;
  lineNo: number;
  product: string;
  description: string;
  serialized: boolean;
  expectedE4: number;
  /** expected serials (0 for a product without serials) */
  serialCount: number;
  /** characters of the longest expected serial (0 when none) */
  longest: number;
}

export interface CountSheet {
  id: number;
  number: string;
  status: StockCountStatus;
  warehouse: string;
  warehouseName: string;
  createdAt: string;
  startedAt: string | null;
  lines: SheetLine[];
  /** expected serials on every line */
  serialCount: number;
}

export interface SheetSerial {
  lineId: number;
  serial: string;
}

/** The count with this number (typed in any case) and its lines, or a rejection saying how to list counts. */
export async function loadCountSheet(db: Db, number: string): Promise<CountSheet> {
  const head = await findCount(db, number);
  const { name: warehouseName } = await db.selectFrom('warehouses').select('name').where('id', '=', head.warehouseId).executeTakeFirstOrThrow();
  const lines = await countLines(db, head.id);
  const sizes = await db
    .selectFrom('stock_count_expected as e')
    .innerJoin('serials as s', 's.id', 'e.serial_id')
    .select(['e.line_id', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`max(length(${sql.ref('s.serial')}))`.as('longest')])
    .where('e.stock_count_id', '=', head.id)
    .groupBy('e.line_id')
    .execute();
  const byLine = new Map(sizes.map((r) => [r.line_id, r]));
  const sheetLines = lines.map((l): SheetLine => {
    const size = byLine.get(l.id);
    return {
      id: l.id,
      lineNo: l.lineNo,
      product: l.product,
      description: l.description,
      serialized: l.serialized,
      expectedE4: Number(l.expectedE4),
      serialCount: Number(size?.n ?? 0),
      longest: Number(size?.longest ?? 0),
    };
  });
  return {
    id: head.id,
    number: head.number,
    status: head.status,
    warehouse: head.warehouse,
    warehouseName,
    createdAt: head.createdAt,
    startedAt: head.startedAt,
    lines: sheetLines,
    serialCount: sheetLines.reduce((n, l) => n + l.serialCount, 0),
  };
}

/** Every expected serial of the count, by line, then serial (ignoring case), a chunk at a time. */
export function sheetSerials(db: Db, sheet: CountSheet): AsyncIterable<SheetSerial[]> {
  const query = db
    .selectFrom('stock_count_expected as e')
    .innerJoin('stock_count_lines as l', 'l.id', 'e.line_id')
    .innerJoin('serials as s', 's.id', 'e.serial_id')
    .select(['e.line_id as lineId', 's.serial'])
    .where('e.stock_count_id', '=', sheet.id)
    .orderBy('l.line_no')
    .orderBy('s.serial_key');
  return streamRows(db, query);
}

/** The lengths of one line's expected serials, in the order sheetSerials gives them: for laying out before drawing. */
export async function* serialLengths(db: Db, lineId: number): AsyncIterable<number[]> {
  const query = db
    .selectFrom('stock_count_expected as e')
    .innerJoin('serials as s', 's.id', 'e.serial_id')
    .select(sql<number>`length(${sql.ref('s.serial')})`.as('n'))
    .where('e.line_id', '=', lineId)
    .orderBy('s.serial_key');
  for await (const chunk of streamRows(db, query)) yield chunk.map((r) => r.n);
}
