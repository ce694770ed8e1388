import { verifyLedger, type VerifyReport } from '../../../core/ledger/verify.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { copyLedger, describeLedger, pgLedgerIdentity, sameLedger, targetIsNew, targetNotEmpty, type CopyResult, type CopyWatcher, type TableRows } from '../../../db/copy.js';
import { parseLocation, type LedgerLocation } from '../../../db/location.js';
import type { Ledger } from '../../../db/open.js';
import { UsageError } from '../../../errors.js';
import { assertOutputAllowed } from '../../../io/safe-output.js';
import { emit, tableText, type View } from '../../render/present.js';
import { clockTime, plainInterval, progressLine, type ProgressFigures } from '../../render/progress.js';
import { count } from '../../render/words.js';
import { grouped } from '../../../core/values/words.js';

export const spec: CommandSpec = {
  noun: 'db',
  verb: 'copy',
  summary: 'copy a whole ledger, from one consistent snapshot, into a new file or an empty PostgreSQL database (or back), and verify the copy',
  details:
    'FROM and TO are each a ledger file or a postgres:// URL. The source is read in one snapshot while other commands go on; the target is written in one transaction (an interrupted copy leaves it as it was), then its row counts are compared with the source and db verify runs on it. A target that already holds a ledger is replaced only with --replace; another program\'s database never.',
  flags: [
    { flags: '--from <ledger>', description: 'the ledger to copy: a file or a postgres:// URL (default: --db)' },
    { flags: '--to <ledger>', description: 'where the copy goes: a new or empty file, or a PostgreSQL database (or schema) with no tables', required: true },
    { flags: '--replace', description: 'replace the serials ledger already at --to (never another program\'s database)' },
  ],
  examples: [
    'serials db copy --from shop.db --to postgres://serials@db.example.com/shop',
    'serials db copy --from postgres://serials@db.example.com/shop --to shop-2026-11-28.db',
    'serials db copy --to nightly.db --replace --json   # a consistent copy of a live ledger, unattended',
  ],
};

const view = (): View<TableRows> => ({
  columns: [
    { header: 'Table', kind: 'code', value: (t) => t.table },
    { header: 'Rows', kind: 'count', value: (t) => t.rows },
  ],
  json: (t) => t,
});

/** Progress on stderr: a bar redrawn in place on a terminal, else a line per table copied; nothing with --quiet or --json. */
async function watcherFor(ctx: Context): Promise<{ watcher: CopyWatcher; stop(): void }> {
  if (ctx.quiet || ctx.json) return { watcher: {}, stop: () => undefined };
  const started = Date.now();
  let total = 0;
  let before = 0; // rows of the tables already copied
  let tables = 0;
  let current = 'Copying';
  let done = 0;
  const figures = (rows: number): ProgressFigures => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const fraction = total > 0 ? Math.min(1, rows / total) : 1;
    const secondsLeft = fraction > 0 && seconds >= 0.5 ? (seconds * (1 - fraction)) / fraction : null;
    return { fraction, of: 'the ledger', rows, rate: rows / seconds, secondsLeft };
  };
  if (process.stderr.isTTY && process.env.TERM !== 'dumb') {
    const { SingleBar } = await import('cli-progress');
    const bar = new SingleBar({
      format: (_options, params) => progressLine({ full: current, short: 'Copying' }, figures(before + done), params.maxWidth),
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    });
    let running = false;
    return {
      watcher: {
        counted(counts) {
          total = counts.reduce((sum, c) => sum + c.rows, 0);
          bar.start(1, 0);
          running = true;
        },
        copying(table, rows) {
          current = `Copying ${table}`;
          done = rows;
          bar.update(0);
        },
        copied(_table, rows) {
          before += rows;
          done = 0;
        },
        verifying() {
          current = 'Verifying the copy';
          bar.update(0);
        },
      },
      stop: () => {
        if (running) bar.stop();
        running = false;
      },
    };
  }
  // off a terminal: a line per table, and within a long table one every few seconds
  const every = plainInterval();
  let last = Date.now();
  return {
    watcher: {
      counted(counts) {
        total = counts.reduce((sum, c) => sum + c.rows, 0);
        tables = counts.length;
      },
      copying(table, rows, of) {
        const now = Date.now();
        if (rows === 0 || rows === of || now - last < every) return;
        last = now;
        const f = figures(before + rows);
        const left = f.secondsLeft === null ? '' : ` · ${clockTime(f.secondsLeft)} left`;
        process.stderr.write(`db copy: ${table}, ${grouped(rows)} of ${grouped(of)} rows · ${grouped(Math.round(f.rate))} rows/s${left}\n`);
      },
      copied(table, rows) {
        before += rows;
        last = Date.now();
        const percent = Math.floor((total > 0 ? before / total : 1) * 100);
        process.stderr.write(`db copy: ${table}, ${grouped(rows)} ${rows === 1 ? 'row' : 'rows'} (${grouped(++done)} of ${grouped(tables)} tables, ${percent}% of the rows)\n`);
      },
      verifying() {
        process.stderr.write('db copy: counting the rows of the copy and verifying it\n');
      },
    },
    stop: () => undefined,
  };
}

/** The same ledger under two names is refused before anything is read or written (RULES.md F-1). */
async function assertNotSame(from: LedgerLocation, to: LedgerLocation, source: Ledger, target: Ledger): Promise<void> {
  if (from.engine !== 'postgres' || to.engine !== 'postgres') return;
  if ((await pgLedgerIdentity(source.db)) === (await pgLedgerIdentity(target.db))) throw sameLedger(from, to);
}

export async function run(ctx: Context): Promise<void> {
  const fromText = typeof ctx.opts.from === 'string' ? ctx.opts.from : undefined;
  const toText = ctx.opts.to;
  if (typeof toText !== 'string') throw new UsageError('db copy needs --to: where the copy goes.', 'Add --to FILE or --to postgres://USER@HOST/DATABASE.');
  const from = fromText === undefined ? ctx.location : parseLocation(fromText, '--from');
  const to = parseLocation(toText, '--to');
  if (from.engine === 'sqlite' && to.engine === 'sqlite') {
    try {
      assertOutputAllowed(to.path, '--to', { ledger: from.path });
    } catch (error) {
      if (error instanceof UsageError) throw sameLedger(from, to);
      throw error;
    }
  }
  const replace = ctx.opts.replace === true;
  const progress = await watcherFor(ctx);
  let result: CopyResult<VerifyReport>;
  try {
    result = await ctx.withOpenLedger(
      async (source) => {
        if (await targetIsNew(to)) {
          return ctx.createLedger((db) => copyLedger(source, { db, replace: false, name: to.name }, verifyLedger, progress.watcher), { path: toText });
        }
        return ctx.withOpenLedger(
          async (target) => {
            await assertNotSame(from, to, source, target);
            if (!replace) throw targetNotEmpty(to.name, await describeLedger(target.db));
            return copyLedger(source, { db: target.db, replace: true, name: to.name }, verifyLedger, progress.watcher);
          },
          { path: toText, skipSchemaCheck: true },
        );
      },
      { path: fromText, skipSchemaCheck: true },
    );
  } finally {
    progress.stop();
  }
  const { tables, rows, report } = result;
  if (ctx.json) {
    ctx.out.json({ from: from.name, to: to.name, tables, rows, verified: true });
    return;
  }
  await emit(tableText(ctx, tables, view()));
  ctx.out.line(
    `Copied ${from.name} to ${to.name}: ${count(rows, 'row')} in ${count(tables.length, 'table')}, the same as the source's; verified (${count(report.serials, 'serial')}, ${count(report.serialMovements, 'serial movement')}, ${count(report.stockLevels, 'stock level')}; all four invariants hold).`,
  );
}
