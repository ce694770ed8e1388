import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { receiptSerials, receivePurchaseOrder, serializedProductsOutstanding, type ReceiptResult } from '../../../core/purchasing/purchase-receipts.js';
import { receiptScanPlan, type ReceiptScanPlan } from '../../../core/purchasing/receipt-scan.js';
import { scanSerial } from '../../../core/ledger/scan-check.js';
import { toNumber } from '../../../core/values/quantity.js';
import { noSerialsGiven, serialsFromFlags, type GatheredSerial } from '../../input/serials.js';
import type { ScanSpec } from '../../input/scanner.js';
import { parseFlags, quantityText, z } from '../../input/validate.js';
import { formatCell, presentResult } from '../../render/present.js';
import { reportReturning } from '../../render/returning.js';
import { count, listed } from '../../render/words.js';
import { grouped } from '../../../core/values/words.js';

export const spec: CommandSpec = {
  noun: 'po',
  verb: 'receive',
  args: '<po>',
  summary: 'receive a purchase order, fully or in part; one new serial per serialized unit',
  flags: [
    { flags: '--product <code>', description: 'receive only this product line' },
    { flags: '--qty <n>', description: 'quantity to receive on that line (default: number of serials, or all outstanding)' },
    ...SERIAL_FLAGS,
  ],
  examples: [
    'serials po receive PO-00000001 --product WIDGET --serials W-0001..W-0010',
    'serials po receive PO-00000001 --serials-file receipt.csv   # Product Code,Serial Number',
    'serials po receive PO-00000001 --product WIDGET   # scan on a terminal: empty line ends, Ctrl-Z undoes, Ctrl-C aborts',
  ],
};

const flagsSchema = () => z.object({ product: z.optional(z.string()), qty: z.optional(quantityText) });

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const flags = parseFlags(flagsSchema(), ctx.opts);
  let serials = await serialsFromFlags(ctx, ['product']);
  let quantity = flags.qty;
  if (serials === undefined) {
    if (ctx.interactive) {
      // everything that does not depend on the serials is refused now, before the prompt opens
      const plan = await ctx.withLedger((db) => receiptScanPlan(db, { purchaseOrder: number, product: flags.product, quantity: flags.qty }));
      const scanned = plan.lines.length ? await scan(ctx, plan) : { serials: [], short: false };
      serials = scanned.serials;
      // ending short receives what was scanned: the quantity is the serials'
      if (scanned.short) quantity = undefined;
    } else {
      const { products } = await ctx.withLedger((db) => serializedProductsOutstanding(db, number, flags.product));
      if (products.length) throw noSerialsGiven();
      serials = [];
    }
  }
  const given = serials;
  const r = await ctx.withLedger(
    async (db) => {
      const receipt = await receivePurchaseOrder(db, { purchaseOrder: number, product: flags.product, quantity, serials: given });
      return { ...receipt, serialLists: await receiptSerials(db, receipt.number) };
    },
    { write: true },
  );
  reportReturning(ctx, r.returning);
  presentResult(ctx, receiptJson(r), [receiptSentence(r)]);
}

/** The prompt, one serialized line after the other through one reader. */
async function scan(ctx: Context, plan: ReceiptScanPlan): Promise<{ serials: GatheredSerial[]; short: boolean }> {
  const { scanSession } = await import('../../input/scanner.js');
  if (plan.byQuantity.length) ctx.out.note(`${listed(plan.byQuantity)} ${plan.byQuantity.length === 1 ? 'is' : 'are'} received by quantity (all outstanding) with the serials scanned.`);
  const specs = plan.lines.map(
    (line): ScanSpec => ({
      label: `Receiving ${line.product.code} on ${plan.purchaseOrder} from ${plan.supplier} into ${plan.warehouse.code}: ${line.needed === line.outstanding ? `${grouped(line.needed)} outstanding` : `${grouped(line.needed)} of the ${grouped(line.outstanding)} outstanding`}.`,
      product: line.product.code,
      needed: line.needed,
      check: async (text) => {
        const verdict = await ctx.withLedger((db) => scanSerial(db, { product: line.product, warehouse: plan.warehouse, direction: 'in' }, text));
        return verdict.ok ? { text: verdict.text, note: verdict.returning } : verdict.reason;
      },
      short: {
        take: {
          key: 'r',
          word: 'receive',
          describe: (n) => {
            const left = line.outstanding - n;
            return `receive these ${grouped(n)}; ${grouped(left)} ${left === 1 ? 'stays' : 'stay'} outstanding on ${plan.purchaseOrder}`;
          },
        },
      },
    }),
  );
  const outcomes = await scanSession(ctx, specs);
  const serials: GatheredSerial[] = [];
  for (const o of outcomes) for (const s of o.serials) serials.push(s);
  return { serials, short: outcomes.some((o) => o.ending === 'short') };
}


/** A receipt with the serials of each product (receiptSerials). */
type Receipt = ReceiptResult & { serialLists: Map<string, string[]> };

export function receiptJson(r: Receipt) {
  return {
    number: r.number,
    purchaseOrder: r.purchaseOrder,
    supplier: r.supplier,
    warehouse: r.warehouse,
    orderCompleted: r.completed,
    lines: r.lines.map((l) => {
      const serials = r.serialLists.get(l.product) ?? [];
      return { product: l.product, quantity: toNumber(l.quantityE4), serials, serialCount: serials.length };
    }),
    returning: r.returning,
  };
}

/** "Received 100,000 serials of WIDGET and 2.5 of CABLE on PO-00000001 into MAIN (receipt PR-00000002)." */
export function receiptSentence(r: ReceiptResult): string {
  const what = r.lines.map((l) => (l.serials ? `${count(l.serials, 'serial')} of ${l.product}` : `${formatCell('quantity', toNumber(l.quantityE4), 'table')} of ${l.product}`));
  return `Received ${listed(what)} on ${r.purchaseOrder} into ${r.warehouse} (receipt ${r.number}).${r.completed ? ` ${r.purchaseOrder} is now completed.` : ''}`;
}
