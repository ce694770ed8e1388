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
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
  }
  pending.clear();
}

/** A new temporary name beside `target` (same directory, so the final rename is atomic), tracked until `release`d. */
export function tempBeside(target: string, purpose: string): { path: string; release(): void } {
  const path = join(dirname(target), `.${basename(target)}.serials-${purpose}-${process.pid}-${randomBytes(3).toString('hex')}`);
  if (!hooked) {
    hooked = true;
    process.once('exit', removeTempFiles);
  }
  pending.add(path);
  return { path, release: () => void pending.delete(path) };
}
