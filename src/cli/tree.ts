// The commander tree, built from the command modules' specs (src/cli/command.ts): nothing
// here names a command. It loads only commander and the specs, so `--help` and `--version`
// start in about the time node itself takes; a command's run is loaded when it runs.

import { Command, InvalidArgumentError, Option } from 'commander';
import { GLOBAL_FLAGS, commandName, type CommandSpec, type FlagSpec } from './command.js';
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

function examples(lines: readonly string[]): string {
  return lines.length ? `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n` : '';
}

/** Choices in any case (`--status Available`), kept lower case; help still lists them. */
function caseInsensitive(option: Option, choices: readonly string[]): Option {
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
  program.addHelpText('after', `\n${EXIT_NOTE}\n` + examples(['serials demo', 'serials init', 'serials enquiry SN-0001', 'serials soh --format csv', 'serials help po receive']));

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
    const command = parent.command(spec.args ? `${name} ${spec.args}` : name).description(spec.summary);
    for (const flag of spec.flags ?? []) addFlag(command, flag);
    if (spec.formats) addFlag(command, { flags: '--format <format>', description: `output format (default: ${spec.formats[0]})`, choices: spec.formats });
    command.addHelpText('after', examples(spec.examples));
    command.action(async (...args: unknown[]) => runner(spec, args[args.length - 1] as Command));
  }
  return program;
}

/** `serials help po receive` is `serials po receive --help`. */
export function helpArguments(argv: readonly string[]): string[] {
  const args = argv.slice(2);
  if (args[0] !== 'help') return [...argv];
  return [...argv.slice(0, 2), ...args.slice(1), '--help'];
}

export { commandName };
