import { getSettings } from '../../../core/master-data/settings.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { presentShow } from '../../render/present.js';
import { localTime } from '../../render/time.js';

export const spec: CommandSpec = {
  noun: 'settings',
  verb: 'show',
  summary: 'show settings',
  formats: ['table', 'csv', 'json'],
  examples: ['serials settings show'],
};

export async function run(ctx: Context): Promise<void> {
  const s = await ctx.withLedger((db) => getSettings(db));
  const since = s.serialTrackingEnabledAt;
  presentShow(ctx, {
    json: { serialTracking: s.serialTrackingEnabled, serialTrackingEnabledAt: since },
    title: 'Settings',
    fields: [['Serial tracking', since ? `On (since ${localTime(since)})` : 'Off']],
    // one row, a column per setting
    csv: {
      rows: [s],
      view: {
        columns: [
          { header: 'Serial Tracking', kind: 'text', value: () => s.serialTrackingEnabled },
          { header: 'Serial Tracking Enabled At', kind: 'time', value: () => since },
        ],
        json: () => undefined,
      },
    },
  });
}
