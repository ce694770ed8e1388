// The house rules of DESIGN.md (Layout), checked on the source: data flows bin → cli → core →
// db; `db` and `io` import nothing from `core` or `cli`; `cli` holds no SQL; `core` never
// prints; no core module grows past about 300 lines; the document registry is whole.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES } from '../../src/core/documents/registry.js';
import { LEDGER_TABLES } from '../../src/db/schema-objects.js';

const SRC = join(__dirname, '..', '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** The source files under src/<area>, with what each imports (resolved to src-relative paths). */
function area(name: string): { file: string; text: string; imports: string[] }[] {
  return sources(join(SRC, name)).map((path) => {
    const text = readFileSync(path, 'utf8');
    const imports = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => relative(SRC, resolve(dirname(path), m[1] as string)));
    return { file: relative(SRC, path), text, imports };
  });
}

/** Source text without comments, so that a comment naming a rule does not count as breaking it. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

describe('layering (DESIGN.md Layout)', () => {
  it('src/db and src/io import nothing from src/core or src/cli', () => {
    const wrong = [...area('db'), ...area('io')].flatMap((f) => f.imports.filter((i) => i.startsWith('core/') || i.startsWith('cli/')).map((i) => `${f.file} imports ${i}`));
    expect(wrong).toEqual([]);
  });

  it('src/core imports nothing from src/cli', () => {
    const wrong = area('core').flatMap((f) => f.imports.filter((i) => i.startsWith('cli/')).map((i) => `${f.file} imports ${i}`));
    expect(wrong).toEqual([]);
  });

  it('src/cli holds no SQL: queries are built in core (or the db seam)', () => {
    const sqlish = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto)\(|\bsql`|\bsql\.(raw|ref|table|lit)\(/;
    const wrong = area('cli').filter((f) => sqlish.test(code(f.text))).map((f) => f.file);
    expect(wrong).toEqual([]);
  });

  it('src/core never prints or ends the process', () => {
    const prints = /\bconsole\.|process\.(stdout|stderr|exit|exitCode)|from 'chalk'/;
    const wrong = area('core').filter((f) => prints.test(code(f.text))).map((f) => f.file);
    expect(wrong).toEqual([]);
  });

  it('SQLite stays behind the db seam: core and cli name no SQLite driver', () => {
    const engine = /better-sqlite3|sqlite-driver|PRAGMA|SQLITE_/i;
    const wrong = [...area('core'), ...area('cli')].filter((f) => engine.test(code(f.text))).map((f) => f.file);
    expect(wrong).toEqual([]);
  });

  it('no file under src/core is longer than about 300 lines', () => {
    const long = area('core')
      .map((f) => ({ file: f.file, lines: f.text.split('\n').length }))
      .filter((f) => f.lines > 310);
    expect(long).toEqual([]);
  });
});

describe('document-type registry', () => {
  it('every document type has its own prefix and table, and its table is one the migrations create', () => {
    const prefixes = DOCUMENT_TYPES.map((d) => d.prefix);
    const tables = DOCUMENT_TYPES.map((d) => d.table);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    expect(new Set(tables).size).toBe(tables.length);
    for (const t of tables) expect(LEDGER_TABLES).toContain(t);
  });

  it('a document that belongs to an order names an order type that is in the registry, and takes its party from somewhere it has', () => {
    for (const d of DOCUMENT_TYPES) {
      if (d.order) expect(DOCUMENT_TYPES.map((o) => o.type)).toContain(d.order.type);
      if (d.party?.of === 'order') expect(d.order).toBeDefined();
    }
  });
});
