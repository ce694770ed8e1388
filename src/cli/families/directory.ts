// warehouse, supplier and customer add/list: the same commands over three directories.

import { addEntry, listEntries } from '../../core/master-data/directory.js';
import type { DirectoryKind } from '../../core/master-data/lookup.js';
import type { Context } from '../context.js';
import { capitalise, presentList, presentResult, type View } from '../render/present.js';
import { count } from '../render/words.js';

export async function addDirectoryEntry(ctx: Context, kind: DirectoryKind): Promise<void> {
  const [code = ''] = ctx.args;
  const entry = await ctx.withLedger((db) => addEntry(db, kind, { code, name: ctx.opts.name as string | undefined }), { write: true });
  presentResult(ctx, { code: entry.code, name: entry.name }, [`Added ${kind} ${entry.code} (${entry.name}).`]);
}

export async function listDirectory(ctx: Context, kind: DirectoryKind): Promise<void> {
  const rows = await ctx.withLedger((db) => listEntries(db, kind));
  const Kind = capitalise(kind);
  // the import's own headers, so that a CSV export reads straight back in
  const view: View<(typeof rows)[number]> = {
    columns: [
      { header: `${Kind} Code`, kind: 'code', value: (r) => r.code },
      { header: `${Kind} Name`, kind: 'text', value: (r) => r.name },
    ],
    json: (r) => ({ code: r.code, name: r.name }),
  };
  await presentList(ctx, rows, view, { empty: `No ${kind}s yet. Add one with: serials ${kind} add CODE --name "Name"`, footer: (n) => count(n, kind) + '.' });
}
