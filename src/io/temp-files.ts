// Files written beside their target under a temporary name and renamed into place when
// complete (RULES.md F-1). A command that ends early — an error, Ctrl-C, SIGTERM — leaves
// none behind: every temporary file is removed when the process exits unless it was renamed.

import { rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SQLITE_SIDE_SUFFIXES } from './sqlite-file.js';

/** The longest file name, in bytes, that common file systems allow. */
export const MAX_NAME_BYTES = 255;

const pending = new Set<string>();
let hooked = false;

/** Removes every temporary file still pending; safe to call from an exit or signal handler. */
export function removeTempFiles(): void {
  for (const path of pending) removeWithSideFiles(path);
  pending.clear();
}

/** Removes a file and any SQLite side files beside it (a backup or a new ledger may have them). */
function removeWithSideFiles(path: string): void {
  for (const suffix of ['', ...SQLITE_SIDE_SUFFIXES]) {
    try {
      rmSync(path + suffix, { force: true });
    } catch {
      // an exit or signal handler must not fail: what cannot be removed stays
    }
  }
}

/** Why no file can be created at `path`: its directory does not exist, or its name is too long; undefined when one can. */
export function whyNotCreatable(path: string): 'no_directory' | 'name_too_long' | undefined {
  let isDirectory = false;
  try {
    isDirectory = statSync(dirname(path)).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (!isDirectory) return 'no_directory';
  return Buffer.byteLength(basename(path)) > MAX_NAME_BYTES ? 'name_too_long' : undefined;
}

/** Bytes of the target's name kept in a temporary name: enough to tell what it was for, short enough for any target. */
const NAME_KEPT = 32;

/**
 * A new temporary name beside `target` (same directory, so the final rename is atomic),
 * tracked until `release`d (once renamed into place) or `remove`d (given up).
 */
export function tempBeside(target: string, purpose: string): { path: string; release(): void; remove(): void } {
  // at most ~70 bytes whatever the target's name (a file system allows 255)
  const path = join(dirname(target), `.${basename(target).slice(0, NAME_KEPT)}.serials-${purpose}-${process.pid}-${randomBytes(3).toString('hex')}`);
  if (!hooked) {
    hooked = true;
    process.once('exit', removeTempFiles);
  }
  pending.add(path);
  return {
    path,
    release: () => void pending.delete(path),
    remove() {
      pending.delete(path);
      removeWithSideFiles(path);
    },
  };
}
