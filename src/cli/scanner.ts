// The scanner prompt: a barcode scanner types a serial and Enter, fast, over and over. One
// readline interface reads every line in order (nothing typed between prompts is lost),
// each serial is checked as it arrives, and the running count is shown. An empty line or
// Ctrl-D finishes, as does reaching the number expected when there is one; Ctrl-C abandons
// the command (exit 130) with nothing written.

import { createInterface } from 'node:readline';
import { checkSerial, quoteSerial } from '../core/serial-text.js';
import type { Context } from './context.js';
import type { GatheredSerial } from './serial-input.js';
import { EXIT } from './fail.js';

export async function scanSerials(
  ctx: Context,
  label: string,
  check?: (text: string) => Promise<string | null>,
  expected?: number,
): Promise<GatheredSerial[]> {
  const { color } = ctx.out;
  const accepted: GatheredSerial[] = [];
  const seen = new Map<string, number>();
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  rl.on('SIGINT', () => {
    process.stderr.write('\ninterrupted: nothing was written\n');
    process.exit(EXIT.interrupted);
  });
  process.stderr.write(`${label}\nScan or type one serial per line; an empty line finishes${expected ? `, and it stops by itself at ${expected}` : ''}.\n`);
  const prompt = () => rl.setPrompt(`[${accepted.length}${expected ? `/${expected}` : ''}] serial: `);
  prompt();
  rl.prompt();
  for await (const line of rl) {
    if (line.trim() === '') break;
    const checked = checkSerial(line);
    let error: string | null = null;
    if (!checked.ok) error = `${quoteSerial(line)} ${checked.reason}`;
    else if (seen.has(checked.key)) error = `${quoteSerial(checked.text)} was already scanned (#${seen.get(checked.key)})`;
    else if (check) error = await check(checked.text);
    if (error !== null || !checked.ok) {
      process.stderr.write(color.red('  ✗ ') + error + ' — not counted\n');
    } else {
      accepted.push({ raw: checked.text, source: `scan #${accepted.length + 1}` });
      seen.set(checked.key, accepted.length);
      process.stderr.write(color.green('  ✓ ') + `${checked.text} (${accepted.length})\n`);
      if (accepted.length === expected) break;
    }
    prompt();
    rl.prompt();
  }
  rl.close();
  process.stderr.write(`${accepted.length} serial(s) scanned.\n`);
  return accepted;
}
