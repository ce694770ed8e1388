// warehouse|supplier|customer add|list

import { addEntry, listEntries } from '../../core/master-data/directory.js';
import type { DirectoryKind } from '../../core/master-data/lookup.js';
import type { Context } from '../context.js';

export function addAction(kind: DirectoryKind) {
  return async (ctx: Context) => {
    const [code = ''] = ctx.args;
    const entry = await ctx.withLedger((db) => addEntry(db, kind, { code, name: ctx.opts.name as string | undefined }), { write: true });
    if (ctx.json) return ctx.out.json({ code: entry.code, name: entry.name });
    ctx.out.line(`Added ${kind} ${entry.code} (${entry.name}).`);
  };
}

export function listAction(kind: DirectoryKind) {
  return async (ctx: Context) => {
    const rows = await ctx.withLedger((db) => listEntries(db, kind));
    const format = ctx.format();
    if (format === 'json') return ctx.out.json(rows.map((r) => ({ code: r.code, name: r.name })));
    const headers = [`${kind[0]?.toUpperCase()}${kind.slice(1)} Code`, `${kind[0]?.toUpperCase()}${kind.slice(1)} Name`];
    const body = rows.map((r) => [r.code, r.name]);
    if (format === 'csv') return ctx.out.csv(headers, body);
    ctx.out.table(headers, body);
  };
}
