// Bills of materials (RULES.md M-1): which components, in which quantities, make one unit of
// a product. `bom set` replaces a product's whole BOM at once; a BOM may not reach its own
// product again through its components' BOMs (a cycle), since no unit could ever be made.

import { RejectedError, shown, type Problem } from '../../errors.js';
import { now } from '../values/clock.js';
import { codeKey } from '../values/codes.js';
import { formatQuantity, isWhole, parseQuantity, QUANTITY_SCALE } from '../values/quantity.js';
import { requireProduct, type ProductInfo } from '../master-data/lookup.js';
import { bomsUsing, readBom, type BomComponent } from './bom-read.js';
import type { Db } from '../../db/open.js';

export interface BomComponentInput {
  /** component product code */
  product: string;
  /** per unit of the product, as typed: "2", "0.5" */
  quantity: string;
  /** where it came from, for messages: "--component 2" */
  source?: string;
}

export interface BomInput {
  product: string;
  components: BomComponentInput[];
}

export interface BomView {
  product: string;
  description: string;
  serialized: boolean;
  components: { lineNo: number; product: string; description: string; serialized: boolean; quantityE4: number }[];
  /** products whose BOMs list this one, by code */
  usedIn: string[];
}

export interface BomSummary {
  product: string;
  description: string;
  componentCount: number;
}

/** How a BOM is written, for fixes: `serials bom set BIKE --component FRAME:1 --component WHEEL:2`. */
export function bomSetCommand(product: string, components: readonly { product: string; quantityE4: number }[]): string {
  return `serials bom set ${product}${components.map((c) => ` --component ${c.product}:${formatQuantity(c.quantityE4)}`).join('')}`;
}

const EXAMPLE = (product: string) => `serials bom set ${product} --component CODE:QTY (repeat for each component)`;

/** M-1: sets the product's BOM to exactly these components, replacing any it had. */
export async function setBom(db: Db, input: BomInput): Promise<BomView> {
  const problems: Problem[] = [];
  const product = await requireProduct(db, input.product, problems);
  if (product?.neverDiminishing) {
    problems.push({
      code: 'bom_never_diminishing',
      message: `Product ${product.code} is Never Diminishing (it has no stock), so it cannot have a bill of materials: assembling it would make stock.`,
      fix: `Give the BOM to a stocked product instead, or use ${product.code} as a component of one.`,
      product: product.code,
    });
  }
  if (input.components.length === 0) {
    problems.push({
      code: 'bom_empty',
      message: `A bill of materials needs at least one component${product ? ` (${product.code} was given none)` : ''}.`,
      fix: `Name each component with its quantity per unit: ${EXAMPLE(product?.code ?? input.product)}${product ? `, or remove the BOM: serials bom delete ${product.code}` : ''}.`,
      ...(product ? { product: product.code } : {}),
    });
  }

  const seen = new Map<string, string>();
  const lines: { component: ProductInfo; quantityE4: number }[] = [];
  for (const [i, c] of input.components.entries()) {
    const source = c.source ?? `component ${i + 1}`;
    const first = seen.get(codeKey(c.product));
    if (first !== undefined) {
      problems.push({
        code: 'duplicate_component',
        message: `Component ${shown(c.product)} is given twice (${first} and ${source}).`,
        fix: 'Give each component once, with its whole quantity per unit.',
        product: c.product,
        source,
      });
      continue;
    }
    seen.set(codeKey(c.product), source);
    const component = await requireProduct(db, c.product, problems, source);
    const code = component?.code ?? c.product;
    const quantity = parseQuantity(c.quantity);
    if (!quantity.ok) {
      problems.push({
        code: 'invalid_quantity',
        message: `The quantity of ${component ? code : shown(code)} (${source}) is not a positive number: ${quantity.reason}.`,
        fix: `Give how many of ${code} make one unit of ${product?.code ?? input.product}, e.g. ${code}:2 or ${code}:0.5.`,
        product: code,
        source,
      });
    } else if (component?.serialized && !isWhole(quantity.e4)) {
      problems.push({
        code: 'fractional_quantity',
        message: `Component ${component.code} is serialized, so its quantity must be a whole number of units, not ${formatQuantity(quantity.e4)} (${source}).`,
        fix: `Use a whole quantity, e.g. --component ${component.code}:${Math.max(1, Math.round(quantity.e4 / QUANTITY_SCALE))}.`,
        product: component.code,
        source,
      });
    }
    if (!component) continue;
    if (product && component.id === product.id) {
      problems.push({
        code: 'bom_self',
        message: `Product ${product.code} cannot be a component of its own bill of materials (${source}).`,
        fix: `Leave ${component.code} out of its own BOM (${source}); a product is not made from itself.`,
        product: product.code,
        source,
      });
      continue;
    }
    if (quantity.ok) lines.push({ component, quantityE4: quantity.e4 });
  }

  if (product && lines.length > 0) {
    for (const path of await cycles(db, product, lines.map((l) => l.component))) {
      const through = path[1] ?? '';
      const last = path[path.length - 2] ?? through;
      problems.push({
        code: 'bom_cycle',
        message: `The bill of materials of ${product.code} would contain ${product.code} itself: ${path.join(' → ')}.`,
        fix: `Leave ${through} out of the BOM of ${product.code}, or take ${product.code} out of the BOM of ${last} (see it with: serials bom show ${last}).`,
        product: through,
      });
    }
  }
  if (problems.length > 0 || !product) throw new RejectedError(problems);

  const at = now();
  await db.deleteFrom('bom_components').where('product_id', '=', product.id).execute();
  await db
    .insertInto('bom_components')
    .values(lines.map((l, i) => ({ product_id: product.id, line_no: i + 1, component_id: l.component.id, quantity_e4: l.quantityE4, updated_at: at })))
    .execute();
  return showBom(db, product.code);
}

/**
 * The paths by which the new components would reach `product` again through existing BOMs
 * (the product's own BOM excluded: it is being replaced), one per component that does, as
 * codes from the product back to itself. The whole table is read once and walked in memory.
 */
async function cycles(db: Db, product: ProductInfo, components: readonly ProductInfo[]): Promise<string[][]> {
  const rows = await db
    .selectFrom('bom_components as b')
    .innerJoin('products as p', 'p.id', 'b.component_id')
    .select(['b.product_id', 'b.component_id', 'p.code'])
    .where('b.product_id', '!=', product.id)
    .orderBy('b.product_id')
    .orderBy('b.line_no')
    .execute();
  const edges = new Map<number, number[]>();
  const codes = new Map<number, string>([[product.id, product.code]]);
  for (const r of rows) {
    const list = edges.get(r.product_id);
    if (list) list.push(r.component_id);
    else edges.set(r.product_id, [r.component_id]);
    codes.set(r.component_id, r.code);
  }
  const found: string[][] = [];
  for (const c of components) {
    codes.set(c.id, c.code);
    // depth first, each product visited once: the path to the product, or undefined
    const visited = new Set<number>();
    const pathFrom = (from: number, before: number[]): number[] | undefined => {
      if (from === product.id) return before;
      if (visited.has(from)) return undefined;
      visited.add(from);
      for (const next of edges.get(from) ?? []) {
        const path = pathFrom(next, [...before, from]);
        if (path) return path;
      }
      return undefined;
    };
    const path = pathFrom(c.id, [product.id]);
    if (path) found.push([...path, product.id].map((id) => codes.get(id) ?? String(id)));
  }
  return found;
}

/** A product's BOM; rejected when the product is unknown or has none. */
export async function showBom(db: Db, code: string): Promise<BomView> {
  return view(db, await requireBom(db, code));
}

async function view(db: Db, { product, components }: { product: ProductInfo; components: BomComponent[] }): Promise<BomView> {
  const { componentOf } = await bomsUsing(db, product.id);
  return {
    product: product.code,
    description: product.description,
    serialized: product.serialized,
    components: components.map((c) => ({ lineNo: c.lineNo, product: c.product.code, description: c.product.description, serialized: c.product.serialized, quantityE4: c.quantityE4 })),
    usedIn: componentOf,
  };
}

async function requireBom(db: Db, code: string) {
  const problems: Problem[] = [];
  const product = await requireProduct(db, code, problems);
  if (!product) throw new RejectedError(problems);
  const components = await readBom(db, product.id);
  if (components.length === 0) {
    const { componentOf } = await bomsUsing(db, product.id);
    throw new RejectedError([
      {
        code: 'no_bom',
        message: `Product ${product.code} has no bill of materials${componentOf.length ? ` (it is a component in the BOM of ${componentOf.join(', ')})` : ''}.`,
        fix: `Give it one with: ${EXAMPLE(product.code)}; list BOMs with: serials bom list`,
        product: product.code,
      },
    ]);
  }
  return { product, components };
}

/** Every product with a BOM, by code. */
export async function listBoms(db: Db): Promise<BomSummary[]> {
  const rows = await db
    .selectFrom('bom_components as b')
    .innerJoin('products as p', 'p.id', 'b.product_id')
    .select(['p.code', 'p.description', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['p.id', 'p.code', 'p.code_key', 'p.description'])
    .orderBy('p.code_key')
    .execute();
  return rows.map((r) => ({ product: r.code, description: r.description, componentCount: Number(r.n) }));
}

/** Removes a product's BOM (what it was is returned); assemblies already made keep their own lines. */
export async function deleteBom(db: Db, code: string): Promise<BomView> {
  const bom = await requireBom(db, code);
  const removed = await view(db, bom);
  await db.deleteFrom('bom_components').where('product_id', '=', bom.product.id).execute();
  return removed;
}
