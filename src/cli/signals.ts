// Ctrl-C and SIGTERM (RULES.md F-3), one mechanism for every command. The ledger driver
// says when a write transaction begins, commits or rolls back (src/db/sqlite-driver.ts) and
// lets the event loop turn every few milliseconds and right before COMMIT, so a signal is
// handled between statements:
//   - before the commit: the open transaction is rolled back, temporary files are removed,
//     "interrupted: nothing was written" is said (a JSON error with --json) and the process
//     exits 130 (SIGINT) or 143 (SIGTERM);
//   - after the commit: nothing is undone; the command goes on to report what it wrote,
//     truthfully, and exits 0, noting that the signal came too late to stop it.

import type { WriteEvents } from '../db/open.js';
import { InterruptedError } from '../errors.js';
import { removeTempFiles } from '../io/temp-files.js';

type Signal = 'SIGINT' | 'SIGTERM';

let writing = false;
let committed = false;
/** the COMMIT is with the server: a signal waits for its answer (held here) */
let committing = false;
let held: Signal | undefined;
let late: Signal | undefined;
let json = false;
let terminate = (code: number): never => {
  throw new Error(`signal handlers are not installed (exit ${code})`);
};
const aborters = new Set<() => void>();
/** Files the command finished outside the ledger before a signal (a backup): an interruption says they are kept. */
const kept: string[] = [];

export const EXIT_SIGNAL: Record<Signal, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Fault injection for the tests (SQLite's practice): SERIALS_TEST_SIGNAL=after-begin,
 * before-commit or after-commit (optionally :SIGTERM) has the process signal itself at that
 * exact moment, a race no test could otherwise hit on purpose.
 */
function injected(moment: 'after-begin' | 'before-commit' | 'after-commit'): void {
  const [when, signal = 'SIGINT'] = (process.env.SERIALS_TEST_SIGNAL ?? '').split(':');
  if (when === moment) process.kill(process.pid, signal as Signal);
}

/** The ledger's write transactions, as the driver reports them. */
export const writeEvents: WriteEvents = {
  begun: () => {
    writing = true;
    injected('after-begin');
  },
  beforeCommit: async () => injected('before-commit'),
  committing: () => void (committing = true),
  committed: () => {
    writing = false;
    committing = false;
    committed = true;
    // a signal held during the commit came too late to stop it
    if (held) late ??= held;
    held = undefined;
    injected('after-commit');
  },
  rolledBack: () => {
    writing = false;
    committing = false;
    const signal = held;
    held = undefined;
    // the transaction the signal waited on did not commit: it interrupts the command now
    if (signal) stop(signal);
  },
};

/** A file the command finished (not the ledger) stays if the command is interrupted later: say so then. */
export function noteKept(what: string): void {
  kept.push(what);
}

/** A file the command built aside was put in place: from now on it has written something. */
export function noteCommitted(): void {
  committed = true;
}

/** Whether this command has committed a write (what a late signal or a failed output must not deny). */
export function hasCommitted(): boolean {
  return committed;
}

/** Runs `abort` (synchronously) if the command is interrupted while it is registered. */
export function onInterrupt(abort: () => void): () => void {
  aborters.add(abort);
  return () => void aborters.delete(abort);
}

/** A signal that arrived after the commit, if any: the command finished all the same. */
export function lateSignal(): Signal | undefined {
  return late;
}

/** `terminate` is main.ts's: the one place that ends the process with an exit code. */
export function installSignalHandlers(options: { json: boolean; terminate: (code: number) => never }): void {
  json = options.json;
  terminate = options.terminate;
  process.on('SIGINT', () => interrupt('SIGINT'));
  process.on('SIGTERM', () => interrupt('SIGTERM'));
}

/** Ends the command for a signal (also called by the scanner prompt, which reads Ctrl-C as a key). */
export function interrupt(signal: Signal): void {
  if (committing) {
    // Whether the commit happened is the server's answer, not ours to cut short; a second
    // signal (the server does not answer) ends the command without claiming either outcome.
    if (held === undefined) {
      held = signal;
      return;
    }
    for (const abort of aborters) {
      try {
        abort();
      } catch {
        // ending anyway
      }
    }
    removeTempFiles();
    const message = 'interrupted while the ledger was committing: whether this command was written is not known; look with serials enquiry or history before running it again';
    process.stderr.write(json ? JSON.stringify({ error: { code: 'interrupted', message, fix: 'Check the ledger, then run the command again if it is not there.', details: { signal } } }) + '\n' : `\n${message}\n`);
    terminate(EXIT_SIGNAL[signal]);
    return;
  }
  if (committed && !writing) {
    late ??= signal;
    return;
  }
  stop(signal);
}

/** Rolls back what is open, removes temporary files, says what was (not) written and ends the process. */
function stop(signal: Signal): never {
  for (const abort of aborters) {
    try {
      abort();
    } catch {
      // ending anyway: neither engine keeps what was not committed
    }
  }
  removeTempFiles();
  const error = new InterruptedError(signal);
  const message = committed
    ? 'interrupted: what an earlier step committed stays written; the rest was not written'
    : kept.length > 0
      ? `interrupted: nothing was written to the ledger (${kept.join(', ')} is kept)`
      : error.message;
  process.stderr.write(
    json ? JSON.stringify({ error: { code: error.code, message, fix: error.fix, details: { signal } } }) + '\n' : `\n${message}\n`,
  );
  return terminate(EXIT_SIGNAL[signal]);
}
