// The progress line of a long import (issue 10, point 8): it fits the terminal, keeps its
// rate and time left, and says what its percentage is of (the file's bytes) apart from rows.

import { describe, expect, it } from 'vitest';
import { clockTime, figuresText, plainLine, progressLine, type ProgressFigures } from '../../src/cli/render/progress.js';

const LABEL = { full: 'import opening-stock', short: 'Importing' };
const typical: ProgressFigures = { fraction: 0.42, rows: 120_000, rate: 35_000, secondsLeft: 3 };
const huge: ProgressFigures = { fraction: 0.421, rows: 12_345_678, rate: 1_234_567, secondsLeft: 3725 };
const width = (line: string) => [...line].length;

describe('progress line', () => {
  it('says the percentage of the file, the rows, the rate and the time left, with thousands separators', () => {
    expect(figuresText(typical)).toBe('42% of the file · 120,000 rows · 35,000 rows/s · 0:03 left');
    expect(figuresText({ fraction: null, rows: 1, rate: 0.4, secondsLeft: null })).toBe('1 row · 0 rows/s');
    expect(clockTime(125)).toBe('2:05');
    expect(clockTime(3725)).toBe('1:02:05');
  });

  it('fits 80 columns with a bar: the bar shrinks, the figures stay whole', () => {
    const line = progressLine(LABEL, typical, 80);
    expect(width(line)).toBeLessThan(80);
    expect(line).toMatch(/^Importing █+░+ 42% of the file · 120,000 rows · 35,000 rows\/s · 0:03 left$/);
    const bar = line.match(/[█░]+/)?.[0] ?? '';
    expect(bar.length).toBeGreaterThanOrEqual(5);
    expect(bar.match(/█/g)?.length).toBe(Math.round(0.42 * bar.length));
  });

  it('keeps its label and bar width while the figures change, and uses the full label where there is room', () => {
    const early = progressLine(LABEL, { fraction: 0.01, rows: 0, rate: 0, secondsLeft: null }, 80);
    const late = progressLine(LABEL, typical, 80);
    expect(early.indexOf(' 1% of the file')).toBe(late.indexOf(' 42% of the file'));
    const wide = progressLine(LABEL, typical, 120);
    expect(wide).toMatch(/^import opening-stock █+░+ 42% of the file/);
    expect(width(wide)).toBeLessThan(120);
  });

  it('never cuts the figures: at 80 columns with huge figures the bar gives way, and at 60 the label too', () => {
    for (const [f, columns] of [
      [huge, 80],
      [typical, 60],
      [huge, 66],
      [typical, 40],
    ] as const) {
      const line = progressLine(LABEL, f, columns);
      expect(width(line), `${columns}: ${line}`).toBeLessThan(columns);
      if (figuresText(f).length < columns) expect(line).toContain(figuresText(f));
    }
    expect(progressLine(LABEL, huge, 80)).toBe(`Importing ${figuresText(huge)}`);
  });

  it('reading standard input (size unknown): no bar, no percentage, no time left', () => {
    const line = progressLine(LABEL, { fraction: null, rows: 5_000, rate: 2_500, secondsLeft: null }, 80);
    expect(line).toBe('import opening-stock 5,000 rows · 2,500 rows/s');
  });

  it('the plain line (not a terminal) says the same figures after the full label', () => {
    expect(plainLine(LABEL, typical)).toBe('import opening-stock: 42% of the file · 120,000 rows · 35,000 rows/s · 0:03 left');
  });
});
