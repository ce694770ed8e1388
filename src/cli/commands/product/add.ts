import { addProduct } from '../../../core/master-data/products.js';
import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { presentResult } from '../../render/present.js';

export const spec: CommandSpec = {
  noun: 'product',
  verb: 'add',
  args: '<code>',
  summary: 'add a product',
  flags: [
    { flags: '--description <text>', description: 'description' },
    { flags: '--serialized', description: 'track each unit by serial number (needs serial tracking enabled)' },
    { flags: '--never-diminishing', description: 'stock is never reduced (e.g. a service); cannot be serialized' },
  ],
  examples: ['serials product add WIDGET --description "Blue widget" --serialized', 'serials product add LABOUR --never-diminishing'],
};

export async function run(ctx: Context): Promise<void> {
  const [code = ''] = ctx.args;
  const p = await ctx.withLedger(
    (db) =>
      addProduct(db, {
        code,
        description: ctx.opts.description as string | undefined,
        serialized: ctx.opts.serialized === true,
        neverDiminishing: ctx.opts.neverDiminishing === true,
      }),
    { write: true },
  );
  presentResult(ctx, { code: p.code, description: p.description, serialized: p.serialized, neverDiminishing: p.neverDiminishing }, [
    `Added product ${p.code}${p.serialized ? ' (serialized)' : ''}${p.neverDiminishing ? ' (never diminishing)' : ''}.`,
  ]);
}
