// Turns any error into the message, the fix and the exit code of DESIGN.md.

import { InterruptedError, RejectedError, SerialsError, type Problem } from '../errors.js';
import type { Output } from './output.js';

export const EXIT = { ok: 0, rejected: 1, usage: 2, input: 66, unavailable: 69, internal: 70, output: 74, busy: 75, interrupted: 130 } as const;

const SHOWN_PROBLEMS = 50;

/** Longest line of a message: a boundary net under shown(), so that no input is ever echoed whole. */
const MAX_LINE = 2000;

function exitCodeOf(error: unknown): number {
  if (error instanceof InterruptedError) return error.signal === 'SIGTERM' ? 143 : EXIT.interrupted;
  if (error instanceof SerialsError) return EXIT[error.kind];
  return EXIT.internal;
}

function clip(text: string): string {
  return text.length <= MAX_LINE ? text : `${text.slice(0, MAX_LINE)}… (${text.length.toLocaleString('en')} characters in all)`;
}

/** Every string in a JSON error's details, clipped the same way (problems carry the input they refuse). */
function clipDeep(value: unknown): unknown {
  if (typeof value === 'string') return clip(value);
  if (Array.isArray(value)) return value.map(clipDeep);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clipDeep(v)]));
  return value;
}

function describeProblem(p: Problem): string {
  return clip(p.message) + (p.fix ? `\n      fix: ${clip(p.fix)}` : '');
}

/** TEMPORARY (issue 10, being replaced): an error the command has already reported itself. */
export class Reported extends Error {
  constructor(readonly exitCode: number) {
    super(`reported (exit ${exitCode})`);
  }
}

export function reportError(error: unknown, out: Output, json: boolean): number {
  if (error instanceof Reported) return error.exitCode;
  const code = exitCodeOf(error);
  if (json) {
    const body =
      error instanceof SerialsError
        ? { code: error.code, message: clip(error.message), fix: clip(error.fix), details: clipDeep(error instanceof RejectedError ? error.problems : (error.details ?? null)) }
        : { code: 'internal', message: String((error as Error)?.message ?? error), fix: 'This is a bug in serials; please report it with the command you ran.', details: (error as Error)?.stack ?? null };
    process.stderr.write(JSON.stringify({ error: body }) + '\n');
    return code;
  }
  const red = out.color.red;
  if (error instanceof RejectedError && error.problems.length > 1) {
    process.stderr.write(red('error: ') + `${error.problems.length} problems; nothing was written.\n`);
    for (const p of error.problems.slice(0, SHOWN_PROBLEMS)) process.stderr.write(`  - ${describeProblem(p)}\n`);
    if (error.problems.length > SHOWN_PROBLEMS) {
      process.stderr.write(`  … and ${error.problems.length - SHOWN_PROBLEMS} more (add --json to get them all).\n`);
    }
    process.stderr.write(`fix: ${clip(error.fix)}\n`);
  } else if (error instanceof SerialsError) {
    process.stderr.write(red('error: ') + clip(error.message) + '\n' + `fix: ${clip(error.fix)}\n`);
  } else {
    process.stderr.write(
      red('internal error: ') + ((error as Error)?.stack ?? String(error)) + '\nfix: This is a bug in serials; please report it with the command you ran.\n',
    );
  }
  return code;
}
