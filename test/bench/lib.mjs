// Shared helpers for the benchmarks: run whole processes, take medians, seed ledgers.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'serials.js');
export const WORK = join(ROOT, '.bench');
mkdirSync(WORK, { recursive: true });

/** Runs a command to completion; returns wall-clock milliseconds. Throws if it fails. */
export function timed(cmd, args, options = {}) {
  const start = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stderr}`);
  return { ms, stdout: r.stdout };
}

export function serials(db, args) {
  return timed(process.execPath, [BIN, '--db', db, ...args], { env: { ...process.env, NO_COLOR: '1' } });
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Interleaves runs of several commands so that machine noise hits them alike. */
export function interleaved(commands, runs) {
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) commands.forEach((c, j) => times[j].push(c()));
  return times.map(median);
}

/** A ledger with tracking on, warehouse MAIN, supplier ACME and the given serialized products. */
export function seededLedger(name, products = ['W']) {
  const db = join(WORK, name);
  for (const suffix of ['', '-wal', '-shm']) spawnSync('rm', ['-f', db + suffix]);
  serials(db, ['init']);
  serials(db, ['--yes', 'settings', 'enable-serial-tracking']);
  serials(db, ['warehouse', 'add', 'MAIN']);
  serials(db, ['supplier', 'add', 'ACME']);
  for (const p of products) serials(db, ['product', 'add', p, '--serialized']);
  return db;
}

export function serialFile(name, prefix, count) {
  const path = join(WORK, name);
  const lines = [];
  for (let i = 1; i <= count; i++) lines.push(`${prefix}${String(i).padStart(8, '0')}`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Runs a command under GNU time; returns wall-clock ms and peak resident memory in MB. */
export function timedWithMemory(cmd, args, options = {}) {
  const start = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30, ...options });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stderr}`);
  const kb = Number(r.stderr.trim().split('\n').pop());
  return { ms, peakMB: kb / 1024, stdout: r.stdout };
}

/** An opening-stock CSV of `count` serials over 1,000 serialized products and 5 warehouses. */
export function openingStockFile(name, count) {
  const path = join(WORK, name);
  const lines = ['Product Code,Warehouse Code,Quantity,Unit Cost,Serial Number'];
  for (let i = 0; i < count; i++) lines.push(`P${String(i % 1000).padStart(4, '0')},W${Math.floor(i / 1000) % 5},1,2.50,S${String(i).padStart(8, '0')}`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** A ledger with tracking on, warehouses W0..W4 and serialized products P0000..P0999. */
export function importLedger(name) {
  const db = join(WORK, name);
  for (const suffix of ['', '-wal', '-shm']) spawnSync('rm', ['-f', db + suffix]);
  serials(db, ['init']);
  serials(db, ['--yes', 'settings', 'enable-serial-tracking']);
  const warehouses = join(WORK, 'bench-warehouses.csv');
  writeFileSync(warehouses, ['Warehouse Code,Warehouse Name', ...[0, 1, 2, 3, 4].map((w) => `W${w},Warehouse ${w}`)].join('\n') + '\n');
  const products = join(WORK, 'bench-products.csv');
  writeFileSync(
    products,
    ['Product Code,Product Description,Serialized,Never Diminishing', ...Array.from({ length: 1000 }, (_, p) => `P${String(p).padStart(4, '0')},Product ${p},Yes,No`)].join('\n') + '\n',
  );
  serials(db, ['import', 'warehouses', warehouses]);
  serials(db, ['import', 'products', products]);
  return db;
}

// --- PostgreSQL (section p) -------------------------------------------------------------

/** The server section (p) uses: SERIALS_BENCH_PG, else SERIALS_TEST_PG; undefined when neither is set. */
export const PG_SERVER = process.env.SERIALS_BENCH_PG || process.env.SERIALS_TEST_PG || undefined;

/** The URL of database `name` on the bench server. */
export function pgUrl(name) {
  const u = new URL(PG_SERVER);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A connected pg.Client to the bench server's own database (for creating and dropping the bench databases). */
export async function pgAdmin() {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: PG_SERVER });
  await client.connect();
  return {
    client,
    exists: async (name) => (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount > 0,
    drop: (name) => client.query(`drop database if exists "${name}" with (force)`),
    /** a new empty database, or a copy of `template` (a file-level copy on the server: seconds, even for 1,000,000 serials) */
    async create(name, template) {
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.query(`create database "${name}"${template ? ` template "${template}"` : ''}`);
      return pgUrl(name);
    },
    end: () => client.end(),
  };
}

/** The same seed as seededLedger, at any ledger location (a file path or a postgres:// URL). */
export function seedLedgerAt(db, products = ['W']) {
  serials(db, ['init']);
  serials(db, ['--yes', 'settings', 'enable-serial-tracking']);
  serials(db, ['warehouse', 'add', 'MAIN']);
  serials(db, ['supplier', 'add', 'ACME']);
  for (const p of products) serials(db, ['product', 'add', p, '--serialized']);
  return db;
}

/** The same seed as importLedger (W0..W4, P0000..P0999 serialized), at any ledger location. */
export function importLedgerAt(db) {
  serials(db, ['init']);
  serials(db, ['--yes', 'settings', 'enable-serial-tracking']);
  const warehouses = join(WORK, 'bench-warehouses.csv');
  writeFileSync(warehouses, ['Warehouse Code,Warehouse Name', ...[0, 1, 2, 3, 4].map((w) => `W${w},Warehouse ${w}`)].join('\n') + '\n');
  const products = join(WORK, 'bench-products.csv');
  writeFileSync(
    products,
    ['Product Code,Product Description,Serialized,Never Diminishing', ...Array.from({ length: 1000 }, (_, p) => `P${String(p).padStart(4, '0')},Product ${p},Yes,No`)].join('\n') + '\n',
  );
  serials(db, ['import', 'warehouses', warehouses]);
  serials(db, ['import', 'products', products]);
  return db;
}

/** Runs a command asynchronously; resolves with its exit status, wall-clock ms and output. */
export function timedAsync(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, ms: performance.now() - start, stdout, stderr }));
  });
}
