// What a completion script knows, read from the commander tree that tree.ts builds from the
// command modules' specs: so it completes exactly what the command line accepts — the flags
// tree.ts adds to every command (--format, --bom, --help, the global flags) included.

import type { Argument, Command, Option } from 'commander';

/** What may follow a flag or stand in an argument's place. */
export type Value =
  /** a file name */
  | { kind: 'file' }
  /** one of these (accepted in any case; offered in lower case) */
  | { kind: 'choice'; choices: readonly string[] }
  /** a value nobody can guess for the user (a code, a number, a date) */
  | { kind: 'text'; name: string };

export interface FlagModel {
  /** '--status' (a short form like -q is accepted but not offered) */
  long: string;
  short?: string;
  description: string;
  /** what the flag takes; none for a switch (--json, --park) */
  value?: Value;
}

export interface CommandModel {
  /** words from the root: [] for serials itself, ['po'], ['po', 'receive'] */
  path: readonly string[];
  summary: string;
  /** the commands under this one (the verbs of a noun), in --help order */
  commands: readonly CommandModel[];
  /** every flag this command accepts: its own, then --help, then the global ones */
  flags: readonly FlagModel[];
  /** what the first argument is, for a command that takes one */
  argument?: Value;
}

/** Values named like files are completed as files: <file>, <path>, and --db's <path|url> (a URL is typed, not completed). */
const FILE_NAMES = new Set(['file', 'path', 'path|url']);

function valueOf(name: string, choices: readonly string[] | undefined): Value {
  if (choices) return { kind: 'choice', choices };
  if (FILE_NAMES.has(name)) return { kind: 'file' };
  return { kind: 'text', name };
}

function flagOf(option: Option): FlagModel | undefined {
  if (!option.long || option.hidden) return undefined;
  const name = /<([^>]+)>|\[([^\]]+)\]/.exec(option.flags);
  return {
    long: option.long,
    short: option.short,
    description: option.description,
    value: option.required || option.optional ? valueOf(name?.[1] ?? name?.[2] ?? '', option.argChoices) : undefined,
  };
}

function argumentOf(argument: Argument | undefined): Value | undefined {
  return argument ? valueOf(argument.name(), argument.argChoices) : undefined;
}

/** The model of `program` and everything under it; `help` is listed as a command at the top. */
export function completionModel(program: Command): CommandModel {
  const help = program.createHelp();
  const globals = program.options.map(flagOf).filter((f): f is FlagModel => f !== undefined);
  const helpFlag = flagOf(help.visibleOptions(program).find((o) => o.long === '--help') as Option);
  const walk = (command: Command, path: readonly string[]): CommandModel => {
    const own = command.options.map(flagOf).filter((f): f is FlagModel => f !== undefined);
    const inherited = path.length === 0 ? [] : globals.filter((g) => g.long !== '--version');
    return {
      path,
      summary: command.summary() || command.description(),
      commands: command.commands.map((c) => walk(c, [...path, c.name()])),
      flags: [...own, ...(helpFlag ? [helpFlag] : []), ...inherited],
      argument: argumentOf(command.registeredArguments[0]),
    };
  };
  const root = walk(program, []);
  const helpCommand: CommandModel = {
    path: ['help'],
    summary: 'show help for a command, e.g. serials help po receive',
    commands: [],
    flags: [],
  };
  return { ...root, commands: [...root.commands, helpCommand] };
}

/** Every command in the model, the root first, depth first. */
export function allCommands(model: CommandModel): CommandModel[] {
  return [model, ...model.commands.flatMap(allCommands)];
}

/** The key a generated script looks a command up by: 'po receive', '' for the root. */
export function key(command: CommandModel): string {
  return command.path.join(' ');
}

/** `text` as one single-quoted shell word (bash, zsh and fish all read it so). */
export function quoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
