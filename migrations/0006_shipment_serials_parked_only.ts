import { sql, type Kysely } from 'kysely';

// shipment_serials now holds only the serials a parked shipment is waiting to take: a
// dispatched shipment's serials are its serial movements, which is where `so show` and
// the shipment summary read them. Rows kept for shipments dispatched before this are
// copies of those movements; drop them. `down` rebuilds them from the movements.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from shipment_serials where shipment_line_id in (
    select l.id from shipment_lines l join shipments s on s.id = l.shipment_id where s.status = 'dispatched')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`insert into shipment_serials (shipment_line_id, serial_id)
    select m.document_line_id, m.serial_id from serial_movements m
    join shipments s on s.id = m.document_id
    where m.document_type = 'shipment' and s.status = 'dispatched'`.execute(db);
}
