// init, db migrate|status|verify, settings.

import { existsSync } from 'node:fs';
import { migrateToLatest, migrationStates } from '../../db/migrate.js';
import { enableSerialTracking, getSettings } from '../../core/settings.js';
import { verifyLedger } from '../../core/verify.js';
import { RejectedError, UsageError } from '../../errors.js';
import type { Context } from '../context.js';

export async function init(ctx: Context): Promise<void> {
  const existed = existsSync(ctx.dbPath);
  const applied = await ctx.withLedger((db) => migrateToLatest(db), { create: true, skipSchemaCheck: true });
  if (ctx.json) return ctx.out.json({ path: ctx.dbPath, created: !existed, migrationsApplied: applied });
  if (!existed) ctx.out.line(`Created ledger ${ctx.dbPath} (${applied.length} migration(s) applied).`);
  else if (applied.length) ctx.out.line(`Ledger ${ctx.dbPath} brought up to date: applied ${applied.join(', ')}.`);
  else ctx.out.line(`Ledger ${ctx.dbPath} is already initialised and up to date.`);
  ctx.out.note('Next: serials settings enable-serial-tracking, then serials warehouse add MAIN');
}

export async function migrate(ctx: Context): Promise<void> {
  const applied = await ctx.withLedger((db) => migrateToLatest(db), { skipSchemaCheck: true });
  if (ctx.json) return ctx.out.json({ path: ctx.dbPath, migrationsApplied: applied });
  ctx.out.line(applied.length ? `Applied ${applied.join(', ')}.` : 'No pending migrations.');
}

export async function status(ctx: Context): Promise<void> {
  const states = await ctx.withLedger((db) => migrationStates(db), { skipSchemaCheck: true });
  const pending = states.filter((s) => s.appliedAt === null).map((s) => s.name);
  if (ctx.json) return ctx.out.json({ path: ctx.dbPath, migrations: states, pending });
  ctx.out.table(
    ['Migration', 'Applied'],
    states.map((s) => [s.name, s.appliedAt ?? 'pending']),
  );
  ctx.out.line(pending.length ? `${pending.length} pending: run serials db migrate` : 'Up to date.');
}

export async function verify(ctx: Context): Promise<void> {
  const report = await ctx.withLedger((db) => verifyLedger(db));
  if (ctx.json) {
    ctx.out.json(report);
  } else if (report.ok) {
    ctx.out.line(`Ledger OK: ${report.serials} serials, ${report.serialMovements} serial movements, ${report.stockLevels} stock levels; all four invariants hold.`);
  } else {
    for (const d of report.discrepancies) ctx.out.line(`invariant ${d.invariant}: ${d.message}`);
    if (report.total > report.discrepancies.length) ctx.out.line(`… ${report.total - report.discrepancies.length} more.`);
  }
  if (!report.ok) {
    const error = new RejectedError(
      [{ code: 'ledger_inconsistent', message: `The ledger has ${report.total} discrepancy(ies) between current state and history.`, fix: 'Restore from a backup, or report this as a bug with the output above.' }],
    );
    if (ctx.json) {
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

export async function showSettings(ctx: Context): Promise<void> {
  const s = await ctx.withLedger((db) => getSettings(db));
  if (ctx.json) return ctx.out.json({ serialTracking: s.serialTrackingEnabled, serialTrackingEnabledAt: s.serialTrackingEnabledAt });
  ctx.out.table(['Setting', 'Value'], [['Serial tracking', s.serialTrackingEnabled ? `on (since ${s.serialTrackingEnabledAt})` : 'off']]);
}

export async function enableTracking(ctx: Context): Promise<void> {
  const current = await ctx.withLedger((db) => getSettings(db));
  if (!current.serialTrackingEnabled && !ctx.yes) {
    if (!ctx.interactive) {
      throw new UsageError('Enabling serial tracking is irreversible and needs confirmation.', 'Add --yes to confirm (or run it on a terminal to be asked).');
    }
    const { confirm } = (await ctx.importModule('@inquirer/prompts')) as typeof import('@inquirer/prompts');
    const ok = await confirm({ message: 'Enable serial tracking for the company? This cannot be undone.', default: false }, { output: process.stderr });
    if (!ok) {
      ctx.out.note('Not enabled.');
      return;
    }
  }
  const result = await ctx.withLedger((db) => enableSerialTracking(db), { write: true });
  if (ctx.json) return ctx.out.json({ serialTracking: true, enabledAt: result.enabledAt, alreadyEnabled: result.alreadyEnabled });
  ctx.out.line(result.alreadyEnabled ? `Serial tracking was already on (since ${result.enabledAt}).` : 'Serial tracking is on. Products can now be serialized.');
}
