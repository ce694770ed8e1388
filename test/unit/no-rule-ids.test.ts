// No rule IDs in what users read: "(PO-2)", "(S-2)" or "(C-1 to C-4)" in a message or in
// help reads like a document number. The rules (RULES.md) are named in comments, where they
// help whoever reads the code; every string literal and template literal in src/ and
// migrations/ — help, messages, fixes, notes — must say what the rule means instead.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const DIRS = ['src', 'migrations'].map((d) => join(ROOT, d));

/**
 * The rule IDs of RULES.md: a letter or two, a hyphen, a number of one or two digits. A
 * document number (PO-00000001) or a serial (SN-0001) has more digits, so it does not count.
 */
const RULE_ID = /\b(?:AB|PO|[ACEFIKMNPRST])-\d{1,2}(?![\d])/g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Every rule ID in a string or template literal of `file` (comments are not literals), as "file:line: …". */
function ruleIdsIn(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    // import and export paths are not shown to anyone
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      for (const match of node.text.matchAll(RULE_ID)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push(`${relative(ROOT, file)}:${line + 1}: ${match[0]} in ${JSON.stringify(node.text.length > 100 ? `${node.text.slice(0, 100)}…` : node.text)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no rule IDs in what users read', () => {
  it('the pattern finds rule IDs and leaves document numbers and serials alone', () => {
    const ids = (text: string) => [...text.matchAll(RULE_ID)].map((m) => m[0]);
    expect(ids('refused (PO-2); see (C-1 to C-4), S-2, AB-1, P-12')).toEqual(['PO-2', 'C-1', 'C-4', 'S-2', 'AB-1', 'P-12']);
    expect(ids('PO-00000001 SO-00000002 SN-0001 W-0042 OLD-42 UTF-8 CN-00000003 S-001')).toEqual([]);
  });

  it('no string or template literal in src/ or migrations/ holds one (comments may)', () => {
    const offenders = DIRS.flatMap(sources).flatMap(ruleIdsIn);
    expect(offenders, `rule IDs in user-visible strings:\n${offenders.join('\n')}`).toEqual([]);
  });
});
