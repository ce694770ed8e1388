import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { listTransfers, type TransferView } from '../../../core/stock/transfers.js';
import { toNumber } from '../../../core/values/quantity.js';
import { transferJson } from '../../families/transfers.js';
import { date, parseFlags, z } from '../../input/validate.js';
import { presentDocuments } from '../../render/present.js';
import { endOfLocalDay, startOfLocalDay } from '../../render/time.js';
import { count } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'transfer',
  verb: 'list',
  summary: 'list warehouse transfers, one row per product moved',
  flags: [
    { flags: '--warehouse <code>', description: 'transfers out of or into this warehouse' },
    { flags: '--product <code>', description: 'transfers that moved this product' },
    { flags: '--from <date>', description: 'created on or after this local day, YYYY-MM-DD' },
    { flags: '--to <date>', description: 'created on or before this local day, YYYY-MM-DD' },
  ],
  formats: ['table', 'csv', 'json'],
  examples: ['serials transfer list --warehouse BACK', 'serials transfer list --product WIDGET --from 2026-01-01 --format csv'],
};

const flags = () => z.object({ warehouse: z.optional(z.string()), product: z.optional(z.string()), from: z.optional(date), to: z.optional(date) });

interface Row {
  t: TransferView;
  line: TransferView['lines'][number];
}

export async function run(ctx: Context): Promise<void> {
  const f = parseFlags(flags(), ctx.opts);
  const json = ctx.format() === 'json';
  const transfers = await ctx.withLedger((db) =>
    listTransfers(db, {
      warehouse: f.warehouse,
      product: f.product,
      // --from and --to are local calendar days; the ledger compares UTC instants
      from: f.from === undefined ? undefined : startOfLocalDay(f.from),
      before: f.to === undefined ? undefined : endOfLocalDay(f.to),
      // a table and CSV count the serials; only JSON lists them
      serials: json,
    }),
  );
  const filtered = Object.values(f).some((v) => v !== undefined);
  await presentDocuments(
    ctx,
    transfers,
    {
      json: transferJson,
      lines: (t) => t.lines.map((line): Row => ({ t, line })),
      columns: [
        { header: 'Number', kind: 'code', value: (r: Row) => r.t.number },
        // a table shows the day; a spreadsheet gets the local date-time
        { header: 'Created', kind: 'date', value: (r: Row) => r.t.createdAt, only: 'table' },
        { header: 'Created', kind: 'time', value: (r: Row) => r.t.createdAt, only: 'csv' },
        { header: 'From', kind: 'code', value: (r: Row) => r.t.from },
        { header: 'To', kind: 'code', value: (r: Row) => r.t.to },
        { header: 'Product', kind: 'code', value: (r: Row) => r.line.product },
        { header: 'Quantity', kind: 'quantity', value: (r: Row) => toNumber(r.line.quantityE4) },
        // a table's Quantity says it (one serial per unit); a spreadsheet may want to sum them
        { header: 'Serial Count', kind: 'count', value: (r: Row) => r.line.serialCount, only: 'csv' },
      ],
    },
    {
      empty: filtered ? 'No transfers match.' : 'No transfers yet. Make one with: serials transfer create --from W1 --to W2 --product P --serials ...',
      footer: (n) => `${count(transfers.length, 'transfer')}.` + (n !== transfers.length ? ` (${count(n, 'line')})` : ''),
    },
  );
}
