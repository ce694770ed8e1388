import { showCount } from '../../../core/counts/read.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { showCountPage } from '../../families/counts.js';

export const spec: CommandSpec = {
  noun: 'count',
  verb: 'show',
  args: '<count>',
  summary: 'show a stock count: its lines, expected and counted so far',
  formats: ['table', 'csv', 'json'],
  examples: ['serials count show SC-00000001', 'serials count show SC-00000001 --format csv   # one row per product'],
};

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const c = await ctx.withLedger((db) => showCount(db, number));
  showCountPage(ctx, c);
}
