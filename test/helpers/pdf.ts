// Reading back the PDFs serials prints, as a person with a scanner would: a page rendered
// to pixels by poppler's pdftoppm (Debian's poppler-utils; .ci/run installs it), and every
// Code 128 barcode on it decoded with zxing. Text checks use pdftotext, page counts pdfinfo.

import { execFileSync } from 'node:child_process';
import { PNG } from 'pngjs';
import { BarcodeFormat, BitArray, Code128Reader, DecodeHintType } from '@zxing/library';

export const POINTS_PER_MM = 72 / 25.4;

/** Pages in a PDF, as pdfinfo reads them. */
export function pdfPages(pdf: string): number {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const match = /^Pages:\s+(\d+)/m.exec(info);
  if (!match) throw new Error(`pdfinfo found no page count in ${pdf}:\n${info}`);
  return Number(match[1]);
}

/** A page's size in points, as pdfinfo reads it. */
export function pdfPageSize(pdf: string): { width: number; height: number } {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const match = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
  if (!match) throw new Error(`pdfinfo found no page size in ${pdf}`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** The text of pages `first`..`last` (layout kept: columns stay on their line). */
export function pdfText(pdf: string, first = 1, last = first): string {
  return execFileSync('pdftotext', ['-layout', '-f', String(first), '-l', String(last), pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

export interface Gray {
  width: number;
  height: number;
  /** one byte a pixel, 0 black to 255 white */
  pixels: Uint8Array;
}

/** Region of a page in points from its top-left corner. */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One page rendered in grey at `dpi`, or only `region` of it (faster: pdftoppm renders just that). */
export function renderPage(pdf: string, page: number, dpi: number, region?: Region): Gray {
  const args = ['-r', String(dpi), '-f', String(page), '-l', String(page), '-gray', '-png'];
  if (region) {
    const px = (points: number) => String(Math.round((points * dpi) / 72));
    args.push('-x', px(region.x), '-y', px(region.y), '-W', px(region.width), '-H', px(region.height));
  }
  const png = PNG.sync.read(execFileSync('pdftoppm', [...args, pdf], { maxBuffer: 1 << 30 }));
  const pixels = new Uint8Array(png.width * png.height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = png.data[i * 4] as number;
  return { width: png.width, height: png.height, pixels };
}

export interface Found {
  text: string;
  /** the first pixel row it was read on, and where it starts on that row */
  y: number;
  x: number;
}

const reader = new Code128Reader();
const hints = new Map<DecodeHintType, unknown>([
  [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.CODE_128]],
  [DecodeHintType.TRY_HARDER, true],
]);

/**
 * Every barcode read across one pixel row, left to right. zxing reads a row from its first
 * dark pixel and gives up at the first thing that is not a barcode (the serial printed
 * beside one, a box to tick), so the row is tried again from each dark run that follows a
 * white gap of at least `gap` pixels, with everything before it whitened.
 */
function readRow(image: Gray, y: number, gap: number): { text: string; x: number }[] {
  const found: { text: string; x: number }[] = [];
  const offset = y * image.width;
  const dark = (x: number) => (image.pixels[offset + x] as number) < 128;
  const starts: number[] = [];
  let white = gap;
  for (let x = 0; x < image.width; x++) {
    if (dark(x)) {
      if (white >= gap) starts.push(x);
      white = 0;
    } else {
      white++;
    }
  }
  if (starts.length === 0) return found;
  // the row's bits once; each try clears those before its start
  const bits = new Int32Array((image.width + 31) >> 5);
  for (let x = starts[0] as number; x < image.width; x++) if (dark(x)) bits[x >> 5] = (bits[x >> 5] as number) | (1 << (x & 31));
  let done = 0;
  for (const start of starts) {
    if (start < done) continue;
    const mine = bits.slice();
    mine.fill(0, 0, start >> 5);
    mine[start >> 5] = (mine[start >> 5] as number) & ~((1 << (start & 31)) - 1);
    try {
      const result = reader.decodeRow(y, new BitArray(image.width, mine), hints);
      const points = result.getResultPoints();
      found.push({ text: result.getText(), x: Math.round(points[0]?.getX() ?? start) });
      done = Math.round(points[points.length - 1]?.getX() ?? image.width) + 1;
    } catch {
      // not a barcode from here: try the next start
    }
  }
  return found;
}

/**
 * Every Code 128 barcode on the image, each once, top to bottom then left to right. Pixel
 * rows are read every `step` pixels (3: a barcode 5 mm tall is read on ten rows at 150
 * dpi); a barcode counts when it is read the same on at least `agree` rows (a checksum
 * already guards each reading; agreement guards against chance).
 */
export function decodeBarcodes(image: Gray, options: { step?: number; agree?: number; gap?: number } = {}): Found[] {
  const step = options.step ?? 3;
  const gap = options.gap ?? 4;
  const agree = options.agree ?? 2;
  // the same text read at about the same x on rows close together is one barcode
  const seen = new Map<string, (Found & { last: number; reads: number })[]>();
  const near = Math.max(8, image.width / 50);
  for (let y = 0; y < image.height; y += step) {
    for (const { text, x } of readRow(image, y, gap)) {
      const list = seen.get(text) ?? [];
      const known = list.find((f) => Math.abs(f.x - x) <= near && y - f.last <= 10 * step);
      if (known) {
        known.reads++;
        known.last = y;
      } else {
        list.push({ text, x, y, last: y, reads: 1 });
        seen.set(text, list);
      }
    }
  }
  return [...seen.values()]
    .flat()
    .filter((f) => f.reads >= agree)
    .sort((a, b) => a.y - b.y || a.x - b.x)
    .map(({ text, x, y }) => ({ text, x, y }));
}

/** The texts of every barcode on a page, top to bottom. */
export function pageBarcodes(pdf: string, page: number, dpi = 300, region?: Region): string[] {
  return decodeBarcodes(renderPage(pdf, page, dpi, region)).map((f) => f.text);
}
