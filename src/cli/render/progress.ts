// Progress of a long read, on stderr: a bar on a terminal (rows, rate, ETA from bytes
// read), a plain line every few seconds otherwise, nothing with --quiet or --json.

import type { Context } from '../context.js';

export interface Progress {
  update(rows: number): void;
  stop(): void;
}

const PLAIN_EVERY_MS = 3000;

export async function startProgress(ctx: Context, label: string, bytes: { total: number | null; read: () => number }): Promise<Progress> {
  if (ctx.quiet || ctx.json) return { update: () => undefined, stop: () => undefined };
  const started = Date.now();
  const rate = (rows: number) => Math.round(rows / Math.max(0.001, (Date.now() - started) / 1000));
  // a bar redraws itself with escape codes, which a dumb terminal prints as they are
  if (process.stderr.isTTY && process.env.TERM !== 'dumb') {
    const { SingleBar, Presets } = await import('cli-progress');
    const bar = new SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 50,
      },
      Presets.shades_classic,
    );
    bar.start(bytes.total ?? 1, 0, { rows: 0, rate: 0 });
    return {
      update: (rows) => bar.update(bytes.total === null ? 0 : bytes.read(), { rows, rate: rate(rows) }),
      stop: () => bar.stop(),
    };
  }
  let last = started;
  return {
    update(rows) {
      const nowMs = Date.now();
      if (nowMs - last < PLAIN_EVERY_MS) return;
      last = nowMs;
      const percent = bytes.total ? ` (${Math.min(100, Math.round((bytes.read() / bytes.total) * 100))}%)` : '';
      process.stderr.write(`${label}: ${rows.toLocaleString('en')} rows read${percent}, ${rate(rows).toLocaleString('en')} rows/s\n`);
    },
    stop: () => undefined,
  };
}
