// Import problems: every one is counted and passed on (to an --errors file), the first
// thousand are kept for the report, so memory stays flat however bad the file is.

import { RejectedError, type Problem } from '../../errors.js';

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

/** I-3: the import was rejected; nothing was written. */
export class ImportRejectedError extends RejectedError {
  constructor(readonly sink: ProblemSink) {
    super(sink.kept, `${sink.total} problem(s) in ${sink.file}; nothing was written.`);
  }
}
