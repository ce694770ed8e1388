// Errors carry what went wrong and how to fix it; the CLI maps each class to an exit code
// (DESIGN.md): rejected 1, usage 2, input file 66, ledger unavailable or damaged 69, output
// not written 74, busy 75, interrupted 130/143. Every layer (cli, core, db, io) shares them.

import { grouped } from './io/words.js';

/** One thing wrong with the input, named precisely enough to act on. */
export interface Problem {
  code: string;
  message: string;
  fix?: string;
  serial?: string;
  product?: string;
  warehouse?: string;
  document?: string;
  /** where the input came from: "serials.csv line 12", "--serials item 3", "--line 2" */
  source?: string;
}

export abstract class SerialsError extends Error {
  abstract readonly kind: 'rejected' | 'usage' | 'input' | 'unavailable' | 'output' | 'busy' | 'interrupted';
  constructor(
    message: string,
    readonly fix: string,
    readonly code: string,
    readonly details: unknown = undefined,
  ) {
    super(message);
  }
}

/** A business rule or invalid input: nothing was written. */
export class RejectedError extends SerialsError {
  readonly kind = 'rejected';
  readonly problems: Problem[];
  constructor(problems: Problem[], summary?: string) {
    const first = problems[0];
    const message =
      summary ?? (problems.length === 1 && first ? first.message : `${problems.length} problems; nothing was written.`);
    const fix = problems.length === 1 && first?.fix ? first.fix : 'Fix every problem listed, then run the command again.';
    super(message, fix, problems.length === 1 && first ? first.code : 'rejected', problems);
    this.problems = problems;
  }
}

/**
 * A lookup that rejects (an unknown order, say), with its problems added to `problems`
 * instead of thrown, so the rest of the input is still checked and every problem reported
 * at once. Other errors pass through.
 */
export async function gatherProblems<T>(lookup: Promise<T>, problems: Problem[]): Promise<T | undefined> {
  try {
    return await lookup;
  } catch (error) {
    if (!(error instanceof RejectedError)) throw error;
    for (const p of error.problems) problems.push(p);
    return undefined;
  }
}

export class UsageError extends SerialsError {
  readonly kind = 'usage';
  constructor(message: string, fix: string) {
    super(message, fix, 'usage');
  }
}

export class InputFileError extends SerialsError {
  readonly kind = 'input';
  constructor(message: string, fix: string) {
    super(message, fix, 'input_file');
  }
}

export class LedgerUnavailableError extends SerialsError {
  readonly kind = 'unavailable';
  constructor(message: string, fix: string, code = 'ledger_unavailable', details: unknown = undefined) {
    super(message, fix, code, details);
  }
}

/** F-2: the file is a serials ledger, but it is damaged (truncated, corrupt pages, a table gone). */
export class LedgerDamagedError extends LedgerUnavailableError {
  constructor(path: string, what: string, details: unknown = undefined) {
    super(
      `The ledger ${path} is damaged: ${what}.`,
      'Restore the ledger from a backup (serials db backup makes one); do not write to this file.',
      'ledger_damaged',
      details,
    );
  }
}

/** Standard output or an output file could not be written (a full disk, say). */
export class OutputError extends SerialsError {
  readonly kind = 'output';
  constructor(message: string, fix: string) {
    super(message, fix, 'output_failed');
  }
}

/** F-3: a signal ended the command before it committed; nothing was written. */
export class InterruptedError extends SerialsError {
  readonly kind = 'interrupted';
  constructor(readonly signal: 'SIGINT' | 'SIGTERM') {
    super('interrupted: nothing was written', 'Run the command again.', 'interrupted', { signal });
  }
}

export class BusyError extends SerialsError {
  readonly kind = 'busy';
  constructor(message: string, fix: string) {
    super(message, fix, 'busy');
  }
}

/** How much of a value typed or read from a file a message shows. */
export const SHOWN_CHARACTERS = 60;

/**
 * Input as a message shows it: in double quotes, anything but printable ASCII escaped
 * (\t, \x00, \u00e9), and cut to a readable length with the full length said, so that a
 * 50 MB header line or binary garbage never floods the terminal.
 */
export function shown(text: string, max = SHOWN_CHARACTERS): string {
  let out = '';
  let i = 0;
  for (; i < text.length && i < max; i++) {
    const c = text.charCodeAt(i);
    if (c >= 32 && c <= 126) out += c === 34 || c === 92 ? '\\' + text[i] : text[i];
    else if (c === 9) out += '\\t';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c < 256) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += '\\u' + c.toString(16).padStart(4, '0');
  }
  return i < text.length ? `"${out}…" (${grouped(text.length)} characters)` : `"${out}"`;
}
