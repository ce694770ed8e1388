// The bash completion script: the commands, flags and choices of the model in `case`
// tables, and one function that finds where the cursor is (which command, after which flag).
// Plain bash 3.2 (macOS's): no associative arrays, no bash-completion package needed.

import { allCommands, key, quoted, type CommandModel, type Value } from './model.js';

function valueWord(value: Value | undefined): string {
  if (!value) return '';
  if (value.kind === 'file') return 'file';
  if (value.kind === 'choice') return `choice ${value.choices.join(' ')}`;
  return 'text';
}

function table(name: string, doc: string, rows: readonly (readonly [string, string])[]): string {
  const cases = rows.filter(([, v]) => v !== '').map(([k, v]) => `    ${quoted(k)}) echo ${quoted(v)} ;;`);
  return [`# ${doc}`, `${name}() {`, '  case "$1" in', ...cases, '  esac', '}'].join('\n');
}

export function bashScript(model: CommandModel, version: string): string {
  const commands = allCommands(model);
  const words = table(
    '_serials_commands',
    '$1: a command path (words, "" for serials itself); prints the commands that may follow it',
    commands.map((c) => [key(c), c.commands.map((s) => s.path[s.path.length - 1]).join(' ')]),
  );
  const flags = table(
    '_serials_flags',
    '$1: a command path; prints the flags it accepts',
    commands.map((c) => [key(c), c.flags.map((f) => f.long).join(' ')]),
  );
  const values = table(
    '_serials_value',
    '$1: a command path and a flag ("po list --status"); (" --db" for serials itself); prints what the flag takes: file, text, choice <values>, or nothing for a switch',
    commands.flatMap((c) => c.flags.flatMap((f) => [f.long, ...(f.short ? [f.short] : [])].map((name) => [`${key(c)} ${name}`, valueWord(f.value)] as const))),
  );
  const args = table(
    '_serials_argument',
    "$1: a command path; prints what its argument is: file, text, choice <values>, or nothing",
    commands.map((c) => [key(c), valueWord(c.argument)]),
  );
  return `# bash completion for serials ${version}, written by \`serials completion bash\`.
#
# Install it for your user (bash-completion loads it when you first press Tab):
#   mkdir -p ~/.local/share/bash-completion/completions
#   serials completion bash > ~/.local/share/bash-completion/completions/serials
# or load it in every new shell:
#   echo 'source <(serials completion bash)' >> ~/.bashrc
# Write it again after upgrading serials: it holds the commands and flags of this version.

${words}

${flags}

${values}

${args}

# Completes \`serials …\` at COMP_CWORD: commands, then flags (after -) and their values.
_serials() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" help="" word next kind i=1
  COMPREPLY=()
  # The words before the cursor: a command extends the path, a flag that takes a value skips it.
  while [ "$i" -lt "$COMP_CWORD" ]; do
    word="\${COMP_WORDS[i]}"
    case "$word" in
      --*=*) ;;
      -*)
        kind="$(_serials_value "$path $word")"
        # bash splits --flag=value at "=": the value follows the "="
        if [ "\${COMP_WORDS[i+1]}" = "=" ]; then i=$((i + 2)); elif [ -n "$kind" ]; then i=$((i + 1)); fi
        ;;
      *)
        if [ -z "$path" ] && [ -z "$help" ] && [ "$word" = help ]; then
          help=1
        else
          next=" $(_serials_commands "$path") "
          case "$next" in *" $word "*) path="\${path:+$path }$word" ;; esac
        fi
        ;;
    esac
    i=$((i + 1))
  done

  # The value of a flag: "--status <Tab>" or "--status=<Tab>".
  local flag="\${COMP_WORDS[COMP_CWORD-1]}"
  if [ "$flag" = "=" ] && [ "$COMP_CWORD" -ge 2 ]; then flag="\${COMP_WORDS[COMP_CWORD-2]}"; fi
  if [ -z "$help" ] && [ "$COMP_CWORD" -ge 2 ] && [ "\${flag#-}" != "$flag" ]; then
    kind="$(_serials_value "$path $flag")"
    case "$kind" in
      file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
      choice\\ *) COMPREPLY=($(compgen -W "\${kind#choice }" -- "$cur")); return 0 ;;
      text) return 0 ;;
    esac
  fi

  if [ "\${cur#-}" != "$cur" ]; then
    [ -z "$help" ] && COMPREPLY=($(compgen -W "$(_serials_flags "$path")" -- "$cur"))
    return 0
  fi
  next="$(_serials_commands "$path")"
  if [ -n "$help" ] && [ -z "$path" ]; then next="\${next% help}"; fi
  if [ -n "$next" ]; then
    COMPREPLY=($(compgen -W "$next" -- "$cur"))
    return 0
  fi
  [ -n "$help" ] && return 0
  kind="$(_serials_argument "$path")"
  case "$kind" in
    file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
    choice\\ *) COMPREPLY=($(compgen -W "\${kind#choice }" -- "$cur")) ;;
    '') COMPREPLY=($(compgen -W "$(_serials_flags "$path")" -- "$cur")) ;;
  esac
  return 0
}

complete -F _serials serials
`;
}
