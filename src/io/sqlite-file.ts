// What marks a file as SQLite's, for the code that must know before (or without) opening it:
// the header every SQLite database begins with, and the side files SQLite keeps beside one.

import { closeSync, openSync, readSync } from 'node:fs';

/** The first 16 bytes of every SQLite database file. */
export const SQLITE_HEADER = 'SQLite format 3\0';

/** The files SQLite writes beside a database, named by appending these to its name. */
export const SQLITE_SIDE_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

/** Whether the file at `path` is a SQLite database (false when it cannot be read). */
export function isSqliteDatabase(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(SQLITE_HEADER.length);
      return readSync(fd, head, 0, head.length, 0) === head.length && head.toString('latin1') === SQLITE_HEADER;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}
