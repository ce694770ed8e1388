import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../../errors.js';
import { completionModel } from '../../completion/model.js';
import { bashScript } from '../../completion/bash.js';
import { zshScript } from '../../completion/zsh.js';
import { fishScript } from '../../completion/fish.js';

export const spec: CommandSpec = {
  noun: 'completion',
  args: '<shell>',
  argChoices: ['bash', 'zsh', 'fish'],
  summary: 'print a script that completes commands, flags and their values in bash, zsh or fish',
  details:
    'Install it once (the examples show where each shell looks for it), and again after upgrading serials: ' +
    'the script holds the commands and flags of the version that wrote it. It completes nothing from the ledger (codes, numbers, serials).',
  examples: [
    'serials completion bash > ~/.local/share/bash-completion/completions/serials',
    "echo 'source <(serials completion bash)' >> ~/.bashrc   # without bash-completion",
    'serials completion zsh > ~/.zfunc/_serials   # with fpath=(~/.zfunc $fpath) above compinit in ~/.zshrc',
    'serials completion fish > ~/.config/fish/completions/serials.fish',
  ],
};

const SCRIPTS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

export async function run(ctx: Context): Promise<void> {
  if (ctx.json) throw new UsageError('serials completion prints a shell script; it has no JSON form.', 'Leave out --json.');
  // as commander parsed it: in lower case whatever case it was typed in
  const shell = ctx.command.processedArgs[0] as keyof typeof SCRIPTS;
  let root = ctx.command;
  while (root.parent) root = root.parent;
  process.stdout.write(SCRIPTS[shell](completionModel(root), root.version() ?? ''));
}
