// Progress of a long read, on stderr: on a terminal a bar redrawn in place, otherwise a
// plain line every few seconds, nothing with --quiet or --json. Both say the same figures:
//   Importing ██████░░░░ 42% of the file · 120,000 rows · 35,000 rows/s · 0:03 left
// The percentage is of the file's bytes read (the only measure known before the end), the
// rows are rows, the rate is rows per second and the time left comes from the bytes. The line
// fits the terminal: the bar shrinks (or goes) so that the figures are never cut off.

import type { Context } from '../context.js';
import { grouped } from '../../core/values/words.js';

export interface Progress {
  update(rows: number): void;
  stop(): void;
}

export interface ProgressFigures {
  /** bytes read of the file's size, 0 to 1; null when the size is not known (standard input) */
  fraction: number | null;
  /** what the fraction is of ('the file' unless said: db copy's is 'the ledger') */
  of?: string;
  rows: number;
  /** rows per second so far */
  rate: number;
  /** seconds left at the rate the bytes have been read so far; null when not known yet */
  secondsLeft: number | null;
}

/** The plain line's interval; SERIALS_TEST_PROGRESS_MS shortens it for the tests. */
const PLAIN_EVERY_MS = 3000;

/** The widest bar drawn; a narrower terminal gets a narrower bar. */
const MAX_BAR = 30;
/** Below this a bar says nothing; it is left out. */
const MIN_BAR = 5;
/** Room kept for the figures: "42% of the file · 120,000 rows · 35,000 rows/s · 0:03 left". */
const FIGURES = 58;

const number = (n: number) => grouped(Math.round(n));

/** 3 → "0:03", 125 → "2:05", 3725 → "1:02:05". */
export function clockTime(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** "42% of the file · 120,000 rows · 35,000 rows/s · 0:03 left" (what is not known is left out). */
export function figuresText(f: ProgressFigures): string {
  const parts: string[] = [];
  if (f.fraction !== null) parts.push(`${Math.floor(Math.min(1, Math.max(0, f.fraction)) * 100)}% of ${f.of ?? 'the file'}`);
  parts.push(`${number(f.rows)} ${f.rows === 1 ? 'row' : 'rows'}`, `${number(f.rate)} rows/s`);
  if (f.secondsLeft !== null && Number.isFinite(f.secondsLeft)) parts.push(`${clockTime(f.secondsLeft)} left`);
  return parts.join(' · ');
}

/**
 * The terminal's line, at most `width - 1` columns (a line that reaches the last column
 * wraps on some terminals): a label, a bar as wide as the rest leaves room for, the figures.
 * The figures are never cut. The label and the bar's width are chosen for room for typical
 * figures (FIGURES columns), so that they stay put while the figures change; the full label
 * where it leaves room for a bar (or there is no bar), else the short one. Figures longer than that shrink the
 * bar, then take its place.
 */
export function progressLine(label: { full: string; short: string }, f: ProgressFigures, width: number): string {
  const room = Math.max(20, width) - 1;
  const figures = figuresText(f);
  const barRoom = (name: string, figuresWidth: number) => Math.min(MAX_BAR, room - name.length - figuresWidth - 2); // a space either side of the bar
  const name = f.fraction === null || barRoom(label.full, FIGURES) >= MIN_BAR ? label.full : label.short;
  const barWidth = barRoom(name, Math.max(FIGURES, figures.length));
  if (f.fraction !== null && barWidth >= MIN_BAR) {
    const filled = Math.round(Math.min(1, Math.max(0, f.fraction)) * barWidth);
    return `${name} ${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)} ${figures}`;
  }
  for (const n of [name, label.short]) if (n.length + 1 + figures.length <= room) return `${n} ${figures}`;
  return figures.length <= room ? figures : figures.slice(0, room - 1) + '…';
}

/** The plain line of a log or a pipe: "import opening-stock: 42% of the file · 120,000 rows · …". */
export function plainLine(label: { full: string }, f: ProgressFigures): string {
  return `${label.full}: ${figuresText(f)}`;
}

export function plainInterval(): number {
  const test = Number(process.env.SERIALS_TEST_PROGRESS_MS);
  return process.env.SERIALS_TEST_PROGRESS_MS !== undefined && Number.isFinite(test) ? test : PLAIN_EVERY_MS;
}

/**
 * `label.full` names what runs ("import opening-stock"); `label.short` ("Importing") is what
 * a narrow terminal gets beside a bar.
 */
export async function startProgress(ctx: Context, label: { full: string; short: string }, bytes: { total: number | null; read: () => number }): Promise<Progress> {
  if (ctx.quiet || ctx.json) return { update: () => undefined, stop: () => undefined };
  const started = Date.now();
  const figures = (rows: number): ProgressFigures => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const fraction = bytes.total ? Math.min(1, bytes.read() / bytes.total) : null;
    // the time left is known once some of the file has been read for a moment
    const secondsLeft = fraction !== null && fraction > 0 && seconds >= 0.5 ? (seconds * (1 - fraction)) / fraction : null;
    return { fraction, rows, rate: rows / seconds, secondsLeft };
  };
  // a bar redraws itself with escape codes, which a dumb terminal prints as they are
  if (process.stderr.isTTY && process.env.TERM !== 'dumb') {
    const { SingleBar } = await import('cli-progress');
    let rows = 0;
    const bar = new SingleBar({
      format: (_options, params) => progressLine(label, figures(rows), params.maxWidth),
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    });
    bar.start(1, 0);
    return {
      update(n) {
        rows = n;
        bar.update(0);
      },
      stop: () => bar.stop(),
    };
  }
  const every = plainInterval();
  let last = started;
  return {
    update(rows) {
      const nowMs = Date.now();
      if (nowMs - last < every) return;
      last = nowMs;
      process.stderr.write(plainLine(label, figures(rows)) + '\n');
    },
    stop: () => undefined,
  };
}
