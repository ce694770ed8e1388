import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { disassemble } from '../../../core/assemblies/disassemble.js';
import { COMPONENT, componentSerials, disassemblyJson, disassemblySentence } from '../../families/assemblies.js';
import { serialsFromFlags } from '../../input/serials.js';
import { parseFlags, quantityText, z } from '../../input/validate.js';
import { presentResult } from '../../render/present.js';

export const spec: CommandSpec = {
  noun: 'disassemble',
  args: '<product>',
  summary: 'take units of a product apart into its bill of materials; their components return to stock',
  details:
    'The units leave stock; each serialized component comes back as the serials that went into that unit when it was ' +
    'assembled. For a part replaced since (under warranty, say), give the serials that come out instead with ' +
    '--component CODE=<serials> (every unit\'s, in unit order).',
  flags: [
    { flags: '--warehouse <code>', description: 'the units are taken apart in this warehouse', required: true },
    { flags: '--qty <n>', description: 'units to take apart (default: the number of serials)' },
    { flags: '--component <code=serials>', description: 'the serials of a component that come out instead of those recorded (repeat per component)', repeatable: true },
    ...SERIAL_FLAGS,
    { flags: '--number <number>', description: 'use this number instead of the next DA-00000001, DA-00000002, …' },
  ],
  examples: ['serials disassemble BIKE --warehouse MAIN --serials B-01', 'serials disassemble BIKE --warehouse MAIN --serials B-02 --component WHEEL=W-03,W-99   # W-99 replaced W-04'],
};

const flags = () =>
  z.object({
    warehouse: z.string(),
    qty: z.optional(quantityText),
    component: z.array(z.string().check(z.regex(COMPONENT, 'expected CODE=SERIALS, e.g. WHEEL=W-1,W-2'))),
    number: z.optional(z.string()),
  });

export async function run(ctx: Context): Promise<void> {
  const [product = ''] = ctx.args;
  const f = parseFlags(flags(), { ...ctx.opts, component: ctx.opts.component ?? [] });
  const components = componentSerials(f.component);
  // without serials, the ledger says what is missing (with every other problem, exit 1)
  const serials = (await serialsFromFlags(ctx)) ?? [];
  const d = await ctx.withLedger((db) => disassemble(db, { product, warehouse: f.warehouse, quantity: f.qty, serials, components, number: f.number }, { serials: ctx.json }), { write: true });
  presentResult(ctx, disassemblyJson(d), [disassemblySentence(d)]);
}
