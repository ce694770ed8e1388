// One error boundary (issue 10, point 1; DESIGN.md Errors): main.ts alone sets the exit code,
// every error is rendered by src/cli/fail.ts, and no command reports an error itself and
// hands back a ready-made exit code.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..', '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Source text without comments, so that a comment naming what is forbidden does not count. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

const files = sources(SRC).map((path) => ({ file: relative(SRC, path), text: code(readFileSync(path, 'utf8')) }));

describe('exit codes', () => {
  it('only src/cli/main.ts ends the process or sets its exit code', () => {
    const setters = /\bprocess\s*\.\s*(exit\s*\(|exitCode\b)|\bprocess\s*\[\s*['"]exit/;
    const wrong = files.filter((f) => f.file !== join('cli', 'main.ts') && setters.test(f.text)).map((f) => f.file);
    expect(wrong).toEqual([]);
    // and main.ts does (the test would pass vacuously if it moved)
    expect(files.find((f) => f.file === join('cli', 'main.ts'))?.text).toMatch(/process\.exitCode = /);
  });

  it('no command reports an error itself: there is no "already reported" error to throw', () => {
    const wrong = files.filter((f) => /\bReported\b/.test(f.text)).map((f) => f.file);
    expect(wrong).toEqual([]);
  });
});
