// Bills of materials in process (RULES.md M-1): set, replace, show, list and delete; every
// problem with a BOM reported at once; cycles refused with their path; and P-4, a product in
// a BOM (as product or component) keeping its serialized flag until the BOM lets it go.

import { beforeEach, describe, expect, it } from 'vitest';
import { rejected, serials } from '../helpers/core.js';
import { newLedger, seed, type TestLedger } from '../helpers/ledger.js';
import { forEachEngine } from '../helpers/engines.js';
import { addProduct, isSerialized } from '../../src/core/master-data/products.js';
import { deleteBom, listBoms, setBom, showBom, type BomComponentInput } from '../../src/core/assemblies/boms.js';
import { serializeProduct, unserializeProduct } from '../../src/core/stock/product-serialization.js';

let ledger: TestLedger;

const set = (product: string, ...components: [string, string][]) =>
  ledger.write((db) => setBom(db, { product, components: components.map(([p, quantity], i): BomComponentInput => ({ product: p, quantity, source: `--component ${i + 1}` })) }));

forEachEngine((engine) => {
  describe('bills of materials (M-1)', () => {
    beforeEach(async () => {
      ledger = await newLedger(engine);
      await seed(ledger);
      await ledger.write(async (db) => {
        await addProduct(db, { code: 'BIKE', description: 'Bicycle', serialized: true });
        await addProduct(db, { code: 'TRIKE', serialized: true });
        await addProduct(db, { code: 'FRAME', description: 'Frame', serialized: true });
        await addProduct(db, { code: 'WHEEL', serialized: true });
        await addProduct(db, { code: 'GREASE' });
        await addProduct(db, { code: 'LABOUR', neverDiminishing: true });
      });
    });

    it('M-1: set, show, replace, list and delete a BOM', async () => {
      const made = await set('bike', ['frame', '1'], ['WHEEL', '2'], ['GREASE', '0.05'], ['LABOUR', '0.5']);
      expect(made).toEqual({
        product: 'BIKE',
        description: 'Bicycle',
        serialized: true,
        components: [
          { lineNo: 1, product: 'FRAME', description: 'Frame', serialized: true, quantityE4: 10_000 },
          { lineNo: 2, product: 'WHEEL', description: '', serialized: true, quantityE4: 20_000 },
          { lineNo: 3, product: 'GREASE', description: '', serialized: false, quantityE4: 500 },
          { lineNo: 4, product: 'LABOUR', description: '', serialized: false, quantityE4: 5_000 },
        ],
        usedIn: [],
      });
      expect(await showBom(ledger.db, 'Bike')).toEqual(made);

      // replacing: exactly the new components, in their new order
      const replaced = await set('BIKE', ['WHEEL', '2'], ['FRAME', '1']);
      expect(replaced.components.map((c) => [c.lineNo, c.product, c.quantityE4])).toEqual([
        [1, 'WHEEL', 20_000],
        [2, 'FRAME', 10_000],
      ]);

      await set('TRIKE', ['FRAME', '1'], ['WHEEL', '3']);
      // a sub-assembly: WHEEL has a BOM of its own and stands in two others
      await set('WHEEL', ['GREASE', '0.01']);
      expect((await showBom(ledger.db, 'WHEEL')).usedIn).toEqual(['BIKE', 'TRIKE']);
      expect(await listBoms(ledger.db)).toEqual([
        { product: 'BIKE', description: 'Bicycle', componentCount: 2 },
        { product: 'TRIKE', description: '', componentCount: 2 },
        { product: 'WHEEL', description: '', componentCount: 1 },
      ]);

      const deleted = await ledger.write((db) => deleteBom(db, 'trike'));
      expect(deleted.product).toBe('TRIKE');
      expect(deleted.components).toHaveLength(2);
      expect((await listBoms(ledger.db)).map((b) => b.product)).toEqual(['BIKE', 'WHEEL']);
      expect((await showBom(ledger.db, 'WHEEL')).usedIn).toEqual(['BIKE']);
    });

    it('M-1: show and delete of a product without a BOM, or an unknown one, say how to fix it', async () => {
      await set('BIKE', ['FRAME', '1']);
      const none = await rejected(showBom(ledger.db, 'FRAME'));
      expect(none).toEqual([expect.objectContaining({ code: 'no_bom', product: 'FRAME' })]);
      expect(none[0]?.message).toContain('component in the BOM of BIKE');
      expect(none[0]?.fix).toContain('serials bom set FRAME --component');
      expect((await rejected(ledger.write((db) => deleteBom(db, 'WHEEL')))).map((p) => p.code)).toEqual(['no_bom']);
      expect((await rejected(showBom(ledger.db, 'NOPE'))).map((p) => p.code)).toEqual(['unknown_product']);
    });

    it('M-1: every problem with a BOM is reported at once, naming product and component, and nothing is written', async () => {
      await set('BIKE', ['FRAME', '1']);
      const problems = await rejected(set('BIKE', ['NOPE', '1'], ['WHEEL', '1.5'], ['FRAME', '0'], ['GREASE', 'lots'], ['wheel', '2'], ['BIKE', '1']));
      expect(problems.map((p) => [p.code, p.product, p.source])).toEqual([
        ['unknown_product', 'NOPE', '--component 1'],
        ['fractional_quantity', 'WHEEL', '--component 2'],
        ['invalid_quantity', 'FRAME', '--component 3'],
        ['invalid_quantity', 'GREASE', '--component 4'],
        ['duplicate_component', 'wheel', '--component 5'],
        ['bom_self', 'BIKE', '--component 6'],
      ]);
      for (const p of problems) expect(p.fix, p.code).toBeTruthy();
      expect(problems[1]?.message).toContain('whole number');
      expect(problems[1]?.fix).toContain('WHEEL:2');
      expect(problems[4]?.message).toContain('--component 2 and --component 5');
      // the BOM it had is untouched
      expect((await showBom(ledger.db, 'BIKE')).components.map((c) => c.product)).toEqual(['FRAME']);

      const header = await rejected(ledger.write((db) => setBom(db, { product: 'LABOUR', components: [] })));
      expect(header.map((p) => [p.code, p.product])).toEqual([
        ['bom_never_diminishing', 'LABOUR'],
        ['bom_empty', 'LABOUR'],
      ]);
      expect(header[0]?.message).toContain('Never Diminishing');
      expect((await rejected(set('GHOST', ['FRAME', '1']))).map((p) => p.code)).toEqual(['unknown_product']);
    });

    it('M-1: a cycle is refused naming its path, directly and through two levels of sub-assemblies', async () => {
      await set('BIKE', ['FRAME', '1']);
      const direct = await rejected(set('FRAME', ['GREASE', '1'], ['BIKE', '1']));
      expect(direct.map((p) => [p.code, p.product])).toEqual([['bom_cycle', 'BIKE']]);
      expect(direct[0]?.message).toBe('The bill of materials of FRAME would contain FRAME itself: FRAME → BIKE → FRAME.');
      expect(direct[0]?.fix).toContain('serials bom show BIKE');

      // BIKE → FRAME → WHEEL: FRAME and WHEEL are sub-assemblies
      await set('FRAME', ['WHEEL', '1']);
      await set('WHEEL', ['GREASE', '0.01']);
      const deep = await rejected(set('WHEEL', ['GREASE', '0.01'], ['BIKE', '1']));
      expect(deep.map((p) => p.code)).toEqual(['bom_cycle']);
      expect(deep[0]?.message).toContain('WHEEL → BIKE → FRAME → WHEEL');
      expect(deep[0]?.fix).toContain('take WHEEL out of the BOM of FRAME');
      const deeper = await rejected(set('GREASE', ['BIKE', '1']));
      expect(deeper[0]?.message).toContain('GREASE → BIKE → FRAME → WHEEL → GREASE');
      // nothing was written by the refused ones
      expect((await listBoms(ledger.db)).map((b) => [b.product, b.componentCount])).toEqual([
        ['BIKE', 1],
        ['FRAME', 1],
        ['WHEEL', 1],
      ]);
      // a product may stand in several branches without a cycle (a diamond)
      expect((await set('TRIKE', ['BIKE', '1'], ['FRAME', '1'], ['WHEEL', '1'])).components).toHaveLength(3);
    });

    it('P-4: a product in a BOM (as product or component) cannot change its serialized flag; deleting the BOM frees it', async () => {
      await set('BIKE', ['FRAME', '1'], ['GREASE', '1']);
      await set('TRIKE', ['FRAME', '1']);

      const component = await rejected(ledger.write((db) => unserializeProduct(db, 'FRAME')));
      expect(component.map((p) => p.code)).toEqual(['product_in_boms']);
      expect(component[0]?.message).toBe('Product FRAME is in 2 bills of materials: BIKE, TRIKE.');
      expect(component[0]?.fix).toContain('serials bom set BIKE --component GREASE:1');
      expect(component[0]?.fix).toContain('serials bom delete BIKE');

      const owner = await rejected(ledger.write((db) => unserializeProduct(db, 'TRIKE')));
      expect(owner.map((p) => p.code)).toEqual(['product_has_bom']);
      expect(owner[0]?.fix).toBe('Delete it first: serials bom delete TRIKE');

      const plain = await rejected(ledger.write((db) => serializeProduct(db, { product: 'GREASE', serials: [] })));
      expect(plain.map((p) => p.code)).toEqual(['product_in_boms']);
      expect(plain[0]?.message).toBe('Product GREASE is in the bill of materials of BIKE.');
      expect(await isSerialized(ledger.db, 'GREASE')).toBe(false);

      await ledger.write((db) => deleteBom(db, 'BIKE'));
      expect((await ledger.write((db) => serializeProduct(db, { product: 'GREASE', serials: serials() }))).serialized).toBe(true);
      const still = await rejected(ledger.write((db) => unserializeProduct(db, 'FRAME')));
      expect(still[0]?.message).toBe('Product FRAME is in the bill of materials of TRIKE.');
      expect(still[0]?.fix).toContain('serials bom delete TRIKE (FRAME is its only component)');
      await ledger.write((db) => deleteBom(db, 'TRIKE'));
      expect((await ledger.write((db) => unserializeProduct(db, 'FRAME'))).serialized).toBe(false);
      expect((await ledger.write((db) => unserializeProduct(db, 'TRIKE'))).serialized).toBe(false);
    });

    it('P-4: a parked assembly blocks its product, and the error says how to complete or delete it', async () => {
      // the header of a parked assembly, as assemble --park leaves it (its commands are not here yet)
      await ledger.write(async (db) => {
        const main = await db.selectFrom('warehouses').select('id').where('code', '=', 'MAIN').executeTakeFirstOrThrow();
        const frame = await db.selectFrom('products').select('id').where('code', '=', 'FRAME').executeTakeFirstOrThrow();
        const at = new Date().toISOString();
        await db
          .insertInto('assemblies')
          .values({ number: 'AS-00000001', product_id: frame.id, quantity_e4: 10_000, from_warehouse_id: main.id, to_warehouse_id: main.id, status: 'parked', created_at: at, completed_at: null, updated_at: at })
          .execute();
      });
      const problems = await rejected(ledger.write((db) => unserializeProduct(db, 'FRAME')));
      expect(problems.map((p) => [p.code, p.document])).toEqual([['product_on_open_documents', 'AS-00000001']]);
      expect(problems[0]?.message).toBe('Product FRAME is on an open document: assembly AS-00000001.');
      expect(problems[0]?.fix).toBe(
        'Finish or remove it first, e.g. complete or delete AS-00000001: serials assembly complete AS-00000001, or serials assembly delete AS-00000001.',
      );
    });
  });
});
