import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { shipSalesOrder } from '../../../core/sales/shipments.js';
import { presentShipment } from '../../families/shipment-result.js';
import { shipmentScanPlan, shipmentScanSerial, type ShipmentScanPlan } from '../../../core/sales/shipment-scan.js';
import { toNumber } from '../../../core/values/quantity.js';
import { serialsFromFlags, type GatheredSerial } from '../../input/serials.js';
import type { ScanSpec } from '../../input/scanner.js';
import { parseFlags, quantityText, z } from '../../input/validate.js';
import { presentResult } from '../../render/present.js';
import { count, listed } from '../../render/words.js';
import { grouped } from '../../../core/values/words.js';

export const spec: CommandSpec = {
  noun: 'so',
  verb: 'ship',
  args: '<so>',
  summary: 'ship all outstanding (or --product/--qty) of an order: assigned serials first, then those given (asked for on a terminal); dispatched at once unless --park',
  flags: [
    { flags: '--product <code>', description: 'ship only this product line' },
    { flags: '--qty <n>', description: 'quantity of that line (default: all outstanding)' },
    { flags: '--park', description: 'create the shipment without dispatching it (serials stay available)' },
    ...SERIAL_FLAGS,
  ],
  examples: [
    'serials so ship SO-00000001',
    'serials so ship SO-00000001 --product WIDGET --qty 2 --serials W-0007,W-0008',
    'serials so ship SO-00000001 --serials-file shipment.csv --park   # Product Code,Serial Number',
    'serials so ship SO-00000001   # scan the rest on a terminal: empty line ends, Ctrl-Z undoes, Ctrl-C aborts',
  ],
};

const flagsSchema = () => z.object({ product: z.optional(z.string()), qty: z.optional(quantityText) });

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const flags = parseFlags(flagsSchema(), ctx.opts);
  let park = ctx.opts.park === true;
  // serials beyond the assigned ones are optional here: the shipment says which are missing
  let serials = await serialsFromFlags(ctx, ['product']);
  const quantities: { product: string; quantity: string }[] = [];
  if (serials === undefined) {
    serials = [];
    if (ctx.interactive) {
      // everything that does not depend on the serials is refused now, before the prompt opens
      const plan = await ctx.withLedger((db) => shipmentScanPlan(db, { salesOrder: number, product: flags.product, quantity: flags.qty }));
      if (plan.lines.length) {
        const scanned = await scan(ctx, plan, park);
        serials = scanned.serials;
        if (scanned.park) park = true;
        // "ship what was scanned": those lines ship as many as were counted
        else for (const q of scanned.quantities) quantities.push(q);
      }
    }
  }
  const given = serials;
  const r = await ctx.withLedger((db) => shipSalesOrder(db, { salesOrder: number, product: flags.product, quantity: flags.qty, serials: given, park, quantities }), { write: true });
  presentShipment(ctx, r);
}

/** The prompt, one serialized line after the other through one reader. */
async function scan(ctx: Context, plan: ShipmentScanPlan, parking: boolean) {
  const { scanSession } = await import('../../input/scanner.js');
  const so = plan.salesOrder.number;
  const specs = plan.lines.map((line, i): ScanSpec => {
    const more = i < plan.lines.length - 1 ? ', then go on to the next product' : '';
    const carried = line.carried.length;
    return {
      label: parking
        ? `Parking a shipment of ${line.product.code} on ${so} for ${plan.customer} from ${plan.warehouse.code}: up to ${grouped(line.units)} serials now; the rest can be assigned before dispatch.`
        : `Shipping ${line.product.code} on ${so} to ${plan.customer} from ${plan.warehouse.code}: ${grouped(line.units)} needed.`,
      product: line.product.code,
      needed: line.units,
      counted: line.carried,
      countedNote: `assigned to ${so}`,
      overHint: carried ? `${count(carried, 'serial')} assigned to ${so} ${carried === 1 ? 'is' : 'are'} counted: unassign one to ship another in its place` : undefined,
      check: async (text) => {
        const verdict = await ctx.withLedger((db) => shipmentScanSerial(db, plan, line, text));
        if (!verdict.ok) return verdict.reason;
        const others = verdict.alsoAssignedTo;
        const parked = verdict.parkedElsewhere.map((p) => `${p.shipment} of ${p.salesOrder}`);
        const warnings = [
          ...(others.length ? [`assigned to open order ${listed(others)} too; shipping it here takes it from ${others.length === 1 ? 'that order' : 'those orders'}`] : []),
          ...(parked.length ? [`on parked shipment ${listed(parked)}, which cannot be dispatched with it then`] : []),
        ];
        return { text: verdict.text, note: verdict.assignedHere ? `assigned to ${so}` : undefined, warning: warnings.length ? warnings.join('; ') : undefined };
      },
      // a parked shipment may be short: the rest is assigned before dispatch
      short: parking
        ? undefined
        : {
            take: {
              key: 's',
              word: 'ship',
              describe: (n, missing) => `ship these ${grouped(n)}${more}; ${grouped(missing)} ${missing === 1 ? 'stays' : 'stay'} outstanding on ${so}`,
            },
            park: {
              key: 'p',
              word: 'park',
              describe: (n, missing) => `park the shipment with these ${grouped(n)}; assign the other ${grouped(missing)} before dispatch`,
            },
          },
    };
  });
  const outcomes = await scanSession(ctx, specs);
  const serials: GatheredSerial[] = [];
  const quantities: { product: string; quantity: string }[] = [];
  for (const [i, o] of outcomes.entries()) {
    for (const s of o.serials) serials.push(s);
    const line = plan.lines[i];
    if (line && o.ending === 'short' && !parking) quantities.push({ product: line.product.code, quantity: String(o.counted) });
  }
  return { serials, quantities, park: outcomes.some((o) => o.ending === 'park') };
}
