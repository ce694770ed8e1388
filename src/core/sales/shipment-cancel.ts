// Cancelling a parked shipment (RULES.md S-3): the way out when a serial on it can no
// longer be dispatched. Nothing has moved, so nothing goes through the ledger.

import { describeShipment, findShipment, notParked, type ShipmentResult } from './shipment-records.js';
import type { Db } from '../../db/open.js';

/**
 * Its quantities are outstanding on the order again and its serials can go on another
 * shipment; the shipment is kept, marked cancelled. Assignments are kept.
 */
export async function cancelShipment(db: Db, number: string): Promise<ShipmentResult> {
  const shipment = await findShipment(db, number);
  if (shipment.status !== 'parked') throw notParked(shipment, 'cancelled');
  const before = await describeShipment(db, shipment.number);
  // the shipment and its lines stay, marked cancelled; its serials are free again
  const lineIds = db.selectFrom('shipment_lines').select('id').where('shipment_id', '=', shipment.id);
  await db.deleteFrom('shipment_serials').where('shipment_line_id', 'in', lineIds).execute();
  await db.updateTable('shipments').set({ status: 'cancelled' }).where('id', '=', shipment.id).execute();
  return { ...before, status: 'cancelled' };
}
