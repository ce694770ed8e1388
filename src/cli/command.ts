// What a command module is (src/cli/commands/<noun>/<verb>.ts): a `spec` that declares the
// command — its name, arguments, flags, help and examples, as plain data — and a `run` that
// validates the flags, calls core and presents the result.
//
// The spec must stay plain data (strings, arrays, objects; the constants below): the
// command tree that `--help` and `--version` load is built from the specs alone, and the
// build (scripts/build.mjs) keeps each module's `run`, and everything it imports, out of
// that bundle. A zod schema belongs inside a function (`const flags = () => z.object(…)`),
// never at a module's top level, or it would be loaded for `--help` (test/unit/bundle.test.ts
// says so if it happens).

import type { Context } from './context.js';

/**
 * What a command can print: a table, plain text laid out for a printer (a count sheet), a
 * tree (a unit's genealogy), CSV, JSON, or a PDF, which is always written to a file
 * (--output) and never to a terminal.
 */
export type Format = 'table' | 'text' | 'tree' | 'csv' | 'json' | 'pdf';

/** The paper sizes a PDF is laid out for (--paper); the first is the default. */
export const PAPERS = ['a4', 'letter'] as const;
export type Paper = (typeof PAPERS)[number];

export interface FlagSpec {
  /** as commander writes it: '--product <code>', '--park', '--no-return', '-q, --quiet' */
  flags: string;
  description: string;
  /** a missing required flag is a usage error; help marks it "(required)" */
  required?: boolean;
  /** accepted in any case, stored lower case */
  choices?: readonly string[];
  /** may be given several times; collected into a list */
  repeatable?: boolean;
}

export interface CommandSpec {
  /** `serials <noun> <verb>`; a command without a verb (`serials enquiry`) has only a noun */
  noun: string;
  verb?: string;
  /** arguments as commander writes them: '<po>', '[serial]' */
  args?: string;
  summary: string;
  /** more about the command, shown under the summary in its own help (lists show the summary alone) */
  details?: string;
  /** the values the argument takes, accepted in any case (completion offers them) */
  argChoices?: readonly string[];
  flags?: readonly FlagSpec[];
  /**
   * adds --format with these choices (the first is the default); with 'pdf' among them the
   * command also gets --output <file> and --paper <size> (src/cli/tree.ts)
   */
  formats?: readonly Format[];
  /** command lines, each shown after "$ " */
  examples: readonly string[];
}

export interface CommandModule {
  spec: CommandSpec;
  run(ctx: Context): Promise<void>;
}

/** How a spec is named in messages, completion and the dispatcher: 'po receive', 'enquiry'. */
export function commandName(spec: CommandSpec): string {
  return spec.verb === undefined ? spec.noun : `${spec.noun} ${spec.verb}`;
}

/** The flags of every command that takes serials (DESIGN.md, Serial input). */
export const SERIAL_FLAGS: readonly FlagSpec[] = [
  { flags: '--serials <list>', description: 'serials, comma separated; ranges like SN-0001..SN-0100 keep zero padding' },
  {
    flags: '--serials-file <file>',
    description:
      "file of serials, one per line, or a table with a 'Serial Number' column (and 'Product Code' or 'Warehouse Code' where needed) separated by commas, semicolons or tabs; each is taken as written (no ranges); - reads stdin",
  },
];

/** The global options, declared once: the tree adds them to the root and shows them on every command's help. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { flags: '--db <path|url>', description: 'ledger file, or a postgres:// URL (default: $SERIALS_DB, else ./serials.db)' },
  { flags: '--json', description: 'print exactly one JSON document on stdout' },
  { flags: '--no-color', description: 'no colour (NO_COLOR is honoured too)' },
  { flags: '-q, --quiet', description: 'print only results and errors' },
  { flags: '--yes', description: 'answer yes to confirmations' },
  { flags: '--no-input', description: 'never prompt; missing input is an error' },
];
