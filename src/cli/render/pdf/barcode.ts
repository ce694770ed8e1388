// Code 128 barcodes for serials (N-1 keeps every serial to printable ASCII, so every serial
// fits one). jsbarcode encodes the text into modules (bars and spaces); they are drawn here
// as filled rectangles, in units of one module, so that a barcode is a few hundred bytes of
// page content whatever its size and prints as crisp as the printer allows.
//
// The symbol is jsbarcode's automatic choice of code sets (digits packed two to a symbol),
// unless that comes out longer than plain code set B: a barcode is then never wider than
// B_MODULES(length) modules, which is what a layout can count on knowing only the length.

import { CODE128, CODE128B } from 'jsbarcode/bin/barcodes/CODE128/index.js';
import { MM, num } from './document.js';

/** Quiet zone on each side, in modules: the standard's minimum of ten. */
export const QUIET_MODULES = 10;

/** The narrowest module the sheets print: 0.25 mm (10 mil) reads with any scanner. */
export const MIN_MODULE = 0.25 * MM;
/** The module the sheets prefer when there is room: 0.33 mm (13 mil). */
export const PREFERRED_MODULE = 0.33 * MM;

export interface Barcode {
  /** the whole width in modules, quiet zones included */
  modules: number;
  /** the bars as rectangles `x 0 w 1 re`, in modules, x from the left edge of the quiet zone */
  bars: string;
}

/** Modules of a serial of `length` characters in code set B, quiet zones included: start, data, check, stop. */
export function maxModules(length: number): number {
  return 11 * (length + 3) + 2 + 2 * QUIET_MODULES;
}

function encoded(text: string): string {
  const auto = new CODE128(text, {}).encode().data;
  // 11 modules a symbol, 13 for stop: anything longer than code set B alone is no gain
  return auto.length <= maxModules(text.length) - 2 * QUIET_MODULES ? auto : new CODE128B(text, {}).encode().data;
}

/** The barcode of a serial (printable ASCII, 1 to 50 characters). */
export function code128(text: string): Barcode {
  const data = encoded(text);
  let bars = '';
  const n = data.length;
  let i = 0;
  while (i < n) {
    if (data.charCodeAt(i) === 49) {
      let j = i + 1;
      while (j < n && data.charCodeAt(j) === 49) j++;
      bars += `${i + QUIET_MODULES} 0 ${j - i} 1 re `;
      i = j;
    } else {
      i++;
    }
  }
  return { modules: n + 2 * QUIET_MODULES, bars };
}

/**
 * The module width that fits `modules` into `width` points: the preferred one when it fits,
 * else as wide as fits (a caller that must not go below MIN_MODULE checks that first).
 */
export function moduleToFit(modules: number, width: number, preferred = PREFERRED_MODULE): number {
  return Math.min(preferred, width / modules);
}

/** Where a barcode goes: its quiet zone's left edge at x, bars from y down to y + height (a row's, made once). */
export function barcodePlace(x: number, y: number, height: number): string {
  return ` 0 0 ${num(height)} ${num(x)} ${num(y)} cm `;
}

/** Page content drawing a barcode at a place (barcodePlace) in modules `module` points wide. */
export function barcodeAt(barcode: Barcode, module: number, place: string): string {
  return `q 0 g ${module.toFixed(4)}${place}${barcode.bars}f Q\n`;
}

/** Page content drawing a barcode with its quiet zone's left edge at x, bars from y down to y + height. */
export function barcodeOp(barcode: Barcode, x: number, y: number, module: number, height: number): string {
  return barcodeAt(barcode, module, barcodePlace(x, y, height));
}
