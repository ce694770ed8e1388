// The scanner prompt: a barcode scanner types a serial and Enter, fast, over and over, while
// the person holding it looks at the goods, not the screen.
//
// - One reader takes every line in order, for as many prompts as a command needs: nothing
//   typed ahead is lost, also in a burst (many lines in one write).
// - Each serial is checked as it arrives; the prompt shows the running count against what is
//   needed (`[3/10] serial: `), and a scan beyond it is refused on the spot.
// - A refused scan rings the terminal bell and says why in one line.
// - An empty line finishes, and so does Ctrl-D (which says so); Ctrl-Z takes back the last
//   scan (a control key: it can never be a serial, N-1); Ctrl-C aborts with nothing written
//   (exit 130).
// - Ending short of what is needed asks what to do (take what was scanned, park, keep
//   scanning, abort) instead of throwing the scans away.
// - Every message starts on a line of its own: the prompt is cleared (or ended) first, and
//   drawn again only when the reader waits, so nothing is ever glued onto it.

import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import { checkSerial, quoteSerial } from '../../core/values/serial-text.js';
import { InterruptedError } from '../../errors.js';
import type { Context } from '../context.js';
import { count } from '../render/words.js';
import { interrupt } from '../signals.js';
import type { GatheredSerial, ScanChoice, ScanVerdict } from './serials.js';
import { grouped } from '../../core/values/words.js';

/** What the terminal gave: a line, Ctrl-Z (take back the last scan) or Ctrl-D (end of input). */
export type ScannerInput = { kind: 'line'; text: string } | { kind: 'undo' } | { kind: 'eof' };

/** The terminal, read by one interface for as many prompts as a command needs. */
export interface Scanner {
  /** the next input; after Ctrl-D the terminal is read on (a new interface on it) */
  read(): Promise<ScannerInput>;
  /** the prompt to show whenever the reader waits */
  setPrompt(text: string): void;
  /** one line of its own on the terminal (stderr), never glued onto the prompt */
  say(text: string, options?: { bell?: boolean }): void;
  close(): void;
}

export function openScanner(): Scanner {
  const queue: ScannerInput[] = [];
  let waiting: ((input: ScannerInput) => void) | undefined;
  let rl: Interface;
  let prompt = '';
  let closed = false;
  /** readline closed itself (Ctrl-D on an empty line) */
  let ended = false;
  /** the prompt is on the screen and the cursor is on its line */
  let promptShown = false;
  const out = process.stderr;

  const arrive = (input: ScannerInput) => {
    // Enter ends the prompt's line itself (readline writes the line break)
    if (input.kind === 'line') promptShown = false;
    const resolve = waiting;
    waiting = undefined;
    if (resolve) resolve(input);
    else queue.push(input);
  };
  const open = () => {
    rl = createInterface({ input: process.stdin, output: out, terminal: true, historySize: 0 });
    ended = false;
    rl.on('line', (text) => arrive({ kind: 'line', text }));
    // on a terminal, Ctrl-C reaches readline as a key, not as a signal
    rl.on('SIGINT', () => interrupt('SIGINT'));
    // Ctrl-Z: with a listener, readline reports it instead of suspending the process
    rl.on('SIGTSTP', () => arrive({ kind: 'undo' }));
    rl.on('close', () => {
      if (closed) return;
      ended = true;
      arrive({ kind: 'eof' });
    });
  };
  open();

  return {
    read() {
      const next = queue.shift();
      if (next) return Promise.resolve(next);
      // Ctrl-D closed the interface, but the terminal is still there
      if (ended) open();
      rl.setPrompt(prompt);
      rl.prompt(true);
      promptShown = true;
      return new Promise((resolve) => (waiting = resolve));
    },
    setPrompt(text) {
      prompt = text;
    },
    say(text, options = {}) {
      if (promptShown) {
        // Ctrl-Z or Ctrl-D at the prompt: keep its line, start a new one
        out.write('\n');
        promptShown = false;
      } else {
        // whatever is on this line (a line typed ahead, still being typed) is drawn again
        // with the next prompt
        cursorTo(out, 0);
        clearLine(out, 0);
      }
      out.write((options.bell ? '\x07' : '') + text + '\n');
    },
    close() {
      closed = true;
      rl.close();
    },
  };
}

/** The user chose to abort at the prompt: nothing was written (exit 130, as Ctrl-C). */
export class ScanAbortedError extends InterruptedError {
  constructor() {
    super('SIGINT');
    this.message = 'aborted at the scanner prompt: nothing was written';
  }
}

/** One of the answers to "what now?" when scanning ends short. */
export interface ShortChoice {
  /** the key to type, e.g. 'r' (or the whole word) */
  key: string;
  word: string;
  /** e.g. "receive these 3; 7 stay outstanding" */
  describe(counted: number, missing: number): string;
}

export interface ScanSpec {
  /** what is being scanned, for what: said before the first prompt (unless empty) */
  label: string;
  /** the prompt, given the count so far (default: `[3/10] serial: `) */
  prompt?: (counted: number) => string;
  /** ends as soon as `needed` are scanned, without an empty line or a summary (one unit's parts, one after the other) */
  endWhenAll?: boolean;
  /** the product: each serial scanned is tagged with it (a session may scan several) */
  product?: string;
  /** units needed: the prompt counts against it, and refuses a scan beyond it */
  needed?: number;
  /** serials counted before any scan (assigned to the order and going with it) */
  counted?: { serial: string; key: string }[];
  /** how a scan of a counted serial is described, e.g. "assigned to SO-00000001" */
  countedNote?: string;
  /** why a serial beyond what is needed is refused, beyond the count itself */
  overHint?: string;
  check?: (text: string) => Promise<ScanVerdict>;
  /**
   * A serial scanned again in this session: refused (the default: a document lists a unit
   * once), or taken and said to be scanned twice (a stock count records every scan).
   */
  repeats?: 'reject' | 'record';
  /**
   * What ending short may do besides keeping on and aborting. Without it, ending short just
   * finishes (nothing needed, or short is fine: a parked shipment).
   */
  short?: { take?: ShortChoice; park?: ShortChoice };
}

export interface ScanOutcome {
  /** the serials scanned (not those counted beforehand), tagged with the spec's product */
  serials: GatheredSerial[];
  /** counted beforehand and scanned: what the line takes */
  counted: number;
  /** all: everything needed (or nothing was needed); short: take what was scanned; park: park the document now */
  ending: 'all' | 'short' | 'park';
}

/** Serials counted beforehand that the header names before "… and N more". */
const SHOWN_COUNTED = 10;

const KEYS_HELP = ['Ctrl-Z takes back the last scan; Ctrl-C aborts with nothing written.'];

/**
 * Scans several lists through one reader (the lines of an order, one product after the
 * other), saying once how the prompt works. Stops early if one of them ends by parking.
 */
export async function scanSession(ctx: Context, specs: ScanSpec[], scanner?: Scanner): Promise<ScanOutcome[]> {
  const own = scanner ?? openScanner();
  const outcomes: ScanOutcome[] = [];
  try {
    for (const [i, spec] of specs.entries()) {
      const outcome = await scanOne(ctx, own, spec, { help: i === 0, several: specs.length > 1 });
      outcomes.push(outcome);
      if (outcome.ending === 'park') break;
    }
  } finally {
    // also when a check throws: an open reader would keep the process alive
    if (!scanner) own.close();
  }
  return outcomes;
}

/** One list through a reader that the caller may share with other lists (scanSession says the help once). */
export async function scanOne(ctx: Context, scanner: Scanner, spec: ScanSpec, options: { help: boolean; several: boolean }): Promise<ScanOutcome> {
  const { color } = ctx.out;
  const { needed } = spec;
  const carried = spec.counted ?? [];
  const carriedKeys = new Set(carried.map((c) => c.key));
  const entries: { text: string; key: string; counts: boolean; product?: string }[] = [];
  const total = () => carried.length + entries.filter((e) => e.counts).length;
  const tally = () => (needed === undefined ? `${total()}` : `${total()}/${needed}`);

  if (spec.label) scanner.say(spec.label);
  if (carried.length) {
    const listedCarried = carried.slice(0, SHOWN_COUNTED).map((c) => c.serial).join(', ') + (carried.length > SHOWN_COUNTED ? ` … and ${grouped(carried.length - SHOWN_COUNTED)} more` : '');
    scanner.say(`  ${count(carried.length, 'serial')} ${spec.countedNote ?? 'counted already'} go${carried.length === 1 ? 'es' : ''} with it and ${carried.length === 1 ? 'is' : 'are'} counted: ${listedCarried}`);
  }
  if (options.help) {
    scanner.say(`Scan or type one serial per line; an empty line (or Ctrl-D) finishes${options.several ? ' this product' : ''}.`);
    for (const line of KEYS_HELP) scanner.say(line);
  }
  const reject = (text: string) => scanner.say(color.red('  ✗ ') + text + ' — not counted', { bell: true });
  const wrong = (text: string) => scanner.say(color.red('  ✗ ') + text, { bell: true });
  const takeBack = () => {
    const last = entries.pop();
    if (!last) return wrong('nothing scanned to take back');
    const still = last.counts ? '' : ` (${spec.countedNote ?? 'counted already'}: it still goes with it)`;
    scanner.say(color.yellow('  ↶ ') + `took back ${last.text}${still} (${tally()})`);
  };

  for (;;) {
    scanner.setPrompt(spec.prompt ? spec.prompt(total()) : `[${tally()}] serial: `);
    const input = await scanner.read();
    if (input.kind === 'undo') {
      takeBack();
      continue;
    }
    if (input.kind === 'line' && input.text.trim() !== '') {
      await scan(input.text);
      if (spec.endWhenAll && needed !== undefined && total() >= needed) return outcome('all');
      continue;
    }
    if (input.kind === 'eof') scanner.say('  Ctrl-D: finished scanning, as an empty line does.');
    // finished: all that is needed, or short of it
    const n = total();
    if (needed === undefined || n >= needed || !spec.short) {
      scanner.say(summary());
      return outcome(needed === undefined || n >= needed ? 'all' : 'short');
    }
    const choice = await ask(n, needed - n);
    if (choice === 'keep') continue;
    if (choice === 'undo') {
      takeBack();
      continue;
    }
    if (choice === 'abort') throw new ScanAbortedError();
    scanner.say(summary());
    return outcome(choice);
  }

  function summary(): string {
    const scanned = entries.filter((e) => e.counts).length;
    const of = needed === undefined ? count(total(), 'serial') : `${grouped(total())} of ${count(needed, 'serial')}`;
    if (!carried.length) return `${of} scanned${spec.product && options.several ? ` for ${spec.product}` : ''}.`;
    return `${of}${spec.product && options.several ? ` for ${spec.product}` : ''}: ${grouped(carried.length)} ${spec.countedNote ?? 'counted already'}, ${grouped(scanned)} scanned.`;
  }

  function outcome(ending: ScanOutcome['ending']): ScanOutcome {
    const serials = entries
      .filter((e) => e.counts)
      .map((e, i): GatheredSerial => {
        const product = e.product ?? spec.product;
        return { raw: e.text, source: `scan #${i + 1}`, ...(product ? { product } : {}) };
      });
    return { serials, counted: total(), ending };
  }

  async function scan(line: string): Promise<void> {
    const checked = checkSerial(line);
    if (!checked.ok) return reject(`${quoteSerial(line)} ${checked.reason}`);
    const earlier = entries.findIndex((e) => e.key === checked.key);
    if (earlier >= 0 && spec.repeats !== 'record') return reject(`${quoteSerial(checked.text)} was already scanned (#${earlier + 1})`);
    if (carriedKeys.has(checked.key)) {
      const text = carried.find((c) => c.key === checked.key)?.serial ?? checked.text;
      entries.push({ text, key: checked.key, counts: false });
      return void scanner.say(color.green('  ✓ ') + `${text} ${spec.countedNote ?? 'counted already'}, counted already (${tally()})`);
    }
    if (needed !== undefined && total() >= needed) {
      return reject(`${quoteSerial(checked.text)} would be more than the ${grouped(needed)} needed${spec.overHint ? ` (${spec.overHint})` : ''}`);
    }
    const verdict = spec.check ? await spec.check(checked.text) : null;
    if (typeof verdict === 'string') return reject(verdict);
    let note = verdict?.note;
    let product = verdict?.product;
    if (verdict?.choose) {
      const chosen = await choose(checked.text, verdict.choose);
      if (!chosen) return reject(`${quoteSerial(checked.text)}: no product chosen`);
      product = chosen.product;
      note = chosen.note;
    }
    const text = verdict?.text ?? checked.text;
    // with repeats recorded: the same unit (serial and product) scanned again this session
    const again = spec.repeats === 'record' ? entries.findIndex((e) => e.key === checked.key && e.product === product) : -1;
    entries.push({ text, key: checked.key, counts: true, ...(product ? { product } : {}) });
    const after = [
      ...(again >= 0 ? [`scanned again (#${again + 1}): recorded as scanned twice, counted once`] : note ? [note] : []),
      ...(verdict?.warning ? [color.yellow('warning: ') + verdict.warning] : []),
      ...(needed !== undefined && total() === needed && !spec.endWhenAll ? [`all ${grouped(needed)} scanned; an empty line finishes`] : []),
    ];
    scanner.say(color.green('  ✓ ') + `${text} (${tally()})` + after.map((a) => ` — ${a}`).join(''));
  }

  /**
   * A serial that several products have: which one is it? Answered by number on the
   * scanner's own reader; an empty line or Ctrl-Z leaves the scan out.
   */
  async function choose(text: string, question: ScanChoice): Promise<ScanChoice['options'][number] | undefined> {
    scanner.say(color.yellow('  ? ') + question.question, { bell: true });
    question.options.forEach((o, i) => scanner.say(`  ${i + 1}  ${o.label}`));
    const which = `1 to ${question.options.length}`;
    scanner.setPrompt(`Which is ${text}? Answer ${which} (empty: leave it out): `);
    for (;;) {
      const input = await scanner.read();
      if (input.kind === 'undo') return undefined;
      if (input.kind === 'eof') {
        scanner.say(`  Ctrl-D: no answer taken; answer ${which}, or an empty line to leave it out.`);
        continue;
      }
      const answer = input.text.trim();
      if (answer === '') return undefined;
      const option = /^\d+$/.test(answer) ? question.options[Number(answer) - 1] : undefined;
      if (option) return option;
      wrong(`${quoteSerial(answer)} is not an answer: type ${which}`);
    }
  }

  /** Ending short: what now? Answered by a key or the word, on the scanner's own reader. */
  async function ask(n: number, missing: number): Promise<'short' | 'park' | 'keep' | 'abort' | 'undo'> {
    const choices: (ShortChoice & { answer: 'short' | 'park' | 'keep' | 'abort' })[] = [];
    if (spec.short?.take && n > 0) choices.push({ ...spec.short.take, answer: 'short' });
    if (spec.short?.park) choices.push({ ...spec.short.park, answer: 'park' });
    choices.push({ key: 'k', word: 'keep', describe: () => 'keep scanning', answer: 'keep' });
    choices.push({ key: 'a', word: 'abort', describe: () => 'abort: nothing is written', answer: 'abort' });
    const keys = choices.map((c) => c.key);
    const which = `${keys.slice(0, -1).join(', ')} or ${keys[keys.length - 1]}`;
    scanner.say(`${grouped(n)} of ${grouped(n + missing)} ${spec.product ? `${spec.product} ` : ''}scanned: ${grouped(missing)} short. What now?`);
    for (const c of choices) scanner.say(`  ${c.key}  ${c.describe(n, missing)}`);
    scanner.setPrompt(`Answer ${which}: `);
    for (;;) {
      const input = await scanner.read();
      if (input.kind === 'undo') return 'undo';
      if (input.kind === 'eof') {
        scanner.say(`  Ctrl-D: no answer taken; answer ${which} (Ctrl-C aborts).`);
        continue;
      }
      const answer = input.text.trim().toLowerCase();
      const chosen = choices.find((c) => answer === c.key || answer === c.word);
      if (chosen) return chosen.answer;
      if (answer === '') scanner.say(`  Answer ${which}.`);
      else wrong(`${quoteSerial(input.text.trim())} is not an answer: type ${which}`);
    }
  }
}

/**
 * Reads serials until an empty line (the prompt of a command with one list of serials). With
 * `expected`, the count shows how many are needed and a serial beyond them is refused as it
 * is scanned. Pass `scanner` to share one terminal reader between several prompts.
 */
export async function scanSerials(
  ctx: Context,
  label: string,
  check?: (text: string) => Promise<ScanVerdict>,
  options: { expected?: number; scanner?: Scanner; short?: ScanSpec['short']; repeats?: ScanSpec['repeats'] } = {},
): Promise<GatheredSerial[]> {
  const [outcome] = await scanSession(ctx, [{ label, needed: options.expected, check, short: options.short, repeats: options.repeats }], options.scanner);
  return outcome?.serials ?? [];
}
