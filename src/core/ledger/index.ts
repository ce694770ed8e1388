// The ledger: the ONLY code that creates serials, changes their status or warehouse, or
// changes a stock level. Every transaction type expresses itself as a list of ledger
// operations, checked in one pass (`check`) and then written (`apply`) inside the same
// write transaction. Every change writes its movement row as it goes, which is what lets
// `db verify` replay history and prove that current state has not drifted.

import type { Problem } from '../../errors.js';
import { checkSerial, quoteSerial } from '../values/serial-text.js';
import { formatQuantity, isExact, isWhole, MAX_EXACT_E4, QUANTITY_SCALE, unitsToE4 } from '../values/quantity.js';
import { chunk, IN_LIST } from '../../db/chunk.js';
import { appendTo } from '../values/collections.js';
import { bulkInsert } from '../../db/bulk-insert.js';
import type { Db } from '../../db/open.js';
import type { SerialStatus, SerialMovementsTable, SerialsTable } from '../../db/schema.js';

export interface ProductRef {
  id: number;
  code: string;
  serialized: boolean;
  /**
   * P-7: a Never Diminishing product (a service, labour) has no stock. Its lines still
   * count, but the ledger neither checks nor changes a stock level for it. Required, so
   * that every place that names a product to the ledger has to say.
   */
  neverDiminishing: boolean;
}

/**
 * Whether the product's stock level follows its operations. A serialized product's always
 * does (its level is its available serials, invariant 2); P-2 keeps such a product from
 * being Never Diminishing anyway.
 */
export function holdsStock(product: ProductRef): boolean {
  return product.serialized || !product.neverDiminishing;
}

export interface WarehouseRef {
  id: number;
  code: string;
}

export interface DocumentRef {
  type: string;
  id: number;
  number: string;
}

/** A serial as given, before N-1/N-2 checks, with where it came from for error messages. */
export interface SerialInput {
  raw: string;
  source?: string;
}

interface OpBase {
  /** movement kind recorded in history: receipt, adjustment_in, ... */
  movement: string;
  product: ProductRef;
  /** the document line this operation belongs to, set once the line exists */
  lineId?: number | null;
}

/** Units enter stock in a warehouse: new serials, or returning ones (N-4). */
export interface InOp extends OpBase {
  op: 'in';
  warehouse: WarehouseRef;
  quantityE4: number;
  serials: SerialInput[];
  unitCost?: number | null;
}

/** Units leave stock from a warehouse: serials become unavailable. */
export interface OutOp extends OpBase {
  op: 'out';
  warehouse: WarehouseRef;
  quantityE4: number;
  serials: SerialInput[];
}

/** P-5: stock already there gets its serials; the stock level does not change. */
export interface SerializeOp extends OpBase {
  op: 'serialize';
  warehouse: WarehouseRef;
  serials: SerialInput[];
}

/** P-6: every serial record of the product becomes deleted, history kept. */
export interface UnserializeOp extends OpBase {
  op: 'unserialize';
}

export type LedgerOp = InOp | OutOp | SerializeOp | UnserializeOp;

export interface ExistingSerial {
  id: number;
  serial: string;
  serial_key: string;
  status: SerialStatus;
  warehouse_id: number | null;
  last_movement_id: number;
}

interface PlannedSerial {
  text: string;
  key: string;
  existing?: ExistingSerial;
}

interface PlannedOp {
  op: LedgerOp;
  serials: PlannedSerial[];
  /** for unserialize: every non-deleted serial of the product */
  toDelete?: ExistingSerial[];
}

/** N-4: a unit that left stock (or was deleted) and came back in. */
export interface ReturningSerial {
  serial: string;
  product: string;
  previousStatus: SerialStatus;
  lastDocument: string | null;
}

export interface Plan {
  ops: PlannedOp[];
  returning: ReturningSerial[];
}

export interface CheckResult {
  problems: Problem[];
  plan: Plan;
}


const SERIAL_COLUMNS: readonly (keyof SerialsTable)[] = ['id', 'product_id', 'serial', 'serial_key', 'status', 'warehouse_id', 'last_movement_id', 'created_at', 'updated_at'];
const MOVEMENT_COLUMNS: readonly (keyof SerialMovementsTable)[] = [
  'id',
  'serial_id',
  'kind',
  'document_type',
  'document_id',
  'document_number',
  'document_line_id',
  'from_warehouse_id',
  'to_warehouse_id',
  'status_before',
  'status_after',
  'unit_cost',
  'at',
];

/** The ledger's serials of a product with these keys (see serial-text.ts), by key. */
export async function findSerials(db: Db, productId: number, keys: string[]): Promise<Map<string, ExistingSerial>> {
  const found = new Map<string, ExistingSerial>();
  for (const part of chunk(keys, IN_LIST)) {
    const rows = await db
      .selectFrom('serials')
      .select(['id', 'serial', 'serial_key', 'status', 'warehouse_id', 'last_movement_id'])
      .where('product_id', '=', productId)
      .where('serial_key', 'in', part)
      .execute();
    for (const row of rows) found.set(row.serial_key, row);
  }
  return found;
}

async function lastDocuments(db: Db, movementIds: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const part of chunk(movementIds, IN_LIST)) {
    const rows = await db
      .selectFrom('serial_movements')
      .select(['id', 'document_number'])
      .where('id', 'in', part)
      .execute();
    for (const row of rows) out.set(row.id, row.document_number);
  }
  return out;
}

async function warehouseCodes(db: Db): Promise<Map<number, string>> {
  const rows = await db.selectFrom('warehouses').select(['id', 'code']).execute();
  return new Map(rows.map((r) => [r.id, r.code]));
}

async function stockLevel(db: Db, productId: number, warehouseId: number): Promise<number> {
  const row = await db
    .selectFrom('stock_levels')
    .select('quantity_e4')
    .where('product_id', '=', productId)
    .where('warehouse_id', '=', warehouseId)
    .executeTakeFirst();
  return row?.quantity_e4 ?? 0;
}

/**
 * Checks every operation against the rules and the ledger's current state and returns
 * every problem found (not only the first) together with the plan `apply` will write.
 * Problems are appended to `problems` when the caller has some already (one list, and no
 * spread: a spread of 100,000+ problems overflows the call stack).
 */
export async function check(db: Db, ops: LedgerOp[], problems: Problem[] = []): Promise<CheckResult> {
  const plan: Plan = { ops: [], returning: [] };
  // N-6 across the whole document: per product, serial key -> where it was first given.
  const seen = new Map<number, Map<string, string>>();
  // Stock taken out per (product, warehouse) so far in this document, for non-serialized lines.
  const takenOut = new Map<string, number>();
  // Every change of a stock level this document makes, per (product, warehouse), in the
  // order apply will make them: together they must keep the level exact.
  const changes = new Map<string, { product: ProductRef; warehouse: WarehouseRef; deltas: number[] }>();
  const change = (product: ProductRef, warehouse: WarehouseRef, delta: number) => {
    const key = `${product.id}:${warehouse.id}`;
    const c = changes.get(key);
    if (c) c.deltas.push(delta);
    else changes.set(key, { product, warehouse, deltas: [delta] });
  };
  // One read per (product, warehouse), however many lines of the document name it.
  const levels = new Map<string, number>();
  const levelOf = async (productId: number, warehouseId: number) => {
    const key = `${productId}:${warehouseId}`;
    let level = levels.get(key);
    if (level === undefined) levels.set(key, (level = await stockLevel(db, productId, warehouseId)));
    return level;
  };
  let whCodes: Map<number, string> | undefined;
  const whCode = async (id: number | null) => {
    if (id === null) return '(none)';
    whCodes ??= await warehouseCodes(db);
    return whCodes.get(id) ?? `#${id}`;
  };

  for (const op of ops) {
    const planned: PlannedOp = { op, serials: [] };
    plan.ops.push(planned);
    const product = op.product;

    if (op.op === 'unserialize') {
      planned.toDelete = await db
        .selectFrom('serials')
        .select(['id', 'serial', 'serial_key', 'status', 'warehouse_id', 'last_movement_id'])
        .where('product_id', '=', product.id)
        .where('status', '!=', 'deleted')
        .execute();
      const stillAvailable = planned.toDelete.filter((s) => s.status === 'available');
      for (const s of stillAvailable) {
        problems.push({
          code: 'serial_in_stock',
          message: `Serial ${quoteSerial(s.serial)} of product ${product.code} is still available in warehouse ${await whCode(s.warehouse_id)}.`,
          fix: 'Adjust the stock out first (serials adjust out), then un-serialize.',
          serial: s.serial,
          product: product.code,
        });
      }
      continue;
    }

    const serialized = op.op === 'serialize' || product.serialized;
    if (!serialized) {
      if (op.serials.length > 0) {
        problems.push({
          code: 'not_serialized',
          message: `Product ${product.code} is not serialized, but ${op.serials.length} serial(s) were given for it.`,
          fix: `Give only a quantity for ${product.code}, or serialize it first (serials product serialize ${product.code}).`,
          product: product.code,
        });
      }
      // P-7: no stock, so nothing to check; its document lines count all the same.
      if (!holdsStock(product)) continue;
      if (op.op === 'in') change(product, op.warehouse, op.quantityE4);
      if (op.op === 'out') {
        change(product, op.warehouse, -op.quantityE4);
        const key = `${product.id}:${op.warehouse.id}`;
        const already = takenOut.get(key) ?? 0;
        const have = await levelOf(product.id, op.warehouse.id);
        if (have - already < op.quantityE4) {
          problems.push({
            code: 'insufficient_stock',
            message: `Product ${product.code} has ${formatQuantity(have - already)} in warehouse ${op.warehouse.code}; ${formatQuantity(op.quantityE4)} cannot be taken out.`,
            fix: 'Reduce the quantity, or check stock with: serials soh --product ' + product.code,
            product: product.code,
            warehouse: op.warehouse.code,
          });
        }
        takenOut.set(key, already + op.quantityE4);
      }
      continue;
    }

    // Serialized: P-3 whole units, N-6 one serial per unit.
    if (op.op === 'in') change(product, op.warehouse, op.quantityE4);
    if (op.op === 'out') change(product, op.warehouse, -op.quantityE4);
    if ('quantityE4' in op && !isWhole(op.quantityE4)) {
      problems.push({
        code: 'fractional_serialized_quantity',
        message: `Product ${product.code} is serialized, so its quantity must be a whole number, not ${formatQuantity(op.quantityE4)}.`,
        fix: 'Give a whole number of units.',
        product: product.code,
      });
    } else if ('quantityE4' in op && op.serials.length !== op.quantityE4 / QUANTITY_SCALE) {
      problems.push({
        code: 'serial_count_mismatch',
        message: `Product ${product.code}: quantity ${formatQuantity(op.quantityE4)} needs ${formatQuantity(op.quantityE4)} serial(s), but ${op.serials.length} were given.`,
        fix: 'Give exactly one serial per unit (or leave out --qty to take the quantity from the serials).',
        product: product.code,
      });
    }

    let perProduct = seen.get(product.id);
    if (!perProduct) seen.set(product.id, (perProduct = new Map()));
    for (const input of op.serials) {
      const checked = checkSerial(input.raw);
      const where = input.source ? ` (${input.source})` : '';
      if (!checked.ok) {
        problems.push({
          code: 'invalid_serial',
          message: `Serial ${quoteSerial(input.raw)}${where} of product ${product.code} ${checked.reason}.`,
          fix: 'Correct the serial: 1 to 50 printable ASCII characters.',
          serial: input.raw,
          product: product.code,
          source: input.source,
        });
        continue;
      }
      const first = perProduct.get(checked.key);
      if (first !== undefined) {
        problems.push({
          code: 'duplicate_serial',
          message: `Serial ${quoteSerial(checked.text)}${where} of product ${product.code} is listed twice on this document (first ${first || 'earlier'}).`,
          fix: 'Remove the repeated serial; serials are compared ignoring case.',
          serial: checked.text,
          product: product.code,
          source: input.source,
        });
        continue;
      }
      perProduct.set(checked.key, input.source ?? '');
      planned.serials.push({ text: checked.text, key: checked.key });
    }

    const existing = await findSerials(
      db,
      product.id,
      planned.serials.map((s) => s.key),
    );
    const troubled: { s: PlannedSerial; e: ExistingSerial }[] = [];
    for (const s of planned.serials) {
      const e = existing.get(s.key);
      if (e) s.existing = e;
      if (op.op === 'out') {
        if (!e || e.status !== 'available' || e.warehouse_id !== op.warehouse.id) troubled.push({ s, e: e as ExistingSerial });
      } else if (e) {
        troubled.push({ s, e });
      }
    }
    const docs = await lastDocuments(
      db,
      troubled.filter((t) => t.e).map((t) => t.e.last_movement_id),
    );
    for (const { s, e } of troubled) {
      const label = `Serial ${quoteSerial(e ? e.serial : s.text)} of product ${product.code}`;
      const lastDoc = e ? docs.get(e.last_movement_id) ?? null : null;
      const base = { serial: e ? e.serial : s.text, product: product.code, document: lastDoc ?? undefined };
      if (op.op === 'out') {
        if (!e) {
          problems.push({
            ...base,
            code: 'unknown_serial',
            message: `${label} is not in the ledger.`,
            fix: `Check the serial; list what is in stock with: serials enquiry --product ${product.code} --warehouse ${op.warehouse.code} --status available`,
            warehouse: op.warehouse.code,
          });
        } else if (e.status !== 'available') {
          problems.push({
            ...base,
            code: 'serial_not_available',
            message: `${label} is ${e.status} (last document ${lastDoc}), so it cannot leave warehouse ${op.warehouse.code}.`,
            fix: `See what happened to it: serials history ${quoteSerial(e.serial)} --product ${product.code}`,
            warehouse: op.warehouse.code,
          });
        } else {
          const there = await whCode(e.warehouse_id);
          problems.push({
            ...base,
            code: 'serial_in_other_warehouse',
            message: `${label} is available in warehouse ${there}, not ${op.warehouse.code} (last document ${lastDoc}).`,
            fix: `Use warehouse ${there}, or remove the serial from the input.`,
            warehouse: there,
          });
        }
      } else if (e.status === 'available') {
        const there = await whCode(e.warehouse_id);
        problems.push({
          ...base,
          code: 'serial_already_in_stock',
          message: `${label} is already available in warehouse ${there} (last document ${lastDoc}).`,
          fix: 'A unit cannot enter stock twice: remove it from the input, or correct the serial.',
          warehouse: there,
        });
      } else {
        plan.returning.push({
          serial: e.serial,
          product: product.code,
          previousStatus: e.status,
          lastDocument: lastDoc,
        });
      }
    }
  }
  for (const c of changes.values()) checkExactLevel(c, await levelOf(c.product.id, c.warehouse.id), problems);
  return { problems, plan };
}

/**
 * A stock level must stay within the range a number holds exactly (MAX_EXACT_E4), in either
 * direction, after each of the document's changes to it in turn; otherwise it would be
 * stored, shown and summed wrongly. One problem per product and warehouse.
 */
function checkExactLevel(c: { product: ProductRef; warehouse: WarehouseRef; deltas: number[] }, stored: number, problems: Problem[]): void {
  let level = stored;
  for (const [i, delta] of c.deltas.entries()) {
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
    problems.push({
      code: 'stock_level_out_of_range',
      message:
        `Product ${c.product.code} has ${formatQuantity(stored)} in warehouse ${c.warehouse.code}${earlier}; ` +
        `${up ? 'adding' : 'taking out'} ${formatQuantity(Math.abs(delta))} would take it ${up ? 'above' : 'below'} ${limit}, the largest stock level held exactly.`,
      fix:
        isExact(level) && room > 0
          ? `${up ? 'Add' : 'Take out'} at most ${formatQuantity(room)} of ${c.product.code} ${up ? 'to' : 'from'} warehouse ${c.warehouse.code}.`
          : `Nothing more can be ${up ? 'added to' : 'taken from'} ${c.product.code} in warehouse ${c.warehouse.code}; ${up ? 'take some out' : 'bring some in'} first.`,
      product: c.product.code,
      warehouse: c.warehouse.code,
    });
    return;
  }
}

export interface ApplyResult {
  serialsCreated: number;
  serialsReturned: number;
  serialsRemoved: number;
  serialMovements: number;
}

async function nextId(db: Db, table: 'serials' | 'serial_movements'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

interface StockChange {
  productId: number;
  warehouseId: number;
  deltaE4: number;
  kind: string;
  lineId: number | null;
}

/** Stock movements and levels for these changes, in bulk: stock follows the serials (invariant 2). */
async function changeStocks(db: Db, doc: DocumentRef, changes: StockChange[], at: string): Promise<void> {
  const real = changes.filter((c) => c.deltaE4 !== 0);
  await bulkInsert(
    db,
    'stock_movements',
    ['product_id', 'warehouse_id', 'quantity_e4', 'kind', 'document_type', 'document_id', 'document_number', 'document_line_id', 'at'],
    real.map((c) => [c.productId, c.warehouseId, c.deltaE4, c.kind, doc.type, doc.id, doc.number, c.lineId, at]),
  );
  await bulkInsert(
    db,
    'stock_levels',
    ['product_id', 'warehouse_id', 'quantity_e4'],
    real.map((c) => [c.productId, c.warehouseId, c.deltaE4]),
    { addOnConflict: { on: ['product_id', 'warehouse_id'], column: 'quantity_e4' } },
  );
}

/**
 * Gives serials a status and (unless `warehouseId` is 'keep') a warehouse, and points each
 * at its newest movement, which must be written already.
 */
async function setSerialState(db: Db, ids: number[], status: SerialStatus, warehouseId: number | null | 'keep', at: string): Promise<void> {
  for (const part of chunk(ids, IN_LIST)) {
    await db
      .updateTable('serials')
      .set((eb) => ({
        status,
        ...(warehouseId === 'keep' ? {} : { warehouse_id: warehouseId }),
        updated_at: at,
        last_movement_id: eb
          .selectFrom('serial_movements as m')
          .select((m) => m.fn.max('m.id').as('id'))
          .whereRef('m.serial_id', '=', 'serials.id'),
      }))
      .where('id', 'in', part)
      .execute();
  }
}

/** Writes a checked plan. Must run in the same transaction as `check`. */
export async function apply(db: Db, plan: Plan, doc: DocumentRef, at = new Date().toISOString()): Promise<ApplyResult> {
  // Ids are allocated here rather than by the database so that a serial row and its
  // first movement can name each other in two plain multi-row inserts. Safe because the
  // transaction holds the write lock (IMMEDIATE) from its first statement.
  let serialId = await nextId(db, 'serials');
  let movementId = await nextId(db, 'serial_movements');
  const result: ApplyResult = { serialsCreated: 0, serialsReturned: 0, serialsRemoved: 0, serialMovements: 0 };
  const stock: StockChange[] = [];

  for (const { op, serials, toDelete } of plan.ops) {
    // Rows are built as value arrays in column order (SERIAL_COLUMNS, MOVEMENT_COLUMNS):
    // at 100,000 serials, objects per row are measurable garbage-collector time.
    const newRows: unknown[][] = [];
    const movements: unknown[][] = [];
    const updatedIds: number[] = [];
    const lineId = op.lineId ?? null;
    const unitCost = op.op === 'in' ? op.unitCost ?? null : null;
    const movement = (sid: number, before: SerialStatus | null, after: SerialStatus, from: number | null, to: number | null): unknown[] => [
      movementId++,
      sid,
      op.movement,
      doc.type,
      doc.id,
      doc.number,
      lineId,
      from,
      to,
      before,
      after,
      unitCost,
      at,
    ];

    let newStatus: SerialStatus;
    let newWarehouse: number | null;
    if (op.op === 'unserialize') {
      for (const s of toDelete ?? []) {
        movements.push(movement(s.id, s.status, 'deleted', s.warehouse_id, null));
        updatedIds.push(s.id);
      }
      result.serialsRemoved += updatedIds.length;
      newStatus = 'deleted';
      newWarehouse = null; // keep the last known warehouse: see the update below
    } else if (op.op === 'out') {
      newStatus = 'unavailable';
      newWarehouse = op.warehouse.id;
      for (const s of serials) {
        const e = s.existing as ExistingSerial;
        movements.push(movement(e.id, 'available', 'unavailable', op.warehouse.id, null));
        updatedIds.push(e.id);
      }
      result.serialsRemoved += serials.length;
    } else {
      newStatus = 'available';
      newWarehouse = op.warehouse.id;
      for (const s of serials) {
        if (s.existing) {
          const e = s.existing;
          // it comes from outside stock, not from its last known warehouse
          movements.push(movement(e.id, e.status, 'available', null, op.warehouse.id));
          updatedIds.push(e.id);
          result.serialsReturned += 1;
        } else {
          const m = movement(serialId, null, 'available', null, op.warehouse.id);
          newRows.push([serialId++, op.product.id, s.text, s.key, 'available', op.warehouse.id, m[0], at, at]);
          movements.push(m);
          result.serialsCreated += 1;
        }
      }
    }

    await bulkInsert(db, 'serials', SERIAL_COLUMNS, newRows);
    await bulkInsert(db, 'serial_movements', MOVEMENT_COLUMNS, movements);
    result.serialMovements += movements.length;
    // an unserialized (deleted) serial keeps its last known warehouse
    await setSerialState(db, updatedIds, newStatus, op.op === 'unserialize' ? 'keep' : newWarehouse, at);

    // Stock follows the serials, or the quantity for non-serialized lines; P-7: a Never
    // Diminishing product has none, so it gets no stock movement and no level.
    if ((op.op === 'in' || op.op === 'out') && holdsStock(op.product)) {
      const units = op.product.serialized ? unitsToE4(serials.length) : op.quantityE4;
      stock.push({ productId: op.product.id, warehouseId: op.warehouse.id, deltaE4: op.op === 'in' ? units : -units, kind: op.movement, lineId });
    }
  }
  await changeStocks(db, doc, stock, at);
  return result;
}

/**
 * For the scanner prompt: why this serial could not enter ('in') or leave ('out') stock
 * right now, or null if it can. Read-only; the command re-checks everything when it writes.
 */
export async function serialProblem(
  db: Db,
  target: { product: ProductRef; warehouse: WarehouseRef; direction: 'in' | 'out' },
  text: string,
): Promise<string | null> {
  const checked = checkSerial(text);
  if (!checked.ok) return `${quoteSerial(text)} ${checked.reason}`;
  const existing = (await findSerials(db, target.product.id, [checked.key])).get(checked.key);
  const docs = existing ? await lastDocuments(db, [existing.last_movement_id]) : new Map<number, string>();
  const lastDoc = existing ? docs.get(existing.last_movement_id) : undefined;
  const where = async (id: number | null) => (id === null ? '(none)' : (await warehouseCodes(db)).get(id) ?? `#${id}`);
  if (target.direction === 'in') {
    if (existing?.status === 'available') {
      return `${quoteSerial(existing.serial)} of ${target.product.code} is already available in ${await where(existing.warehouse_id)} (${lastDoc})`;
    }
    return null;
  }
  if (!existing) return `${quoteSerial(checked.text)} of ${target.product.code} is not in the ledger`;
  if (existing.status !== 'available') return `${quoteSerial(existing.serial)} of ${target.product.code} is ${existing.status} (${lastDoc})`;
  if (existing.warehouse_id !== target.warehouse.id) {
    return `${quoteSerial(existing.serial)} of ${target.product.code} is in ${await where(existing.warehouse_id)}, not ${target.warehouse.code}`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Bulk entry, for imports of any size. Rows are written as they stream in, inside the
// import's one write transaction: the serials table's own unique index finds serials
// repeated in the input or already known, and the caller rolls everything back if any
// problem was found (or for a dry run). Memory holds only a chunk of rows, the line of
// each new serial (4 bytes) and the serials that return to stock.

export interface BulkSerial {
  line: number;
  productId: number;
  productCode: string;
  warehouseId: number;
  serial: string;
  key: string;
  unitCost: number | null;
}

export interface BulkProblem extends Problem {
  line: number;
}

export interface BulkEntry {
  /**
   * Takes a row (its serial already passed checkSerial); rows are written a chunk at a time,
   * and repeats (N-6) and serials already in stock (PO-3) go to `report` as they are found.
   */
  add(row: BulkSerial): Promise<void>;
  /** Writes the rows taken so far. */
  flush(): Promise<void>;
  /** Serials entered per product and warehouse so far (flush first). */
  counts(): { productId: number; warehouseId: number; serials: number }[];
  /** Writes what is left, then returning serials (N-4) and stock levels; call once, last. */
  finish(): Promise<{ serialsCreated: number; serialsReturned: number }>;
}

/** Rows written at a time: memory holds one chunk, and each chunk is a few statements. */
const BULK_CHUNK = 5000;

interface Returning {
  id: number;
  line: number;
  status: SerialStatus;
  warehouseId: number;
  unitCost: number | null;
}

/** Starts a bulk entry of serials into stock (or, without `stock`, of serials for stock already there: P-5). */
export async function startBulkEntry(
  trx: Db,
  doc: DocumentRef,
  options: { movement: string; stock: boolean; report: (problem: BulkProblem) => void },
): Promise<BulkEntry> {
  const report = options.report;
  let buffer: BulkSerial[] = [];
  const at = new Date().toISOString();
  const serialBase = (await nextId(trx, 'serials')) - 1;
  const movementBase = (await nextId(trx, 'serial_movements')) - 1;
  let seq = 0;
  let lines = new Int32Array(1 << 16); // line of each new serial, by seq
  const returning = new Map<string, Returning>();
  const counts = new Map<number, { productId: number; warehouseId: number; serials: number }>();
  const count = (productId: number, warehouseId: number) => {
    const key = productId * 1_000_000 + warehouseId; // a number: no string per row
    const c = counts.get(key) ?? { productId, warehouseId, serials: 0 };
    c.serials += 1;
    counts.set(key, c);
  };
  const movementRow = (id: number, serialId: number, before: SerialStatus | null, warehouseId: number, unitCost: number | null) => [
    id, serialId, options.movement, doc.type, doc.id, doc.number, null, null, warehouseId, before, 'available', unitCost, at,
  ];

  /** Writes a chunk of rows; the serials table's unique index turns away the known ones. */
  async function write(rows: readonly BulkSerial[]): Promise<void> {
    const serialRows: unknown[][] = [];
    const seqs: number[] = [];
    for (const r of rows) {
      seq += 1;
      if (seq >= lines.length) {
        const grown = new Int32Array(lines.length * 2);
        grown.set(lines);
        lines = grown;
      }
      lines[seq] = r.line;
      seqs.push(seq);
      serialRows.push([serialBase + seq, r.productId, r.serial, r.key, 'available', r.warehouseId, movementBase + seq, at, at]);
    }
    const turnedAway = new Set(await bulkInsert(trx, 'serials', SERIAL_COLUMNS, serialRows, { ignoreConflicts: true }));
    const movements: unknown[][] = [];
    const conflicts: { r: BulkSerial; seq: number }[] = [];
    rows.forEach((r, i) => {
      const s = seqs[i] as number;
      if (!turnedAway.has(i)) {
        movements.push(movementRow(movementBase + s, serialBase + s, null, r.warehouseId, r.unitCost));
        count(r.productId, r.warehouseId);
      } else {
        conflicts.push({ r, seq: s });
      }
    });
    await bulkInsert(trx, 'serial_movements', MOVEMENT_COLUMNS, movements);

    // Conflicts: repeated in the input, already in stock, or returning to stock. Looked
    // up per product in chunks: an import of many returning serials is all conflicts.
    const keysByProduct = new Map<number, Set<string>>();
    for (const { r } of conflicts) {
      const keys = keysByProduct.get(r.productId);
      if (keys) keys.add(r.key);
      else keysByProduct.set(r.productId, new Set([r.key]));
    }
    const known = new Map<string, { id: number; serial: string; status: SerialStatus; warehouse: string | null; document_number: string }>();
    for (const [productId, keys] of keysByProduct) {
      for (const part of chunk([...keys], IN_LIST)) {
        const found = await trx
          .selectFrom('serials as x')
          .leftJoin('warehouses as w', 'w.id', 'x.warehouse_id')
          .innerJoin('serial_movements as m', 'm.id', 'x.last_movement_id')
          .select(['x.id', 'x.serial', 'x.serial_key', 'x.status', 'w.code as warehouse', 'm.document_number'])
          .where('x.product_id', '=', productId)
          .where('x.serial_key', 'in', part)
          .execute();
        for (const f of found) known.set(`${productId}:${f.serial_key}`, f);
      }
    }
    for (const { r } of conflicts) {
      const mapKey = `${r.productId}:${r.key}`;
      // the insert was turned away by the unique index, so the row exists
      const x = known.get(mapKey) as NonNullable<ReturnType<typeof known.get>>;
      const earlier = x.id > serialBase ? lines[x.id - serialBase] : returning.get(mapKey)?.line;
      if (earlier !== undefined) {
        report({
          line: r.line,
          code: 'duplicate_serial',
          message: `Serial ${quoteSerial(r.serial)} of product ${r.productCode} is repeated (first on line ${earlier}).`,
          fix: 'Remove the repeated row; serials are compared ignoring case.',
          serial: r.serial,
          product: r.productCode,
        });
      } else if (x.status === 'available') {
        report({
          line: r.line,
          code: 'serial_already_in_stock',
          message: `Serial ${quoteSerial(x.serial)} of product ${r.productCode} is already available in warehouse ${x.warehouse} (last document ${x.document_number}).`,
          fix: 'A unit cannot enter stock twice: remove the row, or correct the serial.',
          serial: x.serial,
          product: r.productCode,
          warehouse: x.warehouse ?? undefined,
          document: x.document_number,
        });
      } else {
        returning.set(mapKey, { id: x.id, line: r.line, status: x.status, warehouseId: r.warehouseId, unitCost: r.unitCost });
        count(r.productId, r.warehouseId);
      }
    }
  }

  const flush = async () => {
    const rows = buffer;
    buffer = [];
    await write(rows);
  };

  return {
    async add(row) {
      buffer.push(row);
      if (buffer.length >= BULK_CHUNK) await flush();
    },

    flush,

    counts: () => [...counts.values()],

    async finish() {
      await flush();
      // Returning serials get movement ids after every new serial's.
      let movementId = movementBase + seq;
      const list = [...returning.values()];
      await bulkInsert(
        trx,
        'serial_movements',
        MOVEMENT_COLUMNS,
        list.map((r) => movementRow(++movementId, r.id, r.status, r.warehouseId, r.unitCost)),
      );
      const byWarehouse = new Map<number, number[]>();
      for (const r of list) appendTo(byWarehouse, r.warehouseId, r.id);
      for (const [warehouseId, ids] of byWarehouse) await setSerialState(trx, ids, 'available', warehouseId, at);
      if (options.stock) {
        // one stock movement and one level change per product and warehouse
        const changes = [...counts.values()].map((c) => ({ productId: c.productId, warehouseId: c.warehouseId, deltaE4: unitsToE4(c.serials), kind: options.movement, lineId: null }));
        await changeStocks(trx, doc, changes, at);
      }
      const created = [...counts.values()].reduce((n, c) => n + c.serials, 0) - list.length;
      return { serialsCreated: created, serialsReturned: list.length };
    },
  };
}
