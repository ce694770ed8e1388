import { describe, expect, it } from 'vitest';
import { formatQuantity, isExact, isWhole, MAX_EXACT_E4, parseQuantity, QUANTITY_SCALE, toNumber, unitsToE4 } from '../../src/core/values/quantity.js';

function e4(text: string): number {
  const r = parseQuantity(text);
  if (!r.ok) throw new Error(`${text} was rejected: ${r.reason}`);
  return r.e4;
}

function reason(text: string): string {
  const r = parseQuantity(text);
  if (r.ok) throw new Error(`${text} was accepted as ${r.e4}`);
  return r.reason;
}

describe('parseQuantity', () => {
  it('P-3: parses whole numbers into ten-thousandths', () => {
    expect(QUANTITY_SCALE).toBe(10_000);
    expect(e4('5')).toBe(50_000);
    expect(e4('1')).toBe(10_000);
    expect(e4(' 12 ')).toBe(120_000);
  });

  it('P-3: parses up to four decimal places exactly', () => {
    expect(e4('2.5')).toBe(25_000);
    expect(e4('0.0001')).toBe(1);
    expect(e4('1.2345')).toBe(12_345);
    // 0.1 + 0.2 style drift cannot happen
    expect(e4('0.1') + e4('0.2')).toBe(e4('0.3'));
  });

  it('P-3: accepts extra trailing zeros beyond four places, rejects real fifth decimals', () => {
    expect(e4('1.50000')).toBe(15_000);
    expect(reason('1.00001')).toMatch(/more than 4 decimal places/);
  });

  it('P-3: rejects zero and negative quantities', () => {
    expect(reason('0')).toMatch(/greater than zero/);
    expect(reason('0.0000')).toMatch(/greater than zero/);
    expect(reason('-1')).toMatch(/is not a quantity/);
  });

  it('P-3: rejects text that is not a plain decimal number', () => {
    for (const bad of ['', 'abc', '1e3', '.5', '5.', '1,5', '+2', '1 2', '0x10']) {
      expect(reason(bad), bad).toMatch(/is not a quantity/);
    }
  });

  it('P-3: rejects quantities too large to hold exactly', () => {
    expect(e4('900719925474')).toBe(9_007_199_254_740_000);
    expect(reason('900719925475')).toMatch(/too large/);
    expect(reason('99999999999999999999')).toMatch(/too large/);
  });
});

describe('quantity helpers', () => {
  it('P-3: isWhole tells whole units from fractions', () => {
    expect(isWhole(30_000)).toBe(true);
    expect(isWhole(0)).toBe(true);
    expect(isWhole(-20_000)).toBe(true);
    expect(isWhole(25_000)).toBe(false);
    expect(isWhole(1)).toBe(false);
  });

  it('P-3: unitsToE4 and toNumber convert both ways', () => {
    expect(unitsToE4(3)).toBe(30_000);
    expect(toNumber(25_000)).toBe(2.5);
    expect(toNumber(1)).toBe(0.0001);
  });

  it('P-3: formatQuantity shows no trailing zeros and keeps the sign', () => {
    expect(formatQuantity(0)).toBe('0');
    expect(formatQuantity(50_000)).toBe('5');
    expect(formatQuantity(25_000)).toBe('2.5');
    expect(formatQuantity(10_050)).toBe('1.005');
    expect(formatQuantity(12_345)).toBe('1.2345');
    expect(formatQuantity(1)).toBe('0.0001');
    expect(formatQuantity(-25_000)).toBe('-2.5');
    expect(formatQuantity(-1)).toBe('-0.0001');
  });

  it('P-3: formatQuantity and parseQuantity round-trip', () => {
    for (const t of ['1', '2.5', '0.0001', '1234.5678', '10', '100.01']) {
      expect(formatQuantity(e4(t))).toBe(t);
    }
  });
});

describe('the exact range (issue 8, defect 11)', () => {
  it('defect 11: the largest quantity held exactly is 2^53 - 1 ten-thousandths, and the largest quantity typed fits it', () => {
    expect(MAX_EXACT_E4).toBe(2 ** 53 - 1);
    expect(formatQuantity(MAX_EXACT_E4)).toBe('900719925474.0991');
    expect(formatQuantity(-MAX_EXACT_E4)).toBe('-900719925474.0991');
    expect(isExact(e4('900719925474.0991'))).toBe(true);
    expect(reason('900719925474.0992')).toMatch(/too large/);
  });

  it('defect 11: isExact holds for whole numbers within ±MAX_EXACT_E4 only', () => {
    expect(isExact(0)).toBe(true);
    expect(isExact(MAX_EXACT_E4)).toBe(true);
    expect(isExact(-MAX_EXACT_E4)).toBe(true);
    expect(isExact(MAX_EXACT_E4 + 1)).toBe(false);
    expect(isExact(-MAX_EXACT_E4 - 1)).toBe(false);
    expect(isExact(2 * MAX_EXACT_E4)).toBe(false);
  });

  it('defect 11: formatQuantity shows a bigint digit for digit, past 2^53 too', () => {
    expect(formatQuantity(2n ** 53n + 1n)).toBe('900719925474.0993');
    expect(formatQuantity(-(2n ** 53n) - 3n)).toBe('-900719925474.0995');
    expect(formatQuantity(12_345n)).toBe('1.2345');
    expect(formatQuantity(0n)).toBe('0');
    expect(formatQuantity(10n ** 20n)).toBe('10000000000000000');
  });

  it('defect 11: a number past the exact range is shown digit for digit as the number it is', () => {
    expect(formatQuantity(2 ** 53 + 2)).toBe('900719925474.0994');
    // dividing by 10,000 in floating point would round the whole part here
    expect(formatQuantity(2 ** 70)).toBe('118059162071741130.3424');
    expect(formatQuantity(-(2 ** 70))).toBe('-118059162071741130.3424');
  });
});
