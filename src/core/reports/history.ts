// Every movement of a serial, in order (RULES.md E-2).

import { collect, streamRows } from '../../db/stream.js';
import { documentOrder, documentParty } from '../documents/links.js';
import { unitsOfSerial } from './serial-units.js';
import type { Db } from '../../db/open.js';
import type { SerialStatus } from '../../db/schema.js';

export interface HistoryEntry {
  serial: string;
  product: string;
  at: string;
  kind: string;
  documentType: string;
  document: string;
  /** the purchase order of a receipt or supplier return */
  purchaseOrder: string | null;
  /** the sales order of a shipment, or of a credit raised against one */
  salesOrder: string | null;
  from: string | null;
  to: string | null;
  statusBefore: SerialStatus | null;
  status: SerialStatus;
  party: string | null;
  unitCost: number | null;
  /** the assembled unit it went into (assembly out) or came out of (disassembly in) */
  unit: string | null;
}

/** A serial's history, checked: the units it covers, and their movements as a stream. */
export interface History {
  /** each product that has the serial (one unless the same text is a serial of several), by product code */
  units: { serial: string; product: string }[];
  rows(): AsyncIterable<HistoryEntry[]>;
}

/** Every movement of a serial (of one product, or of each product that has it), streamed in order. */
export async function prepareHistory(db: Db, serial: string, product?: string): Promise<History> {
  const units = await unitsOfSerial(db, serial, product);
  const ids = units.map((u) => u.id);
  const query = db
    .selectFrom('serial_movements as m')
    .innerJoin('serials as s', 's.id', 'm.serial_id')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .leftJoin('warehouses as wf', 'wf.id', 'm.from_warehouse_id')
    .leftJoin('warehouses as wt', 'wt.id', 'm.to_warehouse_id')
    .select([
      's.serial',
      'p.code as product',
      documentParty().as('party'),
      documentOrder('sales_order').as('so_number'),
      'm.at',
      'm.kind',
      'm.document_type',
      'm.document_number',
      'wf.code as from',
      'wt.code as to',
      'm.status_before',
      'm.status_after',
      'm.unit_cost',
      documentOrder('purchase_order').as('po_number'),
      (eb) => {
        // the link the movement made (assembly) or closed (disassembly): one indexed lookup, for those kinds only
        const unit = () => eb.selectFrom('serial_links as l').innerJoin('serials as u', 'u.id', 'l.unit_serial_id').select('u.serial').whereRef('l.component_serial_id', '=', 'm.serial_id').limit(1);
        return eb
          .case()
          .when('m.kind', '=', 'assembly_out')
          .then(unit().whereRef('l.assembly_id', '=', 'm.document_id'))
          .when('m.kind', '=', 'disassembly_in')
          .then(unit().whereRef('l.disassembly_id', '=', 'm.document_id'))
          .else(null)
          .end()
          .as('unit');
      },
    ])
    .where('m.serial_id', 'in', ids)
    .orderBy('p.code_key')
    .orderBy('m.id');
  return {
    units: units.map((u) => ({ serial: u.serial, product: u.product })),
    async *rows() {
      for await (const chunk of streamRows(db, query)) {
        yield chunk.map((r) => ({
          serial: r.serial,
          product: r.product,
          at: r.at,
          kind: r.kind,
          documentType: r.document_type,
          document: r.document_number,
          purchaseOrder: r.po_number,
          salesOrder: r.so_number,
          from: r.from,
          to: r.to,
          statusBefore: r.status_before,
          status: r.status_after,
          party: r.party,
          unitCost: r.unit_cost,
          unit: r.unit,
        }));
      }
    },
  };
}

export async function serialHistory(db: Db, serial: string, product?: string): Promise<HistoryEntry[]> {
  return collect((await prepareHistory(db, serial, product)).rows());
}
