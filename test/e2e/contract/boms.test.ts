// Bills of materials through the built CLI (RULES.md M-1, P-4): bom set, show, list and
// delete --json checked against schemas/bom/, their tables and CSV, exit codes (0 done,
// 1 rejected, 2 usage), a cycle's message, and a BOM blocking product unserialize.

import { describe, expect, it } from 'vitest';
import { assertVerifies, cli, ok, seededForFile } from '../../helpers/ledger.js';
import { contract, expectErrorContract } from '../../helpers/json-contract.js';

const ledger = seededForFile((db) => {
  const products = 'Product Code,Product Description,Serialized\nBIKE,Bicycle,Yes\nFRAME,,Yes\nWHEEL,,Yes\n';
  ok(cli(db, ['import', 'products', '-'], { input: products }));
});
const run = (...args: string[]) => cli(ledger.db, args);

describe('bom commands (M-1)', () => {
  it('M-1: bom set, show, list and delete --json match their schemas; tables and CSV for people', () => {
    const set = contract(['bom', 'set'], run('--json', 'bom', 'set', 'bike', '--component', 'FRAME:1', '--component', 'wheel:2', '--component', 'CABLE:1.5'));
    expect(set).toEqual({
      product: 'BIKE',
      description: 'Bicycle',
      serialized: true,
      components: [
        { line: 1, product: 'FRAME', description: '', serialized: true, quantity: 1 },
        { line: 2, product: 'WHEEL', description: '', serialized: true, quantity: 2 },
        { line: 3, product: 'CABLE', description: '', serialized: false, quantity: 1.5 },
      ],
      usedIn: [],
    });
    expect(contract(['bom', 'show'], run('--json', 'bom', 'show', 'BIKE'))).toEqual(set);
    expect(ok(run('bom', 'set', 'WHEEL', '--component', 'WIDGET:3')).stdout).toBe('Set the bill of materials of WHEEL: 1 component per unit, WIDGET × 3.\n');
    expect(contract(['bom', 'list'], run('--json', 'bom', 'list'))).toEqual([
      { product: 'BIKE', description: 'Bicycle', componentCount: 3 },
      { product: 'WHEEL', description: '', componentCount: 1 },
    ]);

    const table = ok(run('bom', 'show', 'BIKE')).stdout;
    expect(table).toContain('BIKE  Bicycle');
    expect(table).toMatch(/3 +CABLE +No +1\.5/);
    expect(ok(run('bom', 'show', 'BIKE', '--format', 'csv')).stdout).toBe(
      'Product Code,Component Code,Component Description,Serialized,Quantity\nBIKE,FRAME,,Yes,1\nBIKE,WHEEL,,Yes,2\nBIKE,CABLE,,No,1.5\n',
    );

    const deleted = contract(['bom', 'delete'], run('--json', 'bom', 'delete', 'WHEEL'));
    // WHEEL was a sub-assembly of BIKE, and stays its component
    expect(deleted).toEqual({ product: 'WHEEL', componentCount: 1, usedIn: ['BIKE'] });
  });

  it('M-1: exit 1 with every problem for a bad BOM, a cycle naming its path, and a product without one; exit 2 for malformed flags', () => {
    const bad = run('--json', 'bom', 'set', 'FRAME', '--component', 'NOPE:1', '--component', 'WIDGET:0.5', '--component', 'BIKE:1');
    expect(bad.status).toBe(1);
    const error = expectErrorContract(bad);
    expect((error.details as { code: string }[]).map((p) => p.code)).toEqual(['unknown_product', 'fractional_quantity', 'bom_cycle']);
    expect(JSON.stringify(error.details)).toContain('FRAME → BIKE → FRAME');

    const cycle = run('bom', 'set', 'FRAME', '--component', 'BIKE:1');
    expect(cycle.status).toBe(1);
    expect(cycle.stderr).toContain('The bill of materials of FRAME would contain FRAME itself: FRAME → BIKE → FRAME.');
    expect(cycle.stderr).toContain('serials bom show BIKE');

    const none = run('--json', 'bom', 'show', 'WHEEL');
    expect(none.status).toBe(1);
    expect(expectErrorContract(none).code).toBe('no_bom');

    const malformed = run('bom', 'set', 'FRAME', '--component', 'WIDGET');
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toContain('expected CODE:QTY');
  });

  it('P-4: product unserialize of a BOM component is refused, listing the BOM and how to take it out', () => {
    const refused = run('product', 'unserialize', 'FRAME');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Product FRAME is in the bill of materials of BIKE.');
    expect(refused.stderr).toContain('serials bom set BIKE --component WHEEL:2 --component CABLE:1.5');
    expect(contract(['bom', 'delete'], run('--json', 'bom', 'delete', 'BIKE'))).toEqual({ product: 'BIKE', componentCount: 3, usedIn: [] });
    assertVerifies(ledger.db);
  });
});

