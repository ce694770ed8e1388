import { engineOf } from '../../../db/engine.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { integrityFindings } from '../../../db/structure-check.js';
import { verifyLedger } from '../../../core/ledger/verify.js';
import { LedgerDamagedError, RejectedError } from '../../../errors.js';
import { count } from '../../render/words.js';
import { grouped } from '../../../core/values/words.js';

export const spec: CommandSpec = {
  noun: 'db',
  verb: 'verify',
  summary: "check the file (SQLite's integrity check: damage is exit 69; PostgreSQL checks its own pages) and that current state matches history (exit 1 listing each discrepancy)",
  examples: ['serials db verify', 'serials db verify --json'],
};

export async function run(ctx: Context): Promise<void> {
  const path = ctx.dbPath;
  const { damage, report, engine } = await ctx.withLedger(async (db) => {
    // damage first: the invariants cannot be trusted on a file SQLite itself finds broken
    const found = await integrityFindings(db);
    return { damage: found, report: found.length ? undefined : await verifyLedger(db), engine: engineOf(db) };
  });
  // a PostgreSQL server checks its own pages as it reads them; there is no file check to run
  const fileCheck = engine === 'sqlite' ? "SQLite's integrity check passed" : 'on PostgreSQL';
  if (damage.length > 0 || !report) {
    if (!ctx.json) for (const d of damage) ctx.out.line(`damage: ${d}`);
    throw new LedgerDamagedError(path, `SQLite's integrity check found ${count(damage.length, 'problem')}${ctx.json ? '' : ', listed above'}`, { integrity: damage });
  }
  // the report is the command's result, on stdout, whatever it found
  if (ctx.json) {
    ctx.out.json({
      ok: report.ok,
      integrity: engine === 'sqlite' ? 'ok' : 'not_applicable',
      serialCount: report.serials,
      serialMovementCount: report.serialMovements,
      stockLevelCount: report.stockLevels,
      discrepancyCount: report.total,
      discrepancies: report.discrepancies,
    });
  } else if (report.ok) {
    ctx.out.line(
      `Ledger OK: ${fileCheck}; ${count(report.serials, 'serial')}, ${count(report.serialMovements, 'serial movement')}, ${count(report.stockLevels, 'stock level')}; all four invariants hold.`,
    );
  } else {
    for (const d of report.discrepancies) ctx.out.line(`invariant ${d.invariant}: ${d.message}`);
    if (report.total > report.discrepancies.length) ctx.out.line(`… ${grouped(report.total - report.discrepancies.length)} more.`);
  }
  if (!report.ok) {
    // exit 1 through the one error renderer: the error on stderr, the report above on stdout
    throw new RejectedError([
      {
        code: 'ledger_inconsistent',
        message: `The ledger ${path} has ${count(report.total, 'discrepancy', 'discrepancies')} between its current state and its history${ctx.json ? '' : ', listed above'}.`,
        fix: 'Restore the ledger from a backup, or report this as a bug with the output of serials db verify.',
      },
    ]);
  }
}
