import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { verify } from '../../actions/admin.js';

export const spec: CommandSpec = {
  noun: 'db',
  verb: 'verify',
  summary: 'check the file (SQLite\'s integrity check: damage is exit 69) and that current state matches history (exit 1 listing each discrepancy)',
  examples: ['serials db verify'],
};

export async function run(ctx: Context): Promise<void> {
  await verify(ctx);
}
