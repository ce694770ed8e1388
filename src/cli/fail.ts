// The one error renderer: turns anything a command throws into the message, the fix and the
// exit code of DESIGN.md (Errors). With --json, one object on stderr:
//   {"error": {"code", "message", "fix", "details"}}
// where `details` is the list of problems of a rejection, `{total, byCode, problems}` for a
// rejected import, what else the error carries, or null. For people: "error: …" and "fix: …",
// with the problems of a rejection listed (an import's grouped by code, with their lines).
// It returns the exit code; main.ts alone sets it.

import { InterruptedError, RejectedError, SerialsError, type Problem } from '../errors.js';
import { ImportRejectedError, type ImportProblem } from '../core/imports/sink.js';
import type { Output } from './output.js';
import { count } from './render/words.js';
import { grouped } from '../core/values/words.js';

export const EXIT = { ok: 0, rejected: 1, usage: 2, input: 66, unavailable: 69, internal: 70, output: 74, busy: 75, interrupted: 130 } as const;

/** Problems of an ordinary rejection listed one by one, each with its fix. */
const SHOWN_PROBLEMS = 50;

/** Lines of a rejected import shown, grouped by code; the rest are counted. */
const SHOWN_IMPORT_PROBLEMS = 20;

/** Longest line of a message: a boundary net under shown(), so that no input is ever echoed whole. */
const MAX_LINE = 2000;

const BUG_FIX = 'This is a bug in serials; please report it with the command you ran.';

function exitCodeOf(error: unknown): number {
  if (error instanceof InterruptedError) return error.signal === 'SIGTERM' ? 143 : EXIT.interrupted;
  if (error instanceof SerialsError) return EXIT[error.kind];
  return EXIT.internal;
}

function clip(text: string): string {
  return text.length <= MAX_LINE ? text : `${text.slice(0, MAX_LINE)}… (${grouped(text.length)} characters in all)`;
}

/** Every string in a JSON error's details, clipped the same way (problems carry the input they refuse). */
function clipDeep(value: unknown): unknown {
  if (typeof value === 'string') return clip(value);
  if (Array.isArray(value)) return value.map(clipDeep);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clipDeep(v)]));
  return value;
}

/** The error object --json prints on stderr (schemas/error.schema.json). */
export function errorJson(error: unknown): { code: string; message: string; fix: string; details: unknown } {
  if (error instanceof SerialsError) {
    return { code: error.code, message: clip(error.message), fix: clip(error.fix), details: clipDeep(error.details ?? null) };
  }
  return { code: 'internal', message: String((error as Error)?.message ?? error), fix: BUG_FIX, details: (error as Error)?.stack ?? null };
}

/** The lines people read on stderr (without colour: the caller colours the first word). */
export function errorLines(error: unknown): { lead: string; lines: string[] } {
  if (error instanceof ImportRejectedError) return { lead: 'error:', lines: importRejection(error) };
  if (error instanceof RejectedError && error.problems.length > 1) return { lead: 'error:', lines: problemList(error) };
  if (error instanceof SerialsError) return { lead: 'error:', lines: [clip(error.message), `fix: ${clip(error.fix)}`] };
  return { lead: 'internal error:', lines: [(error as Error)?.stack ?? String(error), `fix: ${BUG_FIX}`] };
}

/** Each problem with its fix, the first SHOWN_PROBLEMS of them. */
function problemList(error: RejectedError): string[] {
  const lines = [clip(error.message)];
  for (const p of error.problems.slice(0, SHOWN_PROBLEMS)) lines.push(`  - ${clip(p.message)}` + (p.fix ? `\n      fix: ${clip(p.fix)}` : ''));
  const more = error.problems.length - SHOWN_PROBLEMS;
  if (more > 0) lines.push(`  … and ${grouped(more)} more (add --json to get them all).`);
  lines.push(`fix: ${clip(error.fix)}`);
  return lines;
}

/**
 * A rejected import: the first problems with their lines, grouped by code with the count of
 * each (and its fix); the codes of the problems not shown with their counts; how many more;
 * then what to do with the file.
 */
function importRejection(error: ImportRejectedError): string[] {
  const { total, byCode, problems } = error.details;
  const shown = problems.slice(0, SHOWN_IMPORT_PROBLEMS);
  const groups = new Map<string, ImportProblem[]>();
  for (const p of shown) groups.set(p.code, [...(groups.get(p.code) ?? []), p]);
  const lines = [clip(error.message)];
  for (const [code, list] of groups) {
    lines.push(`  ${code} (${grouped(byCode[code] ?? list.length)}):`);
    // a line number as an editor's go-to-line takes it: no thousands separators
    for (const p of list) lines.push(`    line ${p.line}${p.column ? `, ${p.column}` : ''}: ${clip(p.message)}`);
    const fix = list.find((p: Problem) => p.fix)?.fix;
    if (fix) lines.push(`    fix: ${clip(fix)}`);
  }
  for (const [code, n] of Object.entries(byCode)) if (!groups.has(code)) lines.push(`  ${code} (${grouped(n)})`);
  if (total > shown.length) lines.push(`  … ${count(total - shown.length, 'more problem', 'more problems')} not shown.`);
  lines.push(`fix: ${clip(error.fix)}`);
  return lines;
}

export function reportError(error: unknown, out: Output, json: boolean): number {
  if (json) {
    process.stderr.write(JSON.stringify({ error: errorJson(error) }) + '\n');
  } else {
    const { lead, lines } = errorLines(error);
    process.stderr.write(`${out.color.red(lead)} ${lines.join('\n')}\n`);
  }
  return exitCodeOf(error);
}
