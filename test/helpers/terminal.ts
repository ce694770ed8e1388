// The CLI on a pseudo-terminal, for tests of what a person at a terminal sees: `script`
// (util-linux) gives the command a terminal; the output is collected and can be drawn as the
// screen shows it (screenOf: carriage returns, cursor moves, erasures and the bell).

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { BIN } from './ledger.js';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export const KEY = { enter: '\r', ctrlC: '\u0003', ctrlD: '\u0004', ctrlZ: '\u001a' };

/**
 * The screen a terminal shows for this output: the lines as drawn, after carriage returns,
 * cursor moves and erasures (the sequences readline writes), and how often the bell rang.
 */
export function screenOf(raw: string): { lines: string[]; bells: number } {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  let bells = 0;
  const line = () => (rows[row] ??= []);
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '\u001b') {
      const m = /^\u001b\[([0-9;?]*)([A-Za-z])/.exec(raw.slice(i));
      if (m) {
        const n = Number(m[1] || 0);
        switch (m[2]) {
          case 'G':
            col = Math.max(0, (n || 1) - 1);
            break;
          case 'K':
            if (n === 2) rows[row] = [];
            else if (n === 1) line().fill(' ', 0, col + 1);
            else line().length = Math.min(line().length, col);
            break;
          case 'J':
            line().length = Math.min(line().length, col);
            rows.length = row + 1;
            break;
          case 'A':
            row = Math.max(0, row - (n || 1));
            break;
          case 'B':
            row += n || 1;
            break;
          case 'C':
            col += n || 1;
            break;
          case 'D':
            col = Math.max(0, col - (n || 1));
            break;
        }
        i += m[0].length - 1;
        continue;
      }
    }
    if (c === '\r') col = 0;
    else if (c === '\n') row++;
    else if (c === '\u0007') bells++;
    else if (c === '\b') col = Math.max(0, col - 1);
    else {
      const l = line();
      while (l.length < col) l.push(' ');
      l[col++] = c;
    }
  }
  const lines = Array.from({ length: rows.length }, (_, r) => (rows[r] ?? []).join('').trimEnd());
  return { lines, bells };
}

/** The CLI running on a pseudo-terminal, with everything it shows collected in `output`. */
export class Terminal {
  output = '';
  private readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;

  constructor(db: string, args: string[]) {
    const command = [process.execPath, BIN, '--db', db, ...args].map(quote).join(' ');
    this.child = spawn('script', ['-qfec', command, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    });
    this.child.stdout.on('data', (d: Buffer) => (this.output += d.toString('utf8')));
    this.child.stderr.on('data', (d: Buffer) => (this.output += d.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** Waits until the output (from `from` on) matches, or fails showing what was seen. */
  async waitFor(pattern: RegExp, from = 0, timeoutMs = 8000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(this.output.slice(from));
      if (m) return from + m.index + m[0].length;
      if (Date.now() > deadline || this.child.exitCode !== null) {
        await new Promise((r) => setTimeout(r, 50));
        const again = pattern.exec(this.output.slice(from));
        if (again) return from + again.index + again[0].length;
        throw new Error(`timed out waiting for ${pattern}; the terminal showed:\n${JSON.stringify(this.output.slice(from))}`);
      }
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  type(text: string): number {
    const mark = this.output.length;
    this.child.stdin.write(text);
    return mark;
  }

  /** What the screen shows now. */
  screen(): { lines: string[]; bells: number } {
    return screenOf(this.output);
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  async exitCode(timeoutMs = 15000): Promise<number | null> {
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs));
    const code = await Promise.race([this.exited, timer]);
    if (code === 'timeout') {
      this.kill();
      throw new Error(`the command did not finish; the terminal showed:\n${JSON.stringify(this.output)}`);
    }
    return code;
  }
}

/** Runs the command on a terminal with `session` typing into it; returns the exit code. */
export async function onTerminal(db: string, args: string[], session: (term: Terminal) => Promise<void>): Promise<{ term: Terminal; code: number | null }> {
  const term = new Terminal(db, args);
  try {
    await session(term);
    return { term, code: await term.exitCode() };
  } finally {
    term.kill();
  }
}

