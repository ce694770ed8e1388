import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { history } from '../../actions/reports.js';

export const spec: CommandSpec = {
  noun: 'history',
  args: '<serial>',
  summary: 'every movement of a serial, in order',
  flags: [
    { flags: '--product <code>', description: 'only this product (the same text may be a serial of several)' },
  ],
  formats: ['table', 'csv', 'json'],
  examples: ['serials history SN-0001', 'serials history SN-0001 --json'],
};

export async function run(ctx: Context): Promise<void> {
  await history(ctx);
}
