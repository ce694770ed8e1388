// Assemblies and disassemblies through the built CLI (RULES.md M-2 to M-4): assemble in
// order (ranges in --serials and --component), from a mapping file, parked then completed or
// deleted, disassemble with a replaced part, assembly list and show in every format, exit
// codes, the --json of every command against its schema, and the scanner prompt on a
// terminal. One ledger for the file, the tests in order; `db verify` after the writes.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertVerifies, cli, copyLedger, json, ok, seededForFile } from '../helpers/ledger.js';
import { contract, expectErrorContract } from '../helpers/json-contract.js';
import { onTerminal } from '../helpers/terminal.js';

const state = seededForFile((db) => {
  const products = join(state.dirs[0] as string, 'products.csv');
  writeFileSync(products, 'Product Code,Serialized\nBIKE,yes\nFRAME,yes\nWHEEL,yes\nKIT,yes\nPART,yes\nBOLT,no\n');
  ok(cli(db, ['import', 'products', products]));
  ok(cli(db, ['bom', 'set', 'BIKE', '--component', 'FRAME:1', '--component', 'WHEEL:2', '--component', 'BOLT:4']));
  ok(cli(db, ['bom', 'set', 'KIT', '--component', 'PART:1']));
  ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'FRAME', '--serials', 'F-01..F-09', '--reason', 'opening']));
  ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WHEEL', '--serials', 'W-01..W-18', '--reason', 'opening']));
  ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'BOLT', '--qty', '100', '--reason', 'opening']));
  // for the scanner prompt's test, which does not depend on the others
  seeded = copyLedger(db, state.dirs, 'serials-e2e-asm-').db;
});
let seeded = '';
const run = (...args: string[]) => cli(state.db, args);
const runJson = (...args: string[]) => cli(state.db, ['--json', ...args]);
type Unit = { serial: string; components: { product: string; serials: string[] }[] };
const mapOf = (units: Unit[]) => Object.fromEntries(units.map((u) => [u.serial, u.components.flatMap((c) => c.serials)]));
const statusOf = (serial: string) => (json(ok(runJson('enquiry', serial))) as { status: string; warehouse: string }[]).map((r) => [r.status, r.warehouse])[0];

describe('assemble (M-2, M-3)', () => {
  it('M-2, M-3: assembles in the order listed, ranges in --serials and --component; --json has the units and their serials', () => {
    const made = ok(run('assemble', 'BIKE', '--qty', '2', '--warehouse', 'MAIN', '--serials', 'B-01..B-02', '--component', 'FRAME=F-01..F-02', '--component', 'wheel=W-01..W-04'));
    expect(made.stdout).toBe('Assembly AS-00000001: made 2 BIKE in MAIN from FRAME 2, WHEEL 4 and BOLT 8.\n');
    const a = contract(['assemble'], runJson('assemble', 'BIKE', '--warehouse', 'MAIN', '--to', 'BACK', '--serials', 'B-03', '--component', 'FRAME=F-03', '--component', 'WHEEL=W-05,W-06'));
    expect(a).toEqual({
      number: 'AS-00000002',
      status: 'completed',
      product: 'BIKE',
      quantity: 1,
      from: 'MAIN',
      to: 'BACK',
      lines: [
        { product: 'FRAME', quantity: 1, serialCount: 1 },
        { product: 'WHEEL', quantity: 2, serialCount: 2 },
        { product: 'BOLT', quantity: 4, serialCount: 0 },
      ],
      units: [{ serial: 'B-03', components: [{ product: 'FRAME', serials: ['F-03'] }, { product: 'WHEEL', serials: ['W-05', 'W-06'] }] }],
    });
    expect(mapOf(json(ok(runJson('assembly', 'show', 'AS-00000001'))).units)).toEqual({ 'B-01': ['F-01', 'W-01', 'W-02'], 'B-02': ['F-02', 'W-03', 'W-04'] });
  });

  it('M-3: a --serials-file with Assembled Serial, Component Code, Component Serial maps each serial to its unit; a plain list gives the units', () => {
    const dir = state.dirs[0] as string;
    const map = join(dir, 'map.csv');
    writeFileSync(map, 'Component Code;Assembled Serial;Component Serial\nWHEEL;B-05;W-07\nFRAME;B-04;F-05\nFRAME;B-05;F-04\nWHEEL;B-04;W-09\nWHEEL;B-04;W-10\nWHEEL;B-05;W-08\n');
    const a = contract(['assemble'], runJson('assemble', 'BIKE', '--warehouse', 'MAIN', '--serials-file', map));
    // the units are those the file names, in the order first named
    expect(mapOf(a.units)).toEqual({ 'B-05': ['F-04', 'W-07', 'W-08'], 'B-04': ['F-05', 'W-09', 'W-10'] });

    const list = join(dir, 'units.txt');
    writeFileSync(list, 'B-06\n');
    const b = contract(['assemble'], runJson('assemble', 'BIKE', '--warehouse', 'MAIN', '--serials-file', list, '--component', 'FRAME=F-06', '--component', 'WHEEL=W-11,W-12'));
    expect(mapOf(b.units)).toEqual({ 'B-06': ['F-06', 'W-11', 'W-12'] });

    // a mapping file that lacks a column, or has an empty cell, names the file and line
    writeFileSync(map, 'Assembled Serial,Component Code\nB-07,FRAME\n');
    expect(expectErrorContract(runJson('assemble', 'BIKE', '--warehouse', 'MAIN', '--serials-file', map)).message).toMatch(/map\.csv line 1: .*lacks Component Serial/);
    writeFileSync(map, 'Assembled Serial,Component Code,Component Serial\nB-07,FRAME,F-07\nB-07,WHEEL,\n');
    expect(expectErrorContract(runJson('assemble', 'BIKE', '--warehouse', 'MAIN', '--serials-file', map)).message).toMatch(/map\.csv line 3: Component Serial is empty\.$/);
  });

  it('M-2: a refusal is exit 1 with every problem, each said once; a malformed --component is exit 2', () => {
    const r = runJson('assemble', 'BIKE', '--warehouse', 'MAIN', '--serials', 'B-07', '--component', 'FRAME=F-01', '--component', 'CABLE=X-1');
    expect(r.status).toBe(1);
    const error = expectErrorContract(r);
    expect((error.details as { code: string; product?: string }[]).map((d) => [d.code, d.product])).toEqual(
      expect.arrayContaining([
        ['not_in_bom', 'CABLE'],
        ['serial_not_available', 'FRAME'],
        ['serials_required', 'WHEEL'],
      ]),
    );
    // the missing WHEEL serials are said once, not again as a count
    expect((error.details as { product?: string }[]).filter((d) => d.product === 'WHEEL')).toHaveLength(1);
    const bad = run('assemble', 'BIKE', '--warehouse', 'MAIN', '--serials', 'B-07', '--component', 'FRAME');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--component #1: expected CODE=SERIALS/);
    expect(run('assemble', 'BIKE', '--warehouse', 'MAIN', '--serials', 'B-07', '--component', 'FRAME=X..Y').status).toBe(1);
  });
});

describe('parked assemblies (M-2)', () => {
  it('M-2: parks holding its serials, shows them, completes with the same mapping; a deleted one frees its serials', () => {
    const parked = ok(run('assemble', 'BIKE', '--warehouse', 'MAIN', '--serials', 'B-07', '--component', 'FRAME=F-07', '--component', 'WHEEL=W-13,W-14', '--park'));
    expect(parked.stdout).toBe('Assembly AS-00000005 parked: 1 BIKE in MAIN from FRAME 1, WHEEL 2 and BOLT 4, its component serials held; complete it with serials assembly complete AS-00000005\n');
    const shown = ok(run('assembly', 'show', 'as-00000005')).stdout;
    expect(shown).toMatch(/^AS-00000005 {2}Parked\n/);
    expect(shown).toMatch(/Units \(1\), with the serials held for each\nUnit +FRAME +WHEEL\nB-07 +F-07 +W-13, W-14\n/);
    expect(shown).toContain('Complete it with serials assembly complete AS-00000005');
    const view = contract(['assembly', 'show'], runJson('assembly', 'show', 'AS-00000005'));
    expect(view).toMatchObject({ status: 'parked', completedAt: null, units: [{ serial: 'B-07' }] });
    expect(view.lines[1]).toEqual({ product: 'WHEEL', quantity: 2, serials: ['W-13', 'W-14'], serialCount: 2 });
    // held: no other document may take them
    const transfer = runJson('transfer', 'create', '--from', 'MAIN', '--to', 'BACK', '--product', 'WHEEL', '--serials', 'W-14');
    expect(transfer.status).toBe(1);
    expect(expectErrorContract(transfer).code).toBe('serial_held');

    const done = contract(['assembly', 'complete'], runJson('assembly', 'complete', 'AS-00000005'));
    expect(done).toMatchObject({ number: 'AS-00000005', status: 'completed', units: [{ serial: 'B-07', components: [{ product: 'FRAME', serials: ['F-07'] }, { product: 'WHEEL', serials: ['W-13', 'W-14'] }] }] });
    const again = runJson('assembly', 'complete', 'AS-00000005');
    expect(again.status).toBe(1);
    expect(expectErrorContract(again).code).toBe('assembly_not_parked');

    ok(run('assemble', 'BIKE', '--warehouse', 'MAIN', '--serials', 'B-08', '--component', 'FRAME=F-08', '--component', 'WHEEL=W-15,W-16', '--park'));
    expect(contract(['assembly', 'delete'], runJson('assembly', 'delete', 'AS-00000006'))).toEqual({ number: 'AS-00000006', status: 'deleted' });
    expect(contract(['assembly', 'show'], runJson('assembly', 'show', 'AS-00000006'))).toMatchObject({ status: 'deleted', units: [] });
    ok(run('transfer', 'create', '--from', 'MAIN', '--to', 'BACK', '--product', 'WHEEL', '--serials', 'W-16'));
  });
});

describe('disassemble (M-4)', () => {
  it('M-4: gives back the recorded serials, or those given instead of a replaced part', () => {
    const d = ok(run('disassemble', 'BIKE', '--warehouse', 'MAIN', '--serials', 'B-01', '--component', 'WHEEL=W-01,W-NEW'));
    expect(d.stdout).toBe('Disassembly DA-00000001: took apart 1 BIKE in MAIN; back in stock: FRAME 1, WHEEL 2 and BOLT 4.\n');
    const j = contract(['disassemble'], runJson('disassemble', 'BIKE', '--warehouse', 'MAIN', '--serials', 'b-02'));
    expect(j).toEqual({
      number: 'DA-00000002',
      product: 'BIKE',
      quantity: 1,
      warehouse: 'MAIN',
      units: ['B-02'],
      lines: [
        { product: 'FRAME', quantity: 1, serials: ['F-02'], serialCount: 1 },
        { product: 'WHEEL', quantity: 2, serials: ['W-03', 'W-04'], serialCount: 2 },
        { product: 'BOLT', quantity: 4, serials: [], serialCount: 0 },
      ],
    });
    // the replaced part stays out of stock; its replacement and the unit's own parts are back
    const wheels = json(ok(runJson('enquiry', '--product', 'WHEEL', '--contains', 'W-0'))) as { serial: string; status: string }[];
    expect(wheels.filter((w) => ['W-01', 'W-02', 'W-03'].includes(w.serial)).map((w) => [w.serial, w.status])).toEqual([
      ['W-01', 'available'],
      ['W-02', 'unavailable'],
      ['W-03', 'available'],
    ]);
    expect(statusOf('W-NEW')).toEqual(['available', 'MAIN']);
    assertVerifies(state.db);
  });
});

describe('assembly list and show', () => {
  it('M-2: list filters by status, product and warehouse, as a table, CSV or JSON; show of an unknown one is exit 1', () => {
    const table = ok(run('assembly', 'list')).stdout.split('\n');
    expect(table[0]).toMatch(/^Number +Status +Product +Qty +From +To +Created$/);
    expect(table[1]).toMatch(/^AS-00000001 +Completed +BIKE +2 +MAIN +MAIN +\d{4}-\d{2}-\d{2}$/);
    const csv = ok(run('assembly', 'list', '--status', 'deleted', '--format', 'csv')).stdout.split('\n');
    expect(csv[0]).toBe('Number,Status,Product,Qty,From,To,Created');
    expect(csv[1]).toMatch(/^AS-00000006,deleted,BIKE,1,MAIN,MAIN,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const all = contract(['assembly', 'list'], runJson('assembly', 'list'));
    expect(all.map((a: { number: string; status: string }) => [a.number, a.status])).toEqual([
      ['AS-00000001', 'completed'],
      ['AS-00000002', 'completed'],
      ['AS-00000003', 'completed'],
      ['AS-00000004', 'completed'],
      ['AS-00000005', 'completed'],
      ['AS-00000006', 'deleted'],
    ]);
    expect(contract(['assembly', 'list'], runJson('assembly', 'list', '--warehouse', 'BACK')).map((a: { number: string }) => a.number)).toEqual(['AS-00000002']);
    expect(contract(['assembly', 'list'], runJson('assembly', 'list', '--product', 'frame', '--status', 'PARKED'))).toEqual([]);
    expect(expectErrorContract(runJson('assembly', 'show', 'AS-00000099')).code).toBe('unknown_assembly');
  });

  it('M-3: show of a completed assembly lists the first units at a terminal and says how to see the rest', () => {
    ok(run('adjust', 'in', '--warehouse', 'MAIN', '--product', 'PART', '--serials', 'P-001..P-025', '--reason', 'opening'));
    ok(run('assemble', 'KIT', '--warehouse', 'MAIN', '--serials', 'K-001..K-025', '--component', 'PART=P-001..P-025'));
    const shown = ok(run('assembly', 'show', 'AS-00000007')).stdout;
    expect(shown).toContain('Units (25) and the serials inside them');
    expect(shown).toMatch(/K-020 +P-020\n/);
    expect(shown).not.toContain('K-021');
    expect(shown).toContain('… and 5 more units (--json lists them all).');
    const view = contract(['assembly', 'show'], runJson('assembly', 'show', 'AS-00000007'));
    expect(view.units).toHaveLength(25);
    expect(view.units[24]).toEqual({ serial: 'K-025', components: [{ product: 'PART', serials: ['P-025'] }] });
    assertVerifies(state.db);
  });
});

describe('the scanner prompt (M-2, M-3)', () => {
  it('M-2, M-3: asks each unit serial, then its parts, checking each as it arrives, and links them to that unit', async () => {
    const db = seeded;
    const { term, code } = await onTerminal(db, ['assemble', 'BIKE', '--warehouse', 'MAIN'], async (t) => {
      let at = await t.waitFor(/How many BIKE to assemble\? /);
      t.type('2\r');
      at = await t.waitFor(/Assembling 2 BIKE in MAIN: scan each unit's serial, then its parts' serials \(1 FRAME, 2 WHEEL\)\./, at);
      at = await t.waitFor(/Unit 1 of 2 — BIKE serial: /, at);
      t.type('N-1\r');
      at = await t.waitFor(/Unit 1 of 2 — FRAME 1 of 1: /, at);
      t.type('F-09\r');
      at = await t.waitFor(/Unit 1 of 2 — WHEEL 1 of 2: /, at);
      // refused at once, with the bell
      t.type('W-99\r');
      at = await t.waitFor(/✗ W-99 is not a serial of WHEEL in the ledger[^\n]*not counted/, at);
      t.type('W-17\r');
      at = await t.waitFor(/Unit 1 of 2 — WHEEL 2 of 2: /, at);
      t.type('W-18\r');
      at = await t.waitFor(/Unit 2 of 2 — BIKE serial: /, at);
      t.type('N-2\r');
      at = await t.waitFor(/Unit 2 of 2 — FRAME 1 of 1: /, at);
      // taken for unit 1 a moment ago
      t.type('F-09\r');
      at = await t.waitFor(/✗ F-09 is already scanned for unit 1/, at);
      t.type('F-01\r');
      at = await t.waitFor(/Unit 2 of 2 — WHEEL 1 of 2: /, at);
      t.type('W-01\rW-02\r');
    });
    expect(code, term.output).toBe(0);
    expect(term.output).toContain('Assembly AS-00000001: made 2 BIKE in MAIN from FRAME 2, WHEEL 4 and BOLT 8.');
    expect(term.screen().bells).toBe(2);
    expect(mapOf(json(ok(cli(db, ['--json', 'assembly', 'show', 'AS-00000001']))).units)).toEqual({ 'N-1': ['F-09', 'W-17', 'W-18'], 'N-2': ['F-01', 'W-01', 'W-02'] });
    assertVerifies(db);
  });
});
