// End-to-end: help and flags as a new user meets them (issue 10, "Help and flags"). Every
// help screen — serials itself, each noun, each command, walked from the command modules —
// fits 80 columns at an 80-column terminal and when piped, shows the global flags and
// examples, marks required flags and names no rule IDs; `serials help …` is the command's
// --help; choices are accepted in any case; --bom starts CSV with a byte order mark.

import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { GLOBAL_FLAGS, type CommandSpec } from '../../src/cli/command.js';
import { BIN, cli, cliAsync, cliLedger, tempDir, type CliResult } from '../helpers/ledger.js';

const SPECS: readonly CommandSpec[] = COMMANDS.map((m) => m.spec);
const words = (spec: CommandSpec) => (spec.verb === undefined ? [spec.noun] : [spec.noun, spec.verb]);
const NOUNS = [...new Set(SPECS.filter((s) => s.verb !== undefined).map((s) => s.noun))];
/** Every help screen: serials itself, each noun that groups verbs, each command. */
const SCREENS: readonly string[][] = [[], ...NOUNS.map((n) => [n]), ...SPECS.map(words)];
const title = (screen: readonly string[]) => ['serials', ...screen].join(' ');

/** The rule IDs of RULES.md (test/unit/no-rule-ids.test.ts checks the source for them too). */
const RULE_ID = /\b(?:AB|PO|[ACEFIKMNPRST])-\d{1,2}(?![\d])/g;

/** Display width of a line: one column per character (help has no wide characters). */
const columns = (line: string) => [...line].length;

const dirs: string[] = [];
const unused = () => {
  const dir = tempDir('serials-help-');
  dirs.push(dir);
  return join(dir, 'unused.db');
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Each screen's `--help`, piped (not a terminal), run a few at a time. */
const piped = new Map<string, CliResult>();
beforeAll(async () => {
  const db = unused();
  for (let i = 0; i < SCREENS.length; i += 4) {
    const batch = SCREENS.slice(i, i + 4);
    const results = await Promise.all(batch.map((s) => cliAsync(db, [...s, '--help'])));
    batch.forEach((s, j) => piped.set(title(s), results[j] as CliResult));
  }
});

/**
 * Some screens' `--help` on a pseudo-terminal `width` columns wide (`script`, as the scanner
 * tests use): one a command of each kind, and those with the widest options and examples.
 */
const AT_TERMINAL: readonly string[][] = [[], ['po'], ['po', 'create'], ['po', 'receive'], ['adjust', 'in'], ['import', 'opening-stock'], ['enquiry'], ['completion']];
function atTerminal(width: number): Map<string, string> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const runs = AT_TERMINAL.map((s) => `${[process.execPath, BIN, ...s, '--help'].map(quote).join(' ')}; printf '\\n@@@\\n'`);
  const r = spawnSync('script', ['-qec', `stty cols ${width} rows 50; ${runs.join('; ')}`, '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    maxBuffer: 1 << 26,
  });
  const outputs = r.stdout.replace(/\r/g, '').split('\n@@@\n');
  return new Map(AT_TERMINAL.map((s, i) => [title(s), outputs[i] ?? '']));
}

/** The text of one option in a help screen: its line and the lines that continue its description. */
function optionText(help: string, term: string): string | undefined {
  const lines = help.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`  ${term} `) || l === `  ${term}`);
  if (at < 0) return undefined;
  const rest = lines.slice(at + 1);
  const end = rest.findIndex((l) => !/^ {4,}\S/.test(l));
  return [lines[at], ...rest.slice(0, end < 0 ? rest.length : end)].map((l) => (l as string).trim()).join(' ');
}

describe('every help screen', () => {
  it('exits 0 and starts with its usage', () => {
    for (const screen of SCREENS) {
      const r = piped.get(title(screen)) as CliResult;
      expect(r.status, `${title(screen)} --help: ${r.stderr}`).toBe(0);
      expect(r.stdout, title(screen)).toMatch(new RegExp(`^Usage: ${title(screen)} `));
      expect(r.stderr, title(screen)).toBe('');
    }
  });

  it('fits 80 columns when piped', () => {
    const wide = SCREENS.flatMap((s) =>
      (piped.get(title(s)) as CliResult).stdout
        .split('\n')
        .filter((l) => columns(l) > 80)
        .map((l) => `${title(s)} --help: ${columns(l)} columns: ${l}`),
    );
    expect(wide).toEqual([]);
  });

  it('fits an 80-column terminal, where it is laid out as when piped', () => {
    const shown = atTerminal(80);
    const wide: string[] = [];
    for (const screen of AT_TERMINAL) {
      const text = shown.get(title(screen)) as string;
      expect(text, title(screen)).toMatch(/^Usage: serials/);
      expect(text, `${title(screen)} at an 80-column terminal`).toBe((piped.get(title(screen)) as CliResult).stdout);
      wide.push(...text.split('\n').filter((l) => columns(l) > 80).map((l) => `${title(screen)}: ${l}`));
    }
    expect(wide).toEqual([]);
  });

  it('names no rule IDs', () => {
    const found = SCREENS.flatMap((s) => [...(piped.get(title(s)) as CliResult).stdout.matchAll(RULE_ID)].map((m) => `${title(s)} --help: ${m[0]}`));
    expect(found).toEqual([]);
  });

  it('shows the global flags, below the command’s own', () => {
    for (const screen of SCREENS.slice(1)) {
      const help = (piped.get(title(screen)) as CliResult).stdout;
      const global = help.slice(help.indexOf('\nGlobal Options:\n'));
      expect(global.length, `${title(screen)} --help has no Global Options`).toBeGreaterThan(1);
      for (const flag of GLOBAL_FLAGS) expect(global, `${title(screen)} --help: ${flag.flags}`).toContain(`  ${flag.flags} `);
    }
  });
});

describe('each command’s help', () => {
  it('shows examples of that command', () => {
    for (const spec of SPECS) {
      const help = (piped.get(title(words(spec))) as CliResult).stdout;
      const examples = help.slice(help.indexOf('\nExamples:\n') + 1);
      expect(examples, `${title(words(spec))} --help has no examples`).toMatch(/^Examples:\n/);
      const commands = examples.split('\n').filter((l) => l.startsWith('  $ '));
      expect(commands.length, title(words(spec))).toBeGreaterThan(0);
      // each example runs this command (global flags may come first: serials --db x demo)
      for (const line of commands) expect(line, title(words(spec))).toMatch(new RegExp(`^  \\$ (echo .*\\(|cat .*\\| )?serials (-\\S+ (\\S+ )?)*${words(spec).join(' ')}\\b`));
    }
  });

  it('marks every required flag "(required)", and only those', () => {
    for (const spec of SPECS) {
      const help = (piped.get(title(words(spec))) as CliResult).stdout;
      for (const flag of spec.flags ?? []) {
        const text = optionText(help, flag.flags);
        expect(text, `${title(words(spec))} --help: ${flag.flags}`).toBeDefined();
        expect(text?.includes('(required)'), `${title(words(spec))} --help: ${text}`).toBe(flag.required === true);
      }
    }
    expect(optionText((piped.get('serials po create') as CliResult).stdout, '--supplier <code>')).toMatch(/\(required\)$/);
  });

  it('lists the choices of a flag that has them, and --format and --bom where the command prints CSV', () => {
    for (const spec of SPECS) {
      const help = (piped.get(title(words(spec))) as CliResult).stdout;
      for (const flag of (spec.flags ?? []).filter((f) => f.choices)) {
        expect(optionText(help, flag.flags), title(words(spec))).toContain(`(choices: ${flag.choices?.map((c) => `"${c}"`).join(', ')})`);
      }
      if (spec.formats) expect(optionText(help, '--format <format>'), title(words(spec))).toContain(`(default: ${spec.formats[0]})`);
      else expect(optionText(help, '--format <format>'), title(words(spec))).toBeUndefined();
      expect(optionText(help, '--bom') !== undefined, `${title(words(spec))}: --bom`).toBe(spec.formats?.includes('csv') === true);
    }
  });
});

describe('the top-level help', () => {
  const top = () => (piped.get('serials') as CliResult).stdout;
  const commandList = () => top().slice(top().indexOf('\nCommands:\n'), top().indexOf('\nExit codes:'));

  it('lists every noun and command, help and nothing else', () => {
    const listed = [...commandList().matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]);
    const expected = [...new Set(SPECS.map((s) => s.noun))];
    expect(listed).toEqual([...expected, 'help']);
  });

  it('says nothing that is not there (no "filters below": below a summary is the next command)', () => {
    const pointing = commandList()
      .split('\n')
      .filter((l) => /\b(below|above|following)\b/i.test(l));
    expect(pointing, 'summaries in the top-level list that point at what the list does not show').toEqual([]);
  });

  it('shows the exit codes and examples, each a real command', () => {
    expect(top()).toMatch(/^Exit codes: 0 ok, 1 rejected/m);
    const examples = [...top().matchAll(/^ {2}\$ serials (\S+)/gm)].map((m) => m[1]);
    expect(examples.length).toBeGreaterThan(2);
    for (const noun of examples) expect([...SPECS.map((s) => s.noun), 'help']).toContain(noun);
  });
});

describe('serials help', () => {
  const db = () => unused();

  it('`serials help po receive` is `serials po receive --help`', () => {
    const help = cli(db(), ['help', 'po', 'receive']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: serials po receive \[options\] <po>/);
    expect(help.stdout).toBe((piped.get('serials po receive') as CliResult).stdout);
  });

  it('`serials help po` is the help of po, `serials help` the top-level help', () => {
    const po = cli(db(), ['help', 'po']);
    expect(po.status).toBe(0);
    expect(po.stdout).toBe((piped.get('serials po') as CliResult).stdout);
    expect(po.stdout).toMatch(/^ {2}receive \[options\] <po> /m);
    const top = cli(db(), ['help']);
    expect(top.status).toBe(0);
    expect(top.stdout).toBe((piped.get('serials') as CliResult).stdout);
  });

  it('keeps global flags before help, and works for a command without a verb', () => {
    const r = spawnSync(process.execPath, [BIN, '--no-color', 'help', 'enquiry'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe((piped.get('serials enquiry') as CliResult).stdout);
  });

  it('refuses a command that does not exist (exit 2) instead of showing another help', () => {
    for (const args of [['help', 'frobnicate'], ['help', 'po', 'frobnicate']]) {
      const r = cli(db(), args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/unknown command 'frobnicate'/);
      expect(r.stdout).toBe('');
    }
  });
});

describe('flags', () => {
  let ledger: { dir: string; db: string };
  beforeAll(() => {
    ledger = cliLedger();
    dirs.push(ledger.dir);
  });

  it('choices are accepted in any case', () => {
    const po = cli(ledger.db, ['po', 'list', '--status', 'OPEN', '--json']);
    expect(po.status, po.stderr).toBe(0);
    expect(JSON.parse(po.stdout)).toEqual([]);
    const enquiry = cli(ledger.db, ['enquiry', '--status', 'Available', '--json']);
    expect(enquiry.status, enquiry.stderr).toBe(0);
    expect(Array.isArray(JSON.parse(enquiry.stdout))).toBe(true);
    const csv = cli(ledger.db, ['warehouse', 'list', '--format', 'CSV']);
    expect(csv.status, csv.stderr).toBe(0);
    expect(csv.stdout.split('\n')[1]).toMatch(/^(BACK|MAIN),/);
  });

  it('a value that is no choice is a usage error naming the choices', () => {
    const r = cli(ledger.db, ['warehouse', 'list', '--format', 'xml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/xml/);
    expect(r.stderr).toMatch(/table, csv, json/);
    expect(r.stdout).toBe('');
  });

  describe('--bom', () => {
    const raw = (args: string[]) => spawnSync(process.execPath, [BIN, '--db', ledger.db, ...args], { env: { ...process.env, NO_COLOR: '1' } });

    it('starts CSV with a UTF-8 byte order mark (EF BB BF) for Excel; without it, CSV starts with its header', () => {
      const withBom = raw(['warehouse', 'list', '--format', 'csv', '--bom']);
      expect(withBom.status, withBom.stderr.toString()).toBe(0);
      expect([...withBom.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const without = raw(['warehouse', 'list', '--format', 'csv']);
      expect(without.status).toBe(0);
      expect(without.stdout[0]).not.toBe(0xef);
      expect(withBom.stdout.subarray(3).equals(without.stdout)).toBe(true);
    });

    it('is a usage error (exit 2) with a table or JSON, which have no byte order mark', () => {
      const table = cli(ledger.db, ['warehouse', 'list', '--bom']);
      expect(table.status).toBe(2);
      expect(table.stderr).toMatch(/--bom is for CSV output: add --format csv/);
      expect(table.stdout).toBe('');
      const json = cli(ledger.db, ['warehouse', 'list', '--bom', '--json']);
      expect(json.status).toBe(2);
      expect(json.stdout).toBe('');
      const error = JSON.parse(json.stderr) as { error: { code: string; message: string } };
      expect(error.error.code).toBe('usage');
      expect(error.error.message).toMatch(/--bom is for CSV output, not JSON/);
    });

    it('is accepted by every list that prints CSV, and starts its output', async () => {
      // those that run with no argument and no flag of their own
      const lists = SPECS.filter((s) => s.formats?.includes('csv') && (!s.args || s.args.startsWith('[')) && !s.flags?.some((f) => f.required));
      expect(lists.length).toBeGreaterThan(5);
      const results = await Promise.all(lists.map((s) => cliAsync(ledger.db, [...words(s), '--format', 'csv', '--bom'])));
      const wrong = results.flatMap((r, i) => {
        const name = title(words(lists[i] as CommandSpec));
        if (r.status !== 0) return [`${name}: exit ${r.status}: ${r.stderr}`];
        return r.stdout.startsWith('\uFEFF') ? [] : [`${name}: no byte order mark: ${JSON.stringify(r.stdout.slice(0, 40))}`];
      });
      expect(wrong).toEqual([]);
    });
  });
});
