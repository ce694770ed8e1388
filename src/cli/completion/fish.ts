// The fish completion script: `complete` lines, each under the condition that the command
// typed so far is the one it belongs to (__serials_at), with the summaries fish shows.

import { allCommands, key, quoted, type CommandModel, type FlagModel } from './model.js';

const one = (text: string) => quoted(text.replace(/\s+/g, ' '));

/** The condition that the command typed so far is `path`: `__serials_at "po list"` (names are letters, digits and hyphens). */
function at(path: string): string {
  if (!/^[\w -]*$/.test(path)) throw new Error(`a command path fish cannot take in double quotes: ${path}`);
  return quoted(`__serials_at "${path}"`);
}

function switchTable(name: string, doc: string, rows: readonly (readonly [string, string])[]): string {
  const cases = rows.filter(([, v]) => v !== '').flatMap(([k, v]) => [`        case ${quoted(k)}`, `            echo ${v}`]);
  return [`# ${doc}`, `function ${name} --argument-names key`, '    switch $key', ...cases, '    end', 'end'].join('\n');
}

/** A `complete` line for one flag of the command(s) the condition selects. */
function flagLine(condition: string, flag: FlagModel): string {
  const parts = ['complete -c serials', `-n ${condition}`, `-l ${flag.long.slice(2)}`];
  if (flag.short) parts.push(`-s ${flag.short.slice(1)}`);
  if (flag.value?.kind === 'file') parts.push('-r -F');
  else if (flag.value?.kind === 'choice') parts.push(`-x -a ${quoted(flag.value.choices.join(' '))}`);
  else if (flag.value) parts.push('-x');
  parts.push(`-d ${one(flag.description)}`);
  return parts.join(' ');
}

export function fishScript(model: CommandModel, version: string): string {
  const commands = allCommands(model);
  const real = commands.filter((c) => c.path[0] !== 'help');
  // the flags every command has (the global ones, --help): said once, not once a command
  const common = (model.flags as FlagModel[]).filter((f) => real.every((c) => c.flags.some((g) => g.long === f.long)));
  const isCommon = (f: FlagModel) => common.some((g) => g.long === f.long);

  const names = switchTable(
    '__serials_commands',
    '$key: a command path ("" for serials itself); prints the commands that may follow it, one a line',
    commands.map((c) => [key(c), c.commands.map((s) => quoted(s.path[s.path.length - 1] as string)).join(' ')]),
  ).replace(/echo (.+)/g, 'printf "%s\\n" $1');
  const values = switchTable(
    '__serials_value',
    '$key: a command path and a flag ("po list --status", " --db" for serials itself); prints what the flag takes (file, text, choice), nothing for a switch',
    commands.flatMap((c) => c.flags.flatMap((f) => [f.long, ...(f.short ? [f.short] : [])].map((n) => [`${key(c)} ${n}`, f.value?.kind ?? ''] as const))),
  );

  const lines: string[] = [];
  for (const c of commands) {
    const path = key(c);
    for (const sub of c.commands) {
      const name = sub.path[sub.path.length - 1] as string;
      lines.push(`complete -c serials -n ${at(path)} -a ${quoted(name)} -d ${one(sub.summary)}`);
      // `serials help po receive`: the same commands after help
      if (name !== 'help') lines.push(`complete -c serials -n ${at(`help ${path}`.trim())} -a ${quoted(name)} -d ${one(sub.summary)}`);
    }
    for (const f of c.flags) if (!isCommon(f)) lines.push(flagLine(at(path), f));
    const arg = c.argument;
    if (arg?.kind === 'file') lines.push(`complete -c serials -n ${at(path)} -F`);
    if (arg?.kind === 'choice') lines.push(`complete -c serials -n ${at(path)} -a ${quoted(arg.choices.join(' '))}`);
  }
  for (const f of common) lines.push(flagLine(quoted('not __serials_at_help'), f));

  return `# fish completion for serials ${version}, written by \`serials completion fish\`.
#
# Install it for your user (fish loads it when you first press Tab):
#   serials completion fish > ~/.config/fish/completions/serials.fish
# Write it again after upgrading serials: it holds the commands and flags of this version.

${names}

${values}

# The command typed so far, as a path ("po receive"; "help po" after help), without its flags and values.
function __serials_path
    set -l path ''
    set -l help ''
    set -l skip 0
    for word in (commandline -opc)[2..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $word
            case '--*=*'
            case '-*'
                set -l takes (__serials_value "$path $word")
                if test -n "$takes"
                    set skip 1
                end
            case '*'
                if test -z "$path" -a -z "$help" -a "$word" = help
                    set help help
                else if contains -- $word (__serials_commands "$path")
                    set path (string trim -- "$path $word")
                end
        end
    end
    string trim -- "$help $path"
end

# Whether the command typed so far is $argv[1] ("" for serials itself).
function __serials_at
    set -l path (__serials_path)
    test "$path" = "$argv[1]"
end

# Whether the line is \`serials help …\` (which takes commands, not flags).
function __serials_at_help
    set -l path (__serials_path)
    string match -q -- 'help*' "$path"
end

complete -c serials -f
${lines.join('\n')}
`;
}
