// Opening stock (RULES.md I-2, I-3): `Product Code, Warehouse Code, Quantity, [Unit Cost],
// [Serial Number]`. A serialized product takes one serial per unit, either one row per
// serial, or Unleashed's grouped layout: the first row of a group carries the product,
// warehouse and quantity, and the rows after it carry only further serials.
//
// The file is read as a stream inside one write transaction: per-row checks happen as rows
// arrive, serials are entered in chunks through the ledger's bulk entry (which finds
// repeats and serials already in stock), and if any problem was found — or for a dry run —
// the transaction is rolled back: nothing is written unless the whole file is good.

import { codeKey } from '../values/codes.js';
import { shown } from '../../errors.js';
import * as ledger from '../ledger/index.js';
import { formatQuantity, isExact, isWhole, parseQuantity, QUANTITY_SCALE } from '../values/quantity.js';
import { checkSerial, quoteSerial } from '../values/serial-text.js';
import type { Db } from '../../db/open.js';
import { cell, mapHeader, type ColumnSpec } from './columns.js';
import { createImportDocument, importTransaction, loadCodeMaps, readHeader, dataRows, setImportRows, type ImportInput, type ImportResult } from './common.js';
import { ImportRejectedError, ProblemSink } from './sink.js';
import { count } from '../values/words.js';
import { frozenLevels } from '../documents/stock-freeze.js';

type Field = 'product' | 'warehouse' | 'quantity' | 'unitCost' | 'serial';

const COLUMNS: ColumnSpec<Field>[] = [
  { field: 'product', name: 'Product Code', required: true },
  { field: 'warehouse', name: 'Warehouse Code', required: true },
  { field: 'quantity', name: 'Quantity' },
  { field: 'unitCost', name: 'Unit Cost' },
  { field: 'serial', name: 'Serial Number' },
];

/** The rows of one non-serialized product and warehouse, summed into one stock change. */
interface Quantity {
  product: ledger.ProductRef;
  warehouse: { id: number; code: string };
  e4: number;
  firstLine: number;
  lastLine: number;
  /** the row at which the sum alone went past the exact range, if it did */
  pastExactAt?: number;
}

interface Group {
  line: number;
  product: { id: number; code: string };
  warehouse: { id: number; code: string };
  units: number;
  serials: number;
  lastLine: number;
  /** the group row's cost, for the serial-only rows after it that give none */
  unitCost: number | null;
}

export async function importOpeningStock(db: Db, input: ImportInput): Promise<ImportResult> {
  const sink = new ProblemSink(input.file, input.onProblem);
  const { header, rest } = await readHeader(input.records);
  const index = mapHeader(header, COLUMNS, input.file, { reportColumns: true });
  // Non-serialized quantities, per product and warehouse: bounded by the master data.
  const quantities = new Map<string, Quantity>();
  let group: Group | undefined;
  let rows = 0;

  const closeGroup = () => {
    if (group && group.serials !== group.units) {
      sink.at(group.line, 'Quantity', {
        code: 'serial_count_mismatch',
        message: `Product ${group.product.code} in ${group.warehouse.code}: quantity ${group.units} needs ${count(group.units, 'serial')}, but lines ${group.line}–${group.lastLine} give ${group.serials}.`,
        fix: 'Give one serial per unit: one row per serial, or a quantity row followed by rows with only a Serial Number.',
        product: group.product.code,
        warehouse: group.warehouse.code,
      });
    }
    group = undefined;
  };

  const written = { serials: 0, stockLevels: 0, rows: 0 };
  let returning = 0;
  let number: string | null = null;
  await importTransaction(db, async (trx) => {
    const maps = await loadCodeMaps(trx);
    const doc = await createImportDocument(trx, 'opening-stock', input.file, 0);
    const frozen = await frozenLevels(trx);
    const entry = await ledger.startBulkEntry(trx, doc, { movement: 'import', stock: true, report: (p) => sink.at(p.line, p.code === 'stock_frozen' ? 'Warehouse Code' : 'Serial Number', p), frozen });
    for await (const { line, values } of dataRows(rest, sink, header.length)) {
      rows += 1;
      if (rows % 1_000 === 0) input.onProgress?.(rows);
      const productCode = cell(values, index, 'product');
      const warehouseCode = cell(values, index, 'warehouse');
      const quantityText = cell(values, index, 'quantity');
      const costText = cell(values, index, 'unitCost');
      const serialText = index.serial === undefined ? '' : (values[index.serial] ?? '');
      const status = cell(values, index, 'status');
      if (status !== '' && status.toLowerCase() !== 'available') {
        sink.at(line, 'Status', {
          code: 'not_available',
          message: `Serial ${quoteSerial(serialText.trim())} has status ${shown(status)}; only available stock can be imported as opening stock.`,
          fix: 'Export with --status available, or remove the row.',
        });
        continue;
      }

      let unitCost: number | null = null;
      if (costText !== '') {
        unitCost = Number(costText);
        if (!Number.isFinite(unitCost) || unitCost < 0) {
          sink.at(line, 'Unit Cost', { code: 'invalid_cost', message: `Unit cost ${shown(costText)} is not a number of zero or more.`, fix: 'Write a cost like 12.50, or leave it empty.' });
          unitCost = null;
        }
      }

      if (productCode === '') {
        // a continuation row of the grouped layout: only a serial
        if (warehouseCode !== '' || quantityText !== '' || serialText.trim() === '') {
          sink.at(line, 'Product Code', {
            code: 'product_required',
            message: 'Product Code is empty.',
            fix: 'Give the product on every row, or leave a continuation row with only a Serial Number.',
          });
          continue;
        }
        if (!group) {
          sink.at(line, 'Serial Number', {
            code: 'serial_without_group',
            message: `Serial ${quoteSerial(serialText.trim())} does not follow a row of a serialized product.`,
            fix: 'Put a row with Product Code, Warehouse Code and Quantity before the rows that carry only serials.',
          });
          continue;
        }
      } else {
        closeGroup();
        const product = maps.products.get(codeKey(productCode));
        const warehouse = maps.warehouses.get(codeKey(warehouseCode));
        if (!product) {
          sink.at(line, 'Product Code', { code: 'unknown_product', message: `There is no product ${shown(productCode)}.`, fix: 'Import products first (serials import products), or correct the code.', product: productCode });
        }
        if (!warehouse) {
          sink.at(line, 'Warehouse Code', {
            code: warehouseCode === '' ? 'warehouse_required' : 'unknown_warehouse',
            message: warehouseCode === '' ? 'Warehouse Code is empty.' : `There is no warehouse ${shown(warehouseCode)}.`,
            fix: 'Import warehouses first (serials import warehouses), or correct the code.',
            warehouse: warehouseCode,
          });
        }
        let e4: number | undefined;
        if (quantityText === '' && serialText.trim() !== '') {
          e4 = QUANTITY_SCALE; // one row per serial
        } else {
          const q = parseQuantity(quantityText);
          if (!q.ok) sink.at(line, 'Quantity', { code: 'invalid_quantity', message: `Quantity: ${q.reason}.`, fix: 'Give a positive quantity.' });
          else e4 = q.e4;
        }
        if (!product || !warehouse || e4 === undefined) continue;
        if (!product.serialized) {
          if (serialText.trim() !== '') {
            sink.at(line, 'Serial Number', {
              code: 'not_serialized',
              message: `Product ${product.code} is not serialized, so the row cannot carry a serial.`,
              fix: `Leave Serial Number empty, or serialize ${product.code} first.`,
              product: product.code,
            });
            continue;
          }
          const key = `${product.id}:${warehouse.id}`;
          const sum = quantities.get(key) ?? { product, warehouse, e4: 0, firstLine: line, lastLine: line };
          sum.e4 += e4;
          sum.lastLine = line;
          if (sum.pastExactAt === undefined && !isExact(sum.e4)) sum.pastExactAt = line;
          quantities.set(key, sum);
          continue;
        }
        if (!isWhole(e4)) {
          sink.at(line, 'Quantity', {
            code: 'fractional_serialized_quantity',
            message: `Product ${product.code} is serialized, so its quantity must be a whole number, not ${formatQuantity(e4)}.`,
            fix: 'Give a whole number of units: a serialized product is counted in whole units.',
            product: product.code,
          });
          continue;
        }
        group = { line, product, warehouse, units: e4 / QUANTITY_SCALE, serials: 0, lastLine: line, unitCost };
        if (serialText.trim() === '') continue;
      }

      // a serial of the current group
      const current = group as Group;
      current.lastLine = line;
      current.serials += 1;
      const checked = checkSerial(serialText);
      if (!checked.ok) {
        sink.at(line, 'Serial Number', {
          code: 'invalid_serial',
          message: `Serial ${quoteSerial(serialText)} ${checked.reason}.`,
          fix: 'Correct the serial: 1 to 50 printable ASCII characters.',
          serial: serialText,
          product: current.product.code,
        });
        continue;
      }
      await entry.add({
        line,
        productId: current.product.id,
        productCode: current.product.code,
        warehouseId: current.warehouse.id,
        warehouseCode: current.warehouse.code,
        serial: checked.text,
        key: checked.key,
        unitCost: costText === '' ? current.unitCost : unitCost,
      });
    }
    closeGroup();
    input.onProgress?.(rows);
    const applied = await entry.finish();
    const sums = [...quantities.values()];
    const ops: ledger.InOp[] = sums.map((q) => ({ op: 'in', movement: 'import', product: q.product, warehouse: q.warehouse, quantityE4: q.e4, serials: [] }));
    // The ledger checks each product and warehouse's total once (a level past the exact
    // range); a problem goes to the row that took the total past it, else the last row.
    const checked = await ledger.check(trx, ops, [], { frozen });
    const byCodes = new Map(sums.map((q) => [`${codeKey(q.product.code)}:${codeKey(q.warehouse.code)}`, q]));
    for (const p of checked.problems) {
      const q = byCodes.get(`${codeKey(p.product ?? '')}:${codeKey(p.warehouse ?? '')}`);
      const extent = q && q.lastLine > q.firstLine ? ` The file's rows for ${q.product.code} in ${q.warehouse.code}, from line ${q.firstLine} to line ${q.lastLine}, are added together.` : '';
      sink.at(q?.pastExactAt ?? q?.lastLine ?? 0, 'Quantity', { ...p, message: p.message + extent });
    }
    if (checked.problems.length === 0) await ledger.apply(trx, checked.plan, doc);
    await setImportRows(trx, doc.id, rows);
    // stock levels changed: serialized products (by their serials) and the others; P-7: a
    // Never Diminishing product's rows change none
    const levelsChanged = entry.counts().length + ops.filter((op) => ledger.holdsStock(op.product)).length;
    Object.assign(written, { serials: applied.serialsCreated + applied.serialsReturned, stockLevels: levelsChanged, rows });
    returning = applied.serialsReturned;
    number = doc.number;
    return sink.total === 0 && !input.dryRun;
  });
  if (sink.total > 0) throw new ImportRejectedError(sink);
  return {
    kind: 'opening-stock',
    file: input.file,
    dryRun: input.dryRun === true,
    rows,
    number: input.dryRun ? null : number,
    written,
    returningCount: returning,
  };
}
