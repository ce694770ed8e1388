// Each serial and stock rule of the ledger, stated once with its one message. The ordinary
// check (check.ts), the imports' bulk entry (bulk-entry.ts) and the scanner's per-serial
// check (scan-check.ts) all ask these, so a rule added here holds on every path.

import type { Problem } from '../../errors.js';
import { checkSerial, quoteSerial } from '../values/serial-text.js';
import { count } from '../values/words.js';
import { formatQuantity, isExact, isWhole, MAX_EXACT_E4, QUANTITY_SCALE } from '../values/quantity.js';
import type { SerialStatus } from '../../db/schema.js';
import type { ProductRef, SerialInput, WarehouseRef } from './types.js';
import { grouped } from '../values/words.js';

/** A serial as the ledger holds it, as the rules need to see it. */
export interface SerialFacts {
  /** the text as first recorded */
  serial: string;
  status: SerialStatus;
  /** its warehouse's code, or (none) */
  warehouse: string;
  /** the number of the document of its last movement */
  lastDocument: string | null;
}

const where = (source?: string) => (source ? ` (${source})` : '');

/**
 * N-1, N-2: the text of a serial, trimmed and keyed (N-3), or why it cannot be one. The
 * product, when known (a scan may not know it yet), is named in the message.
 */
export function serialText(input: SerialInput, product?: string): { ok: true; text: string; key: string } | { ok: false; problem: Problem } {
  const checked = checkSerial(input.raw);
  if (checked.ok) return checked;
  return {
    ok: false,
    problem: {
      code: 'invalid_serial',
      message: `Serial ${quoteSerial(input.raw)}${where(input.source)}${product === undefined ? '' : ` of product ${product}`} ${checked.reason}.`,
      fix: 'Correct the serial: 1 to 50 printable ASCII characters.',
      serial: input.raw,
      product,
      source: input.source,
    },
  };
}

/** N-6: a document lists a serial once per product. `first` says where it was first given. */
export function repeatedSerial(text: string, product: string, first: string, source?: string): Problem {
  return {
    code: 'duplicate_serial',
    message: `Serial ${quoteSerial(text)}${where(source)} of product ${product} is listed twice on this document (first ${first}).`,
    fix: 'Remove the repeated serial; serials are compared ignoring case.',
    serial: text,
    product,
    source,
  };
}

/** N-5: a serial leaves stock (or moves) only from the warehouse it is available in. */
export function leavingProblem(text: string, found: SerialFacts | undefined, product: string, warehouse: string, source?: string): Problem | null {
  const base = { serial: found?.serial ?? text, product, document: found?.lastDocument ?? undefined, source };
  const label = `Serial ${quoteSerial(found?.serial ?? text)}${where(source)} of product ${product}`;
  if (!found) {
    return {
      ...base,
      code: 'unknown_serial',
      message: `${label} is not in the ledger.`,
      fix: `Check the serial; list what is in stock with: serials enquiry --product ${product} --warehouse ${warehouse} --status available`,
      warehouse,
    };
  }
  if (found.status !== 'available') {
    return {
      ...base,
      code: 'serial_not_available',
      message: `${label} is ${found.status} (last document ${found.lastDocument}), so it cannot leave warehouse ${warehouse}.`,
      fix: `See what happened to it: serials history ${quoteSerial(found.serial)} --product ${product}`,
      warehouse,
    };
  }
  if (found.warehouse !== warehouse) {
    return {
      ...base,
      code: 'serial_in_other_warehouse',
      message: `${label} is available in warehouse ${found.warehouse}, not ${warehouse} (last document ${found.lastDocument}).`,
      fix: `Use warehouse ${found.warehouse}, or remove the serial from the input.`,
      warehouse: found.warehouse,
    };
  }
  return null;
}

/**
 * PO-3, A-1: a serial enters stock only if it is not available anywhere. One that left
 * stock or was deleted comes back as the same record (N-4): not a problem.
 */
export function enteringProblem(found: SerialFacts | undefined, product: string, source?: string): Problem | null {
  if (found?.status !== 'available') return null;
  return {
    code: 'serial_already_in_stock',
    message: `Serial ${quoteSerial(found.serial)}${where(source)} of product ${product} is already available in warehouse ${found.warehouse} (last document ${found.lastDocument}).`,
    fix: 'A unit cannot enter stock twice: remove it from the input, or correct the serial.',
    serial: found.serial,
    product,
    warehouse: found.warehouse,
    document: found.lastDocument ?? undefined,
    source,
  };
}

/** P-3, N-6: a serialized line is whole units, with one serial per unit. */
export function serialCountProblem(product: ProductRef, quantityE4: number, serials: number): Problem | null {
  if (!isWhole(quantityE4)) {
    return {
      code: 'fractional_serialized_quantity',
      message: `Product ${product.code} is serialized, so its quantity must be a whole number, not ${formatQuantity(quantityE4)}.`,
      fix: 'Give a whole number of units.',
      product: product.code,
    };
  }
  if (serials === quantityE4 / QUANTITY_SCALE) return null;
  return {
    code: 'serial_count_mismatch',
    message: `Product ${product.code}: quantity ${formatQuantity(quantityE4)} needs ${count(Number(formatQuantity(quantityE4)), 'serial')}, but ${grouped(serials)} ${serials === 1 ? 'was' : 'were'} given.`,
    fix: 'Give exactly one serial per unit (or leave out --qty to take the quantity from the serials).',
    product: product.code,
  };
}

/** A non-serialized product takes quantities only. */
export function notSerialized(product: Pick<ProductRef, 'code'>, serials: number): Problem {
  return {
    code: 'not_serialized',
    message: `Product ${product.code} is not serialized, but ${count(serials, 'serial')} ${serials === 1 ? 'was' : 'were'} given for it.`,
    fix: `Give only a quantity for ${product.code}, or serialize it first (serials product serialize ${product.code}).`,
    product: product.code,
  };
}

/** Stock leaves (or moves out of) a warehouse only as far as it is there. */
export function insufficientStock(product: ProductRef, warehouse: WarehouseRef, haveE4: number, wantedE4: number): Problem | null {
  if (haveE4 >= wantedE4) return null;
  return {
    code: 'insufficient_stock',
    message: `Product ${product.code} has ${formatQuantity(haveE4)} in warehouse ${warehouse.code}; ${formatQuantity(wantedE4)} cannot be taken out.`,
    fix: 'Reduce the quantity, or check stock with: serials soh --product ' + product.code,
    product: product.code,
    warehouse: warehouse.code,
  };
}

/** A move goes somewhere else. */
export function sameWarehouse(product: ProductRef, warehouse: WarehouseRef): Problem {
  return {
    code: 'same_warehouse',
    message: `Product ${product.code} cannot move from warehouse ${warehouse.code} to itself.`,
    fix: 'Give a destination warehouse other than the source.',
    product: product.code,
    warehouse: warehouse.code,
  };
}

/** A serial given without a product, on a document of several products. */
export function productNotNamed(input: SerialInput): Problem {
  return {
    code: 'product_required',
    message: `Serial ${quoteSerial(input.raw)}${where(input.source)} does not say which product it is.`,
    fix: 'Add --product, or give a CSV with Product Code and Serial Number columns.',
    serial: input.raw,
    source: input.source,
  };
}

/** K-3: a level held by a document in progress (a stock count) does not move. */
export function frozenLevel(product: string, warehouse: string, holder: { label: string; number: string }): Problem {
  return {
    code: 'stock_frozen',
    message: `Stock of product ${product} in warehouse ${warehouse} cannot move: ${holder.label} ${holder.number} is in progress there.`,
    fix: `Finish the count first (serials count complete ${holder.number}, or serials count delete ${holder.number}), or leave ${product} out.`,
    product,
    warehouse,
    document: holder.number,
  };
}

/** A serial held by a document in progress (a parked assembly's component) is not taken by another. */
export function heldSerial(serial: string, product: string, holder: { label: string; number: string }, source?: string): Problem {
  return {
    code: 'serial_held',
    message: `Serial ${quoteSerial(serial)}${where(source)} of product ${product} is held by parked ${holder.label} ${holder.number}.`,
    fix: `Complete ${holder.number} first (serials assembly complete ${holder.number}), or delete it to free its units (serials assembly delete ${holder.number}); while a stock count is in progress on them, only deleting frees them.`,
    serial,
    product,
    document: holder.number,
    source,
  };
}

/** M-2, M-4: a component inside an assembled unit stays unavailable until a disassembly takes it out. */
export function insideUnit(serial: string, product: string, inside: { unit: string; product: string; assembly: string }, source?: string): Problem {
  return {
    code: 'serial_inside_unit',
    message: `Serial ${quoteSerial(serial)}${where(source)} of product ${product} is inside unit ${quoteSerial(inside.unit)} of ${inside.product} (built on ${inside.assembly}), so it cannot enter stock on its own.`,
    fix: `Take the unit apart first: serials disassemble ${inside.product} --warehouse WAREHOUSE --serials ${quoteSerial(inside.unit)}`,
    serial,
    product,
    document: inside.assembly,
    source,
  };
}

/** P-6: a product is un-serialized only when none of its serials is in stock. */
export function stillInStock(serial: string, product: ProductRef, warehouse: string): Problem {
  return {
    code: 'serial_in_stock',
    message: `Serial ${quoteSerial(serial)} of product ${product.code} is still available in warehouse ${warehouse}.`,
    fix: 'Adjust the stock out first (serials adjust out), then un-serialize.',
    serial,
    product: product.code,
  };
}

/**
 * A stock level must stay within the range a number holds exactly (MAX_EXACT_E4), in either
 * direction, after each of a document's changes to it in turn; otherwise it would be
 * stored, shown and summed wrongly. One problem per product and warehouse.
 */
export function levelOutOfRange(product: ProductRef, warehouse: WarehouseRef, stored: number, deltas: readonly number[]): Problem | null {
  let level = stored;
  for (const [i, delta] of deltas.entries()) {
    // level and delta exact: their sum rounds only if it is out of range, and rounding
    // cannot bring it back in, so the test is exact
    if (isExact(level) && isExact(delta) && isExact(level + delta)) {
      level += delta;
      continue;
    }
    const up = delta > 0;
    const limit = `${up ? '' : '-'}${formatQuantity(MAX_EXACT_E4)}`;
    const earlier = i > 0 ? ` (${formatQuantity(level)} with this document's earlier lines)` : '';
    const room = up ? MAX_EXACT_E4 - level : level + MAX_EXACT_E4;
    return {
      code: 'stock_level_out_of_range',
      message:
        `Product ${product.code} has ${formatQuantity(stored)} in warehouse ${warehouse.code}${earlier}; ` +
        `${up ? 'adding' : 'taking out'} ${formatQuantity(Math.abs(delta))} would take it ${up ? 'above' : 'below'} ${limit}, the largest stock level held exactly.`,
      fix:
        isExact(level) && room > 0
          ? `${up ? 'Add' : 'Take out'} at most ${formatQuantity(room)} of ${product.code} ${up ? 'to' : 'from'} warehouse ${warehouse.code}.`
          : `Nothing more can be ${up ? 'added to' : 'taken from'} ${product.code} in warehouse ${warehouse.code}; ${up ? 'take some out' : 'bring some in'} first.`,
      product: product.code,
      warehouse: warehouse.code,
    };
  }
  return null;
}

/**
 * The serials' own problems — N-1/N-2 text, N-6 listed twice, serials for a product that is
 * not serialized — for a document whose ledger check cannot run (its warehouse, product or
 * quantity is unknown), so they are still reported with the rest. `serialized` is
 * undefined for an unknown product.
 */
export function serialListProblems(product: { code: string; label?: string; serialized?: boolean }, inputs: readonly SerialInput[], problems: Problem[]): void {
  // messages name the product as shown (an unknown code is quoted and cut); the field keeps it as given
  const label = product.label ?? product.code;
  const found: Problem[] = [];
  if (product.serialized === false) {
    if (inputs.length > 0) found.push(notSerialized({ code: label }, inputs.length));
  } else {
    const seen = new Map<string, string>();
    for (const input of inputs) {
      const checked = serialText(input, label);
      if (!checked.ok) found.push(checked.problem);
      else if (seen.has(checked.key)) found.push(repeatedSerial(checked.text, label, seen.get(checked.key) || 'earlier', input.source));
      else seen.set(checked.key, input.source ?? '');
    }
  }
  for (const p of found) problems.push({ ...p, product: product.code });
}
