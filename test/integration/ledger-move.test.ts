// The ledger's move: an available serial changes warehouse and stays available, one movement
// from → to, and db verify replays it. Tested here on the ledger alone: the movements name a
// transfer that has no document row (transfers themselves are tested in transfers.test.ts).

import { beforeEach, describe, expect, it } from 'vitest';
import { commandsFor, expectLedgerVerifies, serials } from '../helpers/core.js';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import * as ledger from '../../src/core/ledger/index.js';
import { findEntry, findProduct, warehouseRef } from '../../src/core/master-data/lookup.js';
import { serialHistory } from '../../src/core/reports/history.js';
import { enquire } from '../../src/core/reports/enquiry.js';
import type { Db } from '../../src/db/open.js';
import type { Problem } from '../../src/errors.js';

let test: TestLedger;
const { adjust, soh } = commandsFor(() => test);

forEachEngine((engine) => {
  beforeEach(async () => {
    test = await newLedger(engine);
    await seed(test);
    await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-1', 'W-2', 'W-3') });
    await adjust({ direction: 'in', warehouse: 'MAIN', product: 'CABLE', quantity: '10.5' });
  });


  /** Checks and, when nothing is wrong, applies one move; returns the problems. */
  async function move(product: string, from: string, to: string, options: { serials?: string[]; quantity?: number }): Promise<Problem[]> {
    return test.write(async (db: Db) => {
      const p = await findProduct(db, product);
      const source = await findEntry(db, 'warehouse', from);
      const target = await findEntry(db, 'warehouse', to);
      if (!p || !source || !target) throw new Error('seed is missing something');
      const given = (options.serials ?? []).map((raw) => ({ raw }));
      const op: ledger.MoveOp = {
        op: 'move',
        movement: 'transfer',
        product: p,
        from: warehouseRef(source),
        to: warehouseRef(target),
        quantityE4: options.quantity ?? given.length * 10_000,
        serials: given,
      };
      const { problems, plan } = await ledger.check(db, [op]);
      if (problems.length === 0) await ledger.apply(db, plan, { type: 'transfer', id: 999, number: 'MOVE-1' });
      return problems;
    });
  }

  describe('ledger move', () => {
    it('T-1: a moved serial is the same record, still available, now in the destination; stock follows; verify replays it', async () => {
      const before = await enquire(test.db, { serial: 'W-2' });
      expect(await move('WIDGET', 'MAIN', 'BACK', { serials: ['w-2', 'W-3'] })).toEqual([]);

      const after = await enquire(test.db, { serial: 'W-2' });
      expect(after).toHaveLength(1);
      expect(after[0]).toMatchObject({ serial: 'W-2', warehouse: 'BACK', status: 'available', lastDocument: { number: 'MOVE-1', kind: 'transfer' } });
      expect(after[0]?.serial).toBe(before[0]?.serial);

      const history = await serialHistory(test.db, 'W-2');
      expect(history.at(-1)).toMatchObject({ kind: 'transfer', from: 'MAIN', to: 'BACK', statusBefore: 'available', status: 'available', document: 'MOVE-1' });
      expect(history).toHaveLength(2);

      expect(await soh()).toEqual(
        expect.arrayContaining([
          { product: 'WIDGET', warehouse: 'MAIN', quantityE4: 10_000, serials: 1 },
          { product: 'WIDGET', warehouse: 'BACK', quantityE4: 20_000, serials: 2 },
        ]),
      );
      await expectLedgerVerifies(test);

      // and it can leave its new warehouse, not its old one
      expect((await move('WIDGET', 'MAIN', 'BACK', { serials: ['W-2'] })).map((p) => p.code)).toEqual(['serial_in_other_warehouse']);
      expect(await move('WIDGET', 'BACK', 'MAIN', { serials: ['W-2'] })).toEqual([]);
      await expectLedgerVerifies(test);
    });

    it('N-5/N-6: a serial not available in the source, unknown, or listed twice is refused with the same messages as any other document; nothing moves', async () => {
      await adjust({ direction: 'out', warehouse: 'MAIN', product: 'WIDGET', serials: serials('W-3') });
      const problems = await move('WIDGET', 'BACK', 'MAIN', { serials: ['W-1', 'NOPE', 'W-3', 'w-1'] });
      expect(problems.map((p) => p.code)).toEqual(['duplicate_serial', 'serial_in_other_warehouse', 'unknown_serial', 'serial_not_available']);
      expect(problems.find((p) => p.code === 'serial_in_other_warehouse')?.message).toBe(
        'Serial "W-1" of product WIDGET is available in warehouse MAIN, not BACK (last document SA-00000001).',
      );
      expect((await enquire(test.db, { serial: 'W-1' }))[0]).toMatchObject({ warehouse: 'MAIN' });
      await expectLedgerVerifies(test);
    });

    it('T-1: a non-serialized quantity moves as far as the source holds it, and not to the warehouse it is in', async () => {
      expect(await move('CABLE', 'MAIN', 'BACK', { quantity: 40_000 })).toEqual([]);
      const short = await move('CABLE', 'MAIN', 'BACK', { quantity: 70_000 });
      expect(short.map((p) => p.code)).toEqual(['insufficient_stock']);
      expect(short[0]?.message).toContain('has 6.5 in warehouse MAIN');
      expect((await move('CABLE', 'MAIN', 'MAIN', { quantity: 10_000 })).map((p) => p.code)).toEqual(['same_warehouse']);
      expect(await soh()).toEqual(
        expect.arrayContaining([
          { product: 'CABLE', warehouse: 'MAIN', quantityE4: 65_000, serials: null },
          { product: 'CABLE', warehouse: 'BACK', quantityE4: 40_000, serials: null },
        ]),
      );
      await expectLedgerVerifies(test);
    });
  });
});
