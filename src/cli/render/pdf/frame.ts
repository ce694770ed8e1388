// What every page of a printed sheet or report has: a header (title, "Page X of Y", a line or
// two saying what it is) and a footer, around a body of equal rows.

import { FONT, fitText, MM, num, put, type PaperSize } from './document.js';
import type { PdfPages } from './writer.js';

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

/** Draws the current page's header and footer. */
export function drawFrame(pages: PdfPages, frame: Frame): void {
  const { paper } = pages;
  const left = contentLeft();
  const right = contentRight(paper);
  const width = right - left;
  const pageText = `Page ${pages.count.toLocaleString('en')} of ${frame.pages.toLocaleString('en')}`;
  pages.draw((doc) => {
    put(doc, FONT.bold, 13, frame.title, left, MARGIN);
    put(doc, FONT.regular, 10, pageText, left, MARGIN + 1, { width, align: 'right' });
    // a fact too long for its line (a long filter) is shortened: nothing on a page wraps
    frame.facts.slice(0, 2).forEach((fact, i) => put(doc, FONT.regular, 8.5, fitText(doc, FONT.regular, 8.5, fact, width), left, MARGIN + (6.5 + 4.2 * i) * MM));
    for (const [text, x] of frame.columns ?? []) put(doc, FONT.bold, 7, text, x, MARGIN + 16.2 * MM);
    const ruleY = bodyTop() - 1.2 * MM;
    const footY = paper.height - MARGIN - FOOTER_HEIGHT + 2 * MM;
    doc.addContent(`q 0.6 w 0 G ${num(left)} ${num(ruleY)} m ${num(right)} ${num(ruleY)} l S 0.3 w ${num(left)} ${num(footY)} m ${num(right)} ${num(footY)} l S Q`);
    put(doc, FONT.regular, 7, frame.footer, left, footY + 1.5 * MM, { width: width - 30 * MM });
    put(doc, FONT.regular, 7, pageText, left, footY + 1.5 * MM, { width, align: 'right' });
  });
}
