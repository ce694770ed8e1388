// Every file a command writes (an --errors report, a backup, an export) goes through here
// (RULES.md F-1): a target that is the same file as an input or the ledger — compared as
// files, by device and inode through symlinks and hard links, and by resolved path for
// files that do not exist yet (a ledger's -wal) — is a usage error before anything is read;
// the content goes to a temporary file beside the target and is renamed into place only
// when complete, so a failed or interrupted command never leaves half a file.

import { closeSync, fstatSync, fsyncSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { InputFileError, UsageError } from '../errors.js';
import { MAX_NAME_BYTES, tempBeside, whyNotCreatable } from './temp-files.js';
import { isSqliteDatabase, SQLITE_SIDE_SUFFIXES } from './sqlite-file.js';

export interface OutputGuard {
  /** files the command reads ('-' is standard input) */
  inputs?: readonly string[];
  /** the ledger: neither it nor its -wal, -shm or -journal may be written */
  ledger?: string;
}

type Identity = { dev: number; ino: number };

function identity(path: string): Identity | undefined {
  try {
    const st = statSync(path);
    return { dev: st.dev, ino: st.ino };
  } catch {
    return undefined;
  }
}

/** The path a write to `path` would reach: symlinks followed, even to a file that does not exist yet. */
export function resolvedTarget(path: string): string {
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      if (!lstatSync(current).isSymbolicLink()) return realpathSync(current);
      link = readlinkSync(current);
    } catch {
      // does not exist: resolve its directory, keep its name
      try {
        return join(realpathSync(dirname(current)), basename(current));
      } catch {
        return current;
      }
    }
    current = isAbsolute(link) ? link : resolve(dirname(current), link);
  }
  throw new InputFileError(`Cannot use ${path}: it is a loop of symbolic links.`, 'Give a path that is not a symbolic link loop.');
}

function sameFile(a: string, b: string, bId = identity(b)): boolean {
  const aId = identity(a);
  if (aId && bId) return aId.dev === bId.dev && aId.ino === bId.ino;
  return resolvedTarget(a) === resolvedTarget(b);
}

/** Refuses (usage error) a target that is an input or the ledger under any name. */
export function assertOutputAllowed(target: string, flag: string, guard: OutputGuard): void {
  for (const input of guard.inputs ?? []) {
    if (input === '-') {
      // standard input redirected from a file: `serials import x - < data.csv --errors data.csv`
      let st;
      try {
        st = fstatSync(0);
      } catch {
        continue;
      }
      const id = identity(target);
      if (st.isFile() && id && id.dev === st.dev && id.ino === st.ino) {
        throw new UsageError(`${flag} ${target} is the file being read on standard input; writing it would destroy the input.`, `Give ${flag} another file.`);
      }
      continue;
    }
    if (sameFile(target, input)) {
      throw new UsageError(`${flag} ${target} is the same file as the input ${input}; writing it would destroy the input.`, `Give ${flag} another file.`);
    }
  }
  if (guard.ledger !== undefined) {
    for (const suffix of ['', ...SQLITE_SIDE_SUFFIXES]) {
      if (sameFile(target, guard.ledger + suffix)) {
        throw new UsageError(
          `${flag} ${target} is the ledger${suffix ? `'s ${suffix.slice(1)} file` : ''} (${guard.ledger + suffix}); writing it would destroy the ledger.`,
          `Give ${flag} another file.`,
        );
      }
    }
  }
}

export interface ReservedOutput {
  /** where to write: a temporary file beside the target (or the target itself when it is a device or pipe) */
  path: string;
  /** the file the output ends up in */
  target: string;
  /** puts the complete file in place (flushing it to disk first when `durable`) */
  commit(): void;
  /** removes what was written */
  abort(): void;
}

function cannotWrite(target: string, flag: string, error: unknown): InputFileError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'its directory does not exist'
      : code === 'EACCES'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'ENAMETOOLONG'
            ? `its name is longer than the ${MAX_NAME_BYTES} bytes a file system allows`
            : (error as Error).message;
  return new InputFileError(`Cannot write ${flag} file ${target}: ${why}.`, `Give ${flag} a writable file path.`);
}

/**
 * Checks the target (assertOutputAllowed) and reserves a temporary file beside it. A target
 * that exists and is not a regular file (a terminal, /dev/null, a pipe) is written directly.
 */
export function reserveOutput(
  target: string,
  flag: string,
  guard: OutputGuard,
  options: { durable?: boolean; /** a backup decides itself which database it may replace */ mayReplaceDatabase?: boolean } = {},
): ReservedOutput {
  assertOutputAllowed(target, flag, guard);
  const final = resolvedTarget(target);
  let existing;
  try {
    existing = statSync(final);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) throw cannotWrite(target, flag, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  if (existing && !existing.isFile()) return { path: final, target: final, commit: () => undefined, abort: () => undefined };
  if (existing && !options.mayReplaceDatabase && isSqliteDatabase(final)) {
    // a report written over a database (a ledger's backup, another program's) is never what was meant
    throw new UsageError(`${flag} ${target} is a SQLite database; serials never writes a report over one.`, `Give ${flag} another file.`);
  }
  const why = whyNotCreatable(final);
  if (why === 'no_directory') throw cannotWrite(target, flag, Object.assign(new Error('no directory'), { code: 'ENOENT' }));
  if (why === 'name_too_long') throw cannotWrite(target, flag, Object.assign(new Error('name too long'), { code: 'ENAMETOOLONG' }));
  const temp = tempBeside(final, 'out');
  let done = false;
  return {
    path: temp.path,
    target: final,
    commit() {
      if (done) return;
      done = true;
      if (options.durable) {
        const fd = openSync(temp.path, 'r');
        try {
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
      renameSync(temp.path, final);
      temp.release();
      if (options.durable) {
        try {
          const dir = openSync(dirname(final), 'r');
          fsyncSync(dir);
          closeSync(dir);
        } catch {
          // some file systems cannot sync a directory; the rename is still atomic
        }
      }
    },
    abort() {
      if (done) return;
      done = true;
      // the temporary file, and any SQLite side files of a backup written to it
      temp.remove();
    },
  };
}

export interface TextOutput {
  target: string;
  /** writes all of it (a pipe may take a write in parts) */
  write(data: string | Uint8Array): void;
  /** closes the file and puts it in place */
  commit(): void;
  abort(): void;
}

/** A file (text, or a PDF's bytes) written through a reserved temporary file; opened at once, so an unwritable path fails before any work. */
export function openTextOutput(target: string, flag: string, guard: OutputGuard): TextOutput {
  const reserved = reserveOutput(target, flag, guard);
  let fd: number | undefined;
  try {
    fd = openSync(reserved.path, reserved.path === reserved.target ? 'w' : 'wx');
  } catch (error) {
    reserved.abort();
    throw cannotWrite(target, flag, error);
  }
  const close = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  return {
    target: reserved.target,
    write(data) {
      if (fd === undefined) throw new Error('write after close');
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    },
    commit() {
      close();
      reserved.commit();
    },
    abort() {
      close();
      reserved.abort();
    },
  };
}
