// Which of a count's products a scanned serial belongs to (RULES.md K-4). A scanner does not
// know the product: a serial goes to the line that expects it; failing that, to the line of
// the product the ledger knows it as (in any status or warehouse); failing that, when the
// count has one serialized product, to that one (a unit the ledger has never seen). A serial
// that two products claim is for the person to decide. Lookups are by serial key, a batch
// of keys per statement, through the ledger's index on serial keys.

import { chunk, IN_LIST } from '../../db/chunk.js';
import { RejectedError, shown, type Problem } from '../../errors.js';
import { listed } from '../values/words.js';
import { findCount, countLines, requireStatus, type CountHeader, type CountLine } from './find.js';
import { codeKey } from '../values/codes.js';
import type { Db } from '../../db/open.js';
import type { SerialStatus } from '../../db/schema.js';

/** A count in progress with its lines, ready to take scans. */
export interface CountTarget extends CountHeader {
  lines: CountLine[];
}

/** What the ledger says of a serial of the line's product. */
export interface LedgerFacts {
  /** the serial's text as the ledger holds it */
  serial: string;
  status: SerialStatus;
  warehouseId: number | null;
}

export type Match =
  /** expected: on the shelf list; known: the ledger has it under this product; new: neither */
  | { kind: 'line'; line: CountLine; situation: 'expected' | 'known' | 'new'; facts?: LedgerFacts }
  | { kind: 'ambiguous'; lines: CountLine[] }
  | { kind: 'none' };

export async function countTarget(db: Db, number: string, doing: string): Promise<CountTarget> {
  const count = await findCount(db, number);
  requireStatus(count, ['in_progress'], doing);
  return { ...count, lines: await countLines(db, count.id) };
}

/** The count's line for a product code, or a problem saying why there is none to scan into. */
export function lineFor(target: CountTarget, code: string, purpose: 'serials' | 'quantity', source?: string): { line?: CountLine; problem?: Problem } {
  const line = target.lines.find((l) => codeKey(l.product) === codeKey(code));
  const where = source ? ` (${source})` : '';
  if (!line) {
    return {
      problem: {
        code: 'product_not_in_count',
        message: `Product ${shown(code)}${where} is not counted on ${target.number}: its products are ${listed(target.lines.map((l) => l.product))}.`,
        fix: `Use one of the count's products, or count ${shown(code)} on a count of its own (serials count create --warehouse ${target.warehouse} --product ${code}).`,
        product: code,
        document: target.number,
        ...(source ? { source } : {}),
      },
    };
  }
  if (purpose === 'serials' && !line.serialized) {
    return {
      problem: {
        code: 'not_serialized',
        message: `Product ${line.product}${where} is not serialized: its count is a quantity, not serials.`,
        fix: `Enter the quantity found: serials count enter ${target.number} --product ${line.product} --qty N`,
        product: line.product,
        ...(source ? { source } : {}),
      },
    };
  }
  if (purpose === 'quantity' && line.serialized) {
    return {
      problem: {
        code: 'serialized_product',
        message: `Product ${line.product} is serialized: it is counted by scanning its serials, not by a quantity.`,
        fix: `Scan what is there: serials count scan ${target.number} --product ${line.product} --serials ...`,
        product: line.product,
      },
    };
  }
  return { line };
}

/** Matches serial keys (N-3: trimmed, case-folded) to the count's serialized lines. */
export async function matchKeys(db: Db, target: CountTarget, keys: readonly string[]): Promise<Map<string, Match>> {
  const serialized = target.lines.filter((l) => l.serialized);
  const byId = new Map(serialized.map((l) => [l.id, l]));
  const byProduct = new Map(serialized.map((l) => [l.productId, l]));
  const expected = new Map<string, { line: CountLine; facts: LedgerFacts }[]>();
  const known = new Map<string, { line: CountLine; facts: LedgerFacts }[]>();
  const add = (to: typeof expected, key: string, line: CountLine, facts: LedgerFacts) => {
    const list = to.get(key);
    // in line order, so that a serial two products have names them as the count lists them
    if (!list) return void to.set(key, [{ line, facts }]);
    const at = list.findIndex((x) => x.line.lineNo > line.lineNo);
    if (at === -1) list.push({ line, facts });
    else list.splice(at, 0, { line, facts });
  };
  for (const part of chunk([...new Set(keys)], IN_LIST)) {
    // every serial with these keys (by the index on keys), and whether this count expects it
    // (by its primary key); the count's products are picked out here, not in SQL: with a list
    // of a thousand products SQLite would probe every product for every key
    const rows = await db
      .selectFrom('serials as r')
      .leftJoin('stock_count_expected as e', (j) => j.on('e.stock_count_id', '=', target.id).onRef('e.serial_id', '=', 'r.id'))
      .select(['r.serial_key', 'r.serial', 'r.product_id', 'r.status', 'r.warehouse_id', 'e.line_id'])
      .where('r.serial_key', 'in', part)
      // the products a serial matches, in one order on every engine (SQLite's index order)
      .orderBy('r.serial_key')
      .orderBy('r.id')
      .execute();
    for (const r of rows) {
      const facts = { serial: r.serial, status: r.status, warehouseId: r.warehouse_id };
      const expectedOn = r.line_id === null ? undefined : byId.get(r.line_id);
      if (expectedOn) add(expected, r.serial_key, expectedOn, facts);
      const line = byProduct.get(r.product_id);
      if (line) add(known, r.serial_key, line, facts);
    }
  }
  const only = serialized.length === 1 ? serialized[0] : undefined;
  const out = new Map<string, Match>();
  for (const key of keys) {
    const e = expected.get(key);
    const k = known.get(key);
    if (e && e.length === 1 && e[0]) out.set(key, { kind: 'line', line: e[0].line, situation: 'expected', facts: e[0].facts });
    else if (e) out.set(key, { kind: 'ambiguous', lines: e.map((x) => x.line) });
    else if (k && k.length === 1 && k[0]) out.set(key, { kind: 'line', line: k[0].line, situation: 'known', facts: k[0].facts });
    else if (k) out.set(key, { kind: 'ambiguous', lines: k.map((x) => x.line) });
    else if (only) out.set(key, { kind: 'line', line: only, situation: 'new' });
    else out.set(key, { kind: 'none' });
  }
  return out;
}

/** The problem of a serial that no single line takes. */
export function unmatched(target: CountTarget, text: string, match: Match, source?: string): Problem {
  const where = source ? ` (${source})` : '';
  if (match.kind === 'ambiguous') {
    const products = match.lines.map((l) => l.product);
    return {
      code: 'serial_matches_several_products',
      message: `Serial ${shown(text)}${where} matches ${listed(products)} on ${target.number}: which product is it?`,
      fix: `Scan it with --product (e.g. serials count scan ${target.number} --product ${products[0]} --serials ${text}), or give a file with Product Code and Serial Number columns.`,
      serial: text,
      product: products[0],
      document: target.number,
      ...(source ? { source } : {}),
    };
  }
  return {
    code: 'serial_matches_no_product',
    message: `Serial ${shown(text)}${where} is neither expected on ${target.number} nor known as one of its products (${listed(target.lines.filter((l) => l.serialized).map((l) => l.product))}).`,
    fix: `Say which product it is with --product (e.g. serials count scan ${target.number} --product PRODUCT --serials ${text}).`,
    serial: text,
    document: target.number,
    ...(source ? { source } : {}),
  };
}

/** A count with no serialized product takes no scans. */
export function requireSerializedLines(target: CountTarget): void {
  if (target.lines.some((l) => l.serialized)) return;
  throw new RejectedError([
    {
      code: 'nothing_to_scan',
      message: `Stock count ${target.number} counts no serialized product: there is nothing to scan.`,
      fix: `Enter quantities instead: serials count enter ${target.number} --product PRODUCT --qty N`,
      document: target.number,
    },
  ]);
}
