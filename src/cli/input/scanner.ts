// The scanner prompt: a barcode scanner types a serial and Enter, fast, over and over. One
// readline interface reads every line in order (nothing typed between prompts is lost, even
// across the prompts of one command: see `openScanner`), each serial is checked as it
// arrives, and the running count is shown. An empty line or Ctrl-D finishes; Ctrl-C
// abandons the command (exit 130) with nothing written.

import { createInterface, type Interface } from 'node:readline';
import { checkSerial, quoteSerial } from '../../core/values/serial-text.js';
import type { Context } from '../context.js';
import type { GatheredSerial } from './serials.js';
import { interrupt } from '../signals.js';

/** The terminal's lines, read by one interface for as many prompts as a command needs. */
export interface Scanner {
  rl: Interface;
  /** the next line, or null at the end of input (Ctrl-D) */
  next(): Promise<string | null>;
  close(): void;
}

export function openScanner(): Scanner {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // on a terminal, Ctrl-C reaches readline as a key, not as a signal
  rl.on('SIGINT', () => interrupt('SIGINT'));
  // A manual iterator, not for-await: leaving a for-await loop closes the interface and
  // drops whatever the scanner has already typed for the next prompt.
  const lines = rl[Symbol.asyncIterator]();
  return {
    rl,
    next: async () => {
      const r = await lines.next();
      return r.done ? null : (r.value as string);
    },
    close: () => rl.close(),
  };
}

/**
 * Reads serials until an empty line. With `expected`, the count shows how many are needed
 * and a serial beyond them is refused as it is scanned. Pass `scanner` to share one
 * terminal reader between several prompts; otherwise one is opened and closed here.
 */
export async function scanSerials(
  ctx: Context,
  label: string,
  check?: (text: string) => Promise<string | null>,
  options: { expected?: number; scanner?: Scanner } = {},
): Promise<GatheredSerial[]> {
  const { color } = ctx.out;
  const { expected } = options;
  const scanner = options.scanner ?? openScanner();
  const accepted: GatheredSerial[] = [];
  const seen = new Map<string, number>();
  process.stderr.write(`${label}\nScan or type one serial per line; an empty line finishes.\n`);
  const prompt = () => {
    scanner.rl.setPrompt(`[${accepted.length}${expected !== undefined ? `/${expected}` : ''}] serial: `);
    scanner.rl.prompt();
  };
  prompt();
  try {
    await readUntilEmpty();
  } finally {
    // also when a check throws: an open reader would keep the process alive
    if (!options.scanner) scanner.close();
  }
  process.stderr.write(`${accepted.length} serial(s) scanned.\n`);
  return accepted;

  async function readUntilEmpty(): Promise<void> {
    for (let line = await scanner.next(); line !== null && line.trim() !== ''; line = await scanner.next()) {
      const checked = checkSerial(line);
      let error: string | null = null;
      if (!checked.ok) error = `${quoteSerial(line)} ${checked.reason}`;
      else if (seen.has(checked.key)) error = `${quoteSerial(checked.text)} was already scanned (#${seen.get(checked.key)})`;
      else if (expected !== undefined && accepted.length >= expected) error = `${quoteSerial(checked.text)} would be more than the ${expected} needed`;
      else if (check) error = await check(checked.text);
      if (error !== null || !checked.ok) {
        process.stderr.write(color.red('  ✗ ') + error + ' — not counted\n');
      } else {
        accepted.push({ raw: checked.text, source: `scan #${accepted.length + 1}` });
        seen.set(checked.key, accepted.length);
        const done = expected !== undefined && accepted.length === expected ? ' — all needed; an empty line goes on' : '';
        process.stderr.write(color.green('  ✓ ') + `${checked.text} (${accepted.length})${done}\n`);
      }
      prompt();
    }
  }
}
