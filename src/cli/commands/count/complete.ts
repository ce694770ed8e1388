import { completeCount } from '../../../core/counts/complete.js';
import { countVariance } from '../../../core/counts/variance.js';
import { UsageError } from '../../../errors.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { printVarianceSummary, varianceProductsJson, varianceTotalsJson } from '../../families/counts.js';
import { presentResult } from '../../render/present.js';
import { reportReturning } from '../../render/returning.js';
import { count } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'count',
  verb: 'complete',
  args: '<count>',
  summary: 'post the differences found and complete the count (asks first, or --yes)',
  details:
    'In one transaction: missing serials leave stock, unexpected ones enter it here (a unit that had left stock comes back as the same record), ' +
    'wrong-place ones move here from where they are, and non-serialized products are adjusted by counted minus expected. ' +
    'A product nothing was counted for (no serial scanned, no quantity entered) stops the completion, unless --uncounted-as-zero says none was found. ' +
    'At a terminal the variance summary is shown and confirmation asked; elsewhere --yes is needed.',
  flags: [{ flags: '--uncounted-as-zero', description: 'count products nothing was scanned or entered for as none found' }],
  examples: ['serials count complete SC-00000001', 'serials --yes count complete SC-00000001 --uncounted-as-zero'],
};

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const uncountedAsZero = ctx.opts.uncountedAsZero === true;
  if (!ctx.yes) {
    if (!ctx.interactive) throw new UsageError('Completing a stock count posts its differences to the ledger and needs confirmation.', 'Add --yes to confirm (or run it on a terminal to be asked).');
    const answer = await ctx.withLedger(async (db) => {
      const report = await countVariance(db, number);
      for await (const rows of report.rows) void rows; // tallied as they pass
      if (report.count.status !== 'in_progress') return { go: true, number: report.count.number };
      printVarianceSummary(ctx, report.count, report.summary());
      return { go: undefined, number: report.count.number };
    });
    if (answer.go === undefined) {
      const { confirm } = (await ctx.importModule('@inquirer/prompts')) as typeof import('@inquirer/prompts');
      const ok = await confirm({ message: `Post these differences and complete ${answer.number}?`, default: false }, { output: process.stderr });
      if (!ok) {
        presentResult(ctx, { number: answer.number, status: 'in_progress', completed: false }, [`Not completed: ${answer.number} is still in progress.`]);
        return;
      }
    }
  }
  const r = await ctx.withLedger((db) => completeCount(db, { number, uncountedAsZero }), { write: true });
  reportReturning(ctx, r.returning);
  const p = r.posted;
  const did = [
    p.removed ? `${count(p.removed, 'missing serial')} left stock` : '',
    p.added ? `${count(p.added, 'unexpected serial')} added` : '',
    p.moved ? `${count(p.moved, 'serial')} moved here from another warehouse` : '',
    p.adjustedLines ? `${count(p.adjustedLines, 'quantity', 'quantities')} adjusted` : '',
  ].filter(Boolean);
  presentResult(
    ctx,
    {
      number: r.number,
      warehouse: r.warehouse,
      status: 'completed',
      completed: true,
      completedAt: r.completedAt,
      products: varianceProductsJson(r),
      totals: varianceTotalsJson(r),
      posted: { removedCount: p.removed, addedCount: p.added, movedCount: p.moved, adjustedLineCount: p.adjustedLines },
      returning: r.returning,
    },
    [`Completed stock count ${r.number} of ${r.warehouse}: ${did.length ? did.join(', ') : 'everything was as expected; nothing posted'}.`],
  );
}
