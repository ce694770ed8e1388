import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { assemble, assemblyTarget, type AssembleInput, type MappingRow } from '../../../core/assemblies/assemble.js';
import { QUANTITY_SCALE } from '../../../core/values/quantity.js';
import { serialKey } from '../../../core/values/serial-text.js';
import { assemblyJson, assemblySentence, COMPONENT, componentSerials, mappingOfText } from '../../families/assemblies.js';
import { scanCheck, serialsFromFlags, type GatheredSerial, type SerialCheck } from '../../input/serials.js';
import type { Scanner } from '../../input/scanner.js';
import { parseFlags, quantityText, z } from '../../input/validate.js';
import { presentResult } from '../../render/present.js';
import { reportReturning } from '../../render/returning.js';
import { grouped } from '../../../core/values/words.js';

export const spec: CommandSpec = {
  noun: 'assemble',
  args: '<product>',
  summary: "make units of a product from its bill of materials, recording each unit's component serials",
  details:
    'Components leave --warehouse; the units enter --to (default: the same warehouse). Give one new serial per unit ' +
    'with --serials, and each serialized component\'s serials with --component CODE=<serials>: they go to the units in ' +
    'the order listed. Or give a --serials-file with the columns Assembled Serial, Component Code, Component Serial to ' +
    'say which serial goes into which unit. At a terminal, without serials, the scanner prompt asks for each unit\'s ' +
    "serial and then its components' serials. --park checks and holds everything now and moves stock on " +
    '`assembly complete`.',
  flags: [
    { flags: '--warehouse <code>', description: 'the components leave this warehouse', required: true },
    { flags: '--to <code>', description: 'the units enter this warehouse (default: --warehouse)' },
    { flags: '--qty <n>', description: 'units to make (default: the number of unit serials)' },
    { flags: '--component <code=serials>', description: "a component's serials, e.g. WHEEL=W-01..W-04 (repeat per component)", repeatable: true },
    ...SERIAL_FLAGS,
    { flags: '--number <number>', description: 'use this number instead of the next AS-00000001, AS-00000002, …' },
    { flags: '--park', description: 'check and hold it now; move stock later with assembly complete' },
  ],
  examples: [
    'serials assemble BIKE --qty 2 --warehouse MAIN --serials B-01,B-02 --component FRAME=FR-01,FR-02 --component WHEEL=W-01..W-04',
    'serials assemble BIKE --warehouse MAIN --serials-file build.csv   # Assembled Serial,Component Code,Component Serial',
    'serials assemble BIKE --qty 5 --warehouse MAIN   # at a terminal: scan each unit, then its parts',
  ],
};

const flags = () =>
  z.object({
    warehouse: z.string(),
    to: z.optional(z.string()),
    qty: z.optional(quantityText),
    component: z.array(z.string().check(z.regex(COMPONENT, 'expected CODE=SERIALS, e.g. FRAME=FR-1,FR-2'))),
    number: z.optional(z.string()),
  });

export async function run(ctx: Context): Promise<void> {
  const [product = ''] = ctx.args;
  const f = parseFlags(flags(), { ...ctx.opts, component: ctx.opts.component ?? [] });
  const components = componentSerials(f.component);
  let mapping: MappingRow[] | undefined;
  const units = await serialsFromFlags(ctx, [], (text, name, problems) => (mapping = mappingOfText(text, name, problems)) !== undefined);
  const input: AssembleInput = { product, quantity: f.qty, warehouse: f.warehouse, to: f.to, serials: units ?? [], components, mapping, number: f.number, park: ctx.opts.park === true };
  // nothing given at a terminal: each unit and its parts are scanned (a whole --qty, or asked)
  if (units === undefined && components.length === 0 && ctx.interactive && (f.qty === undefined || Number.isInteger(Number(f.qty)))) {
    const target = await ctx.withLedger((db) => assemblyTarget(db, input));
    if (target.serialized) {
      const scanned = await scan(ctx, target, input, f.qty === undefined ? undefined : Number(f.qty));
      Object.assign(input, { quantity: undefined, serials: scanned.units, mapping: scanned.mapping });
    }
  }
  const r = await ctx.withLedger((db) => assemble(db, input, { units: ctx.json }), { write: true });
  reportReturning(ctx, r.returning);
  presentResult(ctx, assemblyJson(r), [assemblySentence(r)]);
}

type Target = Awaited<ReturnType<typeof assemblyTarget>>;

/**
 * The scanner prompt: per unit, its new serial (it must be able to enter the destination),
 * then each serialized component's serials for it (they must be in stock in the source),
 * through one reader. An empty line at a unit's prompt ends with the units scanned so far.
 */
async function scan(ctx: Context, target: Target, input: AssembleInput, qty: number | undefined): Promise<{ units: GatheredSerial[]; mapping: MappingRow[] }> {
  const { openScanner, scanOne } = await import('../../input/scanner.js');
  const parts = target.lines.filter((l) => l.serialized).map((l) => ({ product: l.product, per: l.perUnitE4 / QUANTITY_SCALE }));
  const from = input.warehouse;
  const to = input.to ?? input.warehouse;
  // what each serial is checked against is looked up once; a bad product or warehouse fails here
  const unitCheck = await scanCheck(ctx, target.product, to, 'in')();
  const partChecks = new Map<string, SerialCheck>();
  for (const p of parts) partChecks.set(p.product, await scanCheck(ctx, p.product, from, 'out')());
  // a serial taken for an earlier unit is refused for the next (the prompt refuses one twice within a unit itself)
  const taken = new Map<string, number>();
  const once = (product: string, check: SerialCheck): SerialCheck => async (text) => {
    const earlier = taken.get(`${product}\n${serialKey(text.trim())}`);
    return earlier === undefined ? check(text) : `${text} is already scanned for unit ${earlier}`;
  };
  const units: GatheredSerial[] = [];
  const mapping: MappingRow[] = [];
  const scanner = openScanner();
  try {
    const n = qty ?? (await askQuantity(scanner, target.product));
    const where = to === from ? `in ${to}` : `in ${to} from parts in ${from}`;
    scanner.say(`Assembling ${grouped(n)} ${target.product} ${where}: scan each unit's serial, then its parts' serials (${parts.map((p) => `${p.per} ${p.product}`).join(', ') || 'none serialized'}).`);
    for (let u = 1; u <= n; u++) {
      const of = `Unit ${grouped(u)} of ${grouped(n)}`;
      const made = await scanOne(ctx, scanner, { label: '', product: target.product, needed: 1, endWhenAll: true, prompt: () => `${of} — ${target.product} serial: `, check: once(target.product, unitCheck) }, { help: u === 1, several: false });
      const [unit] = made.serials;
      // an empty line instead of a unit: done, with the units scanned so far
      if (!unit) break;
      const source = `scanned unit ${u}`;
      taken.set(`${target.product}\n${serialKey(unit.raw.trim())}`, u);
      units.push({ raw: unit.raw, source });
      for (const p of parts) {
        const got = await scanOne(
          ctx,
          scanner,
          { label: '', product: p.product, needed: p.per, endWhenAll: true, short: {}, prompt: (k) => `${of} — ${p.product} ${k + 1} of ${p.per}: `, check: once(p.product, partChecks.get(p.product) as SerialCheck) },
          { help: false, several: false },
        );
        for (const s of got.serials) {
          taken.set(`${p.product}\n${serialKey(s.raw.trim())}`, u);
          mapping.push({ unit: { raw: unit.raw, source }, product: p.product, serial: { raw: s.raw, source } });
        }
      }
    }
  } finally {
    scanner.close();
  }
  return { units, mapping };
}

/** How many units, asked on the scanner's own reader. */
async function askQuantity(scanner: Scanner, product: string): Promise<number> {
  scanner.setPrompt(`How many ${product} to assemble? `);
  for (;;) {
    const input = await scanner.read();
    const answer = input.kind === 'line' ? input.text.trim() : '';
    if (/^[1-9]\d{0,5}$/.test(answer)) return Number(answer);
    scanner.say('  Type a whole number of units, e.g. 5 (Ctrl-C aborts).', { bell: true });
  }
}
