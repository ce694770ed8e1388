// Assemblies and disassemblies (RULES.md M-2 to M-4) in-process on a real ledger: components
// consumed, units made, each unit's component serials linked to it (in order or as mapped),
// parked assemblies holding their units, disassemblies giving the very same units back, and
// every refusal reported at once with nothing written.

import { beforeEach, describe, expect, it } from 'vitest';
import { commandsFor, expectLedgerVerifies, rejected, serials } from '../helpers/core.js';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { addProduct } from '../../src/core/master-data/products.js';
import { assemble, completeAssembly, deleteAssembly, type AssembleInput } from '../../src/core/assemblies/assemble.js';
import { disassemble, type DisassembleInput } from '../../src/core/assemblies/disassemble.js';
import { createTransfer } from '../../src/core/stock/transfers.js';
import { createCount } from '../../src/core/counts/create.js';
import { startCount } from '../../src/core/counts/status.js';
import { serialHistory } from '../../src/core/reports/history.js';
import { enquire } from '../../src/core/reports/enquiry.js';
import { setBom } from '../../src/core/assemblies/boms.js';
import { findProduct } from '../../src/core/master-data/lookup.js';
import { serialProblem } from '../../src/core/ledger/index.js';
import { heldSerials } from '../../src/core/documents/serial-holds.js';
import { serializeProduct, unserializeProduct } from '../../src/core/stock/product-serialization.js';

let ledger: TestLedger;
const { adjust, soh } = commandsFor(() => ledger);

const build = (input: Partial<AssembleInput> & Pick<AssembleInput, 'product'>) => ledger.write((db) => assemble(db, { warehouse: 'MAIN', serials: [], components: [], ...input }, { units: true }));
const takeApart = (input: Partial<DisassembleInput> & Pick<DisassembleInput, 'product'>) => ledger.write((db) => disassemble(db, { warehouse: 'MAIN', serials: [], components: [], ...input }, { serials: true }));

/** M-1: the product's bill of materials, per unit. */
async function bom(product: string, components: [string, number][]): Promise<void> {
  await ledger.write((db) => setBom(db, { product, components: components.map(([c, q]) => ({ product: c, quantity: String(q) })) }));
}

/** Current links as unit serial → component serials, in the order they went in. */
async function links(): Promise<Record<string, string[]>> {
  const rows = await ledger.db
    .selectFrom('serial_links as l')
    .innerJoin('serials as u', 'u.id', 'l.unit_serial_id')
    .innerJoin('serials as c', 'c.id', 'l.component_serial_id')
    .select(['u.serial as unit', 'c.serial as component'])
    .where('l.disassembly_id', 'is', null)
    .orderBy('l.id')
    .execute();
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.unit] ??= []).push(r.component);
  return out;
}

async function status(serial: string): Promise<{ status: string; warehouse: string | null }> {
  const r = await ledger.db
    .selectFrom('serials as s')
    .leftJoin('warehouses as w', 'w.id', 's.warehouse_id')
    .select(['s.status', 'w.code'])
    .where('s.serial', '=', serial)
    .executeTakeFirstOrThrow();
  return { status: r.status, warehouse: r.code };
}

forEachEngine((engine) => {
  beforeEach(async () => {
    ledger = await newLedger(engine);
    await seed(ledger);
    await ledger.write(async (db) => {
      await addProduct(db, { code: 'BIKE', serialized: true });
      await addProduct(db, { code: 'FRAME', serialized: true });
      await addProduct(db, { code: 'WHEEL', serialized: true });
      await addProduct(db, { code: 'BOLT' });
      await addProduct(db, { code: 'LABOUR', neverDiminishing: true });
    });
    await bom('BIKE', [
      ['FRAME', 1],
      ['WHEEL', 2],
      ['BOLT', 4],
      ['LABOUR', 1],
    ]);
    await adjust({ direction: 'in', warehouse: 'MAIN', product: 'FRAME', serials: serials('F-1', 'F-2', 'F-3') });
    await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WHEEL', serials: serials('W-1', 'W-2', 'W-3', 'W-4', 'W-5', 'W-6') });
    await adjust({ direction: 'in', warehouse: 'MAIN', product: 'BOLT', quantity: '20' });
  });

  describe('assemblies (M-2, M-3)', () => {
    it('M-2, M-3: components are consumed from the source, units made in the destination, and component serials go to units in the order listed', async () => {
      const a = await build({ product: 'BIKE', to: 'BACK', serials: serials('B-1', 'B-2'), components: [{ product: 'frame', serials: serials('F-1', 'F-2') }, { product: 'WHEEL', serials: serials('W-1', 'W-2', 'W-3', 'W-4') }] });
      expect(a).toMatchObject({ number: 'AS-00000001', status: 'completed', product: 'BIKE', quantityE4: 20_000, from: 'MAIN', to: 'BACK' });
      expect(a.lines).toEqual([
        { product: 'FRAME', quantityE4: 20_000, serialCount: 2 },
        { product: 'WHEEL', quantityE4: 40_000, serialCount: 4 },
        { product: 'BOLT', quantityE4: 80_000, serialCount: 0 },
        { product: 'LABOUR', quantityE4: 20_000, serialCount: 0 },
      ]);
      expect(a.units[0]).toEqual({ serial: 'B-1', components: [{ product: 'FRAME', serials: ['F-1'] }, { product: 'WHEEL', serials: ['W-1', 'W-2'] }] });
      expect(await links()).toEqual({ 'B-1': ['F-1', 'W-1', 'W-2'], 'B-2': ['F-2', 'W-3', 'W-4'] });
      expect(await status('F-1')).toEqual({ status: 'unavailable', warehouse: 'MAIN' });
      expect(await status('B-2')).toEqual({ status: 'available', warehouse: 'BACK' });
      const levels = await soh();
      expect(levels).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ product: 'BIKE', warehouse: 'BACK', quantityE4: 20_000 }),
          expect.objectContaining({ product: 'BOLT', warehouse: 'MAIN', quantityE4: 120_000 }),
          expect.objectContaining({ product: 'WHEEL', warehouse: 'MAIN', quantityE4: 20_000 }),
        ]),
      );
      const history = await serialHistory(ledger.db, 'F-1');
      expect(history.map((m) => m.kind)).toEqual(['adjustment_in', 'assembly_out']);
      await expectLedgerVerifies(ledger);
    });

    it('M-2, E-1: a product that is not serialized is assembled and taken apart by quantity; enquiry finds what an assembly moved', async () => {
      await ledger.write((db) => addProduct(db, { code: 'RACK' }));
      await bom('RACK', [
        ['BOLT', 2],
        ['FRAME', 1],
      ]);
      const a = await build({ product: 'RACK', quantity: '2', components: [{ product: 'FRAME', serials: serials('F-1', 'F-2') }] });
      expect(a.lines).toEqual([
        { product: 'BOLT', quantityE4: 40_000, serialCount: 0 },
        { product: 'FRAME', quantityE4: 20_000, serialCount: 2 },
      ]);
      // no unit serials, so nothing to link: the frames are simply consumed
      expect(await links()).toEqual({});
      const levels = await soh();
      expect(levels).toEqual(expect.arrayContaining([expect.objectContaining({ product: 'RACK', warehouse: 'MAIN', quantityE4: 20_000 }), expect.objectContaining({ product: 'BOLT', warehouse: 'MAIN', quantityE4: 160_000 })]));
      expect((await enquire(ledger.db, { document: 'as-00000001' })).map((r) => [r.serial, r.status])).toEqual([
        ['F-1', 'unavailable'],
        ['F-2', 'unavailable'],
      ]);
      // taken apart by quantity: a serialized component has no recorded serials to default to
      const problems = await rejected(takeApart({ product: 'RACK', quantity: '1' }));
      expect(problems.map((p) => [p.code, p.product])).toEqual([['serials_required', 'FRAME']]);
      await takeApart({ product: 'RACK', quantity: '1', components: [{ product: 'FRAME', serials: serials('F-2') }] });
      expect(await status('F-2')).toEqual({ status: 'available', warehouse: 'MAIN' });
    });

    it('M-3: an explicit mapping puts each listed component serial into its unit, whatever the order of the rows', async () => {
      const row = (unit: string, product: string, serial: string, line: number) => ({ unit: { raw: unit, source: `map.csv line ${line}` }, product, serial: { raw: serial, source: `map.csv line ${line}` } });
      await build({
        product: 'BIKE',
        mapping: [row('B-2', 'WHEEL', 'W-6', 2), row('B-1', 'FRAME', 'F-3', 3), row('B-2', 'FRAME', 'F-1', 4), row('B-1', 'WHEEL', 'W-2', 5), row('B-1', 'WHEEL', 'W-5', 6), row('B-2', 'WHEEL', 'W-1', 7)],
      });
      // the units are those the file names, in the order first named
      expect(await links()).toEqual({ 'B-2': ['F-1', 'W-6', 'W-1'], 'B-1': ['F-3', 'W-2', 'W-5'] });
    });

    it('M-2: every problem is reported at once and nothing is written', async () => {
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WHEEL', serials: serials('W-6') });
      const problems = await rejected(
        build({ product: 'BIKE', serials: serials('B-1', 'B-2'), components: [{ product: 'FRAME', serials: serials('F-1', 'F-9') }, { product: 'WHEEL', serials: serials('W-1', 'W-2', 'W-3', 'W-6') }, { product: 'CABLE', serials: [], source: '--component 3' }] }),
      );
      expect(problems.map((p) => [p.code, p.serial ?? p.product])).toEqual(
        expect.arrayContaining([
          ['not_in_bom', 'CABLE'],
          ['unknown_serial', 'F-9'],
          ['serial_not_available', 'W-6'],
        ]),
      );
      expect(await ledger.db.selectFrom('assemblies').select('id').execute()).toEqual([]);
      expect(await status('F-1')).toEqual({ status: 'available', warehouse: 'MAIN' });

      const missing = await rejected(build({ product: 'BIKE', serials: serials('B-1'), components: [{ product: 'FRAME', serials: serials('F-1') }] }));
      expect(missing.find((p) => p.code === 'serials_required')?.message).toMatch(/Component WHEEL is serialized: the assembly needs 2 of its serials \(2 per unit\)/);
      const none = await rejected(build({ product: 'WHEEL', serials: serials('W-9') }));
      expect(none[0]?.fix).toBe('Give it one first: serials bom set WHEEL --component CODE:QTY');
    });

    it('P-3: a fraction of a serialized unit is said once, not again per component', async () => {
      const problems = await rejected(build({ product: 'BIKE', quantity: '1.5', serials: serials('B-1'), components: [{ product: 'FRAME', serials: serials('F-1') }, { product: 'WHEEL', serials: serials('W-1', 'W-2') }] }));
      expect(problems.map((p) => p.code)).toEqual(['fractional_quantity']);
    });

    it('M-3: a mapping that gives a unit the wrong number of a component names the unit', async () => {
      const row = (unit: string, product: string, serial: string) => ({ unit: { raw: unit }, product, serial: { raw: serial } });
      const problems = await rejected(build({ product: 'BIKE', mapping: [row('B-1', 'FRAME', 'F-1'), row('B-1', 'WHEEL', 'W-1'), row('B-X', 'WHEEL', 'W-2')], serials: serials('B-1') }));
      // each said once: the unit short of a wheel, not again as the assembly's total
      expect(problems.map((p) => p.code).sort()).toEqual(['unit_component_count', 'unknown_unit']);
      expect(problems.find((p) => p.code === 'unit_component_count')?.message).toBe('Unit "B-1" is given 1 serial of WHEEL, but one unit takes 2.');
    });

    it('M-2, M-4, K-3: a count in progress in the warehouse stops assemblies and disassemblies of its products', async () => {
      await build({ product: 'BIKE', serials: serials('B-1'), components: [{ product: 'FRAME', serials: serials('F-1') }, { product: 'WHEEL', serials: serials('W-1', 'W-2') }] });
      const count = await ledger.write((db) => createCount(db, { warehouse: 'MAIN', products: ['WHEEL'] }));
      await ledger.write((db) => startCount(db, count.number));
      const problems = await rejected(build({ product: 'BIKE', serials: serials('B-2'), components: [{ product: 'FRAME', serials: serials('F-2') }, { product: 'WHEEL', serials: serials('W-3', 'W-4') }] }));
      expect(problems.map((p) => [p.code, p.document])).toEqual([['stock_frozen', count.number]]);
      const apart = await rejected(takeApart({ product: 'BIKE', serials: serials('B-1') }));
      expect(apart.map((p) => [p.code, p.product])).toEqual([['stock_frozen', 'WHEEL']]);
    });

    it('M-3: db verify names a link its assembly did not make, and a component out of its unit without a disassembly', async () => {
      await build({ product: 'BIKE', serials: serials('B-1'), components: [{ product: 'FRAME', serials: serials('F-1') }, { product: 'WHEEL', serials: serials('W-1', 'W-2') }] });
      const f3 = await ledger.db.selectFrom('serials').select('id').where('serial', '=', 'F-3').executeTakeFirstOrThrow();
      const f1 = await ledger.db.selectFrom('serials').select('id').where('serial', '=', 'F-1').executeTakeFirstOrThrow();
      await ledger.write((db) => db.updateTable('serial_links').set({ component_serial_id: f3.id }).where('component_serial_id', '=', f1.id).execute());
      const report = await ledger.verify();
      expect(report.ok).toBe(false);
      expect(report.discrepancies.map((d) => d.message)).toEqual(
        expect.arrayContaining([
          'serial F-3 is linked as a component of AS-00000001, which never consumed it.',
          'serial F-3 is available although it is still inside a unit built on AS-00000001.',
        ]),
      );
      // put back, so that the ledger verifies after the test
      await ledger.write((db) => db.updateTable('serial_links').set({ component_serial_id: f1.id }).where('component_serial_id', '=', f3.id).execute());
    });
  });

  describe('parked assemblies', () => {
    const parked = () => build({ product: 'BIKE', park: true, serials: serials('B-1'), components: [{ product: 'FRAME', serials: serials('F-1') }, { product: 'WHEEL', serials: serials('W-1', 'W-2') }] });

    it('M-2: a parked assembly moves nothing, holds its component units from other documents, and completes later with the same mapping', async () => {
      const p = await parked();
      expect(p.status).toBe('parked');
      expect(await status('F-1')).toEqual({ status: 'available', warehouse: 'MAIN' });
      expect(await ledger.db.selectFrom('serials').select('id').where('serial', '=', 'B-1').execute()).toEqual([]);
      const problems = await rejected(ledger.write((db) => createTransfer(db, { from: 'MAIN', to: 'BACK', product: 'WHEEL', serials: serials('W-2', 'W-3') })));
      expect(problems).toEqual([expect.objectContaining({ code: 'serial_held', serial: 'W-2', document: 'AS-00000001' })]);
      expect(problems[0]?.fix).toMatch(/serials assembly complete AS-00000001/);
      // the scanner prompt says so as the serial is scanned
      const wheel = await findProduct(ledger.db, 'WHEEL');
      const main = await ledger.db.selectFrom('warehouses').select(['id', 'code']).where('code', '=', 'MAIN').executeTakeFirstOrThrow();
      expect(await serialProblem(ledger.db, { product: wheel!, warehouse: main, direction: 'out', held: await heldSerials(ledger.db) }, 'W-2')).toBe('W-2 is held by parked assembly AS-00000001');

      const done = await ledger.write((db) => completeAssembly(db, 'as-00000001', { units: true }));
      expect(done).toMatchObject({ number: 'AS-00000001', status: 'completed' });
      expect(await links()).toEqual({ 'B-1': ['F-1', 'W-1', 'W-2'] });
      expect(await ledger.db.selectFrom('assembly_serials').select('id').execute()).toEqual([]);
      const again = await rejected(ledger.write((db) => completeAssembly(db, 'AS-00000001')));
      expect(again[0]?.message).toBe('Assembly AS-00000001 is completed, so it cannot be completed.');
    });

    it('M-2: completing a parked assembly refuses a unit serial that was built, with its parts, and left stock since', async () => {
      await parked();
      await build({ product: 'BIKE', serials: serials('B-1'), components: [{ product: 'FRAME', serials: serials('F-2') }, { product: 'WHEEL', serials: serials('W-3', 'W-4') }] });
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'BIKE', serials: serials('B-1') });
      const problems = await rejected(ledger.write((db) => completeAssembly(db, 'AS-00000001')));
      expect(problems.map((p) => [p.code, p.serial, p.document])).toEqual([['unit_still_built', 'B-1', 'AS-00000002']]);
    });

    it('M-2: deleting a parked assembly frees its units', async () => {
      await parked();
      expect(await ledger.write((db) => deleteAssembly(db, 'AS-00000001'))).toEqual({ number: 'AS-00000001', status: 'deleted' });
      await ledger.write((db) => createTransfer(db, { from: 'MAIN', to: 'BACK', product: 'WHEEL', serials: serials('W-2') }));
      expect(await status('W-2')).toEqual({ status: 'available', warehouse: 'BACK' });
    });
  });

  describe('disassemblies (M-4)', () => {
    const twoBikes = () => build({ product: 'BIKE', serials: serials('B-1', 'B-2'), components: [{ product: 'FRAME', serials: serials('F-1', 'F-2') }, { product: 'WHEEL', serials: serials('W-1', 'W-2', 'W-3', 'W-4') }] });

    it('M-4, N-4: taking a unit apart gives back the very serials that went in, their history continuing, and keeps the old links closed', async () => {
      await twoBikes();
      const d = await takeApart({ product: 'BIKE', serials: serials('b-2') });
      expect(d).toMatchObject({ number: 'DA-00000001', product: 'BIKE', quantityE4: 10_000, units: ['B-2'] });
      expect(d.lines).toEqual([
        { product: 'FRAME', quantityE4: 10_000, serials: ['F-2'], serialCount: 1 },
        { product: 'WHEEL', quantityE4: 20_000, serials: ['W-3', 'W-4'], serialCount: 2 },
        { product: 'BOLT', quantityE4: 40_000, serials: [], serialCount: 0 },
        { product: 'LABOUR', quantityE4: 10_000, serials: [], serialCount: 0 },
      ]);
      expect(await status('B-2')).toEqual({ status: 'unavailable', warehouse: 'MAIN' });
      expect(await status('W-3')).toEqual({ status: 'available', warehouse: 'MAIN' });
      expect(await links()).toEqual({ 'B-1': ['F-1', 'W-1', 'W-2'] });
      const closed = await ledger.db.selectFrom('serial_links').select('disassembly_id').where('disassembly_id', 'is not', null).execute();
      expect(closed).toHaveLength(3);

      // re-assembled into a new unit: the same records, history continuing
      await build({ product: 'BIKE', serials: serials('B-3'), components: [{ product: 'FRAME', serials: serials('F-2') }, { product: 'WHEEL', serials: serials('W-3', 'W-4') }] });
      expect((await links())['B-3']).toEqual(['F-2', 'W-3', 'W-4']);
      const history = await serialHistory(ledger.db, 'W-3');
      // E-2: history names the unit each time it went in and came out
      expect(history.map((m) => [m.kind, m.document, m.unit])).toEqual([
        ['adjustment_in', 'SA-00000002', null],
        ['assembly_out', 'AS-00000001', 'B-2'],
        ['disassembly_in', 'DA-00000001', 'B-2'],
        ['assembly_out', 'AS-00000002', 'B-3'],
      ]);
      await expectLedgerVerifies(ledger);
    });

    it('M-4: a component replaced under warranty comes back instead of the recorded one, which stays out of stock', async () => {
      await twoBikes();
      await takeApart({ product: 'BIKE', serials: serials('B-1'), components: [{ product: 'WHEEL', serials: serials('W-1', 'W-NEW') }] });
      expect(await status('W-NEW')).toEqual({ status: 'available', warehouse: 'MAIN' });
      expect(await status('W-1')).toEqual({ status: 'available', warehouse: 'MAIN' });
      expect(await status('W-2')).toEqual({ status: 'unavailable', warehouse: 'MAIN' });
      expect(await status('F-1')).toEqual({ status: 'available', warehouse: 'MAIN' });
      await expectLedgerVerifies(ledger);
    });

    it('M-4: a component inside a unit cannot come back into stock on its own, nor as a replacement from another unit', async () => {
      await twoBikes();
      const problems = await rejected(adjust({ direction: 'in', warehouse: 'MAIN', product: 'WHEEL', serials: serials('W-1') }));
      expect(problems).toEqual([expect.objectContaining({ code: 'serial_inside_unit', serial: 'W-1', document: 'AS-00000001' })]);
      expect(problems[0]?.message).toBe('Serial "W-1" of product WHEEL is inside unit "B-1" of BIKE (built on AS-00000001), so it cannot enter stock on its own.');
      // and the scanner prompt says so as the serial is scanned
      const wheel = await findProduct(ledger.db, 'WHEEL');
      const main = await ledger.db.selectFrom('warehouses').select(['id', 'code']).where('code', '=', 'MAIN').executeTakeFirstOrThrow();
      expect(await serialProblem(ledger.db, { product: wheel!, warehouse: main, direction: 'in' }, 'w-1')).toBe('W-1 is inside unit B-1 of BIKE (built on AS-00000001)');
      const swapped = await rejected(takeApart({ product: 'BIKE', serials: serials('B-1'), components: [{ product: 'WHEEL', serials: serials('W-1', 'W-3') }] }));
      expect(swapped.map((p) => [p.code, p.serial])).toEqual([['serial_inside_unit', 'W-3']]);
    });

    it('M-4: a unit taken apart after its BOM changed gives back everything inside it, not only what the BOM lists now', async () => {
      await twoBikes();
      await bom('BIKE', [
        ['FRAME', 1],
        ['BOLT', 4],
      ]);
      const d = await takeApart({ product: 'BIKE', serials: serials('B-1') });
      expect(d.lines.map((l) => [l.product, l.serials])).toEqual([
        ['FRAME', ['F-1']],
        ['BOLT', []],
        ['WHEEL', ['W-1', 'W-2']],
      ]);
      expect(await status('W-2')).toEqual({ status: 'available', warehouse: 'MAIN' });
    });

    it('M-4, P-5, P-6: a consumed component stays inside its unit through its product being un-serialized and serialized again', async () => {
      await twoBikes();
      await bom('BIKE', [['FRAME', 1]]);
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WHEEL', serials: serials('W-5', 'W-6') });
      await ledger.write((db) => unserializeProduct(db, 'WHEEL'));
      expect(await status('W-1')).toEqual({ status: 'deleted', warehouse: 'MAIN' });
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WHEEL', quantity: '1' });
      const problems = await rejected(ledger.write((db) => serializeProduct(db, { product: 'WHEEL', warehouse: 'MAIN', serials: serials('W-1') })));
      expect(problems.map((p) => [p.code, p.serial])).toEqual([['serial_inside_unit', 'W-1']]);
    });

    it('M-4: a unit the ledger has no components recorded for needs them named', async () => {
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'BIKE', serials: serials('B-OLD') });
      // a unit the ledger does not know is said once, as the unit
      expect((await rejected(takeApart({ product: 'BIKE', serials: serials('B-NONE') }))).map((p) => [p.code, p.serial])).toEqual([['unknown_serial', 'B-NONE']]);
      const problems = await rejected(takeApart({ product: 'BIKE', serials: serials('B-OLD') }));
      expect(problems.map((p) => p.code)).toEqual(['components_unknown', 'components_unknown']);
      expect(problems[0]?.fix).toBe('Say which FRAME serials come out: --component FRAME=A,B,C (every unit\'s, in unit order).');
      await takeApart({ product: 'BIKE', serials: serials('B-OLD'), components: [{ product: 'FRAME', serials: serials('F-OLD') }, { product: 'WHEEL', serials: serials('W-7', 'W-8') }] });
      expect(await status('F-OLD')).toEqual({ status: 'available', warehouse: 'MAIN' });
    });

    it('M-2, M-4: sub-assemblies three levels deep are built and taken apart level by level', async () => {
      await ledger.write(async (db) => {
        await addProduct(db, { code: 'HUB', serialized: true });
        await addProduct(db, { code: 'RIM', serialized: true });
        await addProduct(db, { code: 'CORE', serialized: true });
        await addProduct(db, { code: 'WHEELSET', serialized: true });
      });
      await bom('CORE', [['HUB', 1]]);
      await bom('RIM', [['CORE', 1]]);
      await bom('WHEELSET', [['RIM', 2]]);
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'HUB', serials: serials('H-1', 'H-2') });
      await build({ product: 'CORE', serials: serials('C-1', 'C-2'), components: [{ product: 'HUB', serials: serials('H-1', 'H-2') }] });
      await build({ product: 'RIM', serials: serials('R-1', 'R-2'), components: [{ product: 'CORE', serials: serials('C-1', 'C-2') }] });
      await build({ product: 'WHEELSET', serials: serials('S-1'), components: [{ product: 'RIM', serials: serials('R-1', 'R-2') }] });
      expect(await links()).toEqual({ 'C-1': ['H-1'], 'C-2': ['H-2'], 'R-1': ['C-1'], 'R-2': ['C-2'], 'S-1': ['R-1', 'R-2'] });
      // the rim inside the set cannot be taken apart until the set is
      expect((await rejected(takeApart({ product: 'RIM', serials: serials('R-1') })))[0]?.code).toBe('serial_not_available');
      await takeApart({ product: 'WHEELSET', serials: serials('S-1') });
      await takeApart({ product: 'RIM', serials: serials('R-1') });
      expect(await status('C-1')).toEqual({ status: 'available', warehouse: 'MAIN' });
      expect(await status('H-1')).toEqual({ status: 'unavailable', warehouse: 'MAIN' });
      await expectLedgerVerifies(ledger);
    });
  });
});
