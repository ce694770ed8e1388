// import *, init and db * through the built CLI: every --json output against its schema
// (schemas/import/*, schemas/init.schema.json, schemas/db/*), and what people read: what an
// import wrote, with plurals and thousands separators.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { onEngines } from '../../helpers/engines.js';
import { assertVerifies, cli, copyLedger, ok, seededForFile, tempDir } from '../../helpers/ledger.js';
import { contract } from '../../helpers/json-contract.js';

const seed = seededForFile();

function file(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('import --json: what was written, by kind', () => {
  it('master data imports say what they wrote, with no import number (there is none); a dry run says what they would write', () => {
    const { dir, db } = copyLedger(seed.db, seed.dirs);
    const cases = [
      ['warehouses', 'Warehouse Code,Warehouse Name\nSHOP,Shop\nANNEX,Annex\n', { warehouseCount: 2 }],
      ['suppliers', 'Supplier Code,Supplier Name\nNORTH,Northwind\n', { supplierCount: 1 }],
      ['customers', 'Customer Code,Customer Name\nCAFE,Cafe\nDELI,Deli\nPUB,Pub\n', { customerCount: 3 }],
      ['products', 'Product Code,Product Description,Serialized\nDRILL,Drill,Yes\n', { productCount: 1 }],
    ] as const;
    for (const [kind, content, written] of cases) {
      const path = file(dir, `${kind}.csv`, content);
      const rows = content.trim().split('\n').length - 1;
      const dry = contract(['import', kind], cli(db, ['--json', 'import', kind, path, '--dry-run']));
      expect(dry).toEqual({ kind, file: path, dryRun: true, rows, written });
      const done = contract(['import', kind], cli(db, ['--json', 'import', kind, path]));
      expect(done).toEqual({ kind, file: path, dryRun: false, rows, written });
      expect(done).not.toHaveProperty('number');
    }
    assertVerifies(db);
  });

  it('opening stock and serials give their import number and a count of returning serials', () => {
    const { dir, db } = copyLedger(seed.db, seed.dirs);
    const opening = file(dir, 'opening.csv', 'Product Code,Warehouse Code,Quantity,Serial Number\nWIDGET,MAIN,2,OS-1\n,,,OS-2\nCABLE,BACK,1.5,\n');
    const dry = contract(['import', 'opening-stock'], cli(db, ['--json', 'import', 'opening-stock', opening, '--dry-run']));
    expect(dry).toEqual({ kind: 'opening-stock', file: opening, dryRun: true, rows: 3, number: null, written: { serialCount: 2, stockLevelCount: 2 }, returningCount: 0 });
    const done = contract(['import', 'opening-stock'], cli(db, ['--json', 'import', 'opening-stock', opening]));
    expect(done).toEqual({ kind: 'opening-stock', file: opening, dryRun: false, rows: 3, number: 'IM-00000001', written: { serialCount: 2, stockLevelCount: 2 }, returningCount: 0 });

    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '2', '--reason', 'counted']));
    // BACK: 1.5 from the opening stock and 0.5 more, two units to serialize
    ok(cli(db, ['adjust', 'in', '--warehouse', 'BACK', '--product', 'CABLE', '--qty', '0.5', '--reason', 'counted']));
    const serials = file(dir, 'serials.csv', 'Product Code,Warehouse Code,Serial Number\nCABLE,MAIN,C-1\nCABLE,MAIN,C-2\nCABLE,BACK,C-3\nCABLE,BACK,C-4\n');
    const result = contract(['import', 'serials'], cli(db, ['--json', 'import', 'serials', serials]));
    expect(result).toEqual({ kind: 'serials', file: serials, dryRun: false, rows: 4, number: 'IM-00000002', written: { serialCount: 4, serializedProductCount: 1 }, returningCount: 0 });
    assertVerifies(db);
  });

  it('people read what was written, with plurals and thousands separators', () => {
    const { dir, db } = copyLedger(seed.db, seed.dirs);
    const one = ok(cli(db, ['import', 'warehouses', file(dir, 'one.csv', 'Warehouse Code\nSHOP\n')]));
    expect(one.stdout).toBe(`Imported 1 row of ${join(dir, 'one.csv')}: 1 warehouse.\n`);
    expect(one.stderr).toContain('Next: serials warehouse list');
    const lines = ['Product Code,Warehouse Code,Serial Number'];
    for (let i = 1; i <= 1500; i++) lines.push(`WIDGET,MAIN,T-${i}`);
    const many = file(dir, 'many.csv', lines.join('\n') + '\n');
    expect(ok(cli(db, ['import', 'opening-stock', many, '--dry-run'])).stdout).toBe(
      `Dry run: 1,500 rows of ${many} are valid; an import would write 1,500 serials and 1 stock level. Nothing was written.\n`,
    );
    expect(ok(cli(db, ['import', 'opening-stock', many])).stdout).toBe(`Imported 1,500 rows of ${many} as IM-00000001: 1,500 serials and 1 stock level.\n`);
    assertVerifies(db);
  });
});

describe('init and db --json', () => {
  it('init on a new file and on an existing ledger', () => {
    const dir = tempDir('serials-contract-init-');
    seed.dirs.push(dir);
    const db = join(dir, 'new.db');
    const created = contract(['init'], cli(db, ['--json', 'init']));
    expect(created).toMatchObject({ path: db, created: true, backup: null });
    expect(created.migrationsApplied).toContain('0001_ledger');
    expect(contract(['init'], cli(db, ['--json', 'init']))).toEqual({ path: db, created: false, migrationsApplied: [], backup: null });
    assertVerifies(db);
  });

  // a SQLite ledger taken back to 0006 by hand (its tables, application_id) and backed up to a file
  onEngines(['sqlite'], () => {
    it('db status, db migrate (dry run and real), db backup and db verify', () => {
      const { dir, db } = copyLedger(seed.db, seed.dirs);
      const status = contract(['db', 'status'], cli(db, ['--json', 'db', 'status']));
      expect(status).toMatchObject({ path: db, upToDate: true, pending: [] });
      expect(status.migrations[0]).toEqual({ name: '0001_ledger', appliedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });

      // a ledger three migrations behind, as serials before 0007 left it
      const sqlite = new Database(db);
      sqlite.exec("delete from kysely_migration where name in ('0007_mark_ledger', '0008_transfers_and_counts', '0009_assemblies')");
      for (const t of ['serial_links', 'assembly_serials', 'disassembly_lines', 'disassemblies', 'assembly_lines', 'assemblies', 'bom_components', 'stock_count_scans', 'stock_count_expected', 'stock_count_lines', 'stock_counts', 'transfer_lines', 'transfers']) sqlite.exec(`drop table ${t}`);
      sqlite.pragma('application_id = 0');
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      sqlite.close();
      expect(contract(['db', 'status'], cli(db, ['--json', 'db', 'status']))).toMatchObject({ upToDate: false, schemaVersion: '0006', pending: ['0007_mark_ledger', '0008_transfers_and_counts', '0009_assemblies'] });
      expect(contract(['db', 'migrate'], cli(db, ['--json', 'db', 'migrate', '--dry-run']))).toEqual({
        path: db,
        dryRun: true,
        pending: ['0007_mark_ledger', '0008_transfers_and_counts', '0009_assemblies'],
        migrationsApplied: [],
        backup: null,
      });
      expect(contract(['db', 'migrate'], cli(db, ['--json', 'db', 'migrate']))).toEqual({
        path: db,
        dryRun: false,
        pending: [],
        migrationsApplied: ['0007_mark_ledger', '0008_transfers_and_counts', '0009_assemblies'],
        backup: `${db}.schema-0006.bak`,
      });

      const backup = contract(['db', 'backup'], cli(db, ['--json', 'db', 'backup', join(dir, 'copy.db')]));
      expect(backup).toEqual({ ledger: db, backup: join(dir, 'copy.db'), bytes: expect.any(Number) });

      const verify = contract(['db', 'verify'], cli(db, ['--json', 'db', 'verify']));
      expect(verify).toEqual({ ok: true, integrity: 'ok', serialCount: 0, serialMovementCount: 0, stockLevelCount: 0, discrepancyCount: 0, discrepancies: [] });
      assertVerifies(db);
    });
  });
});
