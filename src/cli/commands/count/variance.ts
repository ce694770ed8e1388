import { countVariance, type VarianceRow } from '../../../core/counts/variance.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { printVarianceRows, printVarianceSummary, VARIANCE_CSV, varianceProductsJson, varianceRowJson, varianceTotalsJson } from '../../families/counts.js';
import { presentRowsReport } from '../../render/report.js';

export const spec: CommandSpec = {
  noun: 'count',
  verb: 'variance',
  args: '<count>',
  summary: 'what was counted against what was expected, serial by serial',
  details:
    'Every serial is classified: counted (expected and scanned), missing (expected, not scanned), unexpected (scanned, not expected, ' +
    'and not in stock elsewhere: unknown, or out of stock), wrong place (scanned here, in stock in another warehouse) or scanned twice. ' +
    'Per product: expected, counted and the difference. A table shows the summary and the serials not counted as expected; ' +
    'CSV and JSON list every serial, with what completing the count does with it. A completed count shows what was recorded when it was completed.',
  formats: ['table', 'csv', 'json'],
  examples: ['serials count variance SC-00000001', 'serials count variance SC-00000001 --format csv > variance.csv'],
};

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  // one read: the rows stream while the ledger is open, and the summary is tallied as they pass
  await ctx.withLedger(async (db) => {
    const report = await countVariance(db, number);
    const { count } = report;
    await presentRowsReport<VarianceRow>(ctx, {
      head: { number: count.number, warehouse: count.warehouse, status: count.status },
      rowsKey: 'rows',
      rows: report.rows,
      view: { columns: VARIANCE_CSV, json: varianceRowJson },
      tail: () => {
        const s = report.summary();
        return { products: varianceProductsJson(s), totals: varianceTotalsJson(s) };
      },
      table: {
        keep: (r) => r.class !== 'counted',
        render(kept, more) {
          printVarianceSummary(ctx, count, report.summary());
          printVarianceRows(ctx, kept, more);
        },
      },
    });
  });
}
