// Writes a checked plan: serial rows, one movement per serial per operation, and the stock
// movements and levels that follow them. Every change writes its movement as it goes, which
// is what lets `db verify` replay history and prove that current state has not drifted.

import { bulkInsert } from '../../db/bulk-insert.js';
import { idAllocator } from '../../db/ids.js';
import { now } from '../values/clock.js';
import { unitsToE4 } from '../values/quantity.js';
import { changeStocks, MOVEMENT_COLUMNS, SERIAL_COLUMNS, setSerialState, type StockChange } from './writes.js';
import { holdsStock, type ApplyResult, type DocumentRef, type ExistingSerial, type Plan } from './types.js';
import type { Db } from '../../db/open.js';
import type { SerialStatus } from '../../db/schema.js';

/** Writes a checked plan. Must run in the same transaction as `check`. */
export async function apply(db: Db, plan: Plan, doc: DocumentRef, at = now()): Promise<ApplyResult> {
  const serialIds = await idAllocator(db, 'serials');
  const movementIds = await idAllocator(db, 'serial_movements');
  const result: ApplyResult = { serialsCreated: 0, serialsReturned: 0, serialsRemoved: 0, serialsMoved: 0, serialMovements: 0 };
  const stock: StockChange[] = [];
  // Serials' new state is written for consecutive operations that leave them in the same
  // state at once (a transfer of a thousand products is a thousand moves to one place), after
  // their movements: one update per chunk of serials instead of one per operation.
  let pending: { status: SerialStatus; warehouse: number | 'keep'; ids: number[] } | undefined;
  const flushState = async () => {
    if (pending) await setSerialState(db, pending.ids, pending.status, pending.warehouse, at);
    pending = undefined;
  };

  for (const { op, serials, toDelete } of plan.ops) {
    // Rows are built as value arrays in column order (SERIAL_COLUMNS, MOVEMENT_COLUMNS):
    // at 100,000 serials, objects per row are measurable garbage-collector time.
    const newRows: unknown[][] = [];
    const movements: unknown[][] = [];
    const updatedIds: number[] = [];
    const lineId = op.lineId ?? null;
    const unitCost = op.op === 'in' ? op.unitCost ?? null : null;
    const movement = (sid: number, before: SerialStatus | null, after: SerialStatus, from: number | null, to: number | null): unknown[] => [
      movementIds.take(1),
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
    // 'keep': an unserialized (deleted) serial keeps its last known warehouse
    let newWarehouse: number | 'keep';
    if (op.op === 'unserialize') {
      for (const s of toDelete ?? []) {
        movements.push(movement(s.id, s.status, 'deleted', s.warehouse_id, null));
        updatedIds.push(s.id);
      }
      result.serialsRemoved += updatedIds.length;
      newStatus = 'deleted';
      newWarehouse = 'keep';
    } else if (op.op === 'out') {
      newStatus = 'unavailable';
      newWarehouse = op.warehouse.id;
      for (const s of serials) {
        const e = s.existing as ExistingSerial;
        movements.push(movement(e.id, 'available', 'unavailable', op.warehouse.id, null));
        updatedIds.push(e.id);
        s.id = e.id;
      }
      result.serialsRemoved += serials.length;
    } else if (op.op === 'move') {
      // the same record, still available, one movement from → to
      newStatus = 'available';
      newWarehouse = op.to.id;
      for (const s of serials) {
        const e = s.existing as ExistingSerial;
        movements.push(movement(e.id, 'available', 'available', op.from.id, op.to.id));
        updatedIds.push(e.id);
        s.id = e.id;
      }
      result.serialsMoved += serials.length;
    } else {
      newStatus = 'available';
      newWarehouse = op.warehouse.id;
      for (const s of serials) {
        if (s.existing) {
          const e = s.existing;
          // it comes from outside stock, not from its last known warehouse
          movements.push(movement(e.id, e.status, 'available', null, op.warehouse.id));
          updatedIds.push(e.id);
          s.id = e.id;
          result.serialsReturned += 1;
        } else {
          const id = serialIds.take(1);
          s.id = id;
          const m = movement(id, null, 'available', null, op.warehouse.id);
          newRows.push([id, op.product.id, s.text, s.key, 'available', op.warehouse.id, m[0], at, at]);
          movements.push(m);
          result.serialsCreated += 1;
        }
      }
    }

    await bulkInsert(db, 'serials', SERIAL_COLUMNS, newRows);
    await bulkInsert(db, 'serial_movements', MOVEMENT_COLUMNS, movements);
    result.serialMovements += movements.length;
    if (pending && (pending.status !== newStatus || pending.warehouse !== newWarehouse)) await flushState();
    pending ??= { status: newStatus, warehouse: newWarehouse, ids: [] };
    for (const id of updatedIds) pending.ids.push(id);

    // Stock follows the serials, or the quantity for non-serialized lines; P-7: a Never
    // Diminishing product has none, so it gets no stock movement and no level.
    if (op.op === 'serialize' || op.op === 'unserialize' || !holdsStock(op.product)) continue;
    const units = op.product.serialized ? unitsToE4(serials.length) : op.quantityE4;
    const change = (warehouseId: number, deltaE4: number) => stock.push({ productId: op.product.id, warehouseId, deltaE4, kind: op.movement, lineId });
    if (op.op === 'in') change(op.warehouse.id, units);
    else if (op.op === 'out') change(op.warehouse.id, -units);
    else {
      change(op.from.id, -units);
      change(op.to.id, units);
    }
  }
  await flushState();
  await changeStocks(db, doc, stock, at);
  return result;
}
