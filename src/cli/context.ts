// What every action gets: the global options, output, and a way to use the ledger inside
// exactly one transaction.

import type { Command } from 'commander';
import { openLedger, translateSqliteError, type Db } from '../db/open.js';
import { assertSchemaCurrent } from '../db/migrate.js';
import { createOutput, useColor, type Format, type Output } from './output.js';
import { UsageError } from '../errors.js';

export interface Context {
  command: Command;
  args: string[];
  opts: Record<string, unknown>;
  out: Output;
  json: boolean;
  quiet: boolean;
  yes: boolean;
  /** prompting is allowed: stdin is a terminal and --no-input was not given */
  interactive: boolean;
  dbPath: string;
  /** import() of an ES-only package (see src/cli/main.ts) */
  importModule(specifier: string): Promise<unknown>;
  format(): Format;
  /** Opens the ledger, checks its schema, runs `fn` (in one IMMEDIATE transaction if `write`), closes. */
  withLedger<T>(fn: (db: Db) => Promise<T>, options?: { write?: boolean; path?: string; create?: boolean; skipSchemaCheck?: boolean; cacheKiB?: number }): Promise<T>;
}

export function createContext(command: Command, importModule: (specifier: string) => Promise<unknown>): Context {
  const opts = command.optsWithGlobals() as Record<string, unknown>;
  const json = opts.json === true;
  const quiet = opts.quiet === true;
  const out = createOutput({ color: useColor(opts.color !== false), quiet });
  const dbPath = (opts.db as string | undefined) ?? process.env.SERIALS_DB ?? './serials.db';
  return {
    command,
    args: command.args,
    opts,
    out,
    json,
    quiet,
    yes: opts.yes === true,
    interactive: opts.input !== false && process.stdin.isTTY === true,
    dbPath,
    importModule,
    format() {
      const f = opts.format as Format | undefined;
      if (json && f && f !== 'json') throw new UsageError(`--json and --format ${f} disagree.`, 'Use one of them.');
      return json ? 'json' : (f ?? 'table');
    },
    async withLedger(fn, options = {}) {
      const path = options.path ?? dbPath;
      const ledger = openLedger(path, { create: options.create, cacheKiB: options.cacheKiB });
      try {
        if (!options.skipSchemaCheck) await assertSchemaCurrent(ledger.db, path);
        if (options.write) return await ledger.db.transaction().execute(fn);
        return await fn(ledger.db);
      } catch (error) {
        throw translateSqliteError(error, path);
      } finally {
        await ledger.close();
      }
    },
  };
}
