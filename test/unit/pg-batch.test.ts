// What a PostgreSQL batch that adds on conflict sends: rows with one key made one before the
// upsert (PostgreSQL refuses to update a row twice in one statement), leaving what SQLite's
// row-by-row upsert leaves. And the batch spec a statement carries to the driver.

import { describe, expect, it } from 'vitest';
import { combineByKey } from '../../src/db/pg/batch.js';
import { parseBatchSpec, type BatchSpec } from '../../src/db/bulk-insert.js';

const scans: BatchSpec = {
  table: 'stock_count_scans',
  columns: ['stock_count_id', 'line_id', 'serial', 'serial_key', 'scans', 'first_scanned_at', 'last_scanned_at'],
  ignoreConflicts: false,
  addOnConflict: { on: ['stock_count_id', 'line_id', 'serial_key'], column: 'scans', replace: ['last_scanned_at'] },
};

describe('combineByKey', () => {
  it('keeps the first row of a key, sums its added column and takes the last row of the key for the replaced ones', () => {
    const rows = [
      [1, 10, 'A-1', 'a-1', 1, 't1', 't1'],
      [1, 10, 'B-1', 'b-1', 1, 't2', 't2'],
      [1, 10, 'a-1', 'a-1', 2, 't3', 't3'],
      [1, 11, 'A-1', 'a-1', 1, 't4', 't4'],
      [1, 10, 'A-1', 'a-1', 4, 't5', 't5'],
    ];
    expect(combineByKey(scans, rows)).toEqual([
      [1, 10, 'A-1', 'a-1', 7, 't1', 't5'],
      [1, 10, 'B-1', 'b-1', 1, 't2', 't2'],
      [1, 11, 'A-1', 'a-1', 1, 't4', 't4'],
    ]);
  });

  it('never merges rows whose key has a NULL (a unique index lets them all in), nor changes the rows it was given', () => {
    const rows = [
      [1, null, 'A', 'a', 1, 't1', 't1'],
      [1, null, 'A', 'a', 1, 't2', 't2'],
    ];
    const before = JSON.stringify(rows);
    expect(combineByKey(scans, rows)).toHaveLength(2);
    expect(JSON.stringify(rows)).toBe(before);
  });
});

describe('parseBatchSpec', () => {
  it('reads the spec from the marker of a batch statement', () => {
    expect(parseBatchSpec(`/*batch ${JSON.stringify(scans)}*/ insert into "stock_count_scans" values (?)`)).toEqual(scans);
  });
});
