// serials trace and serials recall through the built CLI (RULES.md M-5, E-2), on the pumps of
// test/helpers/genealogy.ts built once in-process: the tree fits 80 columns and shows the
// chain to the customer, --json of both matches its schema, and the exit codes.

import { beforeAll, describe, expect, it } from 'vitest';
import { cli, newLedger, type CliResult } from '../helpers/ledger.js';
import { commandsFor, serials } from '../helpers/core.js';
import { buildPumps } from '../helpers/genealogy.js';
import { contract, expectErrorContract } from '../helpers/json-contract.js';
import type { TestLedger } from '../helpers/ledger.js';

let ledger: TestLedger;
let db: string;
const { adjust } = commandsFor(() => ledger);
const run = (...args: string[]): CliResult => cli(db, args);

beforeAll(async () => {
  ledger = await newLedger();
  await buildPumps(ledger);
  // the case K-1's serial text is a widget's too
  await adjust({ direction: 'in', warehouse: 'MAIN', product: 'WIDGET', serials: serials('k-1') });
  db = ledger.path;
  await ledger.close();
});

describe('serials trace (M-5, E-2)', () => {
  it('M-5, E-2: the tree shows the components with their origin, and the chain up to the customer, in 80 columns', () => {
    const down = run('trace', 'P-1');
    expect(down.status, down.stderr).toBe(0);
    const lines = down.stdout.trimEnd().split('\n');
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(lines[0]).toBe('P-1  PUMP  Unavailable  shipped to BAKER on SS-00000001 (SO-00000001)');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^├─ M-1 {2}MOTOR {2}Unavailable {2}built on AS-00000002$/),
      expect.stringMatching(/^│ {2}├─ R-1 {2}ROTOR {2}Unavailable {2}built on AS-00000001$/),
      expect.stringMatching(/^│ {2}│ {2}├─ C-1 {2}COIL {2}Unavailable {2}from ACME \(PO-00000001\)$/),
      expect.stringMatching(/^│ {2}│ {2}└─ C-2 {2}COIL {2}Unavailable {2}from ACME \(PO-00000001\)$/),
      expect.stringMatching(/^│ {2}└─ H-1 {2}HOUSING {2}Unavailable {2}from BETA \(PO-00000002\)$/),
      expect.stringMatching(/^└─ K-1 {2}CASE {2}Unavailable {2}from BETA \(PO-00000002\)$/),
      'Origin: built on AS-00000003',
    ]);

    const up = run('trace', 'c-1');
    expect(up.status, up.stderr).toBe(0);
    const upLines = up.stdout.trimEnd().split('\n');
    for (const line of upLines) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(upLines[0]).toBe('C-1  COIL  Unavailable  from ACME (PO-00000001)');
    expect(upLines.slice(1).join(' ').replace(/\s+/g, ' ')).toBe('Built into: R-1 (ROTOR) → M-1 (MOTOR) → P-1 (PUMP) → shipped to BAKER on SS-00000001 (SO-00000001)');
  });

  it('M-5, E-2: --json matches the schema, down and up, and --format json is the same', () => {
    const pump = contract(['trace'], run('trace', 'P-1', '--json'));
    expect(pump.components[0].components[0].components[0]).toMatchObject({ serial: 'C-1', receivedFrom: { supplier: 'ACME', document: 'PO-00000001' } });
    expect(pump.shippedTo).toEqual({ customer: 'BAKER', document: 'SS-00000001', salesOrder: 'SO-00000001' });
    const coil = contract(['trace'], run('trace', 'C-1', '--format', 'JSON'));
    expect(coil.builtInto.builtInto.builtInto).toMatchObject({ serial: 'P-1', builtInto: null, shippedTo: { customer: 'BAKER' } });
    const kase = contract(['trace'], run('trace', 'K-1', '--product', 'case', '--json'));
    expect(kase.builtInto).toMatchObject({ serial: 'P-1' });
  });

  it('E-2: unknown serial 1, a serial of several products without --product 1, bad flags 2', () => {
    const unknown = run('trace', 'NOPE', '--json');
    expect(unknown.status).toBe(1);
    expect(expectErrorContract(unknown).code).toBe('unknown_serial');
    const ambiguous = run('trace', 'K-1');
    expect(ambiguous.status).toBe(1);
    expect(ambiguous.stderr).toMatch(/CASE, WIDGET/);
    expect(ambiguous.stderr).toMatch(/--product/);
    expect(run('trace').status).toBe(2);
    expect(run('trace', 'P-1', '--format', 'table').status).toBe(2);
  });
});

describe('serials recall (M-5, E-2)', () => {
  it('M-5, E-2: --json matches the schema; table and CSV show the same rows; received dates are local days', () => {
    const rows = contract(['recall'], run('recall', '--product', 'COIL', '--supplier', 'ACME', '--json'));
    expect(rows.map((r: { serial: string; depth: number }) => `${r.serial}/${r.depth}`)).toEqual(['R-1/1', 'M-1/2', 'P-1/3', 'R-1/1', 'M-1/2', 'P-1/3', 'R-2/1', 'M-2/2', 'P-2/3']);
    expect(rows[2]).toEqual({ serial: 'P-1', product: 'PUMP', status: 'unavailable', warehouse: null, customer: 'BAKER', document: 'SS-00000001', component: { serial: 'C-1', product: 'COIL' }, depth: 3 });

    const csv = run('recall', '--product', 'COIL', '--po', 'PO-00000002', '--format', 'csv');
    expect(csv.status, csv.stderr).toBe(0);
    expect(csv.stdout.trim().split(/\r?\n/)).toEqual([
      'Serial,Product,Status,Warehouse,Customer,Shipment,Component,Component product,Depth',
      'R-2,ROTOR,unavailable,,,,C-5,COIL,1',
      'M-2,MOTOR,unavailable,,,,C-5,COIL,2',
      'P-2,PUMP,available,MAIN,,,C-5,COIL,3',
    ]);

    const table = run('recall', '--product', 'COIL', '--received-from', '2026-02-01', '--received-to', '2026-12-31');
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/Serial +Product +Status +Warehouse/);
    expect(table.stdout.trim().split('\n')).toHaveLength(4);
    expect(table.stderr).toMatch(/3 units built from the COIL component units/);

    const given = cli(db, ['recall', '--product', 'HOUSING', '--serials-file', '-', '--json'], { input: 'H-1\n' });
    expect(contract(['recall'], given).map((r: { serial: string }) => r.serial)).toEqual(['M-1', 'P-1']);
    // the component product is what is recalled: without it, a usage error
    expect(run('recall', '--po', 'PO-00000002', '--json').status).toBe(2);
  });

  it('E-2: nothing containing them is exit 0 with a sentence saying how many component units matched; bad input 1 or 2', () => {
    const none = run('recall', '--product', 'COIL', '--serials', 'C-4,C-6', '--json');
    expect(none.status).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual([]);
    expect(none.stderr).toMatch(/No assembled unit contains them: 2 component units of COIL matched/);
    const unknown = run('recall', '--product', 'COIL', '--supplier', 'NOBODY', '--json');
    expect(unknown.status).toBe(1);
    expect(expectErrorContract(unknown).code).toBe('unknown_supplier');
    expect(run('recall', '--product', 'COIL', '--received-from', '2026-13-01').status).toBe(2);
  });
});
