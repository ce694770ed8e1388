// The JSON contract (DESIGN.md, README "JSON output"): every command's --json output has a
// JSON Schema in schemas/<noun>/<verb>.schema.json (schemas/<noun>.schema.json for a
// command without a verb). Tests run the real command and check what it printed.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { expect } from 'vitest';
import type { CliResult } from './ledger.js';

const ROOT = join(import.meta.dirname, '..', '..');
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(s) && !Number.isNaN(Date.parse(s)));
const compiled = new Map<string, ValidateFunction>();

/** The schema file of a command, e.g. ['po', 'show'] → schemas/po/show.schema.json. */
export function schemaPath(command: readonly string[]): string {
  return join(ROOT, 'schemas', ...command.slice(0, -1), `${command[command.length - 1]}.schema.json`);
}

function validator(command: readonly string[]): ValidateFunction {
  const key = command.join(' ');
  let v = compiled.get(key);
  if (!v) {
    const path = schemaPath(command);
    if (!existsSync(path)) throw new Error(`no JSON Schema for "serials ${key}": expected ${path}`);
    v = ajv.compile(JSON.parse(readFileSync(path, 'utf8')));
    compiled.set(key, v);
  }
  return v;
}

/** Asserts that `value` matches the command's schema, naming every mismatch. */
export function expectMatchesSchema(command: readonly string[], value: unknown): void {
  const validate = validator(command);
  const valid = validate(value);
  const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  expect(problems, `serials ${command.join(' ')} --json does not match its schema`).toEqual([]);
  expect(valid).toBe(true);
}

/** The command's stdout parsed, after checking it against the schema. */
export function contract<T = any>(command: readonly string[], r: CliResult): T { // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(r.status, `serials ${command.join(' ')} failed: ${r.stderr}`).toBe(0);
  const value = JSON.parse(r.stdout) as T;
  expectMatchesSchema(command, value);
  return value;
}

/** The error object (`{"error": …}` on stderr) against the shared error schema. */
export function expectErrorContract(r: CliResult): { code: string; message: string; fix: string; details: unknown } {
  const value = JSON.parse(r.stderr.trim().split('\n').pop() as string) as { error: { code: string; message: string; fix: string; details: unknown } };
  expectMatchesSchema(['error'], value);
  return value.error;
}
