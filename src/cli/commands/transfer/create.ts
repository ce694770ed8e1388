import { checkTransferEnds, createTransfer } from '../../../core/stock/transfers.js';
import { isSerialized } from '../../../core/master-data/products.js';
import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { movedSummary, transferLineJson } from '../../families/transfers.js';
import { gatherSerials, scanCheck } from '../../input/serials.js';
import { parseFlags, quantityText, z } from '../../input/validate.js';
import { presentResult } from '../../render/present.js';

export const spec: CommandSpec = {
  noun: 'transfer',
  verb: 'create',
  summary: 'move stock from one warehouse to another (serials stay the same units)',
  details:
    'Give one product with --product and its serials (or --qty for a product that is not serialized), several products ' +
    'from a --serials-file CSV with Product Code and Serial Number columns, or --line PRODUCT:QTY for each product that is ' +
    'not serialized. At a terminal, a serialized --product without serials opens the scanner prompt.',
  flags: [
    { flags: '--from <warehouse>', description: 'source warehouse', required: true },
    { flags: '--to <warehouse>', description: 'destination warehouse', required: true },
    { flags: '--product <code>', description: 'product (or a CSV with a Product Code column)' },
    { flags: '--qty <n>', description: 'quantity (default: number of serials; decimals only for non-serialized products)' },
    { flags: '--line <product:qty>', description: 'a product that is not serialized and its quantity (repeat for more)', repeatable: true },
    ...SERIAL_FLAGS,
  ],
  examples: [
    'serials transfer create --from MAIN --to BACK --product WIDGET --serials W-0001..W-0010',
    'serials transfer create --from MAIN --to BACK --serials-file moving.csv   # Product Code,Serial Number',
    'serials transfer create --from MAIN --to BACK --line CABLE:2.5 --line SCREWS:100',
  ],
};

const LINE = /^([^:]+):(\s*\d+(?:\.\d+)?\s*)$/;

const flags = () =>
  z.object({
    from: z.string(),
    to: z.string(),
    product: z.optional(z.string()),
    qty: z.optional(quantityText),
    line: z.array(z.string().check(z.regex(LINE, 'expected PRODUCT:QTY, e.g. CABLE:2.5'))),
  });

export async function run(ctx: Context): Promise<void> {
  const f = parseFlags(flags(), { ...ctx.opts, line: ctx.opts.line ?? [] });
  const lines = f.line.map((l, i) => {
    const m = LINE.exec(l) as RegExpExecArray;
    return { product: (m[1] ?? '').trim(), quantity: (m[2] ?? '').trim(), source: `--line ${i + 1}` };
  });
  const product = f.product;
  const serialized = product !== undefined && (await ctx.withLedger((db) => isSerialized(db, product)));
  // a whole --qty of a serialized product is how many the scanner prompt counts to
  const units = f.qty === undefined ? undefined : Number(f.qty);
  const whole = units === undefined || Number.isInteger(units);
  const serials = await gatherSerials(ctx, {
    allowed: ['product'],
    // without a terminal, a quantity with no serials is the transfer's own problem (exit 1), said with the rest
    required: serialized && (f.qty === undefined || (ctx.interactive && whole)),
    prompt: `Serials of ${product ?? ''} to transfer from ${f.from} to ${f.to}:`,
    needed: units,
    check: async () => {
      await ctx.withLedger((db) => checkTransferEnds(db, f.from, f.to));
      return scanCheck(ctx, product ?? '', f.from, 'out')();
    },
  });
  // scanned: the prompt may have ended short by choice, and the quantity is what was scanned
  const scanned = serials.length > 0 && ctx.opts.serials === undefined && ctx.opts.serialsFile === undefined;
  const quantity = scanned ? undefined : f.qty;
  const t = await ctx.withLedger((db) => createTransfer(db, { from: f.from, to: f.to, product, quantity, serials, lines }, { serials: ctx.json }), { write: true });
  presentResult(ctx, { number: t.number, from: t.from, to: t.to, lines: t.lines.map(transferLineJson) }, [
    `Transfer ${t.number}: moved ${movedSummary(t.lines)} from ${t.from} to ${t.to}.`,
  ]);
}
