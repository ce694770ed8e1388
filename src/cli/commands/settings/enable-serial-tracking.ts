import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { enableTracking } from '../../actions/admin.js';

export const spec: CommandSpec = {
  noun: 'settings',
  verb: 'enable-serial-tracking',
  summary: 'switch serial tracking on for the company (irreversible; asks to confirm, or --yes)',
  examples: ['serials settings enable-serial-tracking', 'serials --yes settings enable-serial-tracking'],
};

export async function run(ctx: Context): Promise<void> {
  await enableTracking(ctx);
}
