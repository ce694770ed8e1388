// serials trace <serial>: a unit's genealogy (RULES.md M-5, E-2) — what it is made of,
// recursively, each component with where it came from; the units it went into, up to the
// shipment and customer or the warehouse the top one is in; and the links disassemblies
// closed. A serial no product has, or one several products have without --product, is an
// error (exit 1).
//
// The tree (the default) fits the terminal, 80 columns when not one; --json (or --format
// json) prints the object of schemas/trace.schema.json.

import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { traceSerial } from '../../../core/reports/trace.js';
import { parseFlags, z } from '../../input/validate.js';
import { traceJson, traceLines } from '../../families/trace.js';

export const spec: CommandSpec = {
  noun: 'trace',
  args: '<serial>',
  summary: 'what a unit is made of and where it went, at every level',
  details:
    'Shows the unit, its components as a tree (each with its supplier and purchase order, or the assembly that built it), ' +
    'the units it was built into up to the shipment and customer, and the links earlier disassemblies closed.',
  flags: [{ flags: '--product <code>', description: 'the product, when the same text is a serial of several' }],
  formats: ['tree', 'json'],
  examples: ['serials trace PUMP-0001', 'serials trace SN-0001 --product MOTOR', 'serials trace PUMP-0001 --json'],
};

const flags = () => z.object({ product: z.optional(z.string()) });

export async function run(ctx: Context): Promise<void> {
  const { product } = parseFlags(flags(), ctx.opts);
  const [serial = ''] = ctx.args;
  const format = ctx.format();
  const trace = await ctx.withLedger((db) => traceSerial(db, { serial, product }));
  if (format === 'json') return ctx.out.json(traceJson(trace));
  const width = process.stdout.isTTY ? (process.stdout.columns ?? 80) : 80;
  const [first = '', ...rest] = traceLines(trace, width);
  ctx.out.line(ctx.out.color.bold(first));
  for (const line of rest) ctx.out.line(line);
}
