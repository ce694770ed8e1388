// End-to-end: `serials completion bash|zsh|fish`. The bash script is checked the way bash
// uses it: sourced in bash, then the function it registers with `complete` is called with
// COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT as bash sets them for a line typed up to
// the cursor (split at COMP_WORDBREAKS: `--status=` is `--status`, `=`), and COMPREPLY read.
// zsh and fish are tried the same way where they are installed (CI needs neither: there the
// scripts are only checked for their content).

import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { GLOBAL_FLAGS, type CommandSpec } from '../../src/cli/command.js';
import { cli, tempDir } from '../helpers/ledger.js';

const SPECS: readonly CommandSpec[] = COMMANDS.map((m) => m.spec);
const NOUNS = [...new Set(SPECS.map((s) => s.noun))];
const verbsOf = (noun: string) => SPECS.filter((s) => s.noun === noun && s.verb !== undefined).map((s) => s.verb as string);
const long = (flags: string) => /--[\w-]+/.exec(flags)?.[0] as string;
const sorted = (list: readonly string[]) => [...list].sort();
const words = (spec: CommandSpec) => (spec.verb === undefined ? [spec.noun] : [spec.noun, spec.verb]);

let dir: string;
const script: Record<'bash' | 'zsh' | 'fish', string> = { bash: '', zsh: '', fish: '' };
const file = (shell: keyof typeof script) => join(dir, `serials.${shell}`);

beforeAll(() => {
  dir = tempDir('serials-completion-');
  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    const r = cli(join(dir, 'unused.db'), ['completion', shell]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    script[shell] = r.stdout;
    writeFileSync(file(shell), r.stdout);
  }
  writeFileSync(join(dir, 'stock.csv'), 'Product Code,Serial Number\n');
  expect(existsSync(join(dir, 'unused.db'))).toBe(false);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * What bash completes for each of `lines` (each the line split as bash splits it, the cursor at
 * the end of its last word): the script is sourced once, then for each line the function
 * `complete -p serials` names is called, in one bash.
 */
function bashAll(lines: readonly (readonly string[])[]): string[][] {
  const program = `
    source "$1"; shift
    fn=$(complete -p serials | sed -E 's/.*-F ([^ ]+).*/\\1/')
    while [ $# -gt 0 ]; do
      n=$1; shift
      COMP_WORDS=("\${@:1:n}"); shift "$n"
      COMP_CWORD=$(( n - 1 )); COMP_LINE="\${COMP_WORDS[*]}"; COMP_POINT=\${#COMP_LINE}; COMPREPLY=()
      "$fn" serials "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"
      printf '%s\\n' "\${COMPREPLY[@]}"; printf '@@@\\n'
    done`;
  const args = lines.flatMap((words) => [String(words.length), ...words]);
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', program, 'bash', file('bash'), ...args], { encoding: 'utf8', cwd: dir });
  expect(r.stderr, 'bash completion').toBe('');
  expect(r.status).toBe(0);
  const replies = r.stdout.split('@@@\n').slice(0, -1);
  expect(replies.length).toBe(lines.length);
  return replies.map((reply) => reply.split('\n').filter((l) => l !== ''));
}

const bash = (words: readonly string[]): string[] => bashAll([words])[0] as string[];

/** The line as bash splits it: at spaces, and around "=" and ":" (COMP_WORDBREAKS). */
const line = (typed: string) => typed.split(' ').flatMap((w) => w.split(/(=|:)/).filter((p, i, all) => p !== '' || i === all.length - 1));

describe('serials completion bash', () => {
  it('completes nouns and commands', () => {
    expect(sorted(bash(line('serials p')))).toEqual(['po', 'product']);
    expect(sorted(bash(line('serials ')))).toEqual(sorted([...NOUNS, 'help']));
  });

  it('completes the verbs of a noun', () => {
    expect(sorted(bash(line('serials po ')))).toEqual(sorted(verbsOf('po')));
    expect(bash(line('serials po rec'))).toEqual(['receive']);
    const groups = NOUNS.filter((n) => verbsOf(n).length);
    const replies = bashAll(groups.map((noun) => ['serials', noun, '']));
    groups.forEach((noun, i) => expect(sorted(replies[i] as string[]), noun).toEqual(sorted(verbsOf(noun))));
  });

  it('completes flags, the global ones included', () => {
    expect(bash(line('serials po list --st'))).toEqual(['--status']);
    expect(sorted(bash(line('serials -')))).toEqual(sorted(['--version', '--help', ...GLOBAL_FLAGS.map((f) => long(f.flags))]));
    const replies = bashAll(SPECS.map((spec) => ['serials', ...words(spec), '--']));
    SPECS.forEach((spec, i) => {
      const expected = [
        ...(spec.flags ?? []).map((f) => long(f.flags)),
        ...(spec.formats ? ['--format'] : []),
        ...(spec.formats?.includes('csv') ? ['--bom'] : []),
        ...(spec.formats?.includes('pdf') ? ['--output', '--paper'] : []),
        '--help',
        ...GLOBAL_FLAGS.map((f) => long(f.flags)),
      ];
      expect(sorted(replies[i] as string[]), words(spec).join(' ')).toEqual(sorted(expected));
    });
  });

  it('completes the values of a flag with choices', () => {
    expect(bash(line('serials po list --status '))).toEqual(['open', 'completed', 'deleted']);
    expect(bash(line('serials enquiry --format '))).toEqual(['table', 'csv', 'json', 'pdf']);
    expect(bash(line('serials labels --paper '))).toEqual(['a4', 'letter']);
    expect(bash(line('serials po list --status=c'))).toEqual(['completed']);
    expect(bash(line('serials enquiry --status a'))).toEqual(['available']);
    const cases = SPECS.flatMap((spec) => [
      ...(spec.flags ?? []).filter((f) => f.choices).map((f) => ({ words: ['serials', ...words(spec), long(f.flags), ''], choices: f.choices })),
      ...(spec.formats ? [{ words: ['serials', ...words(spec), '--format', ''], choices: spec.formats }] : []),
    ]);
    const replies = bashAll(cases.map((c) => c.words));
    cases.forEach((c, i) => expect(replies[i], c.words.join(' ')).toEqual(c.choices));
  });

  it('skips the values of flags to find the command, and offers nothing for a value it cannot know', () => {
    expect(bash(line('serials --db ledger.db po l'))).toEqual(['list']);
    expect(bash(line('serials so create --line WIDGET:2 --wa'))).toEqual(['--warehouse']);
    expect(bash(line('serials po receive PO-00000001 --product '))).toEqual([]);
    expect(bash(line('serials po receive '))).toEqual([]);
  });

  it('completes file names where a file is expected', () => {
    expect(bash(line('serials import products st'))).toEqual(['stock.csv']);
    expect(bash(line('serials po receive PO-00000001 --serials-file st'))).toEqual(['stock.csv']);
    expect(bash(line('serials --db st'))).toEqual(['stock.csv']);
  });

  it('completes `serials help` with commands, and `serials completion` with shells', () => {
    expect(sorted(bash(line('serials help ')))).toEqual(sorted(NOUNS));
    expect(bash(line('serials help po r'))).toEqual(['receive']);
    expect(bash(line('serials help po --'))).toEqual([]);
    expect(bash(line('serials completion '))).toEqual(['bash', 'zsh', 'fish']);
  });
});

describe('serials completion zsh and fish', () => {
  it('print scripts for their shell naming every command', () => {
    expect(script.zsh).toMatch(/^#compdef serials\n/);
    expect(script.zsh).toMatch(/\n\s+compdef _serials serials\n/);
    expect(script.fish).toMatch(/^complete -c serials -n '__serials_at ""' -a 'po' -d 'purchase orders and receipts'$/m);
    for (const noun of NOUNS) {
      expect(script.zsh).toContain(`'${noun}:`);
      expect(script.fish).toContain(`-a '${noun}'`);
      for (const verb of verbsOf(noun)) {
        expect(script.zsh, `${noun} ${verb}`).toContain(`'${noun} ${verb}')`);
        expect(script.fish, `${noun} ${verb}`).toContain(`-a '${verb}'`);
      }
    }
    for (const text of [script.zsh, script.fish]) {
      expect(text).toContain('open completed deleted');
      expect(text).toContain('available unavailable deleted');
      expect(text).toContain('table csv json');
    }
  });

  // zsh's completion system needs a terminal; its functions are stood in for here by ones that
  // print the candidates (filtered by what is typed, as zsh would), to run the script's logic.
  it('zsh: the script parses and completes commands, flags and values', () => {
    const harness = `
      compdef() { : }
      compset() { : }
      _describe() { local arr=\${@[-1]}; print -rl -- \${\${(P)arr}%%:*} }
      compadd() { [[ $1 == -a ]] && print -rl -- \${(P)2} }
      _files() { print -r -- '<files>' }
      _message() { : }
      source "$1"; shift
      words=("$@"); CURRENT=$#
      _serials`;
    const zsh = (typed: string) => {
      const parts = typed.split(' ');
      const r = spawnSync('zsh', ['-f', '-c', harness, 'zsh', file('zsh'), ...parts], { encoding: 'utf8' });
      expect(r.stderr, typed).toBe('');
      const current = (parts[parts.length - 1] as string).replace(/^--[\w-]+=/, '');
      return r.stdout.split('\n').filter((l) => l !== '' && (l === '<files>' || l.startsWith(current)));
    };
    expect(spawnSync('zsh', ['-n', file('zsh')]).status).toBe(0);
    expect(sorted(zsh('serials p'))).toEqual(['po', 'product']);
    expect(sorted(zsh('serials po '))).toEqual(sorted(verbsOf('po')));
    expect(zsh('serials po list --st')).toEqual(['--status']);
    expect(zsh('serials po list --status ')).toEqual(['open', 'completed', 'deleted']);
    expect(zsh('serials po list --status=o')).toEqual(['open']);
    expect(zsh('serials enquiry --format ')).toEqual(['table', 'csv', 'json', 'pdf']);
    expect(zsh('serials --db x.db po l')).toEqual(['list']);
    expect(zsh('serials import products ')).toEqual(['<files>']);
  });

  it('fish: the script parses and completes commands, flags and values', () => {
    const fish = (typed: string) => {
      const r = spawnSync('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', file('fish'), typed], { encoding: 'utf8', cwd: dir });
      expect(r.stderr, typed).toBe('');
      return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0] as string);
    };
    expect(sorted(fish('serials p'))).toEqual(['po', 'product']);
    expect(sorted(fish('serials po '))).toEqual(sorted(verbsOf('po')));
    expect(fish('serials po list --st')).toEqual(['--status']);
    expect(sorted(fish('serials po list --status '))).toEqual(['completed', 'deleted', 'open']);
    expect(sorted(fish('serials enquiry --format '))).toEqual(['csv', 'json', 'pdf', 'table']);
    expect(fish('serials --db x.db po l')).toEqual(['list']);
    expect(sorted(fish('serials help po '))).toEqual(sorted(verbsOf('po')));
    expect(fish('serials import products st')).toEqual(['stock.csv']);
  });
});

describe('serials completion, the command', () => {
  const unused = () => join(dir, 'unused.db');

  it('takes the shell in any case, and refuses one it does not know (exit 2, naming those it does)', () => {
    const upper = cli(unused(), ['completion', 'BASH']);
    expect(upper.status).toBe(0);
    expect(upper.stdout).toBe(script.bash);
    const tcsh = cli(unused(), ['completion', 'tcsh']);
    expect(tcsh.status).toBe(2);
    expect(tcsh.stderr).toMatch(/bash, zsh, fish/);
    expect(tcsh.stdout).toBe('');
    expect(cli(unused(), ['completion']).status).toBe(2);
  });

  it('has no JSON form: --json is a usage error, said as JSON', () => {
    const r = cli(unused(), ['completion', 'bash', '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect((JSON.parse(r.stderr) as { error: { code: string } }).error.code).toBe('usage');
  });

  it('says in its help how to install the script for each shell', () => {
    const r = cli(unused(), ['completion', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('serials completion bash > ~/.local/share/bash-completion/completions/serials');
    expect(r.stdout).toContain("source <(serials completion bash)");
    expect(r.stdout).toContain('serials completion zsh > ~/.zfunc/_serials');
    expect(r.stdout).toContain('serials completion fish > ~/.config/fish/completions/serials.fish');
    expect(existsSync(unused())).toBe(false);
  });
});
