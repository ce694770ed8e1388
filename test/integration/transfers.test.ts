// Warehouse transfers (RULES.md T-1) in-process, on a real ledger of each engine: one ledger
// move per product, the same serial records, one movement from → to, stock levels moving
// with them, and every problem of a refused transfer reported at once with nothing written.

import { beforeEach, describe, expect, it } from 'vitest';
import { commandsFor, expectLedgerVerifies, rejected, serials } from '../helpers/core.js';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { addProduct } from '../../src/core/master-data/products.js';
import { addEntry } from '../../src/core/master-data/directory.js';
import { createTransfer, listTransfers, showTransfer, type TransferInput } from '../../src/core/stock/transfers.js';
import { enquire } from '../../src/core/reports/enquiry.js';
import { serialHistory } from '../../src/core/reports/history.js';

let ledger: TestLedger;
const { adjust, soh } = commandsFor(() => ledger);

const transfer = (input: Partial<TransferInput> & Pick<TransferInput, 'from' | 'to'>) => ledger.write((db) => createTransfer(db, { serials: [], ...input }));

async function transferCount(): Promise<number> {
  return (await ledger.db.selectFrom('transfers').select('id').execute()).length;
}

async function warehouseId(code: string): Promise<number> {
  return (await ledger.db.selectFrom('warehouses').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

forEachEngine((engine) => {
  beforeEach(async () => {
    ledger = await newLedger(engine);
    await seed(ledger);
    await ledger.write(async (db) => {
      await addProduct(db, { code: 'GADGET', serialized: true });
      await addProduct(db, { code: 'SCREWS' });
      await addProduct(db, { code: 'LABOUR', neverDiminishing: true });
    });
    await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-1', 'W-2', 'W-3') });
    await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '10.5' });
  });

  describe('warehouse transfers (T-1)', () => {
    it('T-1: a transferred serial stays the same record, with exactly one movement from the source to the destination, available to available', async () => {
      const before = await ledger.db.selectFrom('serials').select(['id', 'serial']).orderBy('id').execute();
      const t = await transfer({ from: 'main', to: 'back', product: 'widget', serials: serials('w-1', 'W-2') });
      expect(t).toMatchObject({ number: 'WT-00000001', from: 'MAIN', to: 'BACK', lines: [{ product: 'WIDGET', quantityE4: 20_000, serials: ['W-1', 'W-2'], serialCount: 2 }] });

      // no serial record was added or replaced
      expect(await ledger.db.selectFrom('serials').select(['id', 'serial']).orderBy('id').execute()).toEqual(before);
      const moves = await ledger.db
        .selectFrom('serial_movements')
        .select(['serial_id', 'kind', 'from_warehouse_id', 'to_warehouse_id', 'status_before', 'status_after', 'document_type', 'document_line_id'])
        .where('document_number', '=', t.number)
        .orderBy('id')
        .execute();
      const [main, back] = [await warehouseId('MAIN'), await warehouseId('BACK')];
      const line = await ledger.db.selectFrom('transfer_lines').select('id').executeTakeFirstOrThrow();
      expect(moves).toEqual(
        before
          .filter((s) => s.serial !== 'W-3')
          .map((s) => ({ serial_id: s.id, kind: 'transfer', from_warehouse_id: main, to_warehouse_id: back, status_before: 'available', status_after: 'available', document_type: 'transfer', document_line_id: line.id })),
      );

      const history = await serialHistory(ledger.db, 'W-1');
      expect(history).toHaveLength(2);
      expect(history[1]).toMatchObject({ kind: 'transfer', document: 'WT-00000001', from: 'MAIN', to: 'BACK', statusBefore: 'available', status: 'available' });
      expect((await enquire(ledger.db, { product: 'WIDGET' })).map((r) => [r.serial, r.warehouse, r.status, r.lastDocument.number, r.lastDocument.kind])).toEqual([
        ['W-1', 'BACK', 'available', 'WT-00000001', 'transfer'],
        ['W-2', 'BACK', 'available', 'WT-00000001', 'transfer'],
        ['W-3', 'MAIN', 'available', 'SA-00000001', 'adjustment_in'],
      ]);
      expect((await enquire(ledger.db, { document: 'wt-00000001' })).map((r) => r.serial)).toEqual(['W-1', 'W-2']);
      await expectLedgerVerifies(ledger);
    });

    it('T-1: stock levels move with the units, for a serialized product and a non-serialized one by decimals, in one document', async () => {
      const t = await transfer({ from: 'MAIN', to: 'BACK', product: 'WIDGET', serials: serials('W-3'), lines: [{ product: 'cable', quantity: '2.25', source: '--line 1' }] });
      expect(t.lines).toEqual([
        { product: 'WIDGET', quantityE4: 10_000, serials: ['W-3'], serialCount: 1 },
        { product: 'CABLE', quantityE4: 22_500, serials: [], serialCount: 0 },
      ]);
      expect(await soh()).toEqual([
        { product: 'CABLE', warehouse: 'BACK', quantityE4: 22_500, serials: null },
        { product: 'CABLE', warehouse: 'MAIN', quantityE4: 82_500, serials: null },
        { product: 'WIDGET', warehouse: 'BACK', quantityE4: 10_000, serials: 1 },
        { product: 'WIDGET', warehouse: 'MAIN', quantityE4: 20_000, serials: 2 },
      ]);
      // and back again with --qty: the whole level returns
      await transfer({ from: 'BACK', to: 'MAIN', product: 'CABLE', quantity: '2.25' });
      const cable = (await soh()).filter((r) => r.product === 'CABLE' && r.quantityE4 !== 0);
      expect(cable).toEqual([{ product: 'CABLE', warehouse: 'MAIN', quantityE4: 105_000, serials: null }]);
    });

    it('T-1: a serial not available in the source is refused, naming where it is and its last document; nothing moves', async () => {
      const inBack = await adjust({ direction: 'in', warehouse: 'BACK', product: 'WIDGET', serials: serials('B-1') });
      const gone = await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-3') });
      const problems = await rejected(transfer({ from: 'MAIN', to: 'BACK', product: 'WIDGET', serials: serials('W-1', 'B-1', 'W-3', 'NOPE') }));
      expect(problems.map((p) => [p.code, p.serial, p.warehouse, p.document])).toEqual([
        ['serial_in_other_warehouse', 'B-1', 'BACK', inBack.number],
        ['serial_not_available', 'W-3', 'MAIN', gone.number],
        ['unknown_serial', 'NOPE', 'MAIN', undefined],
      ]);
      expect(problems[0]?.message).toBe(`Serial "B-1" of product WIDGET is available in warehouse BACK, not MAIN (last document ${inBack.number}).`);
      expect(problems[1]?.message).toContain(`is unavailable (last document ${gone.number})`);
      expect(await transferCount()).toBe(0);
      expect((await enquire(ledger.db, { serial: 'W-1' }))[0]).toMatchObject({ warehouse: 'MAIN', lastDocument: { number: 'SA-00000001' } });

      // once moved, a serial leaves its new warehouse, not its old one
      const t = await transfer({ from: 'MAIN', to: 'BACK', product: 'WIDGET', serials: serials('W-1') });
      const again = await rejected(transfer({ from: 'MAIN', to: 'BACK', product: 'WIDGET', serials: serials('W-1') }));
      expect(again.map((p) => [p.code, p.warehouse, p.document])).toEqual([['serial_in_other_warehouse', 'BACK', t.number]]);
      await transfer({ from: 'BACK', to: 'MAIN', product: 'WIDGET', serials: serials('W-1') });
      expect((await serialHistory(ledger.db, 'W-1')).map((h) => [h.kind, h.from, h.to])).toEqual([
        ['adjustment_in', null, 'MAIN'],
        ['transfer', 'MAIN', 'BACK'],
        ['transfer', 'BACK', 'MAIN'],
      ]);
    });

    it('T-1: the destination must be a different warehouse: said once, however many products', async () => {
      const problems = await rejected(transfer({ from: 'MAIN', to: 'main', product: 'WIDGET', serials: serials('W-1'), lines: [{ product: 'CABLE', quantity: '1' }] }));
      expect(problems.map((p) => [p.code, p.warehouse])).toEqual([['same_warehouse', 'MAIN']]);
      expect(problems[0]?.message).toContain('MAIN was given as both source and destination');
      expect(await transferCount()).toBe(0);
    });

    it('T-1: all or nothing: every problem of a transfer is reported in one pass, and nothing is written', async () => {
      const stock = await soh();
      const problems = await rejected(
        transfer({
          from: 'MAIN',
          to: 'BACK',
          product: 'WIDGET',
          serials: [{ raw: 'W-1' }, { raw: 'W-1', source: 'moving.csv line 3' }, { raw: 'G-9', product: 'GADGET', source: 'moving.csv line 4' }, { raw: 'X-1', product: 'GHOST', source: 'moving.csv line 5' }],
          lines: [
            { product: 'CABLE', quantity: '11', source: '--line 1' },
            { product: 'GADGET', quantity: '1.5', source: '--line 2' },
            { product: 'SCREWS', quantity: '2', source: '--line 3' },
            { product: 'LABOUR', quantity: '1', source: '--line 4' },
            { product: 'cable', quantity: '1', source: '--line 5' },
          ],
        }),
      );
      expect(problems.map((p) => [p.code, p.product, p.serial ?? p.source]).sort()).toEqual(
        [
          ['duplicate_serial', 'WIDGET', 'W-1'],
          ['insufficient_stock', 'CABLE', undefined],
          // GADGET by a fractional quantity, with serials too: their count cannot match it
          ['fractional_serialized_quantity', 'GADGET', undefined],
          ['insufficient_stock', 'SCREWS', undefined],
          ['not_stocked', 'LABOUR', undefined],
          ['repeated_product', 'cable', '--line 5'],
          ['unknown_product', 'GHOST', 'moving.csv line 5'],
          ['unknown_serial', 'GADGET', 'G-9'],
        ].sort(),
      );
      expect(await transferCount()).toBe(0);
      expect(await soh()).toEqual(stock);
    });

    it('T-1: a serialized product given by quantity alone, a plain product without one, and serials of a plain product are refused', async () => {
      const problems = await rejected(
        transfer({
          from: 'MAIN',
          to: 'BACK',
          serials: [{ raw: 'C-1', product: 'CABLE', source: 'f.csv line 2' }],
          lines: [{ product: 'WIDGET', quantity: '2', source: '--line 1' }],
        }),
      );
      expect(problems.map((p) => [p.code, p.product])).toEqual([
        ['serials_required', 'WIDGET'],
        ['quantity_required', 'CABLE'],
        ['not_serialized', 'CABLE'],
      ]);
      expect(problems[0]?.message).toBe('Product WIDGET is serialized: a transfer names the serials that move, one per unit, not just a quantity (2).');
      const none = await rejected(transfer({ from: 'MAIN', to: 'BACK' }));
      expect(none.map((p) => p.code)).toEqual(['nothing_to_transfer']);
      const orphan = await rejected(transfer({ from: 'MAIN', to: 'BACK', quantity: '1', serials: serials('W-1') }));
      expect(orphan.map((p) => [p.code, p.serial])).toEqual([
        ['product_required', undefined],
        ['product_required', 'W-1'],
      ]);
      expect(await transferCount()).toBe(0);
    });

    it('T-1: unknown warehouses are named together with the serials\' own problems', async () => {
      const problems = await rejected(transfer({ from: 'ATTIC', to: 'CELLAR', product: 'WIDGET', serials: serials('W-1', 'bad\tserial') }));
      expect(problems.map((p) => [p.code, p.warehouse ?? p.serial])).toEqual([
        ['unknown_warehouse', 'ATTIC'],
        ['unknown_warehouse', 'CELLAR'],
        ['invalid_serial', 'bad\tserial'],
      ]);
      expect(await transferCount()).toBe(0);
    });

    it('T-1: several products from a CSV (each serial naming its product) and non-serialized ones by --line, in one transfer', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'GADGET', serials: serials('G-1', 'G-2') });
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'SCREWS', quantity: '100' });
      const t = await transfer({
        from: 'MAIN',
        to: 'BACK',
        serials: [
          { raw: 'W-2', product: 'widget', source: 'm.csv line 2' },
          { raw: 'g-1', product: 'GADGET', source: 'm.csv line 3' },
          { raw: 'W-3', product: 'WIDGET', source: 'm.csv line 4' },
        ],
        lines: [
          { product: 'CABLE', quantity: '0.5', source: '--line 1' },
          { product: 'SCREWS', quantity: '40', source: '--line 2' },
        ],
      });
      expect(t.lines).toEqual([
        { product: 'CABLE', quantityE4: 5_000, serials: [], serialCount: 0 },
        { product: 'SCREWS', quantityE4: 400_000, serials: [], serialCount: 0 },
        { product: 'WIDGET', quantityE4: 20_000, serials: ['W-2', 'W-3'], serialCount: 2 },
        { product: 'GADGET', quantityE4: 10_000, serials: ['G-1'], serialCount: 1 },
      ]);
      expect(await soh()).toEqual([
        { product: 'CABLE', warehouse: 'BACK', quantityE4: 5_000, serials: null },
        { product: 'CABLE', warehouse: 'MAIN', quantityE4: 100_000, serials: null },
        { product: 'GADGET', warehouse: 'BACK', quantityE4: 10_000, serials: 1 },
        { product: 'GADGET', warehouse: 'MAIN', quantityE4: 10_000, serials: 1 },
        { product: 'SCREWS', warehouse: 'BACK', quantityE4: 400_000, serials: null },
        { product: 'SCREWS', warehouse: 'MAIN', quantityE4: 600_000, serials: null },
        { product: 'WIDGET', warehouse: 'BACK', quantityE4: 20_000, serials: 2 },
        { product: 'WIDGET', warehouse: 'MAIN', quantityE4: 10_000, serials: 1 },
      ]);
      // the lines are numbered in order, each movement names its line
      const lines = await ledger.db.selectFrom('transfer_lines').select(['id', 'line_no']).orderBy('line_no').execute();
      expect(lines.map((l) => l.line_no)).toEqual([1, 2, 3, 4]);
      const named = await ledger.db.selectFrom('serial_movements').select('document_line_id').where('document_type', '=', 'transfer').execute();
      expect(new Set(named.map((m) => m.document_line_id))).toEqual(new Set([lines[2]?.id, lines[3]?.id]));
    });

    it('T-1: transfers are listed by warehouse (either side), product and day, and shown with their serials', async () => {
      const one = await transfer({ from: 'MAIN', to: 'BACK', product: 'WIDGET', serials: serials('W-1', 'W-2') });
      const two = await transfer({ from: 'MAIN', to: 'BACK', lines: [{ product: 'CABLE', quantity: '1' }] });
      await ledger.write((db) => addEntry(db, 'warehouse', { code: 'SHOP' }));
      const three = await transfer({ from: 'BACK', to: 'SHOP', product: 'WIDGET', serials: serials('W-1') });
      const numbers = async (filter: Parameters<typeof listTransfers>[1]) => (await listTransfers(ledger.db, filter)).map((t) => t.number);
      expect(await numbers({})).toEqual([one.number, two.number, three.number]);
      expect(await numbers({ warehouse: 'shop' })).toEqual([three.number]);
      expect(await numbers({ warehouse: 'BACK' })).toEqual([one.number, two.number, three.number]);
      expect(await numbers({ warehouse: 'MAIN', product: 'widget' })).toEqual([one.number]);
      expect(await numbers({ from: '2000-01-01T00:00:00.000Z', before: '2000-01-02T00:00:00.000Z' })).toEqual([]);
      // without serials asked for, a list counts them
      expect((await listTransfers(ledger.db, { product: 'WIDGET' }))[0]?.lines).toEqual([{ product: 'WIDGET', quantityE4: 20_000, serials: [], serialCount: 2 }]);
      expect(await showTransfer(ledger.db, 'wt-00000001')).toMatchObject({ number: one.number, from: 'MAIN', to: 'BACK', lines: [{ product: 'WIDGET', serials: ['W-1', 'W-2'], serialCount: 2 }] });
      expect(await showTransfer(ledger.db, 'WT-00000099')).toBeUndefined();
      const unknown = await rejected(listTransfers(ledger.db, { warehouse: 'ATTIC', product: 'GHOST' }));
      expect(unknown.map((p) => p.code)).toEqual(['unknown_warehouse', 'unknown_product']);
    });

    it('T-1: db verify holds movements to the documents that recorded them: a transfer movement elsewhere than its source and destination, a kind its document never records', async () => {
      await transfer({ from: 'MAIN', to: 'BACK', product: 'WIDGET', serials: serials('W-1') });
      expect((await ledger.verify()).ok).toBe(true);
      ledger.expectDamage('a transfer movement and an adjustment movement rewritten with raw SQL');
      const main = await warehouseId('MAIN');
      await ledger.write(async (db) => {
        // both ends moved to MAIN: the serial's state still follows its movements (invariant 1)
        await db.updateTable('serial_movements').set({ to_warehouse_id: main }).where('document_type', '=', 'transfer').execute();
        await db.updateTable('serials').set({ warehouse_id: main }).where('serial', '=', 'W-1').execute();
        await db.updateTable('serial_movements').set({ kind: 'transfer' }).where('document_number', '=', 'SA-00000001').execute();
      });
      const messages = (await ledger.verify()).discrepancies.filter((d) => d.invariant === 4).map((d) => d.message);
      expect(messages).toContain('adjustment documents recorded transfer movements, which that kind of document never records.');
      expect(messages).toContain("serial W-1: its movement on WT-00000001 does not run from the transfer's source to its destination as an available unit.");
    });
  });
});
