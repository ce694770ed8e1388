import type { Problem } from '../../errors.js';
import { bulkInsert } from '../../db/bulk-insert.js';
import { anyOf, chunk, listChunk } from '../../db/chunk.js';
import { idAllocator } from '../../db/ids.js';
import { now } from '../values/clock.js';
import { unitsToE4 } from '../values/quantity.js';
import { appendTo } from '../values/collections.js';
import { PerLevel } from './per-level.js';
import * as rules from './rules.js';
import { changeStocks, MOVEMENT_COLUMNS, SERIAL_COLUMNS, setSerialState } from './writes.js';
import { insideUnits } from './lookups.js';
import type { DocumentRef, FrozenLevels } from './types.js';
import type { Db } from '../../db/open.js';
import type { MovementKind, SerialStatus } from '../../db/schema.js';

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
  /** for messages */
  warehouseCode?: string;
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

/**
 * Rows written at a time: memory holds one chunk, and each chunk is a few statements. A
 * chunk is also short-lived enough, at about 4 KB allocated per row, to die in V8's young
 * generation: at 5,000 its rows were promoted, and a 1,000,000-row import peaked at 146-169
 * MB instead of 128-130 MB (npm run bench -- d).
 */
const BULK_CHUNK = 2000;

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
  options: { movement: MovementKind; stock: boolean; report: (problem: BulkProblem) => void; frozen?: FrozenLevels },
): Promise<BulkEntry> {
  const report = options.report;
  // K-3: a level held by a count in progress is named once, on the first row that touches it
  const frozen = options.frozen?.any ? options.frozen : undefined;
  const namedFrozen = new PerLevel<true>();
  let buffer: BulkSerial[] = [];
  const at = now();
  // ids of this import's serials and movements are serialBase + seq, seq counting from 1;
  // blocks are taken a chunk at a time (the allocator hands them out one after another)
  const serialIds = await idAllocator(trx, 'serials');
  const movementIds = await idAllocator(trx, 'serial_movements');
  const serialBase = serialIds.take(0) - 1;
  const movementBase = movementIds.take(0) - 1;
  let seq = 0;
  let lines = new Int32Array(1 << 16); // line of each new serial, by seq
  const returning = new Map<string, Returning>();
  const counts = new PerLevel<{ productId: number; warehouseId: number; serials: number }>();
  const count = (productId: number, warehouseId: number) => {
    let c = counts.get(productId, warehouseId);
    if (!c) counts.set(productId, warehouseId, (c = { productId, warehouseId, serials: 0 }));
    c.serials += 1;
  };
  const movementRow = (id: number, serialId: number, before: SerialStatus | null, warehouseId: number, unitCost: number | null) => [
    id, serialId, options.movement, doc.type, doc.id, doc.number, null, null, warehouseId, before, 'available', unitCost, at,
  ];

  /** Writes a chunk of rows; the serials table's unique index turns away the known ones. */
  async function write(rows: readonly BulkSerial[]): Promise<void> {
    serialIds.take(rows.length);
    movementIds.take(rows.length);
    const serialRows: unknown[][] = [];
    const seqs: number[] = [];
    for (const r of rows) {
      const holder = frozen?.by(r.productId, r.warehouseId);
      if (holder && !namedFrozen.get(r.productId, r.warehouseId)) {
        namedFrozen.set(r.productId, r.warehouseId, true);
        report({ line: r.line, ...rules.frozenLevel(r.productCode, r.warehouseCode ?? String(r.warehouseId), holder) });
      }
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
      for (const part of chunk([...keys], listChunk(trx))) {
        const found = await trx
          .selectFrom('serials as x')
          .leftJoin('warehouses as w', 'w.id', 'x.warehouse_id')
          .innerJoin('serial_movements as m', 'm.id', 'x.last_movement_id')
          .select(['x.id', 'x.serial', 'x.serial_key', 'x.status', 'w.code as warehouse', 'm.document_number'])
          .where('x.product_id', '=', productId)
          .where(anyOf(trx, 'x.serial_key', part))
          .execute();
        for (const f of found) known.set(`${productId}:${f.serial_key}`, f);
      }
    }
    // a component inside an assembled unit waits for its disassembly (M-4), whatever its status
    const consumed = [...known.values()].filter((x) => x.status !== 'available').map((x) => x.id);
    const inside = consumed.length ? await insideUnits(trx, consumed) : undefined;
    for (const { r } of conflicts) {
      const mapKey = `${r.productId}:${r.key}`;
      // the insert was turned away by the unique index, so the row exists
      const x = known.get(mapKey) as NonNullable<ReturnType<typeof known.get>>;
      const earlier = x.id > serialBase ? lines[x.id - serialBase] : returning.get(mapKey)?.line;
      const unit = inside?.get(x.id);
      const problem =
        earlier !== undefined
          ? rules.repeatedSerial(r.serial, r.productCode, `on line ${earlier}`)
          : unit
            ? rules.insideUnit(x.serial, r.productCode, unit)
            : rules.enteringProblem({ serial: x.serial, status: x.status, warehouse: x.warehouse ?? '(none)', lastDocument: x.document_number }, r.productCode);
      if (problem) {
        report({ line: r.line, ...problem });
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
      const list = [...returning.values()];
      let movementId = movementIds.take(list.length) - 1;
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
