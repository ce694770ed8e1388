import { startCount } from '../../../core/counts/status.js';
import { formatQuantity, toNumber } from '../../../core/values/quantity.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { countJson } from '../../families/counts.js';
import { presentResult } from '../../render/present.js';
import { count, listed } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'count',
  verb: 'start',
  args: '<count>',
  summary: 'start counting: freezes the counted products in the warehouse',
  details:
    'Takes the expected stock again (quantities and serials; stock may have moved since the count was created) and says what changed. ' +
    'Until the count is completed or deleted, nothing else may move stock of its products in its warehouse. ' +
    'Two counts cannot be in progress for the same product in the same warehouse.',
  examples: ['serials count start SC-00000001'],
};

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const { count: c, changes } = await ctx.withLedger((db) => startCount(db, number), { write: true });
  const lines = [`Started stock count ${c.number}: ${listed(c.lines.map((l) => l.product))} in ${c.warehouse} cannot move until it is completed or deleted.`];
  if (changes.length > 0) {
    lines.push('Stock moved since the count was created; what it expects was taken again:');
    for (const ch of changes) {
      const serials = [ch.serialsAdded ? `${count(ch.serialsAdded, 'serial')} more` : '', ch.serialsRemoved ? `${count(ch.serialsRemoved, 'serial')} gone` : ''].filter(Boolean).join(', ');
      lines.push(`  ${ch.product}${ch.added ? ' (new line)' : ''}: expected ${formatQuantity(ch.expectedBeforeE4)} → ${formatQuantity(ch.expectedE4)}${serials ? ` (${serials})` : ''}`);
    }
  }
  presentResult(
    ctx,
    {
      ...countJson(c),
      changes: changes.map((ch) => ({
        product: ch.product,
        added: ch.added,
        expectedBefore: toNumber(ch.expectedBeforeE4),
        expected: toNumber(ch.expectedE4),
        serialsAdded: ch.serialsAdded,
        serialsRemoved: ch.serialsRemoved,
      })),
    },
    lines,
  );
  if (!ctx.json) ctx.out.note(`Next: scan what is on the shelf: serials count scan ${c.number} --serials-file FILE (or at the prompt)`);
}
