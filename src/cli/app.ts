// The app bundle's entry: runs one command module with a context and turns whatever it
// throws into the message of DESIGN.md; the exit code goes back to main.ts, which alone
// sets it.

import type { Command } from 'commander';
import { commandName, type CommandModule } from './command.js';
import { COMMANDS } from './commands/index.js';
import { createContext, type Context } from './context.js';
import { EXIT, reportError } from './fail.js';
import { createOutput } from './output.js';
import { OutputError } from '../errors.js';
import { hasCommitted, installSignalHandlers, lateSignal } from './signals.js';
import { settleSignals } from '../db/open.js';

const BY_NAME = new Map<string, CommandModule>(COMMANDS.map((m) => [commandName(m.spec), m]));

export interface Process {
  /** import() of an ES-only package (see code-cache.ts) */
  importModule(specifier: string): Promise<unknown>;
  /** ends the process at once (main.ts owns it) */
  terminate(code: number): never;
}

export async function runCommand(name: string, command: Command, proc: Process): Promise<number> {
  const json = command.optsWithGlobals().json === true;
  installSignalHandlers({ json, terminate: proc.terminate });
  // Standard output failing (a full disk) is said, with whether the ledger was changed.
  process.stdout.removeAllListeners('error');
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') proc.terminate(EXIT.ok);
    const written = hasCommitted() ? ' The command itself completed: what it wrote to the ledger is kept.' : ' Nothing was written to the ledger.';
    const failure = new OutputError(
      `Cannot write the output: ${error.code === 'ENOSPC' ? 'no space left on the device' : error.message}.${written}`,
      'Free space on the device standard output goes to (or send it elsewhere), then run the command again if you need its output.',
    );
    proc.terminate(reportError(failure, createOutput({ color: false, quiet: false }), json));
  });
  let ctx: Context | undefined;
  let code: number = EXIT.ok;
  try {
    const module = BY_NAME.get(name);
    if (!module) throw new Error(`no command module for ${name}`);
    ctx = createContext(command, proc.importModule, module.spec);
    await module.run(ctx);
  } catch (error) {
    code = reportError(error, ctx?.out ?? createOutput({ color: false, quiet: false }), json);
  }
  await settleSignals();
  const late = lateSignal();
  if (late) process.stderr.write(`note: ${late} arrived after the command had committed its changes; they are kept.\n`);
  return code;
}
