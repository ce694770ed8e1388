// Robustness (issue 8): random command lines, taken from the real commander tree so that a new
// command or flag is covered without touching this file, with random values (codes and
// document numbers that exist and that do not, serials and hostile text, numbers, dates),
// random input files (CSV with right and wrong headers, delimiters, quotes, BOMs, UTF-16,
// binary garbage) and paths that name things a command must not damage (the ledger under
// other names, its -wal, a directory, /dev/null, another program's database, the input file,
// symlinks that loop or lead nowhere). Two in seven command lines are plausible throughout
// (they often succeed and write), three in seven plausible but for the odd value (which gets
// furthest into a command), two in seven anything at all.
// Sometimes another connection reads the ledger, or holds its write lock, during the command.
// Each runs through the built CLI against a seeded ledger, and every run must hold to:
//   1. no internal error: never exit 70, never a stack trace on stdout or stderr;
//   2. an exit code that DESIGN.md and the README list;
//   3. a run that did not exit 0 changed nothing: not the ledger's content (every table,
//      hashed), not any file in its working directory (inputs included), except the --errors
//      report a rejected import is asked to write. Whatever the exit code, a file the command
//      only reads is unchanged, the ledger is never replaced, and its -wal/-shm/-journal stay
//      SQLite's (F-1, F-2);
//   4. `serials db verify` passes afterwards.
// Every run starts from a fresh copy of the seeded ledger and working directory, so that a
// failure replays and shrinks exactly (a failed run changes nothing, by 3, so the only state
// carried over would be a success's, which would drift the runs away from the seed).
// The seed is fixed so `npm test` is repeatable; SERIALS_FUZZ_SEED and SERIALS_FUZZ_RUNS replay
// or widen it, SERIALS_FUZZ_PATH replays one counterexample (the failure says it),
// SERIALS_FUZZ_KEEP_GOING=1 runs every case and groups all failures instead of stopping at the
// first (for hunting defects over many seeds), SERIALS_FUZZ_SIGNALS=1 adds SIGINT/SIGTERM at
// random moments (F-3) and SERIALS_FUZZ_TRACE=1 prints every command and its exit code.

import { createHash } from 'node:crypto';
import { copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildTree } from '../../src/cli/tree.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { BIN, assertVerifies, cli, cliLedger, ok, tempDir } from '../helpers/ledger.js';
import { SEED_STEPS, excerpt, pathText, renderFile, runArb, shellArg, shellQuote, tokenText, type FuzzRun, type PathRole } from '../helpers/fuzz.js';

const SEED = Number(process.env.SERIALS_FUZZ_SEED ?? 20261128);
const RUNS = Number(process.env.SERIALS_FUZZ_RUNS ?? 100);
const REPLAY_PATH = process.env.SERIALS_FUZZ_PATH;
const KEEP_GOING = process.env.SERIALS_FUZZ_KEEP_GOING === '1';
/** SIGINT/SIGTERM at random moments (F-3): off by default, as the outcome depends on timing and not on the seed alone. */
const SIGNALS = process.env.SERIALS_FUZZ_SIGNALS === '1';
/** Each shrinking step is two spawns; past this budget the smallest failure so far is reported. */
const SHRINK_SECONDS = Number(process.env.SERIALS_FUZZ_SHRINK_SECONDS ?? 90);

/** DESIGN.md and the README's exit codes (70, internal error, is a bug and is not among them). */
const EXIT_CODES = new Set([0, 1, 2, 66, 69, 74, 75, 130, 143]);
/** A V8 stack frame, raw or inside a JSON string. */
const STACK_FRAME = /(\n|\\n)\s+at [^\n]*:\d+:\d+/;
/** A command that runs longer than this is reported as hanging. */
const RUN_TIMEOUT_MS = 60_000;

/** The real command tree, built from the command modules as src/cli/main.ts builds it. */
let program: Command;
let templateDir: string;
/** The seeded ledger and the other files each run starts from. */
let template: { ledger: string; otherDb: string };
/** The logical content of the seeded ledger (every run starts from a byte copy of it). */
let seededContent: LedgerContent;
/** The one working directory, emptied and refilled before every run. */
let workdir: string;

beforeAll(() => {
  program = buildTree(
    COMMANDS.map((m) => m.spec),
    async () => undefined,
    { version: '0', outputError: () => undefined },
  );
  const seeded = cliLedger();
  templateDir = seeded.dir;
  for (const step of SEED_STEPS) ok(cli(seeded.db, step));
  const otherDb = join(templateDir, 'other.db');
  // another program's SQLite database, in rollback-journal mode: F-2 says it is never modified
  const other = new Database(otherDb);
  other.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('keep me');");
  other.close();
  template = { ledger: seeded.db, otherDb };
  // every run's verify compares against this: the seed itself must be sound
  assertVerifies(seeded.db);
  seededContent = ledgerContent(seeded.db);
  workdir = tempDir('serials-fuzz-');
}, 120_000);

afterAll(() => {
  for (const d of [templateDir, workdir]) if (d) rmSync(d, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------
// The ledger's logical content

type LedgerContent = Map<string, string>;

/** Every table's rows (and the schema, application_id and user_version), each table hashed. */
function ledgerContent(path: string): LedgerContent {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const content: LedgerContent = new Map();
    const hash = (rows: unknown[]) =>
      createHash('sha256')
        .update(
          rows
            .map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : typeof v === 'number' ? `${v}` : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)))
            .sort()
            .join('\n'),
        )
        .digest('hex');
    const schema = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master').all();
    content.set('(schema)', hash(schema));
    content.set('(pragmas)', hash([db.pragma('application_id'), db.pragma('user_version')]));
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    for (const table of tables) {
      const stmt = db.prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`).safeIntegers(true);
      content.set(table, hash(stmt.all()));
    }
    return content;
  } finally {
    db.close();
  }
}

function changedTables(before: LedgerContent, after: LedgerContent): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n)).sort();
}

// ---------------------------------------------------------------------------------------
// The working directory

/** The ledger under its names; their bytes are compared logically, their identity exactly. */
const LEDGER_NAMES = new Set(['ledger.db', 'hard.db']);

/** What resetWorkdir() puts there: a literal output path naming one of these gets no leeway. */
const FIXTURE_NAMES = new Set(['ledger.db', 'link.db', 'hard.db', 'loop.db', 'dangling.db', 'nowhere.db', 'subdir', 'empty.db', 'notes.txt', 'other.db', 'input.csv']);

/** Empties the working directory and puts the seeded ledger and the other files back. */
function resetWorkdir(run: FuzzRun): void {
  for (const name of readdirSync(workdir)) rmSync(join(workdir, name), { recursive: true, force: true });
  copyFileSync(template.ledger, join(workdir, 'ledger.db'));
  symlinkSync('ledger.db', join(workdir, 'link.db'));
  symlinkSync('loop.db', join(workdir, 'loop.db'));
  symlinkSync('nowhere.db', join(workdir, 'dangling.db'));
  linkSync(join(workdir, 'ledger.db'), join(workdir, 'hard.db'));
  mkdirSync(join(workdir, 'subdir'));
  writeFileSync(join(workdir, 'empty.db'), '');
  writeFileSync(join(workdir, 'notes.txt'), 'not a ledger\n');
  copyFileSync(template.otherDb, join(workdir, 'other.db'));
  writeFileSync(join(workdir, 'input.csv'), renderFile(run.file));
}

/**
 * Every entry under the working directory: a file by its bytes' hash, a symlink by its
 * target, the ledger by its inode (its content is compared table by table instead). SQLite's
 * -wal and -shm come and go with connections (the test's own included) and are left out.
 */
function snapshot(dir = workdir, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    if (/-(wal|shm)$/.test(name)) continue;
    const path = join(dir, name);
    const st = lstatSync(path);
    const key = prefix + name;
    if (st.isSymbolicLink()) entries.set(key, `symlink to ${readlinkSync(path)}`);
    else if (st.isDirectory()) {
      entries.set(key, 'directory');
      for (const [k, v] of snapshot(path, `${key}/`)) entries.set(k, v);
    } else if (st.isFile() && prefix === '' && LEDGER_NAMES.has(name)) entries.set(key, `the ledger (inode ${st.ino})`);
    else if (st.isFile()) entries.set(key, `file ${createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16)} (${st.size} bytes)`);
    else entries.set(key, 'not a regular file');
  }
  return entries;
}

/** The first bytes of each kind of SQLite side file (an empty one is fine too). */
const SIDE_FILE_HEADERS: Record<string, { what: string; ok: (head: Buffer) => boolean }> = {
  wal: { what: 'write-ahead log', ok: (h) => h.length >= 4 && (h.readUInt32BE(0) & 0xfffffffe) === 0x377f0682 },
  // the wal-index header's version number, 3007000, in the machine's byte order
  shm: { what: 'wal-index', ok: (h) => h.length >= 4 && (h.readUInt32LE(0) === 3007000 || h.readUInt32BE(0) === 3007000) },
  journal: { what: 'rollback journal', ok: (h) => h.length >= 8 && (h.subarray(0, 8).equals(Buffer.from('d9d505f920a163d7', 'hex')) || h.subarray(0, 8).every((b) => b === 0)) },
};

/**
 * The ledger's -wal, -shm and -journal names belong to SQLite (F-1: the ledger under another
 * name): whatever a command does, a file there is empty or what SQLite put there. Another
 * file by that name is taken by SQLite for its own and thrown away or replayed, so a command
 * that creates one, or writes a ledger into a live -wal, loses data.
 */
function sideFileProblems(dir = workdir, prefix = ''): string[] {
  const problems: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) problems.push(...sideFileProblems(join(dir, entry.name), `${prefix}${entry.name}/`));
    const kind = /-(wal|shm|journal)$/.exec(entry.name)?.[1];
    if (!kind || !entry.isFile()) continue;
    const head = readFileSync(join(dir, entry.name)).subarray(0, 16);
    if (head.length > 0 && !SIDE_FILE_HEADERS[kind]!.ok(head)) {
      problems.push(`${prefix}${entry.name} is not an SQLite ${SIDE_FILE_HEADERS[kind]!.what} (it begins ${JSON.stringify(head.toString('latin1'))})`);
    }
  }
  return problems;
}

/** /dev/null-journal, -wal and -shm, with their times (a process running as root can create them). */
function devNullSideFiles(): string {
  return ['-journal', '-wal', '-shm']
    .map((suffix) => {
      try {
        return `/dev/null${suffix} (${statSync(`/dev/null${suffix}`).mtimeMs})`;
      } catch {
        return '';
      }
    })
    .filter(Boolean)
    .join(', ');
}

/** The top-level name a role's path creates or changes in the working directory, if any. */
function nameInWorkdir(role: PathRole): string | undefined {
  const text = pathText(role, workdir);
  return text.startsWith('/') || text === '.' || text === '-' ? undefined : text;
}

const LEDGER_ROLES: ReadonlySet<PathRole> = new Set(['ledger', 'ledgerRelative', 'ledgerDotted', 'symlink', 'hardlink', 'wal', 'shm']);

/**
 * The files a run may change besides the ledger's content. Never one it reads, never the
 * ledger or its side files (F-1). A rejected import still writes the --errors report it was
 * asked for; a successful run may write its outputs, create files (a backup, init's new
 * ledger, the demo's), and make a ledger of an empty or missing --db file (F-2).
 */
function mayChange(run: FuzzRun, success: boolean): { names: Set<string>; newFiles: boolean } {
  const names = new Set<string>();
  const reads = new Set<PathRole>(run.invocation.inputs);
  const dbRole = run.db.via !== 'none' && 'path' in run.db ? run.db.path : undefined;
  if (dbRole) reads.add(dbRole);
  for (const role of run.invocation.outputs) {
    if (typeof role !== 'string') {
      // a file named by the text itself (`--errors -1`), when it lands in the working directory
      const rel = relative(workdir, resolve(workdir, role.text));
      const name = rel.split(sep)[0]!;
      if (role.text !== '' && rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !FIXTURE_NAMES.has(name)) names.add(name);
      continue;
    }
    if (reads.has(role) || LEDGER_ROLES.has(role)) continue;
    // `db backup FILE` replaces only an empty file or an older ledger (README); --errors
    // replaces the file it is given (the user named it), but never a SQLite database
    const backup = run.invocation.names.join(' ') === 'db backup';
    if (backup ? ['missing', 'newFile', 'empty', 'dangling'].includes(role) : role !== 'otherDb') {
      const name = nameInWorkdir(role);
      if (name) names.add(name);
      // written through the symlink, the output lands at its target
      if (role === 'dangling') names.add('nowhere.db');
      // `--errors -` is a file named "-" (not standard output: nothing documents either)
      if (role === 'stdin') names.add('-');
    }
  }
  // init makes a ledger of a missing or empty file (F-2); through a dangling symlink, either
  // at its target or in its place
  if (success && dbRole && ['empty', 'missing', 'newFile', 'dangling'].includes(dbRole)) {
    const name = nameInWorkdir(dbRole);
    if (name) names.add(name);
    if (dbRole === 'dangling') names.add('nowhere.db');
  }
  return { names, newFiles: success };
}

// ---------------------------------------------------------------------------------------
// One run

interface Outcome {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function commandLine(run: FuzzRun): { env: Record<string, string>; argv: string[] } {
  const env: Record<string, string> = {};
  const argv = ['--no-input'];
  const db = run.db.via === 'none' ? undefined : 'text' in run.db ? run.db.text : pathText(run.db.path, workdir);
  if (run.db.via === 'flag') argv.push('--db', db!);
  if (run.db.via === 'env') env.SERIALS_DB = db!;
  // under a held write lock, a short wait: a command that writes gives up (75) at once
  const busyTimeout = run.busyTimeout ?? (run.holder === 'writer' ? '100' : null);
  if (busyTimeout !== null) env.SERIALS_BUSY_TIMEOUT_MS = busyTimeout;
  argv.push(...run.invocation.argv.map((t) => tokenText(t, workdir)));
  return { env, argv };
}

/**
 * coreutils timeout(1) sends the signal: spawnSync's own timeout would wait for ever for a
 * command that caught the signal and hung. --preserve-status passes the command's exit code
 * through (128 + the signal's number when it died of it, as a shell would say: 130, 143).
 */
function signalPrefix(run: FuzzRun): string[] {
  if (!run.signal) return [];
  return ['timeout', '--preserve-status', '--kill-after=30s', `--signal=${run.signal.name.slice(3)}`, `${run.signal.afterMs / 1000}s`];
}

function execute(run: FuzzRun): Outcome {
  const { env, argv } = commandLine(run);
  // nothing of the test's own environment that serials reads (SERIALS_DB, fault injection)
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SERIALS_')));
  const started = Date.now();
  const [file, ...args] = [...signalPrefix(run), process.execPath, BIN, ...argv];
  const r = spawnSync(file!, args, {
    cwd: workdir,
    env: { ...baseEnv, ...env },
    input: run.stdin ? renderFile(run.stdin) : Buffer.alloc(0),
    encoding: 'utf8',
    timeout: RUN_TIMEOUT_MS,
    maxBuffer: 256 << 20,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - started };
}

function describe(run: FuzzRun, outcome: Outcome, problems: string[]): string {
  const { env, argv } = commandLine(run);
  const envText = Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)} `).join('');
  const input = renderFile(run.file);
  return [
    ...problems.map((p) => `- ${p}`),
    '',
    `in a directory holding the seeded ledger.db (link.db a symlink to it, hard.db a hard link), subdir/, empty.db, notes.txt, other.db and input.csv:`,
    `  echo ${input.toString('base64') || "''"} | base64 -d > input.csv`,
    `  ${run.stdin ? `echo ${renderFile(run.stdin).toString('base64') || "''"} | base64 -d | ` : ''}${envText}${signalPrefix(run).map((a) => `${a} `).join('')}node bin/serials.js ${argv.map(shellArg).join(' ')}`,
    run.holder === 'reader' ? '  (while another connection held the ledger open)' : '',
    run.holder === 'writer' ? "  (while another connection held the ledger's write lock: BEGIN IMMEDIATE)" : '',
    `exit ${outcome.status ?? `signal ${outcome.signal}`} after ${outcome.ms} ms`,
    `stdout: ${excerpt(outcome.stdout)}`,
    `stderr: ${excerpt(outcome.stderr)}`,
  ].join('\n');
}

/** Runs one generated command and returns everything wrong with what it did. */
function problemsOf(run: FuzzRun): { problems: string[]; outcome: Outcome } {
  resetWorkdir(run);
  const ledger = join(workdir, 'ledger.db');
  const before = snapshot();
  const devNullBefore = devNullSideFiles();
  // Another connection keeps the ledger's -wal and -shm in place, so that they exist as
  // paths (and the command is not the ledger's only user). Not with --db hard.db: SQLite
  // names the log after the path it was given, so two names of one file would each have a
  // log, which corrupts any SQLite database and is not serials' doing.
  // (The write lock lives in the -shm too, so a writer is not held against hard.db either.)
  const holds = run.holder !== 'none' && !(run.db.via !== 'none' && 'path' in run.db && run.db.path === 'hardlink');
  const holder = holds ? new Database(ledger, { fileMustExist: true }) : undefined;
  holder?.prepare('SELECT count(*) FROM sqlite_master').get();
  if (run.holder === 'writer') holder?.exec('BEGIN IMMEDIATE');
  let outcome: Outcome;
  const problems: string[] = [];
  try {
    outcome = execute(run);
    // before anything opens the ledger again (SQLite throws away a log it cannot read)
    problems.push(...sideFileProblems());
  } finally {
    if (holder?.inTransaction) holder.exec('ROLLBACK');
    holder?.close();
  }
  const { status } = outcome;
  const output = outcome.stdout + '\n' + outcome.stderr;

  // 1. no internal error, no stack trace
  if (status === null) problems.push(`did not exit by itself (signal ${outcome.signal}; ${RUN_TIMEOUT_MS} ms limit)`);
  if (status === 70) problems.push('exit 70: internal error');
  if (/internal error/i.test(output) || /"code":\s*"internal"/.test(output)) problems.push('says "internal error"');
  if (STACK_FRAME.test(output)) problems.push('prints a stack trace');
  // 2. a documented exit code
  if (status !== null && !EXIT_CODES.has(status)) problems.push(`exit ${status} is not one of ${[...EXIT_CODES].join(', ')}`);

  // 3. a failure changed nothing; no run changes what it only reads, or replaces the ledger
  const success = status === 0;
  let content: LedgerContent | undefined;
  try {
    content = ledgerContent(ledger);
  } catch (error) {
    problems.push(`the ledger can no longer be read: ${(error as Error).message}`);
  }
  if (!success && content) {
    const changed = changedTables(seededContent, content);
    if (changed.length > 0) problems.push(`exit ${status} but the ledger changed: ${changed.join(', ')}`);
  }
  const after = snapshot();
  const allowed = mayChange(run, success);
  for (const [name, was] of before) {
    const now = after.get(name);
    if (now !== was && !allowed.names.has(name)) problems.push(`${name} (${was}) is now ${now ?? 'gone'}${success ? '' : ` after exit ${status}`}`);
  }
  for (const [name, now] of after) {
    if (!before.has(name) && !allowed.newFiles && !allowed.names.has(name)) problems.push(`exit ${status} but a new ${name} (${now}) was left behind`);
  }
  if (!statSync('/dev/null').isCharacterDevice()) problems.push('/dev/null is no longer a device');
  // run as root, SQLite could open /dev/null as a database and leave its journal in /dev
  const devNullAfter = devNullSideFiles();
  if (devNullAfter !== devNullBefore) problems.push(`SQLite side files of /dev/null changed: ${devNullBefore || 'none'} → ${devNullAfter || 'none'}`);

  // 4. the ledger still verifies
  const verify = spawnSync(process.execPath, [BIN, '--no-input', '--db', ledger, 'db', 'verify'], { cwd: workdir, encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  if (verify.status !== 0) problems.push(`db verify exits ${verify.status ?? verify.signal}: ${excerpt(verify.stdout + verify.stderr, 600)}`);

  tally(status, success && content !== undefined && changedTables(seededContent, content).length > 0);
  if (process.env.SERIALS_FUZZ_TRACE === '1') {
    const { env, argv } = commandLine(run);
    const envText = Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)} `).join('');
    console.log(`exit ${status} (${outcome.ms} ms): ${envText}${argv.map(shellQuote).join(' ')}\n  ${excerpt(outcome.stderr.trim(), 300)}`);
  }
  return { problems, outcome };
}

/** How the runs ended, printed at the end: a run of nothing but usage errors would test little. */
const exits = new Map<string, number>();
let writes = 0;
function tally(status: number | null, wrote: boolean): void {
  exits.set(String(status), (exits.get(String(status)) ?? 0) + 1);
  if (wrote) writes++;
}
function summary(): string {
  const codes = [...exits].sort(([a], [b]) => Number(a) - Number(b)).map(([code, n]) => `exit ${code} × ${n}`);
  return `${codes.join(', ')}; ${writes} changed the ledger`;
}

// ---------------------------------------------------------------------------------------

it(
  'robustness: random command lines, values, files and paths never crash, never write on failure, and leave a ledger that verifies',
  () => {
    const runs = runArb(program, { signals: SIGNALS });
    const started = Date.now();
    // printed so that any failure can be replayed, and the run widened, from the command line
    console.log(`robustness: seed ${SEED}, ${RUNS} runs${SIGNALS ? ', with signals' : ''} (replay or widen with SERIALS_FUZZ_SEED=${SEED} SERIALS_FUZZ_RUNS=${RUNS})`);

    if (KEEP_GOING) {
      // every case, failures grouped by what went wrong (the first example of each kept)
      const groups = new Map<string, { count: number; example: string }>();
      for (const run of fc.sample(runs, { seed: SEED, numRuns: RUNS })) {
        const { problems, outcome } = problemsOf(run);
        if (problems.length === 0) continue;
        const key = `${run.invocation.names.join(' ')}: ${problems.map((p) => p.replace(/\d+/g, 'N').slice(0, 80)).join(' | ')}`;
        const group = groups.get(key) ?? { count: 0, example: describe(run, outcome, problems) };
        group.count++;
        groups.set(key, group);
      }
      console.log(`robustness: ${RUNS} runs in ${((Date.now() - started) / 1000).toFixed(1)} s (${summary()}), ${groups.size} kinds of failure`);
      const report = [...groups].map(([key, g]) => `### ${key} (${g.count}×)\n${g.example}`).join('\n\n');
      if (report) console.log(report);
      expect(groups.size, report).toBe(0);
      return;
    }

    let shrinkDeadline: number | undefined;
    let executed = 0;
    try {
      fc.assert(
        fc.property(runs, (run) => {
          // Past the shrinking budget every further candidate passes at once, so fast-check
          // stops shrinking and reports the smallest failure found so far: still a failure.
          if (shrinkDeadline !== undefined && Date.now() > shrinkDeadline) return;
          executed++;
          const { problems, outcome } = problemsOf(run);
          if (problems.length > 0) {
            shrinkDeadline ??= Date.now() + SHRINK_SECONDS * 1000;
            throw new Error(describe(run, outcome, problems));
          }
        }),
        {
          seed: SEED,
          numRuns: RUNS,
          path: REPLAY_PATH,
          endOnFailure: SHRINK_SECONDS <= 0,
          // fast-check's own report prints the counterexample as JSON, 5,000-character values
          // and all; the command line that failed (the error's message) says it better
          reporter(details) {
            if (!details.failed) return;
            const replay = `SERIALS_FUZZ_SEED=${details.seed} SERIALS_FUZZ_PATH=${details.counterexamplePath}`;
            const message = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
            throw new Error(`Failed after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s); replay with ${replay}\n${message}`);
          },
        },
      );
    } finally {
      console.log(`robustness: ${executed} command(s) run in ${((Date.now() - started) / 1000).toFixed(1)} s (${summary()})`);
    }
  },
  // the runs, plus the shrinking budget, plus slack for a slow machine
  Math.max(300, RUNS * 3 + SHRINK_SECONDS + 60) * 1000,
);
