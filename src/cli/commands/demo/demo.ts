import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { demo } from '../../actions/demo.js';

export const spec: CommandSpec = {
  noun: 'demo',
  summary: 'build a small example ledger from fixtures/ and show it (default ./serials-demo.db)',
  examples: ['serials demo', 'serials --db /tmp/try.db demo'],
};

export async function run(ctx: Context): Promise<void> {
  await demo(ctx);
}
