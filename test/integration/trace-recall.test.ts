// Trace and recall (RULES.md M-5, E-2) in-process on a real ledger: pumps built from parts in
// three levels (test/helpers/genealogy.ts), traced down to each part's supplier and purchase
// order and up to the customer; recalled from a supplier, an order, named serials and dates,
// through every level; and after a disassembly, the current links apart from the earlier ones.

import { beforeEach, describe, expect, it } from 'vitest';
import { commandsFor, rejected, serials } from '../helpers/core.js';
import { newLedger, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { buildPumps, rebuild } from '../helpers/genealogy.js';
import { traceSerial, type ComponentNode, type ParentNode } from '../../src/core/reports/trace.js';
import { prepareRecall, type RecallFilter, type RecallRow } from '../../src/core/reports/recall.js';
import { addProduct } from '../../src/core/master-data/products.js';
import { collect } from '../../src/db/stream.js';

let ledger: TestLedger;
const { adjust } = commandsFor(() => ledger);

const recall = async (filter: Partial<RecallFilter>) => collect((await prepareRecall(ledger.db, { product: 'COIL', ...filter })).rows());
/** A row as [unit, depth, component, where]: where is the customer and shipment, or the warehouse. */
const brief = (rows: RecallRow[]) => rows.map((r) => [r.serial, r.depth, r.component.serial, r.document ? `${r.customer} ${r.document}` : r.warehouse]);
/** A component tree as nested [serial, [children]]. */
const shape = (nodes: ComponentNode[]): unknown[] => nodes.map((n) => (n.components.length ? [n.serial, shape(n.components)] : n.serial));
const chain = (p: ParentNode | null): string[] => (p ? [p.serial, ...chain(p.builtInto)] : []);

forEachEngine((engine) => {
  beforeEach(async () => {
    ledger = await newLedger(engine);
    await buildPumps(ledger);
  });

  describe('trace (M-5, E-2)', () => {
    it('M-5, E-2: trace down a shipped pump: its components through three levels, each part with its supplier and purchase order, each sub-assembly with its assembly', async () => {
      const t = await traceSerial(ledger.db, { serial: 'p-1' });
      expect(t).toMatchObject({
        serial: 'P-1',
        product: 'PUMP',
        status: 'unavailable',
        warehouse: null,
        receivedFrom: null,
        assembly: 'AS-00000003',
        shippedTo: { customer: 'BAKER', document: 'SS-00000001', salesOrder: 'SO-00000001' },
        builtInto: null,
        earlierLinks: { builtInto: [], components: [] },
      });
      expect(shape(t.components)).toEqual([['M-1', [['R-1', ['C-1', 'C-2']], 'H-1']], 'K-1']);
      const [motor, kase] = t.components as [ComponentNode, ComponentNode];
      expect(motor).toMatchObject({ product: 'MOTOR', status: 'unavailable', warehouse: null, assembly: 'AS-00000002', receivedFrom: null, shippedTo: null });
      expect(kase).toMatchObject({ product: 'CASE', receivedFrom: { supplier: 'BETA', document: 'PO-00000002' }, assembly: null });
      const rotor = motor.components[0] as ComponentNode;
      expect(rotor).toMatchObject({ serial: 'R-1', product: 'ROTOR', assembly: 'AS-00000001' });
      expect(rotor.components.map((c) => [c.serial, c.product, c.status, c.receivedFrom])).toEqual([
        ['C-1', 'COIL', 'unavailable', { supplier: 'ACME', document: 'PO-00000001' }],
        ['C-2', 'COIL', 'unavailable', { supplier: 'ACME', document: 'PO-00000001' }],
      ]);
    });

    it('M-5, E-2: trace up from a part: the units it is built into, level by level, to the customer who received the top one; a pump in stock names its warehouse', async () => {
      const coil = await traceSerial(ledger.db, { serial: 'C-1' });
      expect(coil).toMatchObject({ serial: 'C-1', status: 'unavailable', warehouse: null, receivedFrom: { supplier: 'ACME', document: 'PO-00000001' }, components: [] });
      expect(chain(coil.builtInto)).toEqual(['R-1', 'M-1', 'P-1']);
      const top = coil.builtInto?.builtInto?.builtInto;
      expect(top).toMatchObject({ product: 'PUMP', shippedTo: { customer: 'BAKER', document: 'SS-00000001', salesOrder: 'SO-00000001' }, builtInto: null });
      expect(top).not.toHaveProperty('components');

      const other = await traceSerial(ledger.db, { serial: 'C-5' });
      expect(chain(other.builtInto)).toEqual(['R-2', 'M-2', 'P-2']);
      expect(other.builtInto?.builtInto?.builtInto).toMatchObject({ status: 'available', warehouse: 'MAIN', shippedTo: null });
      // a part in stock: no links either way
      expect(await traceSerial(ledger.db, { serial: 'C-4' })).toMatchObject({ status: 'available', warehouse: 'MAIN', components: [], builtInto: null });
    });

    it('M-4, M-5: after a disassembly and re-assembly, trace shows the current links, and the earlier ones apart', async () => {
      await rebuild(ledger);
      const motor = await traceSerial(ledger.db, { serial: 'M-2' });
      expect(chain(motor.builtInto)).toEqual(['P-3']);
      expect(motor.earlierLinks).toEqual({ builtInto: [{ unit: 'P-2', product: 'PUMP', assembly: 'AS-00000003', disassembly: 'DA-00000001' }], components: [] });
      expect(shape(motor.components)).toEqual([['R-2', ['C-3', 'C-5']], 'H-2']);

      const old = await traceSerial(ledger.db, { serial: 'P-2' });
      expect(old).toMatchObject({ status: 'unavailable', components: [], builtInto: null });
      expect(old.earlierLinks.components).toEqual([
        { serial: 'M-2', product: 'MOTOR', assembly: 'AS-00000003', disassembly: 'DA-00000001' },
        { serial: 'K-2', product: 'CASE', assembly: 'AS-00000003', disassembly: 'DA-00000001' },
      ]);
      const rebuilt = await traceSerial(ledger.db, { serial: 'P-3' });
      expect(rebuilt).toMatchObject({ assembly: 'AS-00000004', status: 'available', warehouse: 'MAIN' });
      expect(shape(rebuilt.components)).toEqual([['M-2', [['R-2', ['C-3', 'C-5']], 'H-2']], 'K-2']);
      expect(chain((await traceSerial(ledger.db, { serial: 'C-3' })).builtInto)).toEqual(['R-2', 'M-2', 'P-3']);
    });

    it('E-2: an unknown serial, and a serial several products have without --product, are refused saying how to fix it', async () => {
      expect(await rejected(traceSerial(ledger.db, { serial: 'NOPE' }))).toMatchObject([{ code: 'unknown_serial', serial: 'NOPE' }]);
      expect(await rejected(traceSerial(ledger.db, { serial: 'C-1', product: 'PUMP' }))).toMatchObject([{ code: 'unknown_serial' }]);
      expect(await rejected(traceSerial(ledger.db, { serial: 'C-1', product: 'GHOST' }))).toMatchObject([{ code: 'unknown_product' }]);
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('c-1') });
      const [problem] = await rejected(traceSerial(ledger.db, { serial: 'C-1' }));
      expect(problem?.code).toBe('ambiguous_serial');
      expect(problem?.message).toContain('COIL, WIDGET');
      expect(problem?.fix).toContain('--product');
      expect((await traceSerial(ledger.db, { serial: 'c-1', product: 'coil' })).builtInto?.serial).toBe('R-1');
    });
  });

  describe('recall (M-5, E-2)', () => {
    it('M-5, E-2: recall by supplier: every unit built from its parts at every depth, with where each is now and the part that ties it in', async () => {
      const rows = await recall({ supplier: 'ACME' });
      expect(brief(rows)).toEqual([
        ['R-1', 1, 'C-1', null],
        ['M-1', 2, 'C-1', null],
        ['P-1', 3, 'C-1', 'BAKER SS-00000001'],
        ['R-1', 1, 'C-2', null],
        ['M-1', 2, 'C-2', null],
        ['P-1', 3, 'C-2', 'BAKER SS-00000001'],
        ['R-2', 1, 'C-3', null],
        ['M-2', 2, 'C-3', null],
        ['P-2', 3, 'C-3', 'MAIN'],
      ]);
      expect(rows[2]).toEqual({ serial: 'P-1', product: 'PUMP', status: 'unavailable', warehouse: null, customer: 'BAKER', document: 'SS-00000001', component: { serial: 'C-1', product: 'COIL' }, depth: 3 });
      expect(rows[1]).toMatchObject({ product: 'MOTOR', status: 'unavailable', customer: null, document: null });
    });

    it('M-5, E-2: recall by purchase order, by serials, by received dates; filters combine; a part inside nothing matches but brings no rows', async () => {
      expect(brief(await recall({ po: 'po-00000002' }))).toEqual([
        ['R-2', 1, 'C-5', null],
        ['M-2', 2, 'C-5', null],
        ['P-2', 3, 'C-5', 'MAIN'],
      ]);
      expect(brief(await recall({ serials: serials('C-5', 'c-2', 'C-4') })).map((r) => r[0] + '<' + r[2])).toEqual(['R-1<C-2', 'M-1<C-2', 'P-1<C-2', 'R-2<C-5', 'M-2<C-5', 'P-2<C-5']);
      expect(brief(await recall({ receivedFrom: '2026-02-01T00:00:00.000Z' })).map((r) => r[2])).toEqual(['C-5', 'C-5', 'C-5']);
      expect(new Set(brief(await recall({ receivedBefore: '2026-02-01T00:00:00.000Z' })).map((r) => r[2]))).toEqual(new Set(['C-1', 'C-2', 'C-3']));
      expect(await recall({ supplier: 'ACME', receivedFrom: '2026-02-01T00:00:00.000Z' })).toEqual([]);
      expect(brief(await recall({ product: 'HOUSING', supplier: 'BETA', serials: serials('H-1') }))).toEqual([
        ['M-1', 1, 'H-1', null],
        ['P-1', 2, 'H-1', 'BAKER SS-00000001'],
      ]);
      // without a product: a serial text is each product's unit of that text
      await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('c-2') });
      expect(brief(await recall({ product: undefined, serials: serials('C-2') })).map((r) => r[0])).toEqual(['R-1', 'M-1', 'P-1']);
      expect(await (await prepareRecall(ledger.db, { serials: serials('C-2') })).matched()).toBe(2);
      const lone = await prepareRecall(ledger.db, { product: 'COIL', serials: serials('C-4', 'C-6') });
      expect(await collect(lone.rows())).toEqual([]);
      expect(await lone.matched()).toBe(2);
    });

    it('M-4, M-5: recall follows only current links: a unit whose link a disassembly closed is left out, the unit rebuilt from it is in', async () => {
      await rebuild(ledger);
      expect(brief(await recall({ serials: serials('C-3') }))).toEqual([
        ['R-2', 1, 'C-3', null],
        ['M-2', 2, 'C-3', null],
        ['P-3', 3, 'C-3', 'MAIN'],
      ]);
      expect(brief(await recall({ product: 'CASE', serials: serials('K-2') }))).toEqual([['P-3', 1, 'K-2', 'MAIN']]);
    });

    it('E-2: unknown codes and serials are refused all at once; a purchase order of another supplier is a mistake, not an empty recall', async () => {
      await ledger.write((db) => addProduct(db, { code: 'GREASE' }));
      expect((await rejected(prepareRecall(ledger.db, { product: 'GHOST', supplier: 'NOBODY', po: 'PO-00000099' }))).map((p) => p.code)).toEqual(['unknown_product', 'unknown_supplier', 'unknown_purchase_order']);
      expect((await rejected(prepareRecall(ledger.db, { product: 'GREASE' }))).map((p) => p.code)).toEqual(['not_serialized']);
      const problems = await rejected(prepareRecall(ledger.db, { product: 'COIL', serials: serials('C-1', 'X-9', 'R-1'), supplier: 'ACME', po: 'PO-00000002' }));
      expect(problems.map((p) => [p.code, p.serial])).toEqual([
        ['supplier_mismatch', undefined],
        ['unknown_serial', 'X-9'],
        ['unknown_serial', 'R-1'],
      ]);
    });
  });
});
