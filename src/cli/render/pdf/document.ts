/// <reference types="pdfkit" />
// The printed page: paper sizes, units, the standard PDF fonts (no font files), and the few
// drawing operations the sheets use by the thousand.
//
// pdfkit writes the PDF (objects, fonts, compression, cross-reference). Headers, footers and
// anything drawn a few times a page go through its API. A row drawn for each of 200,000
// serials is drawn as page content operators instead (a rectangle, a line, a string in a
// standard font), collected for the page and handed to pdfkit in one piece: pdfkit's own
// text() lays out, measures and kerns every call, ~12 µs a string, which alone would be
// most of a 200,000-serial count sheet's time.
//
// Coordinates are points from the page's top-left corner, y downwards: pdfkit sets up its
// pages that way (a flipped matrix), and the operators here work inside it.

import type { Paper } from '../../command.js';

export type Doc = PDFKit.PDFDocument;

/** Points in a millimetre. */
export const MM = 72 / 25.4;

export interface PaperSize {
  /** in points */
  width: number;
  height: number;
  /** as people name it */
  label: string;
}

export const PAPER: Readonly<Record<Paper, PaperSize>> = {
  a4: { width: 595.28, height: 841.89, label: 'A4' },
  letter: { width: 612, height: 792, label: 'US letter' },
};

/** The standard fonts every PDF reader has: nothing is embedded. */
export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', mono: 'Courier', monoBold: 'Courier-Bold' } as const;
export type FontName = (typeof FONT)[keyof typeof FONT];

/** Each font's ascender in thousandths of an em (its AFM file): where text set from its top has its baseline. */
const ASCENDER: Readonly<Record<FontName, number>> = { Helvetica: 718, 'Helvetica-Bold': 718, Courier: 629, 'Courier-Bold': 629 };

/** The baseline of text whose top is at `top`, as pdfkit's text() places it. */
export function baselineOf(font: FontName, size: number, top: number): number {
  return top + (ASCENDER[font] / 1000) * size;
}

/** Width of a character of Courier, in ems: every character is as wide. */
export const MONO_EM = 0.6;

/** A number as page content writes it: at most two decimals (1/7200 inch is finer than any printer). */
export function num(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Text as a PDF string literal: printable ASCII (serials are, N-1), with \, ( and ) escaped. Other characters become '?'. */
export function pdfString(text: string): string {
  let out = '(';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c || c === 0x28 || c === 0x29) out += '\\' + text[i];
    else if (c < 32 || c > 126) out += '?';
    else out += text[i];
  }
  return out + ')';
}

/** Only what the standard fonts can show (WinAnsi): descriptions typed with other characters lose them. */
export function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}

interface FontInternals {
  _font: { id: string; ref(): unknown };
  page: { fonts: Record<string, unknown> };
}

/**
 * The resource name ('F2') of a standard font on the current page, registered there as
 * pdfkit registers a font its text() uses, for the operators below. Call once per page.
 */
export function fontResource(doc: Doc, name: FontName): string {
  doc.font(name);
  const internals = doc as unknown as FontInternals;
  const font = internals._font;
  internals.page.fonts[font.id] = font.ref();
  return font.id;
}

/** A string drawn with its baseline at (x, y), in a font registered on the page. */
export function textOp(font: string, size: number, x: number, y: number, text: string): string {
  return `BT /${font} ${num(size)} Tf 1 0 0 -1 ${num(x)} ${num(y)} Tm ${pdfString(text)} Tj ET\n`;
}

/** A rectangle's outline. */
export function boxOp(x: number, y: number, width: number, height: number): string {
  return `${num(x)} ${num(y)} ${num(width)} ${num(height)} re S\n`;
}

/** A horizontal line to write on. */
export function lineOp(x1: number, x2: number, y: number): string {
  return `${num(x1)} ${num(y)} m ${num(x2)} ${num(y)} l S\n`;
}

/** Text shortened to at most `max` characters, with '...' when cut (Courier and codes). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return max <= 3 ? text.slice(0, max) : text.slice(0, max - 3) + '...';
}

/** Text in a proportional font shortened to fit `width` points, with '...' when cut. */
export function fitText(doc: Doc, font: FontName, size: number, text: string, width: number): string {
  doc.font(font).fontSize(size);
  const shown = printable(text);
  if (doc.widthOfString(shown) <= width) return shown;
  let low = 0;
  let high = shown.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (doc.widthOfString(shown.slice(0, mid).trimEnd() + '...') <= width) low = mid;
    else high = mid - 1;
  }
  return shown.slice(0, low).trimEnd() + '...';
}

/** Writes text with pdfkit's own text(): for headers and footers, a few times a page. */
export function put(doc: Doc, font: FontName, size: number, text: string, x: number, y: number, options: { width?: number; align?: 'left' | 'right' | 'center' } = {}): void {
  doc.font(font).fontSize(size).fillColor('black');
  doc.text(printable(text), x, y, { lineBreak: false, width: options.width, align: options.align ?? 'left' });
}
