// Errors carry what went wrong and how to fix it; the CLI maps each class to an exit code
// (DESIGN.md): rejected 1, usage 2, input file 66, ledger unavailable 69, busy 75.

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
  abstract readonly kind: 'rejected' | 'usage' | 'input' | 'unavailable' | 'busy';
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
  constructor(message: string, fix: string) {
    super(message, fix, 'ledger_unavailable');
  }
}

export class BusyError extends SerialsError {
  readonly kind = 'busy';
  constructor(message: string, fix: string) {
    super(message, fix, 'busy');
  }
}
