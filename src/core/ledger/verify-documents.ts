// `db verify`, the part that reads documents: movements must agree with the documents that
// recorded them. A movement whose kind its document type never records, a transfer movement
// that does not run from the transfer's source to its destination, or two stock counts in
// progress on the same product and warehouse (K-3 lets only one hold a level) are all history
// that current state cannot be trusted to follow; so is a link between units (M-3) that its
// assembly's movements do not bear out. Reported under invariant 4.

import { DOCUMENT_TYPES } from '../documents/registry.js';
import type { Db } from '../../db/open.js';

export async function documentDiscrepancies(db: Db, add: (message: string) => void): Promise<void> {
  const kinds = await db.selectFrom('serial_movements').select(['document_type', 'kind']).distinct().execute();
  const stock = await db.selectFrom('stock_movements').select(['document_type', 'kind']).distinct().execute();
  const allowed = new Map(DOCUMENT_TYPES.map((d) => [d.type as string, d.movements as readonly string[]]));
  for (const k of [...kinds, ...stock]) {
    const movements = allowed.get(k.document_type);
    if (!movements) add(`movements name a document type ${k.document_type} that does not exist.`);
    else if (!movements.includes(k.kind)) add(`${k.document_type.replace(/_/g, ' ')} documents recorded ${k.kind} movements, which that kind of document never records.`);
  }

  const strayTransfers = await db
    .selectFrom('serial_movements as m')
    .innerJoin('transfers as t', 't.id', 'm.document_id')
    .innerJoin('serials as s', 's.id', 'm.serial_id')
    .select(['s.serial', 'm.document_number'])
    .where('m.document_type', '=', 'transfer')
    .where((eb) =>
      eb.or([
        eb('m.from_warehouse_id', 'is', null),
        eb('m.to_warehouse_id', 'is', null),
        eb('m.from_warehouse_id', '!=', eb.ref('t.from_warehouse_id')),
        eb('m.to_warehouse_id', '!=', eb.ref('t.to_warehouse_id')),
        eb('m.status_before', '!=', 'available'),
        eb('m.status_after', '!=', 'available'),
      ]),
    )
    .limit(100)
    .execute();
  for (const m of strayTransfers) add(`serial ${m.serial}: its movement on ${m.document_number} does not run from the transfer's source to its destination as an available unit.`);

  const doubleHeld = await db
    .selectFrom('stock_count_lines as a')
    .innerJoin('stock_counts as ca', 'ca.id', 'a.stock_count_id')
    .innerJoin('stock_count_lines as b', (join) => join.onRef('b.product_id', '=', 'a.product_id').onRef('b.stock_count_id', '>', 'a.stock_count_id'))
    .innerJoin('stock_counts as cb', (join) => join.onRef('cb.id', '=', 'b.stock_count_id').onRef('cb.warehouse_id', '=', 'ca.warehouse_id'))
    .innerJoin('products as p', 'p.id', 'a.product_id')
    .select(['ca.number as first', 'cb.number as second', 'p.code'])
    .where('ca.status', '=', 'in_progress')
    .where('cb.status', '=', 'in_progress')
    .limit(100)
    .execute();
  for (const d of doubleHeld) add(`stock counts ${d.first} and ${d.second} are both in progress on product ${d.code} in the same warehouse.`);
}

/**
 * M-2 to M-4: every link names a component its assembly consumed and a unit its assembly made;
 * a link still in force holds a component that is out of stock (until a disassembly takes it
 * out) and in no other unit; a link closed by a disassembly names one that took its unit apart.
 */
export async function linkDiscrepancies(db: Db, add: (message: string) => void): Promise<void> {
  const moved = (kind: 'assembly_out' | 'assembly_in', serial: 'l.component_serial_id' | 'l.unit_serial_id') =>
    db
      .selectFrom('serial_links as l')
      .innerJoin('assemblies as a', 'a.id', 'l.assembly_id')
      .innerJoin('serials as s', 's.id', serial)
      .select(['s.serial', 'a.number'])
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            // by the document's number, which no index leads with: the serial's own movements
            // (a handful) are read, not every movement of a 10,000-unit assembly per link
            selectFrom('serial_movements as m')
              .select('m.id')
              .whereRef('m.serial_id', '=', serial)
              .whereRef('m.document_number', '=', 'a.number')
              .where('m.kind', '=', kind),
          ),
        ),
      )
      .limit(100)
      .execute();
  for (const l of await moved('assembly_out', 'l.component_serial_id')) add(`serial ${l.serial} is linked as a component of ${l.number}, which never consumed it.`);
  for (const l of await moved('assembly_in', 'l.unit_serial_id')) add(`serial ${l.serial} is linked as a unit of ${l.number}, which never made it.`);

  const loose = await db
    .selectFrom('serial_links as l')
    .innerJoin('assemblies as a', 'a.id', 'l.assembly_id')
    .innerJoin('serials as s', 's.id', 'l.component_serial_id')
    .select(['s.serial', 'a.number'])
    .where('l.disassembly_id', 'is', null)
    .where('s.status', '=', 'available')
    .limit(100)
    .execute();
  for (const l of loose) add(`serial ${l.serial} is available although it is still inside a unit built on ${l.number}.`);

  const twice = await db
    .selectFrom('serial_links as l')
    .innerJoin('serials as s', 's.id', 'l.component_serial_id')
    .select(['s.serial', (eb) => eb.fn.countAll<number>().as('n')])
    .where('l.disassembly_id', 'is', null)
    .groupBy(['l.component_serial_id', 's.serial'])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .limit(100)
    .execute();
  for (const l of twice) add(`serial ${l.serial} is inside ${l.n} units at once.`);

  const rebuilt = await db
    .selectFrom('serial_links as l')
    .innerJoin('serials as s', 's.id', 'l.unit_serial_id')
    .select(['s.serial', (eb) => eb.fn.count<number>('l.assembly_id').distinct().as('n')])
    .where('l.disassembly_id', 'is', null)
    .groupBy(['l.unit_serial_id', 's.serial'])
    .having((eb) => eb.fn.count('l.assembly_id').distinct(), '>', 1)
    .limit(100)
    .execute();
  for (const l of rebuilt) add(`unit ${l.serial} holds the components of ${l.n} assemblies at once.`);

  const unbroken = await db
    .selectFrom('serial_links as l')
    .innerJoin('disassemblies as d', 'd.id', 'l.disassembly_id')
    .innerJoin('serials as s', 's.id', 'l.unit_serial_id')
    .select(['s.serial', 'd.number'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('serial_movements as m')
            .select('m.id')
            .whereRef('m.serial_id', '=', 'l.unit_serial_id')
            .whereRef('m.document_number', '=', 'd.number')
            .where('m.kind', '=', 'disassembly_out'),
        ),
      ),
    )
    .limit(100)
    .execute();
  for (const l of unbroken) add(`unit ${l.serial} is recorded as taken apart by ${l.number}, which never took it apart.`);
}
