import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { assertNotNewer, assertSchemaWhole, migrationStates, schemaState, schemaVersion, type MigrationState } from '../../../db/migrate.js';
import { LedgerDamagedError, RejectedError } from '../../../errors.js';
import { presentList, type View } from '../../render/present.js';
import { count, listed } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'db',
  verb: 'status',
  summary: 'list applied and pending migrations',
  flags: [
    { flags: '--check', description: 'exit 0 when up to date, 1 when migrations are pending, 69 when a newer serials wrote the ledger' },
  ],
  examples: ['serials db status', 'serials db status --check || serials db migrate', 'serials db status --json'],
};

const view = (): View<MigrationState> => ({
  columns: [
    { header: 'Migration', kind: 'code', value: (m) => m.name },
    { header: 'Status', kind: 'status', value: (m) => (m.appliedAt === null ? 'pending' : 'applied') },
    { header: 'Applied', kind: 'time', value: (m) => m.appliedAt },
  ],
  json: (m) => m,
});

export async function run(ctx: Context): Promise<void> {
  const path = ctx.dbPath;
  const check = ctx.opts.check === true;
  const state = await ctx.withLedger(
    async (db) => {
      const s = await schemaState(db);
      assertNotNewer(s, path);
      if (!s.initialised) throw new LedgerDamagedError(path, 'its migration table is missing');
      if (s.pending.length === 0) await assertSchemaWhole(db, path);
      return s;
    },
    { skipSchemaCheck: true },
  );
  const { pending } = state;
  if (check && pending.length > 0) {
    // a pipeline gates on this: 0 up to date, 1 pending, 69 written by a newer serials
    throw new RejectedError([
      {
        code: 'migrations_pending',
        message: `The ledger ${path} has ${count(pending.length, 'pending migration')}: ${listed(pending)}.`,
        fix: `Run: serials db migrate --db ${path}`,
      },
    ]);
  }
  const migrations = migrationStates(state);
  if (ctx.json) return ctx.out.json({ path, schemaVersion: schemaVersion(state), upToDate: pending.length === 0, migrations, pending });
  if (!check) await presentList(ctx, migrations, view());
  ctx.out.line(pending.length ? `${count(pending.length, 'migration')} pending: run serials db migrate` : 'Up to date.');
}
