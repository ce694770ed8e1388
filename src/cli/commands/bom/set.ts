import { setBom } from '../../../core/assemblies/boms.js';
import { UsageError } from '../../../errors.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { bomJson, componentsText } from '../../families/boms.js';
import { parseFlags, z } from '../../input/validate.js';
import { presentResult } from '../../render/present.js';
import { count } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'bom',
  verb: 'set',
  args: '<product>',
  summary: "set a product's bill of materials (replaces the one it had)",
  details:
    'Each --component names a component and how many of it make one unit of the product ' +
    '(whole numbers for serialized components). The BOM becomes exactly the components given. ' +
    'A BOM cannot contain its own product, directly or through its components\' BOMs.',
  flags: [{ flags: '--component <code:qty>', description: 'a component and its quantity per unit (repeat for each)', required: true, repeatable: true }],
  examples: ['serials bom set BIKE --component FRAME:1 --component WHEEL:2 --component GREASE:0.05', 'serials bom set BIKE --component FRAME:1 --component WHEEL:2 --json'],
};

const COMPONENT = /^([^:]+):(\s*\d+(?:\.\d+)?\s*)$/;

const flags = () => z.object({ component: z.array(z.string().check(z.regex(COMPONENT, 'expected CODE:QTY, e.g. WHEEL:2 or GREASE:0.05'))) });

export async function run(ctx: Context): Promise<void> {
  const [product = ''] = ctx.args;
  const f = parseFlags(flags(), { component: ctx.opts.component ?? [] });
  if (f.component.length === 0) throw new UsageError('A bill of materials needs at least one --component.', 'Add --component CODE:QTY (repeat for each component).');
  const components = f.component.map((text, i) => {
    const m = COMPONENT.exec(text) as RegExpExecArray;
    return { product: (m[1] ?? '').trim(), quantity: (m[2] ?? '').trim(), source: `--component ${i + 1}` };
  });
  const bom = await ctx.withLedger((db) => setBom(db, { product, components }), { write: true });
  presentResult(ctx, bomJson(bom), [`Set the bill of materials of ${bom.product}: ${count(bom.components.length, 'component')} per unit, ${componentsText(bom)}.`]);
}
