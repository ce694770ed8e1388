// CSV formula injection: a spreadsheet runs a cell that starts with = + - @, a tab or a
// carriage return as a formula. Every CSV this tool writes prefixes such text cells with a
// single quote, and every CSV it reads removes that prefix again, so exports import back
// unchanged. A text that itself starts with quotes before such a character gets one more
// quote, which keeps the mapping reversible: neutraliseCell and restoreCell are inverses.

const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

export function neutraliseCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function restoreCell(value: string): string {
  // every cell of every imported row comes through here: skip the regex unless it starts with a quote
  return value.charCodeAt(0) === 39 && NEUTRALISED.test(value) ? value.slice(1) : value;
}

/** A CSV header cell as a key: byte-order mark, spaces and case do not matter ("Serial Number" = "serialnumber"). */
export const headerKey = (h: string) => h.replace(/^\uFEFF/, '').replace(/\s+/g, '').toLowerCase();
