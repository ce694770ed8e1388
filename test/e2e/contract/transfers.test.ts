// Transfers through the built CLI: every command's --json against its schema
// (schemas/transfer/<verb>.schema.json): create an object with its number, list an array,
// show one object (the same as its entry in the list); `serials` always a list of strings
// and `serialCount` a count; not found is exit 1 with the error object; help free of rule IDs.

import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ok, seededForFile } from '../../helpers/ledger.js';
import { contract, expectErrorContract } from '../../helpers/json-contract.js';

const state = seededForFile((db) => {
  ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'W-1..W-4', '--reason', 'opening']));
  ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '5', '--reason', 'opening']));
});
const run = (...args: string[]) => cli(state.db, ['--json', ...args]);
/** A rule ID as RULES.md writes them: (T-1), (K-3). */
const RULE_ID = /\((?:[A-Z]{1,2}-\d+)/;

describe('transfer create, list and show --json', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let created: any[];
  beforeAll(() => {
    created = [
      contract(['transfer', 'create'], run('transfer', 'create', '--from', 'MAIN', '--to', 'BACK', '--product', 'WIDGET', '--serials', 'w-1,W-2')),
      contract(['transfer', 'create'], run('transfer', 'create', '--from', 'MAIN', '--to', 'BACK', '--line', 'CABLE:1.25', '--product', 'WIDGET', '--serials', 'W-3')),
    ];
  });

  it('T-1: create prints {number, from, to, lines} with serials as recorded and serialCount a count', () => {
    expect(created[0]).toEqual({ number: 'WT-00000001', from: 'MAIN', to: 'BACK', lines: [{ product: 'WIDGET', quantity: 2, serials: ['W-1', 'W-2'], serialCount: 2 }] });
    expect(created[1].lines).toEqual([
      { product: 'WIDGET', quantity: 1, serials: ['W-3'], serialCount: 1 },
      { product: 'CABLE', quantity: 1.25, serials: [], serialCount: 0 },
    ]);
  });

  it('T-1: list is an array of the transfers with their serials; show is one object, the same as its entry; --format json says the same', () => {
    const list = contract(['transfer', 'list'], run('transfer', 'list'));
    expect(list.map((t: { number: string; from: string; to: string }) => [t.number, t.from, t.to])).toEqual([
      ['WT-00000001', 'MAIN', 'BACK'],
      ['WT-00000002', 'MAIN', 'BACK'],
    ]);
    const shown = contract(['transfer', 'show'], run('transfer', 'show', 'wt-00000002'));
    expect(Array.isArray(shown)).toBe(false);
    expect(shown).toEqual(list[1]);
    expect(shown.lines.map((l: { product: string; serials: string[] }) => [l.product, l.serials])).toEqual([
      ['WIDGET', ['W-3']],
      ['CABLE', []],
    ]);
    expect(JSON.parse(ok(cli(state.db, ['transfer', 'show', 'WT-00000002', '--format', 'json'])).stdout)).toEqual(shown);
    expect(contract(['transfer', 'list'], run('transfer', 'list', '--warehouse', 'back', '--product', 'CABLE'))).toEqual([list[1]]);
  });

  it('show of an unknown transfer and a refused create are exit 1 with the error object', () => {
    expect(expectErrorContract(cli(state.db, ['--json', 'transfer', 'show', 'WT-00000099'])).code).toBe('unknown_transfer');
    const error = expectErrorContract(cli(state.db, ['--json', 'transfer', 'create', '--from', 'MAIN', '--to', 'BACK', '--product', 'WIDGET', '--serials', 'W-1']));
    expect(error).toMatchObject({ code: 'serial_in_other_warehouse', details: [{ serial: 'W-1', warehouse: 'BACK', document: 'WT-00000001' }] });
  });

  it.each(['create', 'list', 'show'])('serials transfer %s --help has examples and no rule IDs; list and show take --format', (verb) => {
    const help = ok(cli(state.db, ['transfer', verb, '--help'])).stdout;
    expect(help).not.toMatch(RULE_ID);
    expect(help).toContain('$ serials transfer');
    if (verb !== 'create') expect(help).toMatch(/--format/);
  });
});
