// Flag validation at the boundary (zod/mini: the full zod costs ~60 ms of start-up on this
// machine, zod/mini a few). Every problem with the flags is reported at once, as a usage error.

import { array, enum as oneOf, object, optional, refine, regex, string, type ZodMiniType, type infer as Infer } from 'zod/mini';
import { UsageError } from '../../errors.js';

// Named imports only: a namespace import would defeat tree-shaking and bundle all of zod.
export const z = { array, enum: oneOf, object, optional, refine, regex, string };

const flagName = (path: PropertyKey[]) =>
  '--' +
  String(path[0] ?? '')
    .replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()) +
  (path.length > 1 ? ` #${Number(path[1]) + 1}` : '');

export function parseFlags<T extends ZodMiniType>(schema: T, opts: Record<string, unknown>): Infer<T> {
  const result = schema.safeParse(opts);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `${flagName(i.path)}: ${i.message}`);
  throw new UsageError(lines.join('; '), 'Correct the flags; see --help for the expected forms.');
}

/**
 * A quantity as typed: digits with at most 4 decimals, the ledger's precision (trailing
 * zeros beyond them are harmless: 2.50000 is 2.5). More decimals are a usage error here,
 * like any other malformed quantity, rather than a rejection from the ledger.
 */
export const quantityText = z.string().check(
  z.regex(/^\s*\d+(\.\d+)?\s*$/, 'expected a positive number like 5 or 2.5'),
  z.refine((q) => !/^\s*\d+\.\d{4}0*[1-9]\d*\s*$/.test(q), 'at most 4 decimals (the ledger keeps quantities to 4 decimal places)'),
);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A calendar day as YYYY-MM-DD that exists: 2026-02-30 is refused (Date would roll it over to March). */
export const date = z.string().check(
  z.regex(DAY, 'expected a date as YYYY-MM-DD'),
  z.refine((d) => !DAY.test(d) || new Date(`${d}T00:00:00Z`).toJSON()?.slice(0, 10) === d, 'not a real date (that day does not exist)'),
);
export const positiveInt = z.string().check(z.regex(/^[1-9]\d*$/, 'expected a whole number greater than 0'));
