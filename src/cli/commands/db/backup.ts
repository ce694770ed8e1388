import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { backupLedger } from '../../families/ledger-admin.js';
import { presentResult } from '../../render/present.js';
import { grouped } from '../../../core/values/words.js';

export const spec: CommandSpec = {
  noun: 'db',
  verb: 'backup',
  args: '<file>',
  summary: 'copy the ledger consistently while it is in use (never over the ledger itself; an existing backup only with --force)',
  flags: [
    { flags: '--force', description: 'replace FILE if it is an older serials ledger (never any other file)' },
  ],
  examples: ['serials db backup shop-2026-11-28.db', 'serials db backup nightly.db --force'],
};

/** 1,234,567 bytes → "1.2 MB"; a small file in kB, so that a new ledger is not "0.0 MB". */
function size(bytes: number): string {
  if (bytes < 1_000_000) return `${grouped(Math.max(1, Math.round(bytes / 1000)))} kB`;
  return `${grouped(bytes / 1_000_000, { min: 1, max: 1 })} MB`;
}

export async function run(ctx: Context): Promise<void> {
  const [target = ''] = ctx.args;
  const r = await ctx.withOpenLedger((ledger) => backupLedger(ledger, target, { force: ctx.opts.force === true, flag: 'db backup' }), { skipSchemaCheck: true });
  presentResult(ctx, r, [`Backed up ${r.ledger} to ${r.backup} (${size(r.bytes)}), checked by SQLite.`]);
  if (ctx.location.engine === 'postgres') ctx.out.note(`To restore: serials db copy --from ${r.backup} --to ${r.ledger} --replace`);
  else ctx.out.note(`To restore: stop every serials command, then copy ${r.backup} over ${r.ledger} (and delete ${r.ledger}-wal and ${r.ledger}-shm if present).`);
}
