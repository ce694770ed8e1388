// The executable's entry and the one error boundary: it builds the command tree from the
// command modules' specs, runs the command, and is the only place that decides the exit
// code (DESIGN.md, Command line) — for a command's result, for a usage error commander
// raises, for a signal and for a standard output that fails.

import { CommanderError } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { COMMANDS } from './commands/index.js';
import { buildTree, commandName, helpArguments } from './tree.js';

const EXIT_USAGE = 2;

/** Ends the process at once with `code` (a signal mid-write, a reader that went away). */
function terminate(code: number): never {
  process.exit(code);
}

export async function main(argv: string[]): Promise<number> {
  // With --json, a usage error is a JSON object on stderr like every other error.
  const json = argv.includes('--json');
  let code = 0;
  const program = buildTree(
    COMMANDS.map((m) => m.spec),
    async (spec, command) => {
      const { runCommand } = await import('./app.js');
      // The app bundle runs from a V8 code cache (vm.Script), where Node 20 offers no
      // dynamic import(); ES-only packages it needs are imported from here instead.
      code = await runCommand(commandName(spec), command, { importModule: (specifier) => import(specifier), terminate });
    },
    { version: pkg.version, outputError: json ? () => undefined : undefined },
  );
  try {
    await program.parseAsync(helpArguments(argv, program));
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // help and version end here with exit 0; every other commander error is a usage error
    if (error.exitCode === 0) return 0;
    if (json) {
      const message = error.message.replace(/^error: /, '');
      process.stderr.write(JSON.stringify({ error: { code: 'usage', message, fix: 'See serials --help for commands and flags.', details: null } }) + '\n');
    }
    return EXIT_USAGE;
  }
  return code;
}

// `serials enquiry --format csv | head`: the reader went away; that is not an error. Any
// other failure to write standard output (a full disk) is exit 74, said on stderr; once a
// command runs, it replaces this with a handler that also says what it committed.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') terminate(0);
  process.stderr.write(`error: cannot write the output: ${error.code === 'ENOSPC' ? 'no space left on the device' : error.message}\n`);
  terminate(74);
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  },
);
