// Disassemblies (RULES.md M-4): units of a product are taken apart in one warehouse. The units
// leave stock; their BOM components come back. A serialized component comes back as the very
// units that went in (M-3's links), unless other serials are given for it (a part replaced
// under warranty): those come back instead. Returning units continue their history (N-4), and
// the links are closed, not deleted, so trace still shows what the unit was once made of.

import { RejectedError, type Problem } from '../../errors.js';
import { chunk, IN_LIST } from '../../db/chunk.js';
import * as ledger from '../ledger/index.js';
import { post } from '../documents/posting.js';
import { movedSerials } from '../documents/document-serials.js';
import { requireEntry, requireProduct, warehouseRef } from '../master-data/lookup.js';
import { codeKey } from '../values/codes.js';
import { formatQuantity, isWhole, QUANTITY_SCALE, unitsToE4 } from '../values/quantity.js';
import { quoteSerial, serialKey } from '../values/serial-text.js';
import { appendTo } from '../values/collections.js';
import { readBom } from './bom-read.js';
import { componentQuantity, noBom, notInBom, unitQuantity, type ComponentSerials } from './assembly-work.js';
import type { Db } from '../../db/open.js';

export interface DisassembleInput {
  product: string;
  warehouse: string;
  /** default: one unit per serial given (a product that is not serialized needs it) */
  quantity?: string;
  /** the units taken apart */
  serials: ledger.SerialInput[];
  /** per component, the serials that come back instead of those recorded (all units, in unit order) */
  components: ComponentSerials[];
  number?: string;
}

export interface DisassemblyResult {
  number: string;
  product: string;
  quantityE4: number;
  warehouse: string;
  createdAt: string;
  /** units taken apart (empty when not asked for, or not serialized) */
  units: string[];
  /** per component, what came back; `serials` only when asked for */
  lines: { product: string; quantityE4: number; serials: string[]; serialCount: number }[];
}

/** M-4: takes units apart, or rejects with every problem and writes nothing. */
export async function disassemble(db: Db, input: DisassembleInput, options: { serials?: boolean } = {}): Promise<DisassemblyResult> {
  const problems: Problem[] = [];
  const product = await requireProduct(db, input.product, problems);
  const entry = await requireEntry(db, 'warehouse', input.warehouse, problems);
  const bom = product ? await readBom(db, product.id) : [];
  if (product && bom.length === 0) problems.push(noBom(product.code, 'are no components to take it apart into'));
  const quantityE4 = unitQuantity(
    product,
    { quantity: input.quantity, serials: input.serials.length, product: input.product },
    { doing: 'take apart', serialsMissing: 'name the units to take apart', serialsFix: 'Add --serials A,B,C or --serials-file FILE.' },
    problems,
  );
  if (!product || !entry || quantityE4 === undefined || bom.length === 0) throw new RejectedError(problems);
  const warehouse = warehouseRef(entry);

  // the units as the ledger knows them, and what is inside each now
  const units = product.serialized ? await ledger.findSerials(db, product.id, input.serials.map((s) => serialKey(s.raw.trim()))) : new Map<string, ledger.ExistingSerial>();
  const unitIds = [...units.values()].map((u) => u.id);
  const takenApart = new Set(unitIds);
  const links = await ledger.openLinks(db, 'unit', unitIds);
  const inside: Inside = new Map();
  for (const l of links) appendTo(inside, l.unitId, { serial: l.component, productId: l.componentProductId });
  // what the units hold that today's BOM no longer lists (it changed since) comes back too:
  // every link is closed, so nothing inside may be left behind
  const onBom = new Set(bom.map((c) => c.product.id));
  const extra = await productRefs(db, [...new Set(links.map((l) => l.componentProductId))].filter((id) => !onBom.has(id)));
  const components: Component[] = [...bom.map((c) => ({ product: c.product, perUnitE4: c.quantityE4 })), ...extra.map((p) => ({ product: p, perUnitE4: null }))];

  const overrides = new Map<number, ComponentSerials>();
  const byCode = new Map(components.map((c) => [codeKey(c.product.code), c]));
  for (const g of input.components) {
    const c = byCode.get(codeKey(g.product));
    if (!c) problems.push(notInBom(g.product, product.code, components.map((b) => b.product.code), g.source));
    else overrides.set(c.product.id, g);
  }

  const ops: ledger.LedgerOp[] = [{ op: 'out', movement: 'disassembly_out', product, warehouse, quantityE4, serials: input.serials }];
  const lines: ledger.InOp[] = [];
  for (const c of components) {
    const op: ledger.InOp = { op: 'in', movement: 'disassembly_in', product: c.product, warehouse, quantityE4: c.perUnitE4 === null ? 0 : componentQuantity(c.perUnitE4, quantityE4), serials: [], takenApart };
    const given = overrides.get(c.product.id);
    if (given) op.serials = given.serials;
    else if (c.product.serialized && !product.serialized) {
      // units without serials have no recorded components to default to
      problems.push({
        code: 'serials_required',
        message: `Component ${c.product.code} is serialized, and ${product.code}'s units have no serials to find theirs by: name the ${formatQuantity(op.quantityE4)} that come back.`,
        fix: `Add --component ${c.product.code}=A,B,C.`,
        product: c.product.code,
      });
      continue;
    } else if (c.product.serialized) {
      const found = recorded(product, c, input.serials, units, inside, problems);
      // said once, as what is missing, rather than again as a count the ledger would refuse
      if (!found) continue;
      op.serials = found;
    }
    if (c.perUnitE4 === null) op.quantityE4 = unitsToE4(op.serials.length);
    ops.push(op);
    lines.push(op);
  }

  const posted = await post(db, {
    type: 'disassembly',
    problems,
    ops,
    document: {
      number: input.number,
      async create(number, at) {
        const header = await db
          .insertInto('disassemblies')
          .values({ number, product_id: product.id, quantity_e4: quantityE4, from_warehouse_id: warehouse.id, to_warehouse_id: warehouse.id, status: 'completed', created_at: at, completed_at: at, updated_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const [i, op] of lines.entries()) {
          const line = await db.insertInto('disassembly_lines').values({ disassembly_id: header.id, line_no: i + 1, product_id: op.product.id, quantity_e4: op.quantityE4 }).returning('id').executeTakeFirstOrThrow();
          op.lineId = line.id;
        }
        return header.id;
      },
    },
    // the links stay, closed by this disassembly: trace and history keep what the unit was made of
    async after(ref) {
      for (const part of chunk(unitIds, IN_LIST)) {
        await db.updateTable('serial_links').set({ disassembly_id: ref.id }).where('unit_serial_id', 'in', part).where('disassembly_id', 'is', null).execute();
      }
    },
  });
  const read = options.serials === true;
  const moved = read ? await movedSerials(db, 'disassembly', [posted.id]) : new Map<number, string[]>();
  return {
    number: posted.number,
    product: product.code,
    quantityE4,
    warehouse: warehouse.code,
    createdAt: posted.at,
    units: read ? (moved.get(0) ?? []) : [],
    lines: lines.map((op) => ({ product: op.product.code, quantityE4: op.quantityE4, serials: (read && op.lineId != null && moved.get(op.lineId)) || [], serialCount: op.serials.length })),
  };
}

type Inside = Map<number, { serial: string; productId: number }[]>;

/** A component line: its product and, for one on the BOM, how much one unit holds (null: no longer on it). */
interface Component {
  product: ledger.ProductRef;
  perUnitE4: number | null;
}

async function productRefs(db: Db, ids: number[]): Promise<ledger.ProductRef[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('products').select(['id', 'code', 'serialized', 'never_diminishing']).where('id', 'in', ids).orderBy('code').execute();
  return rows.map((r) => ({ id: r.id, code: r.code, serialized: r.serialized === 1, neverDiminishing: r.never_diminishing === 1 }));
}

/** M-4's default: each unit's own serials of a component, in unit order; a unit without them needs them given. */
function recorded(
  product: ledger.ProductRef,
  c: Component,
  given: ledger.SerialInput[],
  units: Map<string, ledger.ExistingSerial>,
  inside: Inside,
  problems: Problem[],
): ledger.SerialInput[] | undefined {
  const serials: ledger.SerialInput[] = [];
  // a component no longer on the BOM: whatever each unit holds of it
  const per = c.perUnitE4 === null ? null : isWhole(c.perUnitE4) ? c.perUnitE4 / QUANTITY_SCALE : 0;
  const short: string[] = [];
  let unknown = false;
  for (const g of given) {
    const unit = units.get(serialKey(g.raw.trim()));
    // an unknown unit is the ledger's to report, once, as the unit: not again per component
    if (!unit) {
      unknown = true;
      continue;
    }
    const mine = (inside.get(unit.id) ?? []).filter((x) => x.productId === c.product.id);
    if (per !== null && mine.length !== per) short.push(unit.serial);
    for (const x of mine) serials.push({ raw: x.serial, source: `inside ${unit.serial}` });
  }
  if (short.length > 0) {
    const [first] = short;
    problems.push({
      code: 'components_unknown',
      message: `${short.length === 1 ? `Unit ${quoteSerial(first ?? '')}` : `${short.length} units (${short.slice(0, 3).map(quoteSerial).join(', ')}${short.length > 3 ? ', …' : ''})`} of ${product.code} ${short.length === 1 ? 'does' : 'do'} not hold the ${formatQuantity(c.perUnitE4 ?? 0)} ${c.product.code} serial${per === 1 ? '' : 's'} per unit its bill of materials needs: ${short.length === 1 ? 'it was' : 'they were'} not assembled here, or ${short.length === 1 ? 'its' : 'their'} bill of materials changed since.`,
      fix: `Say which ${c.product.code} serials come out: --component ${c.product.code}=A,B,C (every unit's, in unit order).`,
      product: c.product.code,
      serial: first,
    });
    return undefined;
  }
  return unknown ? undefined : serials;
}
