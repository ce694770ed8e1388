// Serial numbers as people and scanners type them (RULES.md N-1 to N-3).

import { shown } from '../../errors.js';

export const MAX_SERIAL_LENGTH = 50;

export type SerialCheck =
  | { ok: true; text: string; key: string }
  | { ok: false; reason: string };

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  if (ch === '\t') return 'a tab';
  if (ch === '\n' || ch === '\r') return 'a line break';
  if (code < 32 || code === 127) return `a control character (U+${hex})`;
  return `a non-ASCII character '${ch}' (U+${hex})`;
}

/**
 * Validates and normalises one serial. The text keeps its case (N-3: stored as first
 * entered); the key is what makes two texts the same unit of one product.
 */
export function checkSerial(raw: string): SerialCheck {
  // N-1 first, on the text as given, so the position points at what the user typed.
  // (A char-code loop: this runs for every serial of a million-row import.)
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code < 32 || code > 126) {
      const ch = String.fromCodePoint(raw.codePointAt(i) ?? code);
      const position = [...raw.slice(0, i)].length + 1;
      return { ok: false, reason: `has ${describeChar(ch)} at position ${position}; only printable ASCII is allowed` };
    }
  }
  // N-2: spaces only; inner spaces are kept
  const text = raw.charCodeAt(0) === 32 || raw.charCodeAt(raw.length - 1) === 32 ? raw.replace(/^ +| +$/g, '') : raw;
  if (text.length === 0) return { ok: false, reason: 'is empty' };
  if (text.length > MAX_SERIAL_LENGTH) {
    return { ok: false, reason: `is ${text.length} characters long; at most ${MAX_SERIAL_LENGTH} are allowed` };
  }
  return { ok: true, text, key: serialKey(text) };
}

/** Case-insensitive identity of a (valid, trimmed) serial. Printable ASCII only, so this is exact. */
export function serialKey(text: string): string {
  return text.toLowerCase();
}

/** Shows a serial in a message so that spaces and odd characters are visible, cut if it is long. */
export function quoteSerial(raw: string): string {
  return shown(raw);
}
