// The zsh completion script: the same tables as bash's, with each command's and flag's
// summary, for zsh's completion system (compinit) to show beside the candidates.

import { allCommands, key, quoted, type CommandModel, type Value } from './model.js';

function valueWord(value: Value | undefined): string {
  if (!value) return '';
  if (value.kind === 'file') return 'file';
  if (value.kind === 'choice') return `choice ${value.choices.join(' ')}`;
  return 'text';
}

/** `name:description` as _describe reads it (a colon in the name would need escaping; none has one). */
const described = (name: string, description: string) => quoted(`${name}:${description.replace(/\s+/g, ' ')}`);

function table(name: string, doc: string, variable: 'reply' | 'REPLY', rows: readonly (readonly [string, string])[]): string {
  const cases = rows.filter(([, v]) => v !== '').map(([k, v]) => `    ${quoted(k)}) ${variable}=${v} ;;`);
  const empty = variable === 'reply' ? 'reply=()' : "REPLY=''";
  return [`# ${doc}`, `${name}() {`, '  case $1 in', ...cases, `    *) ${empty} ;;`, '  esac', '}'].join('\n');
}

export function zshScript(model: CommandModel, version: string): string {
  const commands = allCommands(model);
  const words = table(
    '_serials_commands',
    '$1: a command path (words, "" for serials itself); sets reply to the commands that may follow it',
    'reply',
    commands.map((c) => [key(c), c.commands.length ? `(${c.commands.map((s) => described(s.path[s.path.length - 1] as string, s.summary)).join(' ')})` : '']),
  );
  const flags = table(
    '_serials_flags',
    '$1: a command path; sets reply to the flags it accepts',
    'reply',
    commands.map((c) => [key(c), c.flags.length ? `(${c.flags.map((f) => described(f.long, f.description)).join(' ')})` : '']),
  );
  const values = table(
    '_serials_value',
    '$1: a command path and a flag ("po list --status", " --db" for serials itself); sets REPLY to what the flag takes: file, text, choice <values>, or nothing for a switch',
    'REPLY',
    commands.flatMap((c) => c.flags.flatMap((f) => [f.long, ...(f.short ? [f.short] : [])].map((name) => [`${key(c)} ${name}`, quoted(valueWord(f.value))] as const)).filter(([, v]) => v !== "''")),
  );
  const args = table(
    '_serials_argument',
    '$1: a command path; sets REPLY to what its argument is: file, text, choice <values>, or nothing',
    'REPLY',
    commands.filter((c) => c.argument).map((c) => [key(c), quoted(valueWord(c.argument))]),
  );
  return `#compdef serials
# zsh completion for serials ${version}, written by \`serials completion zsh\`.
#
# Install it in a directory of $fpath, named _serials, before compinit runs:
#   mkdir -p ~/.zfunc && serials completion zsh > ~/.zfunc/_serials
#   and in ~/.zshrc, above compinit: fpath=(~/.zfunc $fpath)
# or load it in every new shell, in ~/.zshrc below compinit:
#   source <(serials completion zsh)
# Write it again after upgrading serials: it holds the commands and flags of this version.

${words}

${flags}

${values}

${args}

# $1: what a value is (as _serials_value says); offers the candidates for it
_serials_offer_value() {
  case $1 in
    file) _files ;;
    choice\\ *) local -a choices; choices=(\${=\${1#choice }}); compadd -a choices ;;
    text) _message 'a value' ;;
  esac
}

_serials() {
  local cur=\${words[CURRENT]} path='' help='' word flag REPLY
  local -a reply names
  integer i=2
  # The words before the cursor: a command extends the path, a flag that takes a value skips it.
  while (( i < CURRENT )); do
    word=\${words[i]}
    case $word in
      --*=*) ;;
      -*) _serials_value "$path $word"; [[ -n $REPLY ]] && (( i++ )) ;;
      *)
        if [[ -z $path && -z $help && $word == help ]]; then
          help=1
        else
          _serials_commands "$path"
          names=(\${reply%%:*})
          (( \${names[(Ie)$word]} )) && path=\${path:+$path }$word
        fi
        ;;
    esac
    (( i++ ))
  done

  # The value of a flag: "--status=<Tab>" or "--status <Tab>".
  if [[ -z $help && $cur == --*=* ]]; then
    _serials_value "$path \${cur%%=*}"
    compset -P '*='
    _serials_offer_value "$REPLY"
    return
  fi
  flag=\${words[CURRENT-1]}
  if [[ -z $help && CURRENT -gt 2 && $flag == -* ]]; then
    _serials_value "$path $flag"
    if [[ -n $REPLY ]]; then
      _serials_offer_value "$REPLY"
      return
    fi
  fi

  if [[ $cur == -* ]]; then
    [[ -n $help ]] && return 1
    _serials_flags "$path"
    _describe -t options 'flag' reply
    return
  fi
  _serials_commands "$path"
  [[ -n $help && -z $path ]] && reply=(\${reply:#help:*})
  if (( $#reply )); then
    _describe -t commands 'command' reply
    return
  fi
  [[ -n $help ]] && return 1
  _serials_argument "$path"
  if [[ -n $REPLY ]]; then
    _serials_offer_value "$REPLY"
  else
    _serials_flags "$path"
    _describe -t options 'flag' reply
  fi
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _serials "$@"
else
  compdef _serials serials
fi
`;
}
