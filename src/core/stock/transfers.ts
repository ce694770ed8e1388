// Warehouse transfers (RULES.md T-1): units move from one warehouse to a different one. Each
// product is one ledger `move`: a serial stays the same record, still available, with one
// movement from the source to the destination, and the stock levels follow. The whole
// transfer is one posting, checked in one pass (every problem reported, nothing written
// unless all is well); the serials of a line are read by chunk, never one query per serial.

import { RejectedError, type Problem } from '../../errors.js';
import * as ledger from '../ledger/index.js';
import { productNotNamed, serialCountProblem, serialListProblems } from '../ledger/rules.js';
import { codeKey } from '../values/codes.js';
import { requireEntry, requireProduct, warehouseRef } from '../master-data/lookup.js';
import { post } from '../documents/posting.js';
import { movedSerials } from '../documents/document-serials.js';
import { isWhole, parseQuantity, unitsToE4 } from '../values/quantity.js';
import type { Db } from '../../db/open.js';
import type { WarehouseRef } from '../ledger/index.js';

export { listTransfers, showTransfer, type TransferFilter, type TransferView } from './transfer-view.js';

export interface TransferLineInput {
  product: string;
  quantity: string;
  /** where it was given, for messages: "--line 2" */
  source?: string;
}

export interface TransferInput {
  /** warehouse codes */
  from: string;
  to: string;
  /** the product of --qty, and of every serial that does not name its own */
  product?: string;
  quantity?: string;
  /** serials; one from a CSV with a Product Code column names its product */
  serials: (ledger.SerialInput & { product?: string })[];
  /** --line PRODUCT:QTY, for products that are not serialized */
  lines?: TransferLineInput[];
}

export interface TransferResult {
  number: string;
  from: string;
  to: string;
  createdAt: string;
  /**
   * One per product, in the order given; `serials` as the ledger records them, in the order
   * they moved (left empty when not asked for: `serialCount` still says how many moved).
   */
  lines: { product: string; quantityE4: number; serials: string[]; serialCount: number }[];
}

/** One product's line as given: its quantity (if any) and its serials. */
interface Group {
  code: string;
  quantity?: string;
  /** where the product (and its quantity) was named */
  source?: string;
  serials: ledger.SerialInput[];
}

/** The products named by --product, --line and the serials, one group each. */
function groupLines(input: TransferInput, problems: Problem[]): Group[] {
  const groups = new Map<string, Group>();
  if (input.product !== undefined) groups.set(codeKey(input.product), { code: input.product, quantity: input.quantity, source: '--product', serials: [] });
  else if (input.quantity !== undefined) {
    problems.push({ code: 'product_required', message: '--qty needs --product: which product is it a quantity of?', fix: 'Add --product PRODUCT, or give --line PRODUCT:QTY.' });
  }
  for (const line of input.lines ?? []) {
    const key = codeKey(line.product);
    const earlier = groups.get(key);
    if (earlier) {
      problems.push({
        code: 'repeated_product',
        message: `Product ${line.product}${line.source ? ` (${line.source})` : ''} is given twice on this transfer (first ${earlier.source ?? 'earlier'}).`,
        fix: 'Give each product once, with the whole quantity to move.',
        product: line.product,
        source: line.source,
      });
      continue;
    }
    groups.set(key, { code: line.product, quantity: line.quantity, source: line.source, serials: [] });
  }
  // the group of each code as written: a key per code, not per serial (100,000 of them)
  const byCode = new Map<string, Group>();
  for (const s of input.serials) {
    const code = s.product ?? input.product;
    if (code === undefined) {
      problems.push(productNotNamed(s));
      continue;
    }
    let g = byCode.get(code);
    if (!g) {
      const key = codeKey(code);
      g = groups.get(key);
      if (!g) groups.set(key, (g = { code, source: s.source, serials: [] }));
      byCode.set(code, g);
    }
    g.serials.push(s); // no push(...): 100,000 serials overflow the stack
  }
  return [...groups.values()];
}

/** The source and destination warehouses, each known and the two different, or problems saying otherwise. */
async function transferEnds(db: Db, fromCode: string, toCode: string, problems: Problem[]): Promise<{ from?: WarehouseRef; to?: WarehouseRef; same: boolean }> {
  const fromEntry = await requireEntry(db, 'warehouse', fromCode, problems);
  const toEntry = await requireEntry(db, 'warehouse', toCode, problems);
  const from = fromEntry && warehouseRef(fromEntry);
  const to = toEntry && warehouseRef(toEntry);
  const same = from !== undefined && to !== undefined && from.id === to.id;
  if (same) {
    problems.push({
      code: 'same_warehouse',
      message: `A transfer moves stock to a different warehouse, but ${from.code} was given as both source and destination.`,
      fix: 'Give a destination (--to) other than the source (--from).',
      warehouse: from.code,
    });
  }
  return { from, to, same };
}

/**
 * Before a scanner prompt opens: both warehouses known and different, so that no one scans
 * a shelf's worth of serials into a transfer that cannot be made. Throws RejectedError.
 */
export async function checkTransferEnds(db: Db, fromCode: string, toCode: string): Promise<void> {
  const problems: Problem[] = [];
  await transferEnds(db, fromCode, toCode, problems);
  if (problems.length) throw new RejectedError(problems);
}

/**
 * T-1: moves the given units from one warehouse to another, or rejects with every problem and
 * writes nothing. `options.serials: false` leaves the moved serials unread (a summary that
 * only counts them need not read 100,000 rows back).
 */
export async function createTransfer(db: Db, input: TransferInput, options: { serials?: boolean } = {}): Promise<TransferResult> {
  const problems: Problem[] = [];
  const { from, to, same } = await transferEnds(db, input.from, input.to, problems);

  const groups = groupLines(input, problems);
  if (groups.length === 0 && problems.length === 0) {
    problems.push({
      code: 'nothing_to_transfer',
      message: 'Nothing to transfer: no product given.',
      fix: 'Add --product PRODUCT with --serials or --qty, --line PRODUCT:QTY, or a --serials-file with Product Code and Serial Number columns.',
    });
  }

  const ops: ledger.MoveOp[] = [];
  for (const g of groups) {
    const product = await requireProduct(db, g.code, problems, g.source);
    if (!product) {
      serialListProblems({ code: g.code }, g.serials, problems);
      continue;
    }
    if (!product.serialized && product.neverDiminishing) {
      problems.push({
        code: 'not_stocked',
        message: `Product ${product.code} is Never Diminishing: it holds no stock, so there is nothing of it to transfer.`,
        fix: `Leave ${product.code} out of the transfer.`,
        product: product.code,
      });
      continue;
    }
    let quantityE4: number;
    if (g.quantity !== undefined) {
      const q = parseQuantity(g.quantity);
      if (!q.ok) {
        problems.push({ code: 'invalid_quantity', message: `Quantity of ${product.code}${g.source ? ` (${g.source})` : ''}: ${q.reason}.`, fix: 'Give a positive quantity.', product: product.code, source: g.source });
        serialListProblems(product, g.serials, problems);
        continue;
      }
      quantityE4 = q.e4;
    } else if (product.serialized) {
      quantityE4 = unitsToE4(g.serials.length);
    } else {
      problems.push({
        code: 'quantity_required',
        message: `Product ${product.code} is not serialized: give the quantity to transfer.`,
        fix: `Add --product ${product.code} --qty N, or --line ${product.code}:N (decimals are allowed for non-serialized products).`,
        product: product.code,
      });
      serialListProblems(product, g.serials, problems);
      continue;
    }
    if (product.serialized && g.serials.length === 0) {
      // P-3 first (a fraction of a unit), else N-6: a serialized line names its serials
      problems.push(
        (!isWhole(quantityE4) && serialCountProblem(product, quantityE4, 0)) || {
          code: 'serials_required',
          message: `Product ${product.code} is serialized: a transfer names the serials that move, one per unit${g.quantity !== undefined ? `, not just a quantity (${g.quantity.trim()})` : ''}.`,
          fix: `Give them with --product ${product.code} --serials A,B,C or --serials-file FILE (a CSV with Product Code and Serial Number for several products).`,
          product: product.code,
          source: g.source,
        },
      );
      continue;
    }
    if (!from || !to || same) {
      // the ledger cannot check a move without two different warehouses (said once, above);
      // the serials' text still can be checked
      serialListProblems(product, g.serials, problems);
      continue;
    }
    ops.push({ op: 'move', movement: 'transfer', product, from, to, quantityE4, serials: g.serials });
  }
  if (!from || !to || same) throw new RejectedError(problems);
  const source = from;
  const target = to;

  const posted = await post(db, {
    type: 'transfer',
    problems,
    ops,
    document: {
      async create(number, at) {
        const transfer = await db
          .insertInto('transfers')
          .values({ number, from_warehouse_id: source.id, to_warehouse_id: target.id, status: 'completed', created_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const [i, op] of ops.entries()) {
          const line = await db
            .insertInto('transfer_lines')
            .values({ transfer_id: transfer.id, line_no: i + 1, product_id: op.product.id, quantity_e4: op.quantityE4 })
            .returning('id')
            .executeTakeFirstOrThrow();
          op.lineId = line.id;
        }
        return transfer.id;
      },
    },
  });
  const read = options.serials !== false && ops.some((op) => op.serials.length > 0);
  const moved = read ? await movedSerials(db, 'transfer', [posted.id]) : new Map<number, string[]>();
  return {
    number: posted.number,
    from: source.code,
    to: target.code,
    createdAt: posted.at,
    // each serial given moved once (the check refused any listed twice)
    lines: ops.map((op) => ({ product: op.product.code, quantityE4: op.quantityE4, serials: (op.lineId != null && moved.get(op.lineId)) || [], serialCount: op.serials.length })),
  };
}
