// Files written beside their target under a temporary name and renamed into place when
// complete (RULES.md F-1). A command that ends early — an error, Ctrl-C, SIGTERM — leaves
// none behind: every temporary file is removed when the process exits unless it was renamed.

import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

const pending = new Set<string>();
let hooked = false;

/** Removes every temporary file still pending; safe to call from an exit or signal handler. */
export function removeTempFiles(): void {
  for (const path of pending) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) {
      try {
        rmSync(path + suffix, { force: true });
      } catch {
        // an exit or signal handler must not fail: what cannot be removed stays
      }
    }
  }
  pending.clear();
}

/** Bytes of the target's name kept in a temporary name: enough to tell what it was for, short enough for any target. */
const NAME_KEPT = 32;

/** A new temporary name beside `target` (same directory, so the final rename is atomic), tracked until `release`d. */
export function tempBeside(target: string, purpose: string): { path: string; release(): void } {
  // at most ~70 bytes whatever the target's name (a file system allows 255)
  const path = join(dirname(target), `.${basename(target).slice(0, NAME_KEPT)}.serials-${purpose}-${process.pid}-${randomBytes(3).toString('hex')}`);
  if (!hooked) {
    hooked = true;
    process.once('exit', removeTempFiles);
  }
  pending.add(path);
  return { path, release: () => void pending.delete(path) };
}
