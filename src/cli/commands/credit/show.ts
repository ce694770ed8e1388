import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { showReturn } from '../../families/returns.js';

export const spec: CommandSpec = {
  noun: 'credit',
  verb: 'show',
  args: '<credit>',
  summary: 'show a credit note with its serials',
  formats: ['table', 'csv', 'json'],
  examples: ['serials credit show CN-00000001', 'serials credit show CN-00000001 --format csv   # one row per serial'],
};

export function run(ctx: Context): Promise<void> {
  return showReturn(ctx, 'credit');
}
