import { scanCount, type ScanResult } from '../../../core/counts/scans.js';
import { checkCountScan, prepareCountScan, type ScanFinding } from '../../../core/counts/scan-check.js';
import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { serialBatches } from '../../input/serial-batches.js';
import { gatherSerials, noSerialsGiven, type GatheredSerial, type PrepareCheck, type ScanVerdict } from '../../input/serials.js';
import { parseFlags, z } from '../../input/validate.js';
import { presentResult } from '../../render/present.js';
import { count } from '../../render/words.js';
import type { Problem } from '../../../errors.js';
import { grouped } from '../../../core/values/words.js';

export const spec: CommandSpec = {
  noun: 'count',
  verb: 'scan',
  args: '<count>',
  summary: 'record serials found on the shelf (a scanner prompt at a terminal)',
  details:
    'Without --product each serial goes to the count\'s product that expects it, else the one it is known as; a serial two products have ' +
    'is asked about at the prompt and is an error otherwise (give --product, or a file with Product Code and Serial Number columns). ' +
    'A serial scanned again is recorded as scanned twice, not counted twice. Unexpected and wrong-place serials are taken: ' +
    'they are findings, shown by serials count variance. Nothing is written unless every serial given is good.',
  flags: [{ flags: '--product <code>', description: 'the product of every serial given (default: each is matched to the count\'s products)' }, ...SERIAL_FLAGS],
  examples: [
    'serials count scan SC-00000001                                # scanner prompt',
    'serials count scan SC-00000001 --serials-file shelf-a.txt',
    'serials count scan SC-00000001 --product WIDGET --serials W-0001..W-0040',
  ],
};

const flags = () => z.object({ product: z.optional(z.string()) });

/** What the prompt says of a scan: the product, and what it is found to be. */
function said(f: ScanFinding): { note?: string; warning?: string } {
  const twice = f.scannedBefore > 0 ? ' — already scanned: recorded as scanned twice, counted once' : '';
  if (f.situation === 'expected') return { note: `${f.product}${twice}` };
  if (f.situation === 'wrong_place') return { note: f.product + twice, warning: `not expected here: available in ${f.warehouse} (wrong place; completing moves it here)` };
  const what = f.status === undefined ? 'not in the ledger' : `${f.status} in the ledger`;
  return { note: f.product + twice, warning: `not expected here: ${what} (unexpected; completing adds it)` };
}

function promptCheck(ctx: Context, number: string, product: string | undefined): PrepareCheck {
  return async () => {
    await ctx.withLedger((db) => prepareCountScan(db, number, product));
    return async (text): Promise<ScanVerdict> => {
      const v = await ctx.withLedger((db) => checkCountScan(db, number, text, product));
      if (!v.ok) return v.reason;
      const [only] = v.findings;
      if (only && v.findings.length === 1) return { text: v.text, product: only.product, ...said(only) };
      return {
        text: v.text,
        choose: {
          question: v.known ? `${v.text} is a serial of ${v.findings.map((f) => f.product).join(' and ')}: which is it?` : `${v.text} is not known as any of the count's products: which is it?`,
          options: v.findings.map((f) => {
            const s = said(f);
            return { label: [f.product, s.warning].filter(Boolean).join(' — '), product: f.product, note: [s.note, s.warning].filter(Boolean).join(' — ') };
          }),
        },
      };
    };
  };
}

export async function run(ctx: Context): Promise<void> {
  const [number = ''] = ctx.args;
  const f = parseFlags(flags(), ctx.opts);
  const problems: Problem[] = [];
  let batches: AsyncIterable<GatheredSerial[]> | Iterable<GatheredSerial[]> | undefined = await serialBatches(ctx, ['product'], problems);
  if (batches === undefined) {
    if (!ctx.interactive) throw noSerialsGiven();
    const scanned = await gatherSerials(ctx, {
      required: true,
      prompt: `Serials found for stock count ${number}${f.product ? ` (${f.product})` : ''}:`,
      check: promptCheck(ctx, number, f.product),
      repeats: 'record',
    });
    if (scanned.length === 0) {
      presentResult(ctx, resultJson({ number, scanned: 0, newSerials: 0, repeats: 0, products: [] }), ['Nothing scanned: nothing was written.']);
      return;
    }
    batches = [scanned];
  }
  const input = batches;
  const r = await ctx.withLedger((db) => scanCount(db, { number, product: f.product }, input, problems), { write: true });
  const again = r.repeats ? `; ${grouped(r.repeats)} ${r.repeats === 1 ? 'was' : 'were'} scanned already (recorded as scanned twice, counted once)` : '';
  presentResult(ctx, resultJson(r), [`Scanned ${count(r.scanned, 'serial')} on ${r.number}: ${grouped(r.newSerials)} new${again}.`]);
  if (!ctx.json) ctx.out.note(`See what differs from what was expected: serials count variance ${r.number}`);
}

function resultJson(r: ScanResult) {
  return { number: r.number, scannedCount: r.scanned, newSerialCount: r.newSerials, repeatCount: r.repeats, products: r.products.map((p) => ({ product: p.product, scannedCount: p.scanned })) };
}
