// `--line PRODUCT:QTY[:PRICE]` flags of purchase and sales orders.

import type { OrderLineInput } from '../../core/documents/order-lines.js';
import { UsageError } from '../../errors.js';
import { parseFlags, z } from './validate.js';

const LINE = /^([^:]+):(\s*\d+(?:\.\d+)?\s*)(?::(\s*\d+(?:\.\d+)?\s*))?$/;

export function orderFlags(opts: Record<string, unknown>, party: 'supplier' | 'customer', price: 'UNIT_COST' | 'UNIT_PRICE') {
  const schema = z.object({
    [party]: z.string(),
    warehouse: z.string(),
    line: z.array(z.string().check(z.regex(LINE, `expected PRODUCT:QTY or PRODUCT:QTY:${price}, e.g. WIDGET:10:4.50`))),
    number: z.optional(z.string()),
  });
  const flags = parseFlags(schema, { ...opts, line: opts.line ?? [] }) as { warehouse: string; line: string[]; number?: string } & Record<string, string>;
  if (flags.line.length === 0) throw new UsageError('An order needs at least one --line.', `Add --line PRODUCT:QTY[:${price}] (repeat for more lines).`);
  const lines: OrderLineInput[] = flags.line.map((l, i) => {
    const m = LINE.exec(l) as RegExpExecArray;
    return { product: (m[1] ?? '').trim(), quantity: (m[2] ?? '').trim(), unitPrice: m[3] === undefined ? null : Number(m[3]), source: `--line ${i + 1}` };
  });
  return { party: flags[party] as string, warehouse: flags.warehouse, number: flags.number, lines };
}
