import { beforeEach, describe, expect, it } from 'vitest';
import { commandsFor, rejected, serials } from '../helpers/core.js';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { createSalesOrder, deleteSalesOrder, showSalesOrder } from '../../src/core/sales/sales-orders.js';
import { shipmentScanPlan, shipmentScanSerial } from '../../src/core/sales/shipment-scan.js';
import { assignSerials } from '../../src/core/sales/serial-assignments.js';
import { dispatchShipment, shipSalesOrder, type ShipInput } from '../../src/core/sales/shipments.js';
import { cancelShipment } from '../../src/core/sales/shipment-cancel.js';
import { enquire } from '../../src/core/reports/enquiry.js';
import { serialHistory } from '../../src/core/reports/history.js';

let ledger: TestLedger;
const { adjust, soh } = commandsFor(() => ledger);

const order = async (widgets: string, cable?: string) =>
  (
    await ledger.write((db) =>
      createSalesOrder(db, {
        customer: 'BAKER',
        warehouse: 'MAIN',
        lines: [{ product: 'WIDGET', quantity: widgets }, ...(cable ? [{ product: 'CABLE', quantity: cable }] : [])],
      }),
    )
  ).number;
const assign = (so: string, raws: string[]) => ledger.write((db) => assignSerials(db, { salesOrder: so, product: 'WIDGET', serials: serials(...raws) }));
const ship = (input: Partial<ShipInput> & { salesOrder: string }) => ledger.write((db) => shipSalesOrder(db, { serials: [], ...input }));

forEachEngine((engine) => {
  beforeEach(async () => {
    ledger = await newLedger(engine);
    await seed(ledger);
    await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-1', 'W-2', 'W-3', 'W-4') });
    await adjust({ direction: 'in', warehouse: 'BACK', product: 'WIDGET', serials: serials('B-1') });
    await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '10' });
  });

  describe('shipments (S-3, S-4)', () => {
    it('S-3/S-4: assigned serials carry over, the rest are given; dispatched serials become unavailable and name the customer; the order completes', async () => {
      const so = await order('2', '2.5');
      await assign(so, ['W-1']);
      const r = await ship({ salesOrder: so, serials: serials('W-2') });
      expect(r).toMatchObject({ number: 'SS-00000001', status: 'dispatched', orderCompleted: true, customer: 'BAKER' });
      const rows = await enquire(ledger.db, { document: so });
      expect(rows.map((x) => [x.serial, x.status, x.lastDocument.number, x.lastDocument.party])).toEqual([
        ['W-1', 'unavailable', 'SS-00000001', 'BAKER'],
        ['W-2', 'unavailable', 'SS-00000001', 'BAKER'],
      ]);
      expect(await soh()).toContainEqual({ product: 'CABLE', warehouse: 'MAIN', quantityE4: 75_000, serials: null });
      const history = await serialHistory(ledger.db, 'W-1');
      expect(history.at(-1)).toMatchObject({ kind: 'shipment', document: 'SS-00000001', salesOrder: so, party: 'BAKER', status: 'unavailable' });
      expect((await showSalesOrder(ledger.db, so)).status).toBe('completed');
    });

    it('S-3: partial shipments; shipping more than is outstanding is rejected', async () => {
      const so = await order('3');
      await ship({ salesOrder: so, product: 'WIDGET', quantity: '1', serials: serials('W-1') });
      const problems = await rejected(ship({ salesOrder: so, product: 'WIDGET', quantity: '3', serials: serials('W-2', 'W-3', 'W-4') }));
      expect(problems.map((p) => p.code)).toContain('over_shipment');
      const second = await ship({ salesOrder: so, product: 'WIDGET', quantity: '2', serials: serials('W-2', 'W-3') });
      expect(second.orderCompleted).toBe(true);
      expect((await showSalesOrder(ledger.db, so)).lines[0]).toMatchObject({ shippedE4: 30_000, outstandingE4: 0 });
    });

    it('S-3: a parked shipment keeps its serials available until dispatched, and counts against what is outstanding', async () => {
      const so = await order('2');
      const parked = await ship({ salesOrder: so, serials: serials('W-1', 'W-2'), park: true });
      expect(parked.status).toBe('parked');
      expect((await enquire(ledger.db, { serial: 'W-1' }))[0]?.status).toBe('available');
      expect((await rejected(ship({ salesOrder: so, serials: serials('W-3') })))[0]?.code).toBe('nothing_to_ship');
      const dispatched = await ledger.write((db) => dispatchShipment(db, parked.number));
      expect(dispatched).toMatchObject({ status: 'dispatched', orderCompleted: true });
      expect((await rejected(ledger.write((db) => dispatchShipment(db, parked.number))))[0]?.code).toBe('already_dispatched');
    });

    it('S-4: dispatch needs exactly the quantity of serials; too few or too many are rejected and nothing is written', async () => {
      const so = await order('2');
      const tooFew = await rejected(ship({ salesOrder: so, serials: serials('W-1') }));
      expect(tooFew).toEqual([expect.objectContaining({ code: 'serials_missing', product: 'WIDGET', document: so })]);
      expect(tooFew[0]?.message).toBe(`The shipment on ${so}: WIDGET needs 2 serials to be dispatched, and has 1.`);
      // a fractional quantity of a serialized product is that, not also a count of serials
      expect((await rejected(ship({ salesOrder: so, product: 'WIDGET', quantity: '1.5', serials: serials('W-1') }))).map((p) => p.code)).toEqual(['fractional_serialized_quantity']);
      expect((await rejected(ship({ salesOrder: so, serials: serials('W-1', 'W-2', 'W-3') })))[0]?.code).toBe('too_many_serials');
      expect((await enquire(ledger.db, { status: 'unavailable' })).length).toBe(0);
    });

    it('S-4: every bad serial is reported in one pass: in another warehouse, already dispatched (naming the shipment), unknown', async () => {
      const first = await order('1');
      await ship({ salesOrder: first, serials: serials('W-1') });
      const so = await order('3');
      const problems = await rejected(ship({ salesOrder: so, serials: serials('B-1', 'W-1', 'NOPE') }));
      expect(problems.map((p) => [p.code, p.serial]).sort()).toEqual([
        ['serial_in_other_warehouse', 'B-1'],
        ['serial_not_available', 'W-1'],
        ['unknown_serial', 'NOPE'],
      ]);
      expect((await showSalesOrder(ledger.db, so)).lines[0]?.shippedE4).toBe(0);
      // parking checks only that the serials exist; dispatch checks the rest
      expect((await rejected(ship({ salesOrder: so, serials: serials('NOPE', 'W-2'), park: true }))).map((p) => [p.code, p.serial])).toEqual([['unknown_serial', 'NOPE']]);
      const parked = await ship({ salesOrder: so, serials: serials('B-1', 'W-1', 'W-2'), park: true });
      const dispatchProblems = await rejected(ledger.write((db) => dispatchShipment(db, parked.number)));
      expect(dispatchProblems.map((p) => [p.code, p.serial]).sort()).toEqual([
        ['serial_in_other_warehouse', 'B-1'],
        ['serial_not_available', 'W-1'],
      ]);
      expect(dispatchProblems.find((p) => p.serial === 'W-1')?.message).toContain('SS-00000001');
    });

    it('S-3: parking reports an invalid serial, an unknown one and too many serials together', async () => {
      const so = await order('2');
      const problems = await rejected(ship({ salesOrder: so, serials: serials('W-1', 'NOPE', 'bad\tserial', 'W-2', 'W-3'), park: true }));
      expect(problems.map((p) => p.code).sort()).toEqual(['invalid_serial', 'too_many_serials', 'unknown_serial']);
      expect((await showSalesOrder(ledger.db, so)).lines[0]?.outstandingE4).toBe(20_000);
    });

    it('S-3/S-4: a serial on a parked shipment that leaves on another order blocks the dispatch, naming the shipment; cancelling it frees the order', async () => {
      const a = await order('1');
      const parked = await ship({ salesOrder: a, serials: serials('W-1'), park: true });
      const b = await order('1');
      await ship({ salesOrder: b, serials: serials('W-1') });
      const problems = await rejected(ledger.write((db) => dispatchShipment(db, parked.number)));
      expect(problems).toEqual([expect.objectContaining({ code: 'serial_not_available', serial: 'W-1', document: 'SS-00000002' })]);
      expect(problems[0]?.message).toContain(`on parked shipment ${parked.number}`);
      expect(problems[0]?.fix).toContain(`serials so cancel-shipment ${parked.number}`);

      expect((await showSalesOrder(ledger.db, a)).lines[0]).toMatchObject({ parkedE4: 10_000, outstandingE4: 0 });
      const cancelled = await ledger.write((db) => cancelShipment(db, parked.number));
      expect(cancelled).toMatchObject({ number: parked.number, status: 'cancelled', lines: [{ product: 'WIDGET', quantityE4: 10_000, serials: 1 }] });
      expect((await showSalesOrder(ledger.db, a)).lines[0]).toMatchObject({ shippedE4: 0, parkedE4: 0, outstandingE4: 10_000 });
      // kept for the record, marked cancelled: neither dispatched nor cancelled again
      expect((await rejected(ledger.write((db) => dispatchShipment(db, parked.number))))[0]?.code).toBe('shipment_cancelled');
      expect((await rejected(ledger.write((db) => cancelShipment(db, parked.number))))[0]?.code).toBe('shipment_cancelled');
      expect((await showSalesOrder(ledger.db, a)).shipments).toEqual([expect.objectContaining({ number: parked.number, status: 'cancelled', dispatchedAt: null, lines: [{ product: 'WIDGET', quantityE4: 10_000 }] })]);
      expect((await rejected(ledger.write((db) => cancelShipment(db, 'SS-00000002'))))[0]?.code).toBe('already_dispatched');
      expect(await ship({ salesOrder: a, serials: serials('W-2') })).toMatchObject({ status: 'dispatched', orderCompleted: true });
      expect(await ledger.db.selectFrom('shipment_serials').select('serial_id').execute()).toEqual([]);
    });

    it('S-2/S-4: an assigned serial parked with the shipment that then leaves stock: the fix is to cancel the shipment and unassign it', async () => {
      const so = await order('1');
      await assign(so, ['W-3']);
      const parked = await ship({ salesOrder: so, park: true });
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-3') });
      const problems = await rejected(ledger.write((db) => dispatchShipment(db, parked.number)));
      expect(problems).toEqual([expect.objectContaining({ code: 'serial_not_available', serial: 'W-3' })]);
      expect(problems[0]?.message).toContain(`on parked shipment ${parked.number} since the shipment was parked, and is assigned to ${so}`);
      expect(problems[0]?.fix).toBe(
        `Cancel the shipment (serials so cancel-shipment ${parked.number}) and unassign it (serials so unassign ${so} --product WIDGET --serials "W-3"), then ship ${so} again with another serial.`,
      );
    });

    it('S-2/S-4: a serial assigned to two orders, dispatched on one, blocks the other until its assignment is changed', async () => {
      const a = await order('1');
      const b = await order('1');
      await assign(a, ['W-1']);
      await assign(b, ['W-1']);
      await ship({ salesOrder: a });
      expect((await showSalesOrder(ledger.db, b)).lines[0]?.assigned).toEqual([{ serial: 'W-1', stale: true }]);
      const problems = await rejected(ship({ salesOrder: b }));
      expect(problems[0]).toMatchObject({ code: 'serial_not_available', serial: 'W-1', document: 'SS-00000001' });
      expect(problems[0]?.message).toContain(`assigned to ${b}: the assignment is stale`);
      expect(problems[0]?.fix).toContain(`serials so unassign ${b} --product WIDGET --serials "W-1"`);
      await ledger.write((db) => import('../../src/core/sales/serial-assignments.js').then((m) => m.unassignSerials(db, { salesOrder: b, product: 'WIDGET', serials: serials('W-1') })));
      expect((await ship({ salesOrder: b, serials: serials('W-2') })).status).toBe('dispatched');
    });
  });

  describe('large rejected shipments (S-5)', () => {
    it('S-5/S-4: a shipment of 150,000 serials that are all unknown is rejected naming every one (not a crash)', async () => {
      const n = 150_000;
      const so = await order(String(n));
      const given = Array.from({ length: n }, (_, i) => ({ raw: `GONE-${i}` }));
      const problems = await rejected(ship({ salesOrder: so, serials: given }));
      expect(problems).toHaveLength(n);
      expect(problems.every((p) => p.code === 'unknown_serial')).toBe(true);
      expect(problems[n - 1]?.serial).toBe(`GONE-${n - 1}`);
    }, 60_000);
  });

  describe('what the scanner prompt of so ship knows before and while scanning', () => {
    const plan = (input: { salesOrder: string; product?: string; quantity?: string }) => shipmentScanPlan(ledger.db, input);
    const codes = async (p: Promise<unknown>) => (await rejected(p)).map((x) => x.code);

    it('everything that does not depend on the serials is refused before any scanning', async () => {
      const deleted = await order('1');
      await ledger.write((db) => deleteSalesOrder(db, deleted));
      const completed = await order('1');
      await ship({ salesOrder: completed, serials: serials('W-4') });
      const open = await order('2');
      expect(await codes(plan({ salesOrder: deleted }))).toEqual(['sales_order_not_open']);
      expect(await codes(plan({ salesOrder: completed }))).toEqual(['sales_order_not_open']);
      expect(await codes(plan({ salesOrder: 'SO-00000099' }))).toEqual(['unknown_sales_order']);
      expect(await codes(plan({ salesOrder: open, product: 'NOPE' }))).toEqual(['unknown_product']);
      expect(await codes(plan({ salesOrder: open, product: 'CABLE' }))).toEqual(['product_not_on_order']);
      expect(await codes(plan({ salesOrder: open, product: 'WIDGET', quantity: '3' }))).toEqual(['over_shipment']);
      expect(await codes(plan({ salesOrder: open, quantity: '1' }))).toEqual(['product_required']);
    });

    it('S-3: each serialized line needs its quantity; assigned serials are counted already; a line the assignments cover is not asked for', async () => {
      const so = await order('3', '2');
      await assign(so, ['W-1']);
      const p = await plan({ salesOrder: so });
      expect(p).toMatchObject({ salesOrder: { number: so }, customer: 'BAKER', warehouse: { code: 'MAIN' } });
      expect(p.lines.map((l) => [l.product.code, l.units, l.carried.map((c) => c.serial)])).toEqual([['WIDGET', 3, ['W-1']]]);
      const covered = await order('1');
      await assign(covered, ['W-2']);
      expect((await plan({ salesOrder: covered })).lines).toEqual([]);
    });

    it('one scanned serial: in stock here, elsewhere, unknown, assigned to this order or another, on a parked shipment', async () => {
      const so = await order('3');
      const other = await order('1');
      await assign(so, ['W-1']);
      await assign(other, ['W-2']);
      const parkedOn = await order('1');
      await ship({ salesOrder: parkedOn, serials: serials('W-3'), park: true });
      const p = await plan({ salesOrder: so });
      const line = p.lines[0]!; // eslint-disable-line @typescript-eslint/no-non-null-assertion
      const check = (text: string) => shipmentScanSerial(ledger.db, p, line, text);
      expect(await check('w-4')).toEqual({ ok: true, text: 'W-4', key: 'w-4', assignedHere: false, alsoAssignedTo: [], parkedElsewhere: [] });
      expect(await check('W-1')).toMatchObject({ ok: true, assignedHere: true, alsoAssignedTo: [] });
      expect(await check('W-2')).toMatchObject({ ok: true, assignedHere: false, alsoAssignedTo: [other] });
      expect(await check('B-1')).toEqual({ ok: false, reason: expect.stringMatching(/^B-1 is in stock in BACK, not MAIN \(adjusted in on SA-\d{8}\)$/) });
      expect(await check('NOPE')).toEqual({ ok: false, reason: 'NOPE is not a serial of WIDGET in the ledger' });
      // parked on another order's shipment, it is still available: shipping it here is allowed, and worth knowing
      expect(await check('W-3')).toMatchObject({ ok: true, parkedElsewhere: [{ shipment: 'SS-00000001', salesOrder: parkedOn }] });
      // on this order's own parked shipment, it is not
      await ship({ salesOrder: so, product: 'WIDGET', quantity: '2', serials: serials('W-4'), park: true });
      const again = await plan({ salesOrder: so });
      expect(await shipmentScanSerial(ledger.db, again, again.lines[0]!, 'W-4')).toEqual({ ok: false, reason: expect.stringMatching(/^W-4 is on parked shipment SS-\d{8} of SO-\d{8} already$/) }); // eslint-disable-line @typescript-eslint/no-non-null-assertion
    });

    it('"ship what was scanned": a line ships the quantity given for it, the others all they have outstanding; the result lists the serials', async () => {
      const so = await order('3', '2');
      await assign(so, ['W-1']);
      const r = await ledger.write((db) => shipSalesOrder(db, { salesOrder: so, serials: serials('w-2'), quantities: [{ product: 'widget', quantity: '2' }] }));
      expect(r.lines).toEqual([
        { product: 'WIDGET', quantityE4: 20_000, serials: 2, serialized: true, serialList: ['W-1', 'W-2'] },
        { product: 'CABLE', quantityE4: 20_000, serials: 0, serialized: false, serialList: [] },
      ]);
      expect(r.orderCompleted).toBe(false);
      expect((await showSalesOrder(ledger.db, so)).lines[0]).toMatchObject({ shippedE4: 20_000, outstandingE4: 10_000 });
      const parked = await ship({ salesOrder: so, serials: serials('W-3'), park: true });
      expect(parked.lines).toEqual([{ product: 'WIDGET', serialized: true, quantityE4: 10_000, serials: 1, serialList: ['W-3'] }]);
    });
  });

  describe('migration 0006: shipment_serials holds parked shipments only', () => {
    it('S-3: copies kept for dispatched shipments by older versions are dropped; so show still lists what was shipped; a parked shipment keeps its serials', async () => {
      const { Migrator } = await import('kysely');
      const { migrations } = await import('../../migrations/index.js');
      const shipped = await order('2');
      await ship({ salesOrder: shipped, serials: serials('W-1', 'W-2') });
      const waiting = await order('1');
      await ship({ salesOrder: waiting, serials: serials('W-3'), park: true });
      const rows = () => ledger.db.selectFrom('shipment_serials').select('serial_id').execute();
      expect(await rows()).toHaveLength(1);

      // back to 0005: the copies of dispatched serials come back, as older versions wrote them
      const migrator = new Migrator({ db: ledger.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0005_credits_and_supplier_returns')).error).toBeUndefined();
      expect(await rows()).toHaveLength(3);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(await rows()).toHaveLength(1);

      expect((await showSalesOrder(ledger.db, shipped)).lines[0]?.shipped.map((s) => [s.serial, s.shipment])).toEqual([
        ['W-1', 'SS-00000001'],
        ['W-2', 'SS-00000001'],
      ]);
      const parked = (await showSalesOrder(ledger.db, waiting)).lines[0];
      expect(parked?.shipped).toEqual([]);
      expect((await ledger.write((db) => dispatchShipment(db, 'SS-00000002'))).lines).toEqual([{ product: 'WIDGET', serialized: true, quantityE4: 10_000, serials: 1, serialList: ['W-3'] }]);
      expect(await rows()).toHaveLength(0);
    });
  });
});
