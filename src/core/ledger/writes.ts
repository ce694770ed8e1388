// The ledger's writes shared by apply and bulk entry: the column orders of serial and
// movement rows, a serial's new state, and stock movements with their levels.

import { bulkInsert } from '../../db/bulk-insert.js';
import { anyOf, chunk, listChunk } from '../../db/chunk.js';
import type { Db } from '../../db/open.js';
import type { MovementKind, SerialMovementsTable, SerialsTable, SerialStatus } from '../../db/schema.js';
import type { DocumentRef } from './types.js';

export const SERIAL_COLUMNS: readonly (keyof SerialsTable)[] = ['id', 'product_id', 'serial', 'serial_key', 'status', 'warehouse_id', 'last_movement_id', 'created_at', 'updated_at'];
export const MOVEMENT_COLUMNS: readonly (keyof SerialMovementsTable)[] = [
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

export interface StockChange {
  productId: number;
  warehouseId: number;
  deltaE4: number;
  kind: MovementKind;
  lineId: number | null;
}

/** Stock movements and levels for these changes, in bulk: stock follows the serials (invariant 2). */
export async function changeStocks(db: Db, doc: DocumentRef, changes: StockChange[], at: string): Promise<void> {
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
export async function setSerialState(db: Db, ids: number[], status: SerialStatus, warehouseId: number | null | 'keep', at: string): Promise<void> {
  for (const part of chunk(ids, listChunk(db))) {
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
      .where(anyOf(db, 'id', part))
      .execute();
  }
}
