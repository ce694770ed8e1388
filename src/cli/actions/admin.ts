// settings show and settings enable-serial-tracking (moving to their command modules; init
// and db migrate|status|verify are in theirs).

import { enableSerialTracking, getSettings } from '../../core/master-data/settings.js';
import { UsageError } from '../../errors.js';
import type { Context } from '../context.js';

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
