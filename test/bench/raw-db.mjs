// Opens a ledger for a raw-limit script with the pragmas the CLI uses (src/db/open.ts), so
// that a raw limit and the CLI it is compared with differ only in the work they do.
import Database from 'better-sqlite3';

export const DEFAULT_CACHE_KIB = 65_536; // src/db/open.ts DEFAULT_CACHE_KIB
export const BULK_CACHE_KIB = 16_384; // src/db/open.ts BULK_CACHE_KIB, for imports

export function openRaw(path, cacheKiB = DEFAULT_CACHE_KIB) {
  const sqlite = new Database(path, { timeout: 10000 });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`cache_size = -${cacheKiB}`);
  return sqlite;
}
