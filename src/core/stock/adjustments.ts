// Stock adjustments in and out of one warehouse (RULES.md A-1).

import { RejectedError, type Problem } from '../../errors.js';
import * as ledger from '../ledger/index.js';
import { productNotNamed } from '../ledger/rules.js';
import { codeKey } from '../values/codes.js';
import { requireEntry, requireProduct, warehouseRef, type ProductInfo } from '../master-data/lookup.js';
import { post } from '../documents/posting.js';
import { parseQuantity, unitsToE4 } from '../values/quantity.js';
import { movedSerials } from '../documents/document-serials.js';
import type { Db } from '../../db/open.js';

export interface AdjustInput {
  direction: 'in' | 'out';
  warehouse: string;
  /** the product; may be left out when every serial names its product (CSV) */
  product?: string;
  quantity?: string;
  serials: (ledger.SerialInput & { product?: string })[];
  reason: string;
}

export interface AdjustmentResult {
  number: string;
  direction: 'in' | 'out';
  warehouse: string;
  reason: string;
  /** per product; `serials` as the ledger records them, in the order they moved */
  lines: { product: string; quantityE4: number; serials: string[] }[];
  returning: ledger.ReturningSerial[];
}

export async function adjustStock(db: Db, input: AdjustInput): Promise<AdjustmentResult> {
  const problems: Problem[] = [];
  const warehouseEntry = await requireEntry(db, 'warehouse', input.warehouse, problems);
  const reason = input.reason.trim();
  if (!reason) {
    problems.push({ code: 'reason_required', message: 'An adjustment needs a reason.', fix: 'Add --reason "why the stock changed".' });
  }
  if (input.quantity !== undefined && input.product === undefined) {
    problems.push({ code: 'product_required', message: '--qty needs --product.', fix: 'Add --product PRODUCT.' });
  }

  // Lines: one per product; serials naming a product go to that product's line.
  const groups = new Map<string, { code: string; serials: ledger.SerialInput[] }>();
  const group = (code: string) => {
    let g = groups.get(codeKey(code));
    if (!g) groups.set(codeKey(code), (g = { code, serials: [] }));
    return g;
  };
  if (input.product !== undefined) group(input.product);
  for (const s of input.serials) {
    const code = s.product ?? input.product;
    if (code === undefined) {
      problems.push(productNotNamed(s));
      continue;
    }
    group(code).serials.push(s);
  }
  if (groups.size === 0 && problems.length === 0) {
    problems.push({ code: 'product_required', message: 'Nothing to adjust: no product given.', fix: 'Add --product PRODUCT.' });
  }

  const ops: (ledger.InOp | ledger.OutOp)[] = [];
  const products: ProductInfo[] = [];
  for (const g of groups.values()) {
    const product = await requireProduct(db, g.code, problems);
    if (!product || !warehouseEntry) continue;
    products.push(product);
    let quantityE4: number;
    if (input.quantity !== undefined) {
      const q = parseQuantity(input.quantity);
      if (!q.ok) {
        problems.push({ code: 'invalid_quantity', message: `--qty: ${q.reason}.`, fix: 'Give a positive quantity.', product: product.code });
        continue;
      }
      quantityE4 = q.e4;
    } else if (product.serialized) {
      quantityE4 = unitsToE4(g.serials.length);
      if (quantityE4 === 0) {
        problems.push({
          code: 'serials_required',
          message: `Product ${product.code} is serialized: give one serial per unit adjusted ${input.direction}.`,
          fix: 'Give serials with --serials, --serials-file or interactively.',
          product: product.code,
        });
        continue;
      }
    } else {
      problems.push({
        code: 'quantity_required',
        message: `Product ${product.code} is not serialized: give the quantity to adjust.`,
        fix: 'Add --qty N (decimals are allowed for non-serialized products).',
        product: product.code,
      });
      continue;
    }
    const common = {
      movement: `adjustment_${input.direction}` as const,
      product,
      warehouse: warehouseRef(warehouseEntry),
      quantityE4,
      serials: g.serials,
    };
    ops.push(input.direction === 'in' ? { op: 'in', ...common } : { op: 'out', ...common });
  }
  if (!warehouseEntry) throw new RejectedError(problems);
  const warehouse = warehouseEntry;

  const posted = await post(db, {
    type: 'adjustment',
    problems,
    ops,
    document: {
      async create(number, at) {
        const adjustment = await db
          .insertInto('adjustments')
          .values({ number, warehouse_id: warehouse.id, direction: input.direction, reason, status: 'completed', created_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const op of ops) {
          const line = await db
            .insertInto('adjustment_lines')
            .values({
              adjustment_id: adjustment.id,
              product_id: op.product.id,
              quantity_e4: input.direction === 'in' ? op.quantityE4 : -op.quantityE4,
              serialized: op.product.serialized ? 1 : 0,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          op.lineId = line.id;
        }
        return adjustment.id;
      },
    },
  });
  const moved = input.serials.length === 0 ? new Map<number, string[]>() : await movedSerials(db, 'adjustment', [posted.id]);
  return {
    number: posted.number,
    direction: input.direction,
    warehouse: warehouse.code,
    reason,
    lines: ops.map((op) => ({ product: op.product.code, quantityE4: op.quantityE4, serials: (op.lineId != null && moved.get(op.lineId)) || [] })),
    returning: posted.returning,
  };
}
