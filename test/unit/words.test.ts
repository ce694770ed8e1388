// Numbers in messages and tables are written as toLocaleString('en') would write them, by
// hand (the first toLocaleString of a process costs 20 to 25 ms of ICU set-up).

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { grouped } from '../../src/io/words.js';

const icu = (n: number, o: { min?: number; max?: number }) => n.toLocaleString('en', { minimumFractionDigits: o.min ?? 0, maximumFractionDigits: o.max ?? 3 });

describe('grouped numbers', () => {
  it('counts, quantities (4 decimals) and money (2) read exactly as the locale writes them', () => {
    const quantity = fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }).map((e4) => e4 / 10_000);
    const money = fc.integer({ min: -1e12, max: 1e12 }).map((c) => c / 1000);
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 2 ** 53 - 1 }), quantity, money), fc.constantFrom({}, { max: 4 }, { min: 2, max: 2 }, { min: 1, max: 1 }), (n, o) => {
        // -0 aside: the locale writes "-0", which is not a number anyone has
        fc.pre(!Object.is(Math.round(n * 10 ** (o.max ?? 3)), -0));
        expect(grouped(n, o)).toBe(icu(n, o));
      }),
      { numRuns: 2000 },
    );
  });

  it('rounds half away from zero on the decimal digits, as the locale does', () => {
    expect(grouped(1.005, { min: 2, max: 2 })).toBe('1.01');
    expect(grouped(-2.5, { max: 0 })).toBe('-3');
    expect(grouped(1234567.5)).toBe('1,234,567.5');
    expect(grouped(-0.0001, { max: 2 })).toBe('0');
  });
});
