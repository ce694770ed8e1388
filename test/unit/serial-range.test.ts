import { describe, expect, it } from 'vitest';
import { expandRange, MAX_RANGE_SIZE } from '../../src/core/values/serial-range.js';

function serials(text: string): string[] {
  const r = expandRange(text);
  if (r === null) throw new Error(`${text} was not taken as a range`);
  if (!r.ok) throw new Error(`${text} was rejected: ${r.reason}`);
  return r.serials;
}

function reason(text: string): string {
  const r = expandRange(text);
  if (r === null) throw new Error(`${text} was not taken as a range`);
  if (r.ok) throw new Error(`${text} was accepted`);
  return r.reason;
}

describe('expandRange', () => {
  it('N-1: text without ".." is not a range', () => {
    expect(expandRange('SN-0001')).toBeNull();
    expect(expandRange('SN.0001')).toBeNull();
  });

  it('N-1: expands SN-0001..SN-0005 keeping zero padding', () => {
    expect(serials('SN-0001..SN-0005')).toEqual(['SN-0001', 'SN-0002', 'SN-0003', 'SN-0004', 'SN-0005']);
  });

  it('N-1: keeps the padding width across a carry (0098..0102)', () => {
    expect(serials('SN-0098..SN-0102')).toEqual(['SN-0098', 'SN-0099', 'SN-0100', 'SN-0101', 'SN-0102']);
  });

  it('N-1: unpadded ranges grow naturally (8..11)', () => {
    expect(serials('SN-8..SN-11')).toEqual(['SN-8', 'SN-9', 'SN-10', 'SN-11']);
  });

  it('N-1: a single-serial range gives that serial', () => {
    expect(serials('X-7..X-7')).toEqual(['X-7']);
  });

  it('N-1: the number is the last run of digits; earlier digits are part of the prefix', () => {
    expect(serials('A1-B2-009..A1-B2-011')).toEqual(['A1-B2-009', 'A1-B2-010', 'A1-B2-011']);
  });

  it('N-1: a suffix after the number must be the same on both ends and is kept', () => {
    expect(serials('BOX1-A..BOX3-A')).toEqual(['BOX1-A', 'BOX2-A', 'BOX3-A']);
    expect(reason('BOX1-A..BOX3-B')).toMatch(/differ in more than their number/);
  });

  it('N-2: spaces around the ends are ignored', () => {
    expect(serials(' SN-1 .. SN-3 ')).toEqual(['SN-1', 'SN-2', 'SN-3']);
  });

  it('N-1: plain numbers form a range', () => {
    expect(serials('1..3')).toEqual(['1', '2', '3']);
  });

  it('N-1: rejects ends with different prefixes', () => {
    expect(reason('SN-0001..SX-0005')).toMatch(/"SN-0001" and "SX-0005" differ/);
  });

  it('N-1: rejects ends without a number', () => {
    expect(reason('ABC..DEF')).toMatch(/both ends need a number/);
    expect(reason('SN-1..')).toMatch(/both ends need a number/);
  });

  it('N-1: rejects a range that runs backwards', () => {
    expect(reason('SN-0005..SN-0001')).toMatch(/runs backwards/);
  });

  it('N-1: rejects a range larger than the maximum, and accepts exactly the maximum', () => {
    expect(MAX_RANGE_SIZE).toBe(1_000_000);
    expect(reason('S1..S1000001')).toMatch(/1000001 serials; at most 1000000/);
    const max = serials('S1..S1000000');
    expect(max.length).toBe(1_000_000);
    expect(max[999_999]).toBe('S1000000');
  });

  it('N-1: handles numbers beyond the safe integer range exactly', () => {
    expect(serials('N-99999999999999999998..N-100000000000000000000')).toEqual([
      'N-99999999999999999998',
      'N-99999999999999999999',
      'N-100000000000000000000',
    ]);
  });
});
