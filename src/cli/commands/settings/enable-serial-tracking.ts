import { enableSerialTracking, getSettings } from '../../../core/master-data/settings.js';
import { UsageError } from '../../../errors.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { presentResult } from '../../render/present.js';
import { localTime } from '../../render/time.js';

export const spec: CommandSpec = {
  noun: 'settings',
  verb: 'enable-serial-tracking',
  summary: 'switch serial tracking on for the company (irreversible; asks to confirm, or --yes)',
  examples: ['serials settings enable-serial-tracking', 'serials --yes settings enable-serial-tracking'],
};

export async function run(ctx: Context): Promise<void> {
  const current = await ctx.withLedger((db) => getSettings(db));
  if (!current.serialTrackingEnabled && !ctx.yes) {
    if (!ctx.interactive) {
      throw new UsageError('Enabling serial tracking is irreversible and needs confirmation.', 'Add --yes to confirm (or run it on a terminal to be asked).');
    }
    const { confirm } = (await ctx.importModule('@inquirer/prompts')) as typeof import('@inquirer/prompts');
    const ok = await confirm({ message: 'Enable serial tracking for the company? This cannot be undone.', default: false }, { output: process.stderr });
    if (!ok) {
      presentResult(ctx, { serialTracking: false, serialTrackingEnabledAt: null, alreadyEnabled: false }, ['Not enabled: serial tracking is still off.']);
      return;
    }
  }
  const result = await ctx.withLedger((db) => enableSerialTracking(db), { write: true });
  presentResult(ctx, { serialTracking: true, serialTrackingEnabledAt: result.enabledAt, alreadyEnabled: result.alreadyEnabled }, [
    result.alreadyEnabled ? `Serial tracking was already on (since ${localTime(result.enabledAt)}).` : 'Serial tracking is on. Products can now be serialized.',
  ]);
}
