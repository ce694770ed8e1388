// `serials db verify`: the four invariants of DESIGN.md, checked against the whole ledger.
// Each discrepancy names the serial, product and warehouse involved.

import { sql } from 'kysely';
import { formatQuantity, isWhole, MAX_EXACT_E4, QUANTITY_SCALE } from '../values/quantity.js';
import type { Db } from '../../db/open.js';
import type { SerialStatus } from '../../db/schema.js';
import { count } from '../values/words.js';
import { documentDiscrepancies, linkDiscrepancies } from './verify-documents.js';
import { grouped } from '../values/words.js';

export interface Discrepancy {
  invariant: 1 | 2 | 3 | 4;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  serials: number;
  serialMovements: number;
  stockLevels: number;
  discrepancies: Discrepancy[];
  /** total found; `discrepancies` holds at most `limit` of each invariant */
  total: number;
}

const LIMIT = 100;

/** "1 serial is", "2 serials are". */
const serialsAre = (n: number) => (n === 1 ? '1 serial is' : `${grouped(n)} serials are`);

/**
 * A quantity read as text (SQL `cast(... as text)`), exactly: a bigint, so that a level or
 * sum past 2^53 is shown as it is stored rather than rounded. A value that is not an integer
 * (a REAL that crept into the column) is shown as the number it is.
 */
function exact(text: string | null): bigint | number {
  if (text === null) return 0n;
  try {
    return BigInt(text);
  } catch {
    return Number(text);
  }
}

export async function verifyLedger(db: Db): Promise<VerifyReport> {
  const found: Discrepancy[] = [];
  const totals = { 1: 0, 2: 0, 3: 0, 4: 0 };
  const add = (invariant: Discrepancy['invariant'], message: string) => {
    totals[invariant] += 1;
    if (totals[invariant] <= LIMIT) found.push({ invariant, message });
  };
  const products = new Map(
    (await db.selectFrom('products').select(['id', 'code', 'serialized']).execute()).map((p) => [p.id, p]),
  );
  const warehouses = new Map((await db.selectFrom('warehouses').select(['id', 'code']).execute()).map((w) => [w.id, w.code]));
  const pCode = (id: number) => products.get(id)?.code ?? `#${id}`;
  const wCode = (id: number | null) => (id === null ? '(none)' : warehouses.get(id) ?? `#${id}`);

  // 1. Replaying serial_movements reproduces every serial row: its current status and
  //    warehouse are those left by its last movement, which it points at.
  const drifted = await db
    .selectFrom('serials as s')
    .leftJoin('serial_movements as m', 'm.id', 's.last_movement_id')
    .select((eb) => [
      's.serial',
      's.product_id',
      's.status',
      's.warehouse_id',
      's.last_movement_id',
      's.serial_key',
      'm.serial_id as m_serial',
      'm.status_after',
      eb.fn.coalesce('m.to_warehouse_id', 'm.from_warehouse_id').as('m_warehouse'),
      eb.selectFrom('serial_movements as x').select((x) => x.fn.max('x.id').as('id')).whereRef('x.serial_id', '=', 's.id').as('max_id'),
    ])
    .where((eb) =>
      eb.or([
        eb('m.id', 'is', null),
        eb('m.serial_id', '!=', eb.ref('s.id')),
        eb('s.status', '!=', eb.ref('m.status_after')),
        eb('s.warehouse_id', 'is distinct from', eb.fn.coalesce('m.to_warehouse_id', 'm.from_warehouse_id')),
        eb('s.serial_key', '!=', eb.fn<string>('lower', ['s.serial'])),
        eb(
          's.last_movement_id',
          '!=',
          eb.selectFrom('serial_movements as y').select((y) => y.fn.max('y.id').as('id')).whereRef('y.serial_id', '=', 's.id'),
        ),
      ]),
    )
    .execute();
  for (const d of drifted) {
    const label = `serial "${d.serial}" of ${pCode(d.product_id)}`;
    if (d.m_serial === null) add(1, `${label}: its last movement #${d.last_movement_id} does not exist.`);
    else if (d.serial_key !== d.serial.toLowerCase()) add(1, `${label}: key "${d.serial_key}" does not match its text.`);
    else if (Number(d.max_id) !== d.last_movement_id) add(1, `${label}: points at movement #${d.last_movement_id}, but its last movement is #${d.max_id}.`);
    else
      add(
        1,
        `${label}: is ${d.status} in ${wCode(d.warehouse_id)}, but replaying its movements gives ${d.status_after} in ${wCode(d.m_warehouse as number | null)}.`,
      );
  }

  // 4. Each movement starts from the state the previous one left; a serial's first
  //    movement creates it.
  const chain = db
    .selectFrom('serial_movements')
    .select([
      'id',
      'serial_id',
      'status_before',
      'from_warehouse_id',
      sql<SerialStatus | null>`lag(status_after) over (partition by serial_id order by id)`.as('prev_status'),
      sql<number | null>`lag(coalesce(to_warehouse_id, from_warehouse_id)) over (partition by serial_id order by id)`.as('prev_warehouse'),
      sql<number>`row_number() over (partition by serial_id order by id)`.as('seq'),
    ])
    .as('c');
  const broken = await db
    .selectFrom(chain)
    .innerJoin('serials as s', 's.id', 'c.serial_id')
    .select(['c.id', 's.serial', 's.product_id', 'c.status_before', 'c.prev_status', 'c.from_warehouse_id', 'c.prev_warehouse', 'c.seq'])
    .where((eb) =>
      eb.or([
        eb.and([eb('c.seq', '=', 1), eb('c.status_before', 'is not', null)]),
        eb.and([eb('c.seq', '>', 1), eb('c.status_before', 'is distinct from', eb.ref('c.prev_status'))]),
        eb.and([
          eb('c.seq', '>', 1),
          eb('c.status_before', '=', 'available'),
          eb('c.from_warehouse_id', 'is distinct from', eb.ref('c.prev_warehouse')),
        ]),
      ]),
    )
    .execute();
  for (const b of broken) {
    const label = `movement #${b.id} of serial "${b.serial}" of ${pCode(b.product_id)}`;
    if (b.seq === 1) add(4, `${label}: the first movement starts from ${b.status_before} instead of creating the serial.`);
    else if (b.status_before !== b.prev_status) add(4, `${label}: starts from ${b.status_before}, but the serial was ${b.prev_status}.`);
    else add(4, `${label}: leaves ${wCode(b.from_warehouse_id)}, but the serial was in ${wCode(b.prev_warehouse)}.`);
  }
  const twice = await db
    .selectFrom('serials')
    .select((eb) => ['product_id', 'serial_key', eb.fn.countAll<number>().as('n')])
    .groupBy(['product_id', 'serial_key'])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  for (const t of twice) add(4, `serial "${t.serial_key}" of ${pCode(t.product_id)} has ${t.n} records.`);

  // 2. For serialized products, stock = available serials there, in whole units; a
  //    non-serialized product has no available serials.
  const levels = await db.selectFrom('stock_levels').select(['product_id', 'warehouse_id', 'quantity_e4']).execute();
  const available = await db
    .selectFrom('serials')
    .select((eb) => ['product_id', 'warehouse_id', eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'available')
    .groupBy(['product_id', 'warehouse_id'])
    .execute();
  const counts = new Map(available.map((a) => [`${a.product_id}:${a.warehouse_id}`, Number(a.n)]));
  for (const l of levels) {
    const serialized = products.get(l.product_id)?.serialized === 1;
    if (!serialized) continue;
    const key = `${l.product_id}:${l.warehouse_id}`;
    const n = counts.get(key) ?? 0;
    counts.delete(key);
    if (!isWhole(l.quantity_e4)) add(2, `${pCode(l.product_id)} in ${wCode(l.warehouse_id)}: stock ${formatQuantity(l.quantity_e4)} is not a whole number.`);
    else if (l.quantity_e4 !== n * QUANTITY_SCALE)
      add(2, `${pCode(l.product_id)} in ${wCode(l.warehouse_id)}: stock is ${formatQuantity(l.quantity_e4)} but ${serialsAre(n)} available there.`);
  }
  for (const [key, n] of counts) {
    const [p, w] = key.split(':').map(Number) as [number, number];
    const serialized = products.get(p)?.serialized === 1;
    add(
      2,
      serialized
        ? `${pCode(p)} in ${wCode(w)}: ${serialsAre(n)} available but there is no stock.`
        : `${pCode(p)} is not serialized but has ${count(n, 'available serial')} in ${wCode(w)}.`,
    );
  }

  // 3. Summing stock_movements reproduces every stock level. Compared in SQL, and read
  //    back as text: a sum or level read into a JS number past 2^53 rounds, which can hide
  //    a difference (or invent one). Every level and sum must also be within the range a
  //    number holds exactly, or it is shown and summed wrongly everywhere else.
  const sums = db
    .selectFrom('stock_movements')
    .select((eb) => ['product_id', 'warehouse_id', eb.fn.sum<number>('quantity_e4').as('total')])
    .groupBy(['product_id', 'warehouse_id'])
    .as('m');
  const unequal = await db
    .selectFrom('stock_levels as l')
    .leftJoin(sums, (join) => join.onRef('m.product_id', '=', 'l.product_id').onRef('m.warehouse_id', '=', 'l.warehouse_id'))
    .select((eb) => ['l.product_id', 'l.warehouse_id', eb.cast<string>('l.quantity_e4', 'text').as('level'), eb.cast<string | null>('m.total', 'text').as('total')])
    .where((eb) => eb(eb.fn.coalesce('m.total', eb.lit(0)), '!=', eb.ref('l.quantity_e4')))
    .execute();
  for (const u of unequal) {
    add(3, `${pCode(u.product_id)} in ${wCode(u.warehouse_id)}: stock level is ${formatQuantity(exact(u.level))} but its movements sum to ${formatQuantity(exact(u.total))}.`);
  }
  const orphans = await db
    .selectFrom(sums)
    .leftJoin('stock_levels as l', (join) => join.onRef('l.product_id', '=', 'm.product_id').onRef('l.warehouse_id', '=', 'm.warehouse_id'))
    .select((eb) => ['m.product_id', 'm.warehouse_id', eb.cast<string>('m.total', 'text').as('total')])
    .where('l.product_id', 'is', null)
    .where('m.total', '!=', 0)
    .execute();
  for (const o of orphans) add(3, `${pCode(o.product_id)} in ${wCode(o.warehouse_id)}: movements sum to ${formatQuantity(exact(o.total))} but there is no stock level row.`);

  const range = `${formatQuantity(MAX_EXACT_E4)}, the largest stock level held exactly`;
  const bigLevels = await db
    .selectFrom('stock_levels')
    .select((eb) => ['product_id', 'warehouse_id', eb.cast<string>('quantity_e4', 'text').as('level')])
    .where((eb) => eb.or([eb('quantity_e4', '>', eb.lit(MAX_EXACT_E4)), eb('quantity_e4', '<', eb.lit(-MAX_EXACT_E4))]))
    .execute();
  const reported = new Set<string>();
  for (const b of bigLevels) {
    reported.add(`${b.product_id}:${b.warehouse_id}:${b.level}`);
    add(3, `${pCode(b.product_id)} in ${wCode(b.warehouse_id)}: stock level ${formatQuantity(exact(b.level))} is beyond ±${range}.`);
  }
  const bigSums = await db
    .selectFrom(sums)
    .select((eb) => ['m.product_id', 'm.warehouse_id', eb.cast<string>('m.total', 'text').as('total')])
    .where((eb) => eb.or([eb('m.total', '>', eb.lit(MAX_EXACT_E4)), eb('m.total', '<', eb.lit(-MAX_EXACT_E4))]))
    .execute();
  for (const b of bigSums) {
    // the same value as a level reported just above: once is enough
    if (reported.has(`${b.product_id}:${b.warehouse_id}:${b.total}`)) continue;
    add(3, `${pCode(b.product_id)} in ${wCode(b.warehouse_id)}: its movements sum to ${formatQuantity(exact(b.total))}, beyond ±${range}.`);
  }

  // movements against the documents that recorded them
  await documentDiscrepancies(db, (message) => add(4, message));
  await linkDiscrepancies(db, (message) => add(4, message));

  const serialCount = await db.selectFrom('serials').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const movementCount = await db.selectFrom('serial_movements').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const total = totals[1] + totals[2] + totals[3] + totals[4];
  return {
    ok: total === 0,
    serials: Number(serialCount.n),
    serialMovements: Number(movementCount.n),
    stockLevels: levels.length,
    discrepancies: found,
    total,
  };
}
