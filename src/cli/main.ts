// The executable's entry: parses the command line with the command tree (program.ts) and
// owns what happens to errors commander raises and to a standard output that fails.

import { CommanderError } from 'commander';
import { buildProgram } from './program.js';

const EXIT_USAGE = 2;

export async function main(argv: string[]): Promise<void> {
  // With --json, a usage error is a JSON object on stderr like every other error.
  const json = argv.includes('--json');
  const program = buildProgram(json ? () => undefined : undefined);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version end here with exit 0; every other commander error is a usage error
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
      if (json && error.exitCode !== 0) {
        const message = error.message.replace(/^error: /, '');
        process.stderr.write(JSON.stringify({ error: { code: 'usage', message, fix: 'See serials --help for commands and flags.', details: null } }) + '\n');
      }
      return;
    }
    throw error;
  }
}

// `serials enquiry --format csv | head`: the reader went away; that is not an error. Any
// other failure to write standard output (a full disk) is exit 74, said on stderr; once a
// command runs, its action replaces this with a handler that also says what it committed.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  process.stderr.write(`error: cannot write the output: ${error.code === 'ENOSPC' ? 'no space left on the device' : error.message}\n`);
  process.exit(74);
});

main(process.argv).catch((error: unknown) => {
  process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 70;
});
