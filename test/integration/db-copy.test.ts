// serials db copy (issue 13, item 5), in process: a ledger with every kind of document copied
// to a new SQLite file — and through PostgreSQL and back when a server is configured
// (SERIALS_TEST_PG) — reads back the same: every row of every table, enquiry, history of every
// serial, stock on hand, db verify. The source is read in one snapshot while it is written;
// a copy that fails half-way leaves its target as it was; tables bigger than a chunk are
// copied whole. The command itself (refusals, progress, --json, exit codes) is in
// test/e2e/db-copy.test.ts.

import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { serials } from '../helpers/core.js';
import { forEachEngine, type Engine } from '../helpers/engines.js';
import { buildPumps, rebuild } from '../helpers/genealogy.js';
import { newLedger, tempDir, type TestLedger } from '../helpers/ledger.js';
import { COPY_TABLES, copyLedger, countRows, targetIsNew, type CopyWatcher } from '../../src/db/copy.js';
import { createAt, createLedger, openAt, type Db, type Ledger } from '../../src/db/open.js';
import { parseLocation, type LedgerLocation } from '../../src/db/location.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { LEDGER_TABLES } from '../../src/db/schema-objects.js';
import { migrations } from '../../migrations/index.js';
import { verifyLedger } from '../../src/core/ledger/verify.js';
import { enquire } from '../../src/core/reports/enquiry.js';
import { serialHistory } from '../../src/core/reports/history.js';
import { stockOnHand } from '../../src/core/reports/stock-on-hand.js';
import { addEntry } from '../../src/core/master-data/directory.js';
import { adjustStock } from '../../src/core/stock/adjustments.js';
import { createPurchaseOrder } from '../../src/core/purchasing/purchase-orders.js';
import { receivePurchaseOrder } from '../../src/core/purchasing/purchase-receipts.js';
import { createSupplierReturn } from '../../src/core/purchasing/supplier-returns.js';
import { createSalesOrder } from '../../src/core/sales/sales-orders.js';
import { assignSerials } from '../../src/core/sales/serial-assignments.js';
import { shipSalesOrder } from '../../src/core/sales/shipments.js';
import { createCredit } from '../../src/core/sales/credits.js';
import { createTransfer } from '../../src/core/stock/transfers.js';
import { createCount } from '../../src/core/counts/create.js';
import { startCount } from '../../src/core/counts/status.js';
import { scanCount } from '../../src/core/counts/scans.js';
import { completeCount } from '../../src/core/counts/complete.js';
import { importOpeningStock } from '../../src/core/imports/opening-stock.js';
import type { ImportRecord } from '../../src/core/imports/common.js';
import { RejectedError } from '../../src/errors.js';

const PG_ADMIN = process.env.SERIALS_TEST_PG;

async function* records(lines: string[][]): AsyncIterable<ImportRecord> {
  for (const [i, values] of lines.entries()) yield { line: i + 1, values };
}

/**
 * Every kind of document on top of the pumps (receipts, assemblies, a disassembly, a
 * shipment): an opening-stock import, a supplier return, a customer credit, adjustments, a
 * transfer, a completed stock count, an open order with an assigned serial and a parked
 * shipment.
 */
async function buildEverything(ledger: TestLedger): Promise<void> {
  await buildPumps(ledger);
  await rebuild(ledger);
  // an import runs its own transaction
  await ledger.write(async () => undefined);
  await importOpeningStock(ledger.db, { file: 'opening.csv', records: records([['Product Code', 'Warehouse Code', 'Quantity'], ['CABLE', 'BACK', '2.5']]) });
  await ledger.write(async (db) => {
    const po = await createPurchaseOrder(db, { supplier: 'ACME', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '4', unitCost: 12.5 }] });
    await receivePurchaseOrder(db, { purchaseOrder: po.number, serials: serials('W-1', 'W-2', 'W-3', 'w\\tab "4"') });
    await createSupplierReturn(db, { purchaseOrder: po.number, product: 'WIDGET', serials: serials('W-3') });
    await createCredit(db, { salesOrder: 'SO-00000001', product: 'PUMP', serials: serials('P-1') });
    await adjustStock(db, { direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '10.25', serials: [], reason: 'found, ünïcode reason' });
    await adjustStock(db, { direction: 'out', warehouse: 'MAIN', product: 'COIL', serials: serials('C-6'), reason: 'damaged' });
    await createTransfer(db, { from: 'MAIN', to: 'BACK', product: 'COIL', serials: serials('C-4'), lines: [{ product: 'CABLE', quantity: '1.5' }] });
    const count = await createCount(db, { warehouse: 'BACK', products: ['COIL'] });
    await startCount(db, count.number);
    await scanCount(db, { number: count.number }, [[{ raw: 'C-4' }]]);
    await completeCount(db, { number: count.number });
    const so = await createSalesOrder(db, { customer: 'BAKER', warehouse: 'MAIN', lines: [{ product: 'WIDGET', quantity: '2', unitPrice: 30 }] });
    await assignSerials(db, { salesOrder: so.number, product: 'WIDGET', serials: serials('W-1') });
    await shipSalesOrder(db, { salesOrder: so.number, product: 'WIDGET', quantity: '1', serials: [], park: true });
    await addEntry(db, 'warehouse', { code: 'EMPTY' });
  });
}

/** Every row of every copied table, in key order: what must be the same after a copy. */
async function dump(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const { table, key } of COPY_TABLES) {
    let q = (db as Db & { selectFrom(t: string): any }).selectFrom(table).selectAll(); // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const k of key) q = q.orderBy(k);
    out[table] = await q.execute();
  }
  return out;
}

/** What a person sees of the ledger: enquiry of every serial, each serial's history, stock on hand, verify. */
async function reports(db: Db): Promise<unknown> {
  const enquiry = await enquire(db, {});
  const histories: Record<string, unknown> = {};
  for (const row of enquiry) histories[`${row.product}/${row.serial}`] = await serialHistory(db, row.serial, row.product);
  const report = await verifyLedger(db);
  return { enquiry, histories, soh: await stockOnHand(db), verify: { ok: report.ok, serials: report.serials, movements: report.serialMovements, levels: report.stockLevels } };
}

/** Copies `source` to `to`, a location with no ledger yet (a new file, an empty database), as db copy does. */
async function copyTo(source: Ledger, to: LedgerLocation, watcher: CopyWatcher = {}, chunk?: number) {
  expect(await targetIsNew(to)).toBe(true);
  return createAt(to, {}, (db) => copyLedger(source, { db, replace: false, name: to.name }, verifyLedger, watcher, { chunk }));
}

const dirs: string[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function newFile(name = 'copy.db'): LedgerLocation {
  const dir = tempDir('serials-copy-');
  dirs.push(dir);
  return parseLocation(join(dir, name), 'test');
}

/** A new, empty PostgreSQL database on the test server, dropped after the test. */
async function newPgDatabase(): Promise<LedgerLocation> {
  const pg = (await import('pg')).default;
  const name = `d_copy_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: PG_ADMIN });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  });
  const url = new URL(PG_ADMIN!);
  url.pathname = `/${name}`;
  return parseLocation(url.toString(), 'test');
}

async function opened(location: LedgerLocation): Promise<Ledger> {
  const ledger = await openAt(location);
  cleanups.push(() => ledger.close());
  return ledger;
}

describe('the copy list', () => {
  it('names every table of the schema but the migrator lock, parents before children', () => {
    expect(COPY_TABLES.map((t) => t.table).sort()).toEqual(LEDGER_TABLES.filter((t) => t !== 'kysely_migration_lock').sort());
    const dir = tempDir('serials-copy-');
    dirs.push(dir);
    const path = join(dir, 'fresh.db');
    return createLedger(path, {}, (db) => migrateToLatest(db)).then(() => {
      const file = new BetterSqlite3(path, { readonly: true });
      try {
        const position = new Map(COPY_TABLES.map((t, i) => [t.table, i]));
        for (const { table, key } of COPY_TABLES) {
          const parents = file.prepare('select "table" as parent from pragma_foreign_key_list(?)').all(table) as { parent: string }[];
          for (const { parent } of parents) expect(position.get(parent), `${table} references ${parent}`).toBeLessThan(position.get(table)!);
          const pk = (file.prepare('select name from pragma_table_info(?) where pk > 0 order by pk').all(table) as { name: string }[]).map((c) => c.name);
          expect(pk, `${table}'s key`).toEqual(key);
        }
      } finally {
        file.close();
      }
    });
  });
});

forEachEngine((engine: Engine) => {
  let source: TestLedger;
  beforeEach(async () => {
    source = await newLedger(engine);
  });

  // SQLite to a file, to PostgreSQL and back to a file; PostgreSQL to a file (SQLite's run covers a file to PostgreSQL)
  const route = engine === 'sqlite' && PG_ADMIN ? 'to a new file, to PostgreSQL and back' : 'to a new file';
  it(`a ledger with every kind of document copied ${route} reads back the same: rows, enquiry, history, soh, verify`, async () => {
    await buildEverything(source);
    const before = { rows: await dump(source.db), reports: await reports(source.db) };
    expect((before.reports as { verify: { ok: boolean } }).verify.ok).toBe(true);

    let current: Ledger = source;
    const hops: LedgerLocation[] = [newFile('first.db')];
    if (engine === 'sqlite' && PG_ADMIN) hops.push(await newPgDatabase(), newFile('back.db'));
    for (const to of hops) {
      // small chunks: every table of more than 3 rows is read in several, by its key
      const result = await copyTo(current, to, {}, 3);
      expect(result.report.ok).toBe(true);
      expect(result.tables).toEqual(await countRows(source.db));
      current = await opened(to);
      expect(await dump(current.db), `rows after copying to ${to.engine}`).toEqual(before.rows);
      expect(await reports(current.db), `reports after copying to ${to.engine}`).toEqual(before.reports);
    }
    // the copy is a ledger like any other: the next ids follow the copied ones (PostgreSQL's sequences moved past them)
    for (const to of hops) {
      const ledger = to === hops.at(-1) ? current : await opened(to);
      await ledger.db.transaction().execute((db) => addEntry(db, 'warehouse', { code: 'AFTER' }));
      const ids = (await ledger.db.selectFrom('warehouses').select(['id', 'code']).orderBy('id').execute()).map((w) => w.code);
      expect(ids.at(-1)).toBe('AFTER');
      expect((await verifyLedger(ledger.db)).ok).toBe(true);
    }
  });

  it('the source is read in one snapshot: what is written to it during the copy is not in the copy, and the copy verifies', async () => {
    await buildEverything(source);
    const at = await countRows(source.db);
    const writer = await openAt(source.path);
    cleanups.push(() => writer.close());
    let wrote = false;
    const result = await copyTo(source, newFile(), {
      async copied(table) {
        if (table !== 'products' || wrote) return;
        wrote = true;
        // another command, on its own connection, while the copy has read half the ledger
        await writer.db.transaction().execute((db) => adjustStock(db, { direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('LATE-1', 'LATE-2'), reason: 'during the copy' }));
      },
    });
    expect(wrote).toBe(true);
    expect(result.tables).toEqual(at);
    expect(result.report.ok).toBe(true);
    expect((await countRows(source.db)).find((t) => t.table === 'serials')!.rows).toBe(at.find((t) => t.table === 'serials')!.rows + 2);
  });

  it('a copy that fails half-way leaves a new target missing and a replaced ledger as it was', async () => {
    await buildEverything(source);
    const boom = (at: string): CopyWatcher => ({
      copied(table) {
        if (table === at) throw new Error(`stopped after ${at}`);
      },
    });
    const fresh = newFile();
    await expect(copyTo(source, fresh, boom('serials'))).rejects.toThrow('stopped after serials');
    expect(existsSync((fresh as { path: string }).path)).toBe(false);
    expect(readdirSync(join((fresh as { path: string }).path, '..'))).toEqual([]);

    // a ledger that is replaced: its own content stays until the copy commits
    const old = newFile('old.db');
    await createAt(old, {}, async (db) => {
      await migrateToLatest(db);
      await db.transaction().execute((trx) => addEntry(trx, 'warehouse', { code: 'OLD' }));
    });
    const target = await opened(old);
    const was = await dump(target.db);
    await expect(copyLedger(source, { db: target.db, replace: true, name: old.name }, verifyLedger, boom('stock_levels'))).rejects.toThrow('stopped after stock_levels');
    expect(await dump(target.db)).toEqual(was);
    // and with nothing in the way it is replaced whole
    const result = await copyLedger(source, { db: target.db, replace: true, name: old.name }, verifyLedger);
    expect(result.report.ok).toBe(true);
    expect(await dump(target.db)).toEqual(await dump(source.db));
  });

  it('tables bigger than a chunk are copied whole, composite keys included', async () => {
    const chunk = 40;
    const n = 4 * chunk + 7;
    await source.write(async (db) => {
      await addEntry(db, 'warehouse', { code: 'MAIN' });
      const { enableSerialTracking } = await import('../../src/core/master-data/settings.js');
      const { addProduct } = await import('../../src/core/master-data/products.js');
      await enableSerialTracking(db);
      await addProduct(db, { code: 'BOLT', serialized: true });
      await adjustStock(db, { direction: 'in', warehouse: 'MAIN', product: 'BOLT', serials: Array.from({ length: n }, (_, i) => ({ raw: `B-${i}` })), reason: 'bulk' });
      // a count expects every one of them: stock_count_expected is keyed on two columns
      await createCount(db, { warehouse: 'MAIN' });
    });
    const to = newFile();
    const chunks: number[] = [];
    const result = await copyTo(source, to, { copying: (table, done) => void (table === 'stock_count_expected' && chunks.push(done)) }, chunk);
    expect(chunks).toEqual([0, 40, 80, 120, 160, n]);
    const rows = new Map(result.tables.map((t) => [t.table, t.rows]));
    expect(rows.get('serials')).toBe(n);
    expect(rows.get('stock_count_expected')).toBe(n);
    const copy = await opened(to);
    expect(await dump(copy.db)).toEqual(await dump(source.db));
  });

  it('a source at an older schema is not copied (exit 1: run db migrate first), and nothing is created', async () => {
    const older = newFile('older.db');
    const all = Object.keys(migrations).sort();
    await createAt(older, {}, (db) => migrateToLatest(db, Object.fromEntries(all.slice(0, -1).map((m) => [m, migrations[m]!]))));
    const old = await opened(older);
    const to = newFile();
    const error = await copyTo(old, to).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RejectedError);
    expect((error as RejectedError).code).toBe('migrations_pending');
    expect((error as RejectedError).fix).toContain('serials db migrate');
    expect(existsSync((to as { path: string }).path)).toBe(false);
  });
});
