// What an assembly asks of the ledger (RULES.md M-2, M-3), worked out from what was given:
// one `out` of each component from the source warehouse, one `in` of the product to the
// destination, and for a serialized product, which component serials go into which unit.
// A new assembly and a parked one being completed both come through here, so they cannot
// disagree about what a unit is made of.

import type { Problem } from '../../errors.js';
import * as ledger from '../ledger/index.js';
import { codeKey } from '../values/codes.js';
import { quoteSerial, serialKey } from '../values/serial-text.js';
import { formatQuantity, isWhole, parseQuantity, QUANTITY_SCALE, unitsToE4 } from '../values/quantity.js';
import type { ProductRef, SerialInput, WarehouseRef } from '../ledger/index.js';

/** `--component CODE=<serials>`: a component's serials, shared out to the units in the order given. */
export interface ComponentSerials {
  product: string;
  serials: SerialInput[];
  /** where it was given: "--component 2" */
  source?: string;
}

/** One row of the explicit mapping CSV (`Assembled Serial,Component Code,Component Serial`). */
export interface MappingRow {
  unit: SerialInput;
  product: string;
  serial: SerialInput;
}

/** A component line: the product and how much of it one unit takes. */
export interface ComponentLine {
  product: ProductRef;
  perUnitE4: number;
}

export interface AssemblyWork {
  /** the component outs, in line order, then the product's in */
  components: { line: ComponentLine; op: ledger.OutOp }[];
  unit: ledger.InOp;
  /** whole units, when the product is serialized: component serials are shared out per unit */
  units: number;
}

/**
 * How much is assembled or taken apart: `--qty`, or one unit per serial of a serialized
 * product. Undefined, with the problem said, when it cannot be known.
 */
export function unitQuantity(
  product: ProductRef | undefined,
  given: { quantity?: string; serials: number; product: string },
  say: { doing: string; serialsMissing: string; serialsFix: string },
  problems: Problem[],
): number | undefined {
  if (given.quantity !== undefined) {
    const q = parseQuantity(given.quantity);
    if (!q.ok) problems.push({ code: 'invalid_quantity', message: `--qty: ${q.reason}.`, fix: 'Give a positive quantity.', product: given.product });
    else if (product?.serialized && !isWhole(q.e4)) {
      // said once here, not again by every component line it would make fractional
      problems.push({ code: 'fractional_quantity', message: `Product ${product.code} is serialized: --qty must be a whole number of units, not ${formatQuantity(q.e4)}.`, fix: 'Give a whole --qty.', product: product.code });
    } else return q.e4;
  } else if (product?.serialized) {
    if (given.serials === 0) problems.push({ code: 'serials_required', message: `Product ${product.code} is serialized: ${say.serialsMissing}.`, fix: say.serialsFix, product: product.code });
    return unitsToE4(given.serials);
  } else if (product) {
    problems.push({ code: 'quantity_required', message: `Product ${product.code} is not serialized: give the quantity to ${say.doing}.`, fix: 'Add --qty N.', product: product.code });
  }
  return undefined;
}

/** M-1: nothing is assembled from, or taken apart into, a BOM the product does not have. */
export function noBom(product: string, what: string): Problem {
  return { code: 'no_bom', message: `Product ${product} has no bill of materials, so there ${what}.`, fix: `Give it one first: serials bom set ${product} --component CODE:QTY`, product };
}

/** A component given that the product's bill of materials does not list. */
export function notInBom(code: string, product: string, listed: readonly string[], source?: string): Problem {
  return {
    code: 'not_in_bom',
    message: `Product ${code}${source ? ` (${source})` : ''} is not a component of ${product}: its bill of materials lists ${listed.join(', ')}.`,
    fix: `See the bill of materials with: serials bom show ${product}`,
    product: code,
    source,
  };
}

/** The quantity of a component the whole assembly takes: per unit times units, to the ten-thousandth. */
export function componentQuantity(perUnitE4: number, quantityE4: number): number {
  return Math.round((perUnitE4 * quantityE4) / QUANTITY_SCALE);
}

/**
 * The ledger operations of an assembly of `quantityE4` of `product`, from the unit serials and
 * the component serials as given, or problems saying what is missing or does not fit.
 */
export function assemblyWork(
  args: {
    product: ProductRef;
    from: WarehouseRef;
    to: WarehouseRef;
    quantityE4: number;
    units: SerialInput[];
    lines: ComponentLine[];
    given: ComponentSerials[];
    mapping: MappingRow[];
  },
  problems: Problem[],
): AssemblyWork {
  const { product, from, to, quantityE4, lines } = args;
  const byKey = new Map(lines.map((l) => [codeKey(l.product.code), l]));
  const components = lines.map((line) => ({
    line,
    op: { op: 'out', movement: 'assembly_out', product: line.product, warehouse: from, quantityE4: componentQuantity(line.perUnitE4, quantityE4), serials: [] } as ledger.OutOp,
  }));
  const opOf = new Map(components.map((c) => [c.line.product.id, c]));
  const unitCount = product.serialized && isWhole(quantityE4) ? quantityE4 / QUANTITY_SCALE : 0;
  const named = (code: string, source?: string): ComponentLine | undefined => {
    const line = byKey.get(codeKey(code));
    if (!line) problems.push(notInBom(code, product.code, lines.map((l) => l.product.code), source));
    return line;
  };

  const viaFlags = new Set<number>();
  for (const g of args.given) {
    const line = named(g.product, g.source);
    if (!line) continue;
    viaFlags.add(line.product.id);
    const c = opOf.get(line.product.id);
    for (const s of g.serials) c?.op.serials.push(s); // no push(...): 100,000 serials overflow the stack
  }

  if (args.mapping.length > 0) mapExplicitly(args, unitCount, opOf, viaFlags, named, problems);

  for (const c of components) {
    const p = c.line.product;
    if (p.serialized && c.op.serials.length === 0) {
      problems.push({
        code: 'serials_required',
        message: `Component ${p.code} is serialized: the assembly needs ${formatQuantity(c.op.quantityE4)} of its serials (${formatQuantity(c.line.perUnitE4)} per unit).`,
        fix: `Give them with --component ${p.code}=A,B,C (shared out to the units in order), or a --serials-file with Assembled Serial,Component Code,Component Serial columns.`,
        product: p.code,
      });
    }
  }
  const unit: ledger.InOp = { op: 'in', movement: 'assembly_in', product, warehouse: to, quantityE4, serials: args.units };
  return { components, unit, units: unitCount };
}

/** M-3, given explicitly: each unit's component serials from the CSV, put in unit order. */
function mapExplicitly(
  args: { product: ProductRef; units: SerialInput[]; mapping: MappingRow[] },
  unitCount: number,
  opOf: Map<number, { line: ComponentLine; op: ledger.OutOp }>,
  viaFlags: Set<number>,
  named: (code: string, source?: string) => ComponentLine | undefined,
  problems: Problem[],
): void {
  const { product } = args;
  if (!product.serialized) {
    problems.push({
      code: 'mapping_needs_serials',
      message: `Product ${product.code} is not serialized, so its units have no serials to map component serials to.`,
      fix: 'Give the component serials with --component CODE=A,B,C instead.',
      product: product.code,
    });
    return;
  }
  const unitIndex = new Map<string, number>();
  args.units.forEach((u, i) => unitIndex.set(serialKey(u.raw.trim()), i));
  // per component: per unit, its serials as the CSV lists them
  const perUnit = new Map<number, SerialInput[][]>();
  const unknownUnits = new Set<string>();
  const refused = new Set<number>();
  for (const row of args.mapping) {
    const line = named(row.product, row.serial.source);
    if (!line) continue;
    const id = line.product.id;
    if (viaFlags.has(id)) {
      if (!refused.has(id)) {
        refused.add(id);
        problems.push({
          code: 'component_given_twice',
          message: `Component ${line.product.code} is given both with --component and in the serials file.`,
          fix: 'Give each component one way: every unit\'s serials in the file, or all of them with --component.',
          product: line.product.code,
        });
      }
      continue;
    }
    const i = unitIndex.get(serialKey(row.unit.raw.trim()));
    if (i === undefined) {
      const key = serialKey(row.unit.raw.trim());
      if (!unknownUnits.has(key)) {
        unknownUnits.add(key);
        problems.push({
          code: 'unknown_unit',
          message: `Serial ${quoteSerial(row.unit.raw)}${row.unit.source ? ` (${row.unit.source})` : ''} is not one of the units being assembled.`,
          fix: 'Give every Assembled Serial in the file with --serials too, or leave --serials out to assemble the units the file names.',
          serial: row.unit.raw,
          product: product.code,
          source: row.unit.source,
        });
      }
      continue;
    }
    let units = perUnit.get(id);
    if (!units) perUnit.set(id, (units = Array.from({ length: args.units.length }, () => [])));
    units[i]?.push(row.serial);
  }
  for (const [id, units] of perUnit) {
    const c = opOf.get(id);
    if (!c) continue;
    const want = c.line.perUnitE4 / QUANTITY_SCALE;
    let miscounted = false;
    units.forEach((serials, i) => {
      if (serials.length !== want && i < unitCount) {
        miscounted = true;
        const u = args.units[i] as SerialInput;
        problems.push({
          code: 'unit_component_count',
          message: `Unit ${quoteSerial(u.raw)} is given ${serials.length} serial${serials.length === 1 ? '' : 's'} of ${c.line.product.code}, but one unit takes ${want}.`,
          fix: `List exactly ${want} ${c.line.product.code} serial${want === 1 ? '' : 's'} for each unit in the serials file.`,
          serial: u.raw,
          product: c.line.product.code,
        });
      }
      for (const s of serials) c.op.serials.push(s);
    });
    // said per unit above; the ledger need not say it again as a total
    if (miscounted) c.op.quantityE4 = c.op.serials.length * QUANTITY_SCALE;
  }
}

/**
 * M-3: which component serial ids went into which unit serial id, once the ledger has written
 * them (each planned serial carries its id then). Serials were given in unit order, `perUnit`
 * of each component to a unit.
 */
export function unitLinks(work: AssemblyWork, plan: ledger.Plan): { unit: number; component: number }[] {
  const links: { unit: number; component: number }[] = [];
  if (!work.unit.product.serialized) return links;
  const byOp = new Map(plan.ops.map((p) => [p.op, p.serials]));
  const units = byOp.get(work.unit) ?? [];
  for (const c of work.components) {
    if (!c.line.product.serialized) continue;
    const per = c.line.perUnitE4 / QUANTITY_SCALE;
    const serials = byOp.get(c.op) ?? [];
    serials.forEach((s, j) => {
      const unit = units[Math.floor(j / per)];
      if (unit?.id !== undefined && s.id !== undefined) links.push({ unit: unit.id, component: s.id });
    });
  }
  return links;
}
