// Errors through the one renderer (issue 10, point 1; DESIGN.md Errors): with --json every
// error is one object on stderr matching schemas/error.schema.json, whatever went wrong and
// whichever exit code it has; a usage error is exit 2; a rejected import keeps its documented
// details; messages name no rule IDs.

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertVerifies, cli, copyLedger, ok, rawSql, seededForFile, tempDir, type CliResult } from '../helpers/ledger.js';
import { expectErrorContract } from '../helpers/json-contract.js';

const seed = seededForFile();

/** The command failed with `status`, printed nothing on stdout, and its error matches the schema. */
function failed(r: CliResult, status: number) {
  expect(r.status, r.stderr).toBe(status);
  expect(r.stdout).toBe('');
  // exactly one line: one JSON document
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  return expectErrorContract(r);
}

describe('--json: every error is one object on stderr matching the error schema', () => {
  it('usage errors are exit 2: an unknown flag, a missing argument, an extra one, --errors -', () => {
    const { dir, db } = copyLedger(seed.db, seed.dirs);
    const input = join(dir, 'w.csv');
    writeFileSync(input, 'Warehouse Code\nSHOP\n');
    for (const args of [
      ['import', 'warehouses', input, '--frobnicate'],
      ['import', 'warehouses'],
      ['import', 'warehouses', input, '--errors', '-'],
      ['db', 'status', '--frobnicate'],
      ['init', 'extra-argument'],
    ]) {
      const error = failed(cli(db, ['--json', ...args]), 2);
      expect(error.code, args.join(' ')).toBe('usage');
    }
    // without --json too; and nothing was imported
    expect(cli(db, ['import', 'warehouses', input, '--errors', '-']).status).toBe(2);
    expect(readdirSync(dir)).not.toContain('-');
    assertVerifies(db);
  });

  it('a rejected import: import_rejected with its total, its counts by code and the problems with their lines (exit 1)', () => {
    const { dir, db } = copyLedger(seed.db, seed.dirs);
    const input = join(dir, 'bad.csv');
    writeFileSync(input, 'Product Code,Warehouse Code,Quantity\nNOPE,MAIN,1\nCABLE,NOWHERE,1\nNOPE2,MAIN,x\n');
    const error = failed(cli(db, ['--json', 'import', 'opening-stock', input]), 1);
    expect(error).toMatchObject({ code: 'import_rejected', message: `4 problems in ${input}; nothing was written.` });
    expect(error.fix).toMatch(/--errors FILE/);
    const details = error.details as { total: number; byCode: Record<string, number>; problems: { line: number; code: string }[] };
    expect(Object.keys(details).sort()).toEqual(['byCode', 'problems', 'total']);
    expect(details.total).toBe(4);
    expect(details.byCode).toEqual({ unknown_product: 2, unknown_warehouse: 1, invalid_quantity: 1 });
    expect(details.problems.map((p) => [p.line, p.code])).toEqual([
      [2, 'unknown_product'],
      [3, 'unknown_warehouse'],
      [4, 'unknown_product'],
      [4, 'invalid_quantity'],
    ]);
    // with --errors, the fix says where every problem is
    const errors = join(dir, 'problems.csv');
    expect(failed(cli(db, ['--json', 'import', 'opening-stock', input, '--errors', errors]), 1).fix).toContain(`every problem is in ${errors}`);
    assertVerifies(db);
  });

  it('other rejections: details are the problems; not found is exit 1', () => {
    const { dir, db } = copyLedger(seed.db, seed.dirs);
    const missing = failed(cli(db, ['--json', 'import', 'warehouses', join(dir, 'x.csv')]), 66);
    expect(missing.code).toBe('input_file');
    expect(missing.message).toContain('x.csv');
    const unknown = join(dir, 'unknown.csv');
    writeFileSync(unknown, 'Warehouse Code,Colour\nSHOP,red\n');
    const columns = failed(cli(db, ['--json', 'import', 'warehouses', unknown]), 1);
    expect(columns.code).toBe('unknown_columns');
    expect(columns.details).toEqual([expect.objectContaining({ code: 'unknown_columns' })]);
    const notFound = failed(cli(db, ['--json', 'product', 'show', 'NOPE']), 1);
    expect(notFound.details).toEqual([expect.objectContaining({ product: 'NOPE' })]);
    assertVerifies(db);
  });

  it('no ledger is exit 69, for an import and for db verify', () => {
    const db = join(tempDir('serials-errors-'), 'missing.db');
    seed.dirs.push(join(db, '..'));
    for (const args of [['import', 'warehouses', '-'], ['db', 'verify'], ['db', 'status'], ['db', 'migrate']]) {
      const error = failed(cli(db, ['--json', ...args], { input: 'Warehouse Code\nW\n' }), 69);
      expect(error.fix, args.join(' ')).toContain('serials init');
    }
  });

  it('db verify with a discrepancy: the report on stdout, the error on stderr, exit 1', () => {
    const { db } = copyLedger(seed.db, seed.dirs);
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '5', '--reason', 'opening']));
    rawSql(db, 'update stock_levels set quantity_e4 = quantity_e4 + 10000');
    const r = cli(db, ['--json', 'db', 'verify']);
    rawSql(db, 'update stock_levels set quantity_e4 = quantity_e4 - 10000');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, discrepancyCount: 1 });
    const error = expectErrorContract(r);
    expect(error.code).toBe('ledger_inconsistent');
    expect(error.message).toContain('1 discrepancy');
    assertVerifies(db);
  });
});

describe('for people', () => {
  it('a rejected import: the problems grouped by code with their lines and counts, each group its fix, the total and the rest counted', () => {
    const { dir, db } = copyLedger(seed.db, seed.dirs);
    const input = join(dir, 'bad.csv');
    const rows = ['Product Code,Warehouse Code,Quantity'];
    for (let i = 0; i < 1200; i++) rows.push(`NOPE${i},MAIN,1`);
    rows.push('CABLE,NOWHERE,1');
    writeFileSync(input, rows.join('\n') + '\n');
    const r = cli(db, ['import', 'opening-stock', input]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`error: 1,201 problems in ${input}; nothing was written.`);
    expect(lines[1]).toBe('  unknown_product (1,200):');
    expect(lines.filter((l) => /^ {4}line \d/.test(l))).toHaveLength(20);
    expect(lines).toContain('    line 2, Product Code: There is no product "NOPE0".');
    expect(lines).toContain('    fix: Import products first (serials import products), or correct the code.');
    // a code none of whose problems is shown is still counted
    expect(lines).toContain('  unknown_warehouse (1)');
    expect(lines).toContain('  … 1,181 more problems not shown.');
    expect(lines.at(-1)).toBe('fix: Correct the rows listed, then import the file again; add --errors FILE to get every problem as CSV.');
    assertVerifies(db);
  });

  it('messages name no rule IDs ("(P-1)" reads like a document number)', () => {
    const dir = tempDir('serials-errors-');
    seed.dirs.push(dir);
    const db = join(dir, 'untracked.db');
    ok(cli(db, ['init']));
    ok(cli(db, ['warehouse', 'add', 'MAIN']));
    const products = join(dir, 'products.csv');
    writeFileSync(products, 'Product Code,Serialized,Never Diminishing\nDRILL,Yes,No\nBOTH,Yes,Yes\n');
    const r = cli(db, ['import', 'products', products]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('serial tracking is not enabled');
    expect(r.stderr).toContain('cannot be both Never Diminishing and serialized');
    expect(r.stderr).not.toMatch(/\b[A-Z]{1,2}-\d{1,2}\b/);
    assertVerifies(db);
  });

  it('the sources of import, db and init say no rule ID in a message either', () => {
    const root = join(__dirname, '..', '..', 'src');
    const files = [
      ...readdirSync(join(root, 'core', 'imports')).map((f) => join(root, 'core', 'imports', f)),
      ...['import', 'db', 'init'].flatMap((noun) => readdirSync(join(root, 'cli', 'commands', noun)).map((f) => join(root, 'cli', 'commands', noun, f))),
      join(root, 'cli', 'families', 'imports.ts'),
      join(root, 'cli', 'families', 'ledger-admin.ts'),
      join(root, 'cli', 'fail.ts'),
      join(root, 'cli', 'render', 'progress.ts'),
    ];
    // string literals only: comments may cite the rules
    const literals = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1').match(/'[^'\n]*'|`[^`]*`|"[^"\n]*"/g) ?? [];
    const wrong = files.flatMap((f) => literals(readFileSync(f, 'utf8')).filter((s) => /\b[A-Z]{1,2}-\d{1,2}\b/.test(s)).map((s) => `${f}: ${s}`));
    expect(wrong).toEqual([]);
  });
});
