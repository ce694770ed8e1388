// What every action gets: the global options, output, and a way to use the ledger inside
// exactly one transaction.

import type { Command } from 'commander';
import type { CommandSpec, Paper } from './command.js';
import { DEFAULT_BUSY_TIMEOUT_MS, createAt, openAt, translateLedgerError, type Db, type Ledger } from '../db/open.js';
import { parseLocation, type LedgerLocation } from '../db/location.js';
import { assertSchemaCurrent } from '../db/migrate.js';
import { createOutput, useColor, type Format, type Output } from './output.js';
import { UsageError, shown } from '../errors.js';
import { onInterrupt, writeEvents } from './signals.js';
import { z } from './input/validate.js';

export interface LedgerOptions {
  write?: boolean;
  /** another file than --db (the demo's) */
  path?: string;
  skipSchemaCheck?: boolean;
  cacheKiB?: number;
  /**
   * A file that becomes real only when it is renamed into place (the demo builds one): its
   * commits are not the command's, so an interruption before the rename wrote nothing.
   */
  scratch?: boolean;
}

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
  /** --db, else SERIALS_DB, else ./serials.db: a file, or a postgres:// URL; an empty value is a usage error, never a temporary database */
  readonly location: LedgerLocation;
  /** the ledger as messages name it: its path, or its URL without the password */
  readonly dbPath: string;
  /** import() of an ES-only package (see src/cli/main.ts) */
  importModule(specifier: string): Promise<unknown>;
  /** --format, else the command's default; --json is JSON, except that with a PDF it prints the PDF's result */
  format(): Format;
  /** Where a PDF goes and on what paper (the tree has made sure --output is there when the format is pdf). */
  pdf(): { output: string; paper: Paper };
  /** Opens the ledger, checks its schema, runs `fn` (in one IMMEDIATE transaction if `write`), closes. */
  withLedger<T>(fn: (db: Db) => Promise<T>, options?: LedgerOptions): Promise<T>;
  /** The same, with the open ledger itself (for backups). */
  withOpenLedger<T>(fn: (ledger: Ledger) => Promise<T>, options?: LedgerOptions): Promise<T>;
  /** `init` on a missing or empty file: builds the ledger beside it and puts it in place. */
  createLedger<T>(build: (db: Db) => Promise<T>, options?: { path?: string; scratch?: boolean }): Promise<T>;
}

const MAX_BUSY_TIMEOUT_MS = 86_400_000;
const busyTimeoutSchema = z.string().check(
  z.regex(/^\s*\d{1,9}\s*$/, 'a whole number of milliseconds'),
  z.refine((v) => Number(v) <= MAX_BUSY_TIMEOUT_MS, 'at most 86400000 (a day)'),
);

/** SERIALS_BUSY_TIMEOUT_MS, checked at the boundary: a bad value is a usage error, not a crash. */
function busyTimeoutMs(): number {
  const raw = process.env.SERIALS_BUSY_TIMEOUT_MS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_BUSY_TIMEOUT_MS;
  const parsed = busyTimeoutSchema.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(
      `SERIALS_BUSY_TIMEOUT_MS is ${shown(raw)}: it must be a whole number of milliseconds from 0 to 86400000 (a day).`,
      'Set it to e.g. 30000 for 30 s, or unset it for the default of 10 s.',
    );
  }
  return Number(raw);
}

function ledgerLocation(opts: Record<string, unknown>): LedgerLocation {
  if (typeof opts.db === 'string') return parseLocation(opts.db, '--db');
  const env = process.env.SERIALS_DB;
  if (env !== undefined) return parseLocation(env, 'SERIALS_DB');
  return parseLocation('./serials.db', 'The default ledger');
}

export function createContext(command: Command, importModule: (specifier: string) => Promise<unknown>, spec?: CommandSpec): Context {
  const opts = command.optsWithGlobals() as Record<string, unknown>;
  const json = opts.json === true;
  const quiet = opts.quiet === true;
  const out = createOutput({ color: useColor(opts.color !== false), quiet });
  const open = (location: LedgerLocation, options: LedgerOptions) =>
    openAt(location, { busyTimeoutMs: busyTimeoutMs(), cacheKiB: options.cacheKiB, events: options.scratch ? undefined : writeEvents, checkStructure: true });
  const where = (path: string | undefined) => (path === undefined ? ctx.location : parseLocation(path, '--db'));
  const ctx: Context = {
    command,
    args: command.args,
    opts,
    out,
    json,
    quiet,
    yes: opts.yes === true,
    interactive: opts.input !== false && process.stdin.isTTY === true,
    // resolved when a command uses it: the demo has its own default, and ignores SERIALS_DB
    get location() {
      return ledgerLocation(opts);
    },
    get dbPath() {
      return ledgerLocation(opts).name;
    },
    importModule,
    format() {
      const f = opts.format as Format | undefined;
      const first = spec?.formats?.[0] ?? 'table';
      // a PDF goes to its file; --json then prints what was written
      if (f === 'pdf' || (f === undefined && first === 'pdf')) return 'pdf';
      if (json && f && f !== 'json') throw new UsageError(`--json and --format ${f} disagree.`, 'Use one of them.');
      return json ? 'json' : (f ?? first);
    },
    pdf() {
      const output = opts.output;
      if (typeof output !== 'string' || output === '') throw new UsageError('A PDF is written to a file, never to the terminal.', 'Add --output FILE.pdf.');
      return { output, paper: (opts.paper as Paper | undefined) ?? 'a4' };
    },
    async withOpenLedger(fn, options = {}) {
      const location = where(options.path);
      let ledger: Ledger | undefined;
      let forget = () => undefined as void;
      try {
        ledger = await open(location, options);
        const opened = ledger;
        forget = onInterrupt(() => opened.abort());
        if (!options.skipSchemaCheck) await assertSchemaCurrent(ledger.db, location.name);
        return await fn(ledger);
      } catch (error) {
        throw translateLedgerError(error, location);
      } finally {
        forget();
        await ledger?.close();
      }
    },
    withLedger(fn, options = {}) {
      return ctx.withOpenLedger((ledger) => (options.write ? ledger.db.transaction().execute(fn) : fn(ledger.db)), options);
    },
    createLedger(build, options = {}) {
      return createAt(where(options.path), { busyTimeoutMs: busyTimeoutMs(), events: options.scratch ? undefined : writeEvents }, build);
    },
  };
  return ctx;
}
