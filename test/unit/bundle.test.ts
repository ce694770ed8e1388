// The command modules and the two bundles (scripts/build.mjs; README, Performance):
// `--help` and `--version` load commander and the commands' specs, nothing else; a
// command's run, with core, the database and zod, is in dist/app.cjs, loaded only when a
// command runs. And every command module is wired: listed, with a spec, a run and a schema.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, relative, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { commandName, type CommandModule } from '../../src/cli/command.js';
import { schemaPath } from '../helpers/json-contract.js';
import { tempDir } from '../helpers/ledger.js';

const ROOT = join(__dirname, '..', '..');
const COMMANDS_DIR = join(ROOT, 'src', 'cli', 'commands');

/** What the tree bundle may hold (dist/cli.inputs.json lists what it does hold). */
const ALLOWED: readonly RegExp[] = [
  /(^|\/)node_modules\/commander\//,
  /^package\.json$/,
  /^src\/cli\/(main|tree|command)\.ts$/,
  /^src\/io\/code-cache\.ts$/,
  /^src\/cli\/commands\/.+\.ts$/,
  // the stand-ins of build.mjs: a command module's spec alone, app.cjs loaded on demand, child_process on first use
  /^specs-only:.*\/src\/cli\/commands\/.+\.ts$/,
  /^lazy-app:app$/,
  /^lazy-child-process:child_process$/,
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the --help and --version bundle (dist/cli.cjs)', () => {
  const inputs = (): string[] => {
    const path = join(ROOT, 'dist', 'cli.inputs.json');
    expect(existsSync(path), 'dist/cli.inputs.json is written by node scripts/build.mjs: build first').toBe(true);
    return (JSON.parse(readFileSync(path, 'utf8')) as string[]).map((p) => p.split(sep).join('/'));
  };

  it('holds only commander, package.json, main, tree, command, code-cache and the command specs', () => {
    const list = inputs();
    const extra = list.filter((p) => !ALLOWED.some((re) => re.test(p)));
    expect(extra, 'modules in the --help bundle that --help does not need (a zod schema or an import at the top of a command module?)').toEqual([]);
    for (const needed of ['src/cli/main.ts', 'src/cli/tree.ts', 'src/cli/command.ts']) expect(list).toContain(needed);
  });

  it('runs --help, --version and `help <command>` without dist/app.cjs, which a command needs', () => {
    const dir = tempDir('serials-bundle-');
    dirs.push(dir);
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'dist'));
    for (const f of ['bin/serials.js', 'bin/package.json', 'dist/cli.cjs']) copyFileSync(join(ROOT, f), join(dir, f));
    const run = (...args: string[]) => spawnSync(process.execPath, [join(dir, 'bin', 'serials.js'), ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    const version = run('--version');
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    for (const args of [['--help'], ['help', 'po', 'receive'], ['po', 'receive', '--help'], ['completion', '--help']]) {
      const r = run(...args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^Usage: serials/);
    }
    // and a command does need the app bundle: the copy above really lacks what runs commands
    const command = run('--db', join(dir, 'x.db'), 'warehouse', 'list');
    expect(command.status).not.toBe(0);
    expect(command.stderr).toMatch(/app\.cjs/);
  });
});

describe('the command modules (src/cli/commands)', () => {
  const modules = files(COMMANDS_DIR)
    .filter((p) => p.endsWith('.ts'))
    .map((p) => relative(COMMANDS_DIR, p).split(sep).join('/'))
    .filter((p) => p !== 'index.ts' && p !== 'nouns.ts');

  it('every module is listed in commands/index.ts, with a spec and a run, at the path its name says', async () => {
    const problems: string[] = [];
    for (const file of modules) {
      const module = (await import(join(COMMANDS_DIR, file))) as Partial<CommandModule>;
      if (!module.spec || typeof module.run !== 'function') {
        problems.push(`${file}: exports no spec or no run`);
        continue;
      }
      if (!COMMANDS.includes(module as CommandModule)) problems.push(`${file}: not listed in src/cli/commands/index.ts`);
      const { noun, verb } = module.spec;
      const expected = `${noun}/${verb ?? noun}.ts`;
      if (file !== expected) problems.push(`${file}: its spec is "serials ${commandName(module.spec)}", whose module is ${expected}`);
    }
    expect(problems).toEqual([]);
    expect(COMMANDS.length).toBe(modules.length);
  });

  it('no two modules declare the same command', () => {
    const names = COMMANDS.map((m) => commandName(m.spec));
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('every spec is plain data (the --help bundle takes the specs alone)', () => {
    for (const { spec } of COMMANDS) expect(JSON.parse(JSON.stringify(spec)), commandName(spec)).toEqual(spec);
  });

  // `serials completion` prints a shell script and has no --json (it refuses it, exit 2), so
  // it has no schema; every other command's --json output has one.
  const NO_JSON = new Set(['completion']);

  it('every command with --json output has its JSON Schema (schemas/<noun>/<verb>.schema.json)', () => {
    const missing = COMMANDS.map((m) => m.spec)
      .filter((s) => !NO_JSON.has(commandName(s)))
      .map((s) => relative(ROOT, schemaPath(s.verb === undefined ? [s.noun] : [s.noun, s.verb])))
      .filter((p) => !existsSync(join(ROOT, p)));
    expect(missing, 'commands without a JSON Schema').toEqual([]);
  });
});
