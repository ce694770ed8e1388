// Import problems: every one is counted and passed on (to an --errors file), the first
// thousand are kept for the report, so memory stays flat however bad the file is.

import { RejectedError, type Problem } from '../../errors.js';
import { count } from '../values/words.js';

export interface ImportProblem extends Problem {
  line: number;
  column?: string;
}

const KEPT = 1000;

export class ProblemSink {
  total = 0;
  readonly byCode = new Map<string, number>();
  readonly kept: ImportProblem[] = [];
  constructor(
    readonly file: string,
    private readonly forward?: (problem: ImportProblem) => void,
  ) {}

  add(problem: ImportProblem): void {
    this.total += 1;
    this.byCode.set(problem.code, (this.byCode.get(problem.code) ?? 0) + 1);
    if (this.kept.length < KEPT) this.kept.push(problem);
    this.forward?.(problem);
  }

  /** Records a problem at a line and column of the file. */
  at(line: number, column: string | undefined, problem: Omit<ImportProblem, 'line' | 'column' | 'source'>): void {
    this.add({ ...problem, line, column, source: `${this.file} line ${line}${column ? `, ${column}` : ''}` });
  }
}

/** What a rejected import reports: how many problems of each code, and the first ones found. */
export interface ImportRejection {
  total: number;
  byCode: Record<string, number>;
  problems: ImportProblem[];
}

/**
 * I-3: the import was rejected; nothing was written. Its details are the tally of the
 * problems (the error renderer groups them by code); `fix` is said once for the whole file.
 */
export class ImportRejectedError extends RejectedError {
  override readonly code = 'import_rejected';
  override readonly details: ImportRejection;
  override readonly fix: string;
  constructor(
    readonly sink: ProblemSink,
    fix = 'Correct the rows listed, then import the file again.',
  ) {
    super(sink.kept, `${count(sink.total, 'problem')} in ${sink.file}; nothing was written.`);
    this.details = { total: sink.total, byCode: Object.fromEntries(sink.byCode), problems: sink.kept };
    this.fix = fix;
  }
}
