// What a --db path holds, found by reading the file's first bytes ourselves, before SQLite
// opens it (RULES.md F-2): SQLite would change another program's database (switching it to
// WAL) or turn an empty file into a database the moment we opened it, so nothing is opened
// until the file is known to be a serials ledger, or missing/empty when `init` asks.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { LedgerDamagedError, LedgerUnavailableError, UsageError, shown } from '../errors.js';
import { SQLITE_HEADER as HEADER, SQLITE_SIDE_SUFFIXES } from '../io/sqlite-file.js';
import { grouped } from '../io/words.js';

/** `PRAGMA application_id` of every serials ledger ('SRLS'), set by migration 0007. */
export const LEDGER_APPLICATION_ID = 0x53524c53;

export type LedgerFile =
  | { kind: 'missing' }
  | { kind: 'empty' }
  /** a SQLite file marked as a serials ledger */
  | { kind: 'ledger' }
  /** an unmarked SQLite file: a ledger made before the mark existed, or another program's (see isLegacyLedger) */
  | { kind: 'unmarked' };


/** A --db path that can never be a ledger file: empty text, or SQLite's temporary databases. */
export function checkLedgerPath(path: string, from: string): void {
  if (path.trim() === '') {
    throw new UsageError(`${from} is empty, so there is no ledger file to use.`, 'Give the ledger file with --db PATH or SERIALS_DB=PATH (a path, not an empty value).');
  }
  if (SQLITE_SIDE_SUFFIXES.some((suffix) => path.endsWith(suffix))) {
    // SQLite's own name for a database's side file: a ledger there would be taken for one
    throw new UsageError(`${from} is ${shown(path)}, a name SQLite gives to the side file of a database (its -wal, -shm or -journal).`, 'Give the ledger a name that does not end in -wal, -shm or -journal.');
  }
  if (path === ':memory:' || path.startsWith('file:')) {
    throw new UsageError(`${from} is ${shown(path)}, which is not a file: a ledger must be kept in a file.`, 'Give the path of a ledger file.');
  }
}

export function identifyLedgerFile(path: string): LedgerFile {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new LedgerUnavailableError(`${path} is a directory, not a ledger file.`, 'Give the path of a ledger file inside it, e.g. --db ' + `${path.replace(/\/$/, '')}/serials.db`);
    if (!st.isFile()) throw new LedgerUnavailableError(`${path} is not a regular file (a device or pipe), so it cannot be a ledger.`, 'Give the path of a ledger file.');
    size = st.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    if (code === 'ENOTDIR') throw new LedgerUnavailableError(`${path} cannot be a ledger: part of the path is not a directory.`, 'Check the --db path.');
    if (code === 'EACCES') throw new LedgerUnavailableError(`${path} cannot be read: permission denied.`, 'Check the permissions of the file and its directory.');
    if (code === 'ELOOP') throw new LedgerUnavailableError(`${path} cannot be a ledger: it is a loop of symbolic links.`, 'Check the --db path.');
    if (error instanceof LedgerUnavailableError) throw error;
    throw new LedgerUnavailableError(`${path} cannot be opened (${code ?? (error as Error).message}).`, 'Check the --db path.');
  }
  if (size === 0) return { kind: 'empty' };

  const header = Buffer.alloc(100);
  let read: number;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LedgerUnavailableError(`${path} cannot be read: ${code === 'EACCES' ? 'permission denied' : (error as Error).message}.`, 'Check the permissions of the file.');
  }
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < HEADER.length || header.toString('latin1', 0, HEADER.length) !== HEADER) {
    throw new LedgerUnavailableError(
      `${path} is not a serials ledger: it is not a SQLite database (it begins ${shown(header.toString('latin1', 0, Math.min(read, 24)), 24)}).`,
      'Check the --db path; serials never changes a file that is not a ledger.',
      'not_a_ledger',
    );
  }
  checkHeaderIntact(path, header, read, size);
  const applicationId = header.readUInt32BE(68);
  if (applicationId === LEDGER_APPLICATION_ID) return { kind: 'ledger' };
  if (applicationId !== 0) {
    throw new LedgerUnavailableError(
      `${path} is not a serials ledger: it is another program's SQLite database (application id 0x${applicationId.toString(16).padStart(8, '0')}).`,
      'Check the --db path; serials never changes a file that is not a ledger.',
      'not_a_ledger',
    );
  }
  return { kind: 'unmarked' };
}

/**
 * A truncated or mangled file is called damaged here rather than failing later in some query
 * with a message that suggests `init`. Only what the header itself promises is checked: the
 * page size, and (without a write-ahead log, which may hold pages the file does not have yet)
 * that the file is as long as the header says.
 */
function checkHeaderIntact(path: string, header: Buffer, read: number, size: number): void {
  if (read < 100) throw new LedgerDamagedError(path, `the file is only ${size} bytes long, shorter than a SQLite header`);
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
    throw new LedgerDamagedError(path, `its header gives an impossible page size (${raw})`);
  }
  let walSize = 0;
  try {
    walSize = statSync(`${path}-wal`).size;
  } catch {
    walSize = 0;
  }
  if (walSize > 0) return;
  if (size % pageSize !== 0) throw new LedgerDamagedError(path, `the file is ${grouped(size)} bytes, not a whole number of ${pageSize}-byte pages: it was cut short`);
  // the in-header page count is valid only when its two change counters agree (SQLite file format, 1.3.7)
  const pages = header.readUInt32BE(28);
  if (pages > 0 && header.readUInt32BE(24) === header.readUInt32BE(92) && pages * pageSize > size) {
    throw new LedgerDamagedError(path, `the file holds ${grouped(size / pageSize)} of its ${grouped(pages)} pages: it was cut short`);
  }
}
