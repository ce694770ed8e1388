import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { showSettings } from '../../actions/admin.js';

export const spec: CommandSpec = {
  noun: 'settings',
  verb: 'show',
  summary: 'show settings',
  examples: ['serials settings show'],
};

export async function run(ctx: Context): Promise<void> {
  await showSettings(ctx);
}
