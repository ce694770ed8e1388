// What a shipment command did (so dispatch, so cancel-shipment, and so ship): one JSON shape
// (schemas/so/dispatch.schema.json) and one sentence for people.

import type { ShipmentResult } from '../../core/sales/shipment-records.js';
import { toNumber } from '../../core/values/quantity.js';
import type { Context } from '../context.js';
import { formatCell, presentResult } from '../render/present.js';
import { count } from '../render/words.js';
import { grouped } from '../../core/values/words.js';

export function shipmentJson(r: ShipmentResult) {
  return {
    number: r.number,
    salesOrder: r.salesOrder,
    customer: r.customer,
    warehouse: r.warehouse,
    status: r.status,
    orderCompleted: r.orderCompleted,
    lines: r.lines.map((l) => ({ product: l.product, quantity: toNumber(l.quantityE4), serialCount: l.serials, serials: l.serialList })),
  };
}

/** "WIDGET 2, CABLE 2.5": what a document's lines hold, with thousands separators. */
export function linesText(lines: readonly { product: string; quantityE4: number }[]): string {
  return lines.map((l) => `${l.product} ${formatCell('quantity', toNumber(l.quantityE4), 'table')}`).join(', ');
}

export function presentShipment(ctx: Context, r: ShipmentResult): void {
  const what = linesText(r.lines);
  presentResult(ctx, shipmentJson(r), [
    r.status === 'parked'
      ? `Shipment ${r.number} on ${r.salesOrder} created and parked: ${what}. Dispatch it with: serials so dispatch ${r.number}`
      : r.status === 'cancelled'
        ? `Parked shipment ${r.number} on ${r.salesOrder} cancelled: ${what} outstanding again; nothing was dispatched.`
        : `Shipment ${r.number} on ${r.salesOrder} dispatched to ${r.customer} from ${r.warehouse}: ${what}.${r.orderCompleted ? ` ${r.salesOrder} is now completed.` : ''}`,
  ]);
  if (r.status !== 'parked' || ctx.json) return;
  // a parked shipment short of serials: what its dispatch needs first
  for (const l of r.lines) {
    const missing = toNumber(l.quantityE4) - l.serialList.length;
    if (!l.serialized || missing <= 0) continue;
    ctx.out.note(
      `${r.number} holds ${count(l.serialList.length, 'serial')} of ${l.product} for ${formatCell('quantity', toNumber(l.quantityE4), 'table')}: assign ${grouped(missing)} more on ${r.salesOrder} before dispatch (serials so assign ${r.salesOrder} --product ${l.product} --serials …).`,
    );
  }
}
