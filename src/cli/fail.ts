// Turns any error into the message, the fix and the exit code of DESIGN.md.

import { RejectedError, SerialsError, type Problem } from '../errors.js';
import type { Output } from './output.js';

export const EXIT = { ok: 0, rejected: 1, usage: 2, input: 66, unavailable: 69, internal: 70, output: 74, busy: 75, interrupted: 130 } as const;

const SHOWN_PROBLEMS = 50;

function exitCodeOf(error: unknown): number {
  if (error instanceof SerialsError) return EXIT[error.kind];
  return EXIT.internal;
}

function describeProblem(p: Problem): string {
  return p.message + (p.fix ? `\n      fix: ${p.fix}` : '');
}

export function reportError(error: unknown, out: Output, json: boolean): number {
  const code = exitCodeOf(error);
  if (json) {
    const body =
      error instanceof SerialsError
        ? { code: error.code, message: error.message, fix: error.fix, details: error instanceof RejectedError ? error.problems : (error.details ?? null) }
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
    process.stderr.write(`fix: ${error.fix}\n`);
  } else if (error instanceof SerialsError) {
    process.stderr.write(red('error: ') + error.message + '\n' + `fix: ${error.fix}\n`);
  } else {
    process.stderr.write(
      red('internal error: ') + ((error as Error)?.stack ?? String(error)) + '\nfix: This is a bug in serials; please report it with the command you ran.\n',
    );
  }
  return code;
}
