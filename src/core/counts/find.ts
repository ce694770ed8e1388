// Finding a stock count by its number, and what every count command asks of it first: is it
// in a state that allows this? (RULES.md K-1: open → in progress → completed, or deleted.)

import { RejectedError, shown, type Problem } from '../../errors.js';
import { typedNumber } from '../documents/numbering.js';
import type { Db } from '../../db/open.js';
import type { StockCountStatus } from '../../db/schema.js';

export interface CountHeader {
  id: number;
  number: string;
  status: StockCountStatus;
  warehouseId: number;
  warehouse: string;
  allProducts: boolean;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

export interface CountLine {
  id: number;
  lineNo: number;
  productId: number;
  product: string;
  description: string;
  serialized: boolean;
  expectedE4: number;
  countedE4: number | null;
}

function headerQuery(db: Db) {
  return db
    .selectFrom('stock_counts as c')
    .innerJoin('warehouses as w', 'w.id', 'c.warehouse_id')
    .select(['c.id', 'c.number', 'c.status', 'c.warehouse_id', 'w.code as warehouse', 'c.all_products', 'c.created_at', 'c.started_at', 'c.completed_at']);
}

type HeaderRow = Awaited<ReturnType<ReturnType<typeof headerQuery>['executeTakeFirstOrThrow']>>;

function toHeader(r: HeaderRow): CountHeader {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    warehouseId: r.warehouse_id,
    warehouse: r.warehouse,
    allProducts: r.all_products === 1,
    createdAt: r.created_at,
    startedAt: r.started_at,
    completedAt: r.completed_at,
  };
}

/** The count with this number (typed in any case), or a rejection saying how to list them. */
export async function findCount(db: Db, number: string): Promise<CountHeader> {
  const row = await headerQuery(db).where('c.number', 'in', typedNumber(number)).executeTakeFirst();
  if (!row) {
    throw new RejectedError([{ code: 'unknown_stock_count', message: `There is no stock count ${shown(number)}.`, fix: 'List stock counts with: serials count list', document: number }]);
  }
  return toHeader(row);
}

/** Every count, newest first, optionally of one status or warehouse. */
export async function listCountHeaders(db: Db, filter: { status?: StockCountStatus; warehouseId?: number } = {}): Promise<CountHeader[]> {
  let q = headerQuery(db);
  if (filter.status) q = q.where('c.status', '=', filter.status);
  if (filter.warehouseId !== undefined) q = q.where('c.warehouse_id', '=', filter.warehouseId);
  return (await q.orderBy('c.id', 'desc').execute()).map(toHeader);
}

/** The count's lines in line order. */
export async function countLines(db: Db, countId: number): Promise<CountLine[]> {
  const rows = await db
    .selectFrom('stock_count_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.id', 'l.line_no', 'l.product_id', 'p.code', 'p.description', 'l.serialized', 'l.expected_e4', 'l.counted_e4'])
    .where('l.stock_count_id', '=', countId)
    .orderBy('l.line_no')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    lineNo: r.line_no,
    productId: r.product_id,
    product: r.code,
    description: r.description,
    serialized: r.serialized === 1,
    expectedE4: r.expected_e4,
    countedE4: r.counted_e4,
  }));
}

const STATUS_WORDS: Record<StockCountStatus, string> = { open: 'open (not started)', in_progress: 'in progress', completed: 'completed', deleted: 'deleted' };

/**
 * Rejects unless the count is in one of `allowed`, saying what its status is and what to do:
 * an open count is started first, a completed or deleted one is done with.
 */
export function requireStatus(count: CountHeader, allowed: readonly StockCountStatus[], doing: string): void {
  if (allowed.includes(count.status)) return;
  const problem: Problem = {
    code: `stock_count_${count.status}`,
    message: `Stock count ${count.number} is ${STATUS_WORDS[count.status]}, so it cannot ${doing}.`,
    fix:
      count.status === 'open'
        ? `Start it first: serials count start ${count.number}`
        : count.status === 'in_progress'
          ? `Complete it (serials count complete ${count.number}) or delete it (serials count delete ${count.number}).`
          : `Create a new count: serials count create --warehouse ${count.warehouse}`,
    document: count.number,
    warehouse: count.warehouse,
  };
  throw new RejectedError([problem]);
}
