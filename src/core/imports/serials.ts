// Import Serial Numbers (RULES.md I-1): Unleashed's layout `Product Code, [Product
// Description,] Warehouse Code, Serial Number`, for products that have stock and are on no
// open document. Per product and warehouse the serials must equal the stock there (P-5);
// the import serializes those products. Streamed and staged like opening stock.
import { frozenLevels } from '../documents/stock-freeze.js';

import { now } from '../values/clock.js';
import { chunk, IN_LIST } from '../../db/chunk.js';
import { codeKey } from '../values/codes.js';
import * as ledger from '../ledger/index.js';
import type { Problem } from '../../errors.js';
import { shown } from '../../errors.js';
import { checkSerializable, checkSerialCounts, stockByWarehouse } from '../stock/product-serialization.js';
import { checkSerial, quoteSerial } from '../values/serial-text.js';
import type { Db } from '../../db/open.js';
import { cell, mapHeader, type ColumnSpec } from './columns.js';
import { createImportDocument, importTransaction, loadCodeMaps, readHeader, dataRows, setImportRows, type ImportInput, type ImportResult } from './common.js';
import { ImportRejectedError, ProblemSink } from './sink.js';

type Field = 'product' | 'warehouse' | 'serial';

const COLUMNS: ColumnSpec<Field>[] = [
  { field: 'product', name: 'Product Code', required: true },
  { field: 'warehouse', name: 'Warehouse Code', required: true },
  { field: 'serial', name: 'Serial Number', required: true },
];

export async function importSerials(db: Db, input: ImportInput): Promise<ImportResult> {
  const sink = new ProblemSink(input.file, input.onProblem);
  const { header, rest } = await readHeader(input.records);
  const index = mapHeader(header, COLUMNS, input.file, { reportColumns: true });
  /** products in the file, with the first line naming each */
  const products = new Map<number, { id: number; code: string; neverDiminishing: boolean; line: number }>();
  let rows = 0;
  let number: string | null = null;
  const written = { serials: 0, productsSerialized: 0, rows: 0 };
  let returning = 0;

  await importTransaction(db, async (trx) => {
    const maps = await loadCodeMaps(trx);
    const doc = await createImportDocument(trx, 'serials', input.file, 0);
    // P-5: the stock is there already; the serials are added to it
    const frozen = await frozenLevels(trx);
    const entry = await ledger.startBulkEntry(trx, doc, { movement: 'serialize', stock: false, report: (p) => sink.at(p.line, p.code === 'stock_frozen' ? 'Warehouse Code' : 'Serial Number', p), frozen });
    for await (const { line, values } of dataRows(rest, sink, header.length)) {
      rows += 1;
      if (rows % 1_000 === 0) input.onProgress?.(rows);
      const productCode = cell(values, index, 'product');
      const warehouseCode = cell(values, index, 'warehouse');
      const serialText = index.serial === undefined ? '' : (values[index.serial] ?? '');
      const status = cell(values, index, 'status');
      if (status !== '' && status.toLowerCase() !== 'available') {
        sink.at(line, 'Status', { code: 'not_available', message: `Serial ${quoteSerial(serialText.trim())} has status ${shown(status)}; only serials of stock on hand can be imported.`, fix: 'Remove the row.' });
        continue;
      }
      const product = maps.products.get(codeKey(productCode));
      const warehouse = maps.warehouses.get(codeKey(warehouseCode));
      if (!product) sink.at(line, 'Product Code', { code: 'unknown_product', message: `There is no product ${shown(productCode)}.`, fix: 'Correct the code, or import products first.', product: productCode });
      else if (product.serialized) {
        sink.at(line, 'Product Code', { code: 'already_serialized', message: `Product ${product.code} is already serialized.`, fix: 'Give serials of serialized products on receipts or adjustments instead.', product: product.code });
      }
      if (!warehouse) sink.at(line, 'Warehouse Code', { code: 'unknown_warehouse', message: `There is no warehouse ${shown(warehouseCode)}.`, fix: 'Correct the code, or import warehouses first.', warehouse: warehouseCode });
      const checked = checkSerial(serialText);
      if (!checked.ok) {
        sink.at(line, 'Serial Number', { code: 'invalid_serial', message: `Serial ${quoteSerial(serialText)} ${checked.reason}.`, fix: 'Correct the serial: 1 to 50 printable ASCII characters.', serial: serialText, product: productCode });
      }
      if (!product || product.serialized || !warehouse || !checked.ok) continue;
      if (!products.has(product.id)) products.set(product.id, { ...product, line });
      await entry.add({ line, productId: product.id, productCode: product.code, warehouseId: warehouse.id, warehouseCode: warehouse.code, serial: checked.text, key: checked.key, unitCost: null });
    }
    await entry.flush();
    input.onProgress?.(rows);
    const warehouseCodes = new Map([...maps.warehouses.values()].map((w) => [w.id, w.code]));
    await checkProducts(trx, [...products.values()], entry.counts(), (id) => warehouseCodes.get(id) ?? `#${id}`, sink);
    const applied = await entry.finish();
    for (const part of chunk([...products.keys()], IN_LIST)) {
      await trx.updateTable('products').set({ serialized: 1, updated_at: now() }).where('id', 'in', part).execute();
    }
    await setImportRows(trx, doc.id, rows);
    Object.assign(written, { serials: applied.serialsCreated + applied.serialsReturned, productsSerialized: products.size, rows });
    returning = applied.serialsReturned;
    number = doc.number;
    return sink.total === 0 && !input.dryRun;
  });
  if (sink.total > 0) throw new ImportRejectedError(sink);
  return { kind: 'serials', file: input.file, dryRun: input.dryRun === true, rows, number: input.dryRun ? null : number, written, returningCount: returning };
}

/**
 * P-1, P-2, P-4 and P-5 for every product in the file, once each: the checks of
 * `product serialize`, with the serials staged per warehouse as the ones given. Problems
 * are reported at the product's first line.
 */
async function checkProducts(
  db: Db,
  products: { id: number; code: string; neverDiminishing: boolean; line: number }[],
  counts: { productId: number; warehouseId: number; serials: number }[],
  warehouseCode: (id: number) => string,
  sink: ProblemSink,
): Promise<void> {
  const staged = new Map<number, Map<number, number>>();
  for (const c of counts) {
    const perWarehouse = staged.get(c.productId) ?? new Map<number, number>();
    perWarehouse.set(c.warehouseId, c.serials);
    staged.set(c.productId, perWarehouse);
  }
  for (const product of products) {
    const problems: Problem[] = [];
    await checkSerializable(db, product, problems);
    const given = staged.get(product.id) ?? new Map<number, number>();
    const warehouses = new Map<number, { code: string; stockE4: number; given: number }>();
    for (const s of await stockByWarehouse(db, product.id)) warehouses.set(s.id, { code: s.code, stockE4: s.quantity_e4, given: given.get(s.id) ?? 0 });
    for (const [id, n] of given) if (!warehouses.has(id)) warehouses.set(id, { code: warehouseCode(id), stockE4: 0, given: n });
    checkSerialCounts(product, warehouses.values(), problems);
    for (const p of problems) sink.at(product.line, p.code === 'serial_count_mismatch' || p.code === 'fractional_stock' ? 'Serial Number' : 'Product Code', p);
  }
}
