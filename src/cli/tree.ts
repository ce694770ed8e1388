// The commander tree, built from the command modules' specs (src/cli/command.ts): nothing
// here names a command. It loads only commander and the specs, so `--help` and `--version`
// start in about the time node itself takes; a command's run is loaded when it runs.
//
// What every command gets from here rather than from its spec: the global flags on its help,
// `--format` from its formats (choices in any case), `--bom` when it can print CSV,
// `--output` and `--paper` when it can print a PDF, the "(required)" mark, and examples laid
// out to fit the help's width.

import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { GLOBAL_FLAGS, PAPERS, commandName, type CommandSpec, type FlagSpec } from './command.js';
import { NOUNS } from './commands/nouns.js';

export type Runner = (spec: CommandSpec, command: Command) => Promise<void>;

export interface TreeOptions {
  version: string;
  /** where commander's own messages (usage errors) go; JSON mode swallows them and says them as JSON */
  outputError?: (text: string, write: (text: string) => void) => void;
}

const EXIT_NOTE =
  'Exit codes: 0 ok, 1 rejected (nothing written), 2 usage, 66 input file missing,\n' +
  '69 no ledger, not a ledger, damaged, or schema out of date, 70 internal error,\n' +
  '74 output could not be written, 75 ledger busy (retry),\n' +
  '130/143 interrupted by Ctrl-C/SIGTERM (nothing written).';

/** The flag every command that prints CSV gets. */
const BOM_FLAG: FlagSpec = { flags: '--bom', description: 'start the CSV with a byte order mark, so that Excel reads it as UTF-8' };

/**
 * The width help is laid out for, by commander's own rule: the terminal's, 80 when not a
 * terminal (piped, redirected). Examples are wrapped to it like commander's descriptions.
 */
function helpWidth(error: boolean): number {
  const stream = error ? process.stderr : process.stdout;
  return Math.max(40, stream.isTTY ? (stream.columns ?? 80) : 80);
}

/**
 * A command line cut into the pieces a line may break between: a quoted word ("found in
 * returns bay") stays whole, and a flag stays with its value (`--reason "recount"`).
 */
function pieces(line: string): string[] {
  const words = line.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
  const out: string[] = [];
  for (const word of words) {
    const last = out[out.length - 1];
    if (last !== undefined && /^--?[\w-]+$/.test(last) && !word.startsWith('-')) out[out.length - 1] = `${last} ${word}`;
    else out.push(word);
  }
  return out;
}

/**
 * One example as help lines no wider than `width`: `  $ command   # comment`, or when that
 * is too wide the comment on a line of its own above it, and a command still too wide
 * continued on the next lines after a backslash, so that it can still be pasted.
 */
export function exampleLines(example: string, width: number): string[] {
  const whole = `  $ ${example}`;
  if (whole.length <= width) return [whole];
  const hash = example.search(/\s+# /);
  const command = (hash < 0 ? example : example.slice(0, hash)).trim();
  const lines = hash < 0 ? [] : [`  ${example.slice(hash).trim()}`];
  let line = '  $';
  for (const piece of pieces(command)) {
    if (line !== '  $' && line.length + 1 + piece.length + 2 > width) {
      lines.push(`${line} \\`);
      line = `      ${piece}`;
    } else {
      line += ` ${piece}`;
    }
  }
  lines.push(line);
  return lines;
}

/** The examples, one a line; when one takes more than a line, a blank line between each. */
function examples(list: readonly string[], width: number): string {
  if (list.length === 0) return '';
  const shown = list.map((l) => exampleLines(l, width));
  const spaced = shown.some((lines) => lines.length > 1);
  return `\nExamples:\n${shown.map((lines) => lines.join('\n')).join(spaced ? '\n\n' : '\n')}\n`;
}

/** Choices in any case (`--status Available`), kept lower case; help still lists them. */
function caseInsensitive<T extends Option | Argument>(option: T, choices: readonly string[]): T {
  option.argParser((value: string) => {
    const lower = value.toLowerCase();
    if (!choices.includes(lower)) throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
    return lower;
  });
  option.argChoices = [...choices];
  return option;
}

function addFlag(command: Command, flag: FlagSpec): void {
  const description = flag.required ? `${flag.description} (required)` : flag.description;
  const option = new Option(flag.flags, description);
  if (flag.required) option.makeOptionMandatory();
  if (flag.choices) caseInsensitive(option, flag.choices);
  if (flag.repeatable) option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
  command.addOption(option);
}

/** The flags every command that prints a PDF gets: a PDF goes to a file, on paper of a size. */
const PDF_FLAGS: readonly FlagSpec[] = [
  { flags: '--output <file>', description: 'the PDF file to write (needed for a PDF: it is never written to the terminal)' },
  { flags: '--paper <size>', description: 'paper size of the PDF (default: a4)', choices: PAPERS },
];

/** The format a command line asks for: --format, else the command's default; --json prints a PDF's result, not the PDF. */
function chosenFormat(spec: CommandSpec, opts: Record<string, unknown>): string | undefined {
  const given = opts.format as string | undefined;
  if (given !== undefined) return given;
  const first = spec.formats?.[0];
  return opts.json === true && first !== 'pdf' ? 'json' : first;
}

/**
 * A PDF needs --output (it is never written to a terminal or a pipe by accident), and
 * --output and --paper are for a PDF only: anything else is a usage error, not silently ignored.
 */
function checkPdf(spec: CommandSpec, command: Command): void {
  if (!spec.formats?.includes('pdf')) return;
  const opts = command.optsWithGlobals();
  const pdf = chosenFormat(spec, opts) === 'pdf';
  const onlyPdf = spec.formats.length === 1;
  if (pdf && (typeof opts.output !== 'string' || opts.output === '')) {
    const message = `a PDF is written to a file, never to the terminal: add --output FILE.pdf${onlyPdf ? '' : ' (or choose another --format)'}.`;
    command.error(`error: ${message}`, { exitCode: 2, code: 'serials.output' });
  }
  if (!pdf) {
    const flag = opts.output !== undefined ? '--output' : opts.paper !== undefined ? '--paper' : undefined;
    if (flag !== undefined) {
      const message = `${flag} is for a PDF: add --format pdf, or leave out ${flag} (other formats go to standard output; redirect it to a file).`;
      command.error(`error: ${message}`, { exitCode: 2, code: 'serials.output' });
    }
  }
}

/** `--bom` asks for something only CSV has: with another format it is a usage error, not silently ignored. */
function checkBom(spec: CommandSpec, command: Command): void {
  const opts = command.optsWithGlobals();
  if (opts.bom !== true) return;
  const format = opts.json === true ? 'json' : ((opts.format as string | undefined) ?? spec.formats?.[0]);
  if (format === 'csv') return;
  const message =
    format === 'json' ? '--bom is for CSV output, not JSON: use --format csv instead of --json, or leave out --bom.' : '--bom is for CSV output: add --format csv, or leave out --bom.';
  command.error(`error: ${message}`, { exitCode: 2, code: 'serials.bom' });
}

export function buildTree(specs: readonly CommandSpec[], runner: Runner, options: TreeOptions): Command {
  const program = new Command('serials');
  // before any subcommand is added: subcommands copy these settings
  if (options.outputError) program.configureOutput({ outputError: options.outputError });
  program.configureHelp({ showGlobalOptions: true });
  program
    .description('A local-first ledger of serialized stock: where is each serial, what happened to it, what do we hold.')
    .version(options.version, '-V, --version', 'print the version')
    .showHelpAfterError(options.outputError ? false : '(add --help for usage)')
    .exitOverride()
    .helpCommand('help [command...]', 'show help for a command, e.g. serials help po receive');
  for (const flag of GLOBAL_FLAGS) addFlag(program, flag);
  const topExamples = ['serials demo', 'serials init', 'serials enquiry SN-0001', 'serials soh --format csv', 'serials help po receive', 'serials completion bash'];
  program.addHelpText('after', ({ error }) => `\n${EXIT_NOTE}\n` + examples(topExamples, helpWidth(error)));

  const groups = new Map<string, Command>();
  for (const spec of specs) {
    let parent = program;
    let name = spec.noun;
    if (spec.verb !== undefined) {
      let group = groups.get(spec.noun);
      if (!group) {
        const summary = NOUNS[spec.noun];
        if (summary === undefined) throw new Error(`no summary for noun ${spec.noun} in src/cli/commands/nouns.ts`);
        group = program.command(spec.noun).description(summary);
        groups.set(spec.noun, group);
      }
      parent = group;
      name = spec.verb;
    }
    const command = parent
      .command(spec.args ? `${name} ${spec.args}` : name)
      .summary(spec.summary)
      .description(spec.details ? `${spec.summary}\n\n${spec.details}` : spec.summary);
    const [argument] = command.registeredArguments;
    if (spec.argChoices && argument) caseInsensitive(argument, spec.argChoices);
    for (const flag of spec.flags ?? []) addFlag(command, flag);
    if (spec.formats) addFlag(command, { flags: '--format <format>', description: `output format (default: ${spec.formats[0]})`, choices: spec.formats });
    if (spec.formats?.includes('csv')) addFlag(command, BOM_FLAG);
    if (spec.formats?.includes('pdf')) for (const flag of PDF_FLAGS) addFlag(command, flag);
    command.addHelpText('after', ({ error }) => examples(spec.examples, helpWidth(error)));
    command.action(async (...args: unknown[]) => {
      const self = args[args.length - 1] as Command;
      checkBom(spec, self);
      checkPdf(spec, self);
      await runner(spec, self);
    });
  }
  return program;
}

/**
 * `serials help po receive` is `serials po receive --help` (global flags before `help` are
 * kept). A word that names no command is left for commander to refuse as an unknown command,
 * rather than answered with the help of the command above it.
 */
export function helpArguments(argv: readonly string[], program: Command): string[] {
  const args = argv.slice(2);
  let at = 0;
  while (at < args.length && (args[at] as string).startsWith('-')) {
    const option = program.options.find((o) => o.long === args[at] || o.short === args[at]);
    at += option?.required ? 2 : 1;
  }
  if (args[at] !== 'help') return [...argv];
  const before = args.slice(0, at);
  const path = args.slice(at + 1);
  let command = program;
  for (const [i, word] of path.entries()) {
    if (word.startsWith('-')) break;
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) {
      if (command.commands.length === 0) break; // an extra word after a command: its help still helps
      return [...argv.slice(0, 2), ...before, ...path.slice(0, i + 1)];
    }
    command = sub;
  }
  return [...argv.slice(0, 2), ...before, ...path, '--help'];
}

export { commandName };
