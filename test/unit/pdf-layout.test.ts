// The printed sheets' geometry, without printing: every serial a rule allows (N-1: 1 to 50
// printable ASCII characters) gets a barcode that fits its place at a module a scanner reads,
// and the page grid places items the same way however often it is asked.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { code128, maxModules, MIN_MODULE, moduleToFit, QUIET_MODULES } from '../../src/cli/render/pdf/barcode.js';
import { ROW_CHARS, sheetColumns, slotsOf } from '../../src/cli/render/pdf/count-sheet.js';
import { PAPER, MM, pdfString } from '../../src/cli/render/pdf/document.js';
import { labelPlace, labelsPerSheet, LABEL_STOCK } from '../../src/cli/render/pdf/label-sheet.js';
import { Pager } from '../../src/cli/render/pdf/pager.js';
import { contentLeft, contentRight } from '../../src/cli/render/pdf/frame.js';

const serial = fc.string({ unit: fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 50 });

describe('Code 128 barcodes', () => {
  it('N-1: any serial encodes, never wider than code set B alone, bars inside its quiet zones', () => {
    fc.assert(
      fc.property(serial, (text) => {
        const barcode = code128(text);
        expect(barcode.modules).toBeLessThanOrEqual(maxModules(text.length));
        const bars = [...barcode.bars.matchAll(/(\d+) 0 (\d+) 1 re/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
        expect(bars[0]?.[0]).toBe(QUIET_MODULES);
        const [x, w] = bars[bars.length - 1] as readonly [number, number];
        expect(x + w).toBe(barcode.modules - QUIET_MODULES);
      }),
      { numRuns: 300 },
    );
  });

  it('K-2: on the count sheet a serial of up to ROW_CHARS characters fits its column at 0.25 mm a module or more; a longer one fits a row of its own', () => {
    for (const paper of Object.values(PAPER)) {
      const cols = sheetColumns(paper);
      expect(moduleToFit(maxModules(ROW_CHARS), cols.barcodeWidth)).toBeGreaterThanOrEqual(MIN_MODULE);
      expect(cols.notes).toBeLessThan(cols.right - 30 * MM);
      expect(moduleToFit(maxModules(50), contentRight(paper) - contentLeft())).toBeGreaterThanOrEqual(MIN_MODULE);
    }
    expect([slotsOf(1), slotsOf(ROW_CHARS), slotsOf(ROW_CHARS + 1), slotsOf(50)]).toEqual([1, 1, 2, 2]);
  });

  it('text in a page is a PDF string: backslash and parentheses escaped', () => {
    expect(pdfString('a(b)\\c d')).toBe('(a\\(b\\)\\\\c d)');
  });
});

describe('the page grid', () => {
  it('keeps a heading with the row after it, and starts a page only when an item does not fit', () => {
    const pager = new Pager(() => 5);
    expect(pager.place(1, 1)).toEqual({ page: 1, slot: 0, fresh: true });
    expect(pager.place(3)).toEqual({ page: 1, slot: 1, fresh: false });
    // 4 used: a heading with a 1-slot row after it does not fit the last slot
    expect(pager.fits(1, 1)).toBe(false);
    expect(pager.place(1, 1)).toEqual({ page: 2, slot: 0, fresh: true });
    expect(pager.place(2)).toEqual({ page: 2, slot: 1, fresh: false });
    expect(pager.place(2)).toEqual({ page: 2, slot: 3, fresh: false });
    expect(pager.place(1)).toEqual({ page: 3, slot: 0, fresh: true });
  });
});

describe('label stock', () => {
  it('A4 has 3 x 8 labels of 70 x 37 mm, US letter 3 x 10 of 2.625 x 1 in, all on the sheet', () => {
    expect([labelsPerSheet('a4'), labelsPerSheet('letter')]).toEqual([24, 30]);
    for (const paper of ['a4', 'letter'] as const) {
      const stock = LABEL_STOCK[paper];
      const last = labelPlace(paper, labelsPerSheet(paper) - 1);
      expect(last.sheet).toBe(1);
      expect(last.x + stock.width).toBeLessThanOrEqual(PAPER[paper].width + 0.01);
      expect(last.y + stock.height).toBeLessThanOrEqual(PAPER[paper].height + 0.01);
      expect(labelPlace(paper, labelsPerSheet(paper))).toEqual({ sheet: 2, x: stock.left, y: stock.top });
    }
    expect(LABEL_STOCK.letter.width / 72).toBe(2.625);
    expect(Math.round((LABEL_STOCK.a4.width / MM) * 10) / 10).toBe(70);
  });
});
