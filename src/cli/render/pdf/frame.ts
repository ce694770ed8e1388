// What every page of a printed sheet or report has: a header (title, "Page X of Y", a line or
// two saying what it is) and a footer, around a body of equal rows.

import { baselineOf, FONT, fitText, fontResource, MM, num, textOp, type PaperSize } from './document.js';
import type { PdfPages } from './writer.js';
import { grouped } from '../../../core/values/words.js';

export const MARGIN = 12 * MM;
/** title, two lines of facts, a line of column headings, the rule under them */
export const HEADER_HEIGHT = 21 * MM;
export const FOOTER_HEIGHT = 7 * MM;

export interface Frame {
  /** "Stock count SC-00000001" */
  title: string;
  /** facts under the title, one or two lines */
  facts: readonly string[];
  /** column headings: text and x */
  columns?: readonly (readonly [string, number])[];
  /** the footer's left side */
  footer: string;
  /** pages in all */
  pages: number;
}

export function contentLeft(): number {
  return MARGIN;
}

export function contentRight(paper: PaperSize): number {
  return paper.width - MARGIN;
}

export function bodyTop(): number {
  return MARGIN + HEADER_HEIGHT;
}

/** Whole rows of `rowHeight` between the header and the footer (less `reserved` points on the page). */
export function rowsPerPage(paper: PaperSize, rowHeight: number, reserved = 0): number {
  return Math.floor((paper.height - MARGIN - FOOTER_HEIGHT - bodyTop() - reserved) / rowHeight);
}

/** What a frame draws the same on every page, as page content (fonts' resource names are the document's). */
const fixedParts = new WeakMap<Frame, string>();
/** widths of "Page X of Y" at 10 points, by the shape of its numbers */
const widths = new Map<string, number>();

/**
 * Draws the current page's header and footer. What does not change from page to page is
 * laid out (measured, shortened to fit) once, then repeated: only "Page X of Y" is new.
 */
export function drawFrame(pages: PdfPages, frame: Frame): void {
  const { paper } = pages;
  const left = contentLeft();
  const right = contentRight(paper);
  const width = right - left;
  const pageText = `Page ${grouped(pages.count)} of ${grouped(frame.pages)}`;
  const footTop = paper.height - MARGIN - FOOTER_HEIGHT + 3.5 * MM;
  pages.draw((doc) => {
    const regular = fontResource(doc, FONT.regular);
    const bold = fontResource(doc, FONT.bold);
    let fixed = fixedParts.get(frame);
    if (fixed === undefined) {
      fixed = textOp(bold, 13, left, baselineOf(FONT.bold, 13, MARGIN), fitText(doc, FONT.bold, 13, frame.title, width - 40 * MM));
      // a fact too long for its line (a long filter) is shortened: nothing on a page wraps
      frame.facts.slice(0, 2).forEach((fact, i) => {
        fixed += textOp(regular, 8.5, left, baselineOf(FONT.regular, 8.5, MARGIN + (6.5 + 4.2 * i) * MM), fitText(doc, FONT.regular, 8.5, fact, width));
      });
      for (const [text, x] of frame.columns ?? []) fixed += textOp(bold, 7, x, baselineOf(FONT.bold, 7, MARGIN + 16.2 * MM), text);
      const ruleY = bodyTop() - 1.2 * MM;
      const footY = footTop - 1.5 * MM;
      fixed += `0.6 w ${num(left)} ${num(ruleY)} m ${num(right)} ${num(ruleY)} l S 0.3 w ${num(left)} ${num(footY)} m ${num(right)} ${num(footY)} l S\n`;
      fixed += textOp(regular, 7, left, baselineOf(FONT.regular, 7, footTop), fitText(doc, FONT.regular, 7, frame.footer, width - 40 * MM));
      fixedParts.set(frame, fixed);
    }
    // Helvetica's digits are all as wide: "Page 12 of 345" is as wide as "Page 00 of 000"
    const pattern = pageText.replace(/\d/g, '0');
    let wide = widths.get(pattern);
    if (wide === undefined) {
      wide = doc.font(FONT.regular).fontSize(10).widthOfString(pattern);
      widths.set(pattern, wide);
    }
    const small = (wide * 7) / 10;
    doc.addContent(
      `q 0 g 0 G\n${fixed}${textOp(regular, 10, right - wide, baselineOf(FONT.regular, 10, MARGIN + 1), pageText)}${textOp(regular, 7, right - small, baselineOf(FONT.regular, 7, footTop), pageText)}Q`,
    );
  });
}
