// Tables for people. One pass over the rows (cli-table3 took 19 s for 10,000 rows and
// overflowed the stack at 200,000); each cell on one line (line breaks and control
// characters in data never break a row); numbers right-aligned.
//
// At a terminal the table fits its width: long text is shortened with "…" rather than
// wrapped mid-row (80 columns works), a column empty in every row is left out when room is
// short, and a rule under the header makes it stand out without colour. Piped, it is plain
// aligned rows: nothing shortened, no rule, nothing a script would have to strip.

import type { ChalkInstance } from 'chalk';

export type Cell = string | number | null;

export type Align = 'left' | 'right';

/** How a column gives way when the table is too wide: text first, then codes; numbers never. */
export type Shrink = 'text' | 'code' | 'never';

export interface TableColumn {
  header: string;
  align?: Align;
  shrink?: Shrink;
}

export interface TableStyle {
  color: ChalkInstance;
  /** a terminal: rule under the header */
  tty: boolean;
  /** columns available; Infinity when piped; 0 (a terminal that does not say) means 80 */
  width: number;
}

const ANSI = /\u001b\[[0-9;]*m/g;
const GAP = '  ';
/** A shortened column keeps at least this much (or its header, if longer)... */
const MIN_TEXT = 8;
const MIN_CODE = 6;
/** ...unless the table still does not fit: then down to this, header included. */
const MIN_ANY = 3;

/** One line of text whatever the data holds. */
function flat(cell: Cell): string {
  if (cell === null) return '';
  const text = String(cell);
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(text) ? text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '?') : text;
}

/** Characters a terminal shows two columns wide (CJK, Hangul, full-width forms) and marks it shows on the one before. */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
const ZERO = /[\u0300-\u036f\u200b-\u200f\ufe00-\ufe0f]/;
const PLAIN = /^[\u0020-\u007e]*$/;

function charWidth(c: string): number {
  if (ZERO.test(c)) return 0;
  return WIDE.test(c) ? 2 : 1;
}

/** Columns the text takes at a terminal. */
export function widthOf(text: string): number {
  const bare = text.includes('\u001b') ? text.replace(ANSI, '') : text;
  if (PLAIN.test(bare)) return bare.length;
  let n = 0;
  for (const c of bare) n += charWidth(c);
  return n;
}

/** The text cut to `width` columns, ending in "…" when something was cut. */
export function shorten(text: string, width: number): string {
  if (widthOf(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const c of text) {
    const w = charWidth(c);
    if (used + w > width - 1) break;
    out += c;
    used += w;
  }
  return out + '…';
}

/** Narrows the columns `may` allows, widest first, each down to its floor, until `excess` is gone; returns what is left. */
function narrow(widths: number[], floors: readonly number[], may: (i: number) => boolean, excess: number): number {
  while (excess > 0) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if (may(i) && (widths[i] as number) > (floors[i] as number) && (widest < 0 || (widths[i] as number) > (widths[widest] as number))) widest = i;
    }
    if (widest < 0) break;
    widths[widest] = (widths[widest] as number) - 1;
    excess--;
  }
  return excess;
}

export function renderTable(columns: readonly TableColumn[], rows: readonly Cell[][], style: TableStyle): string {
  const widths = columns.map((c) => widthOf(c.header));
  const body = rows.map((row) =>
    columns.map((_, i) => {
      const text = flat(row[i] ?? null);
      const w = widthOf(text);
      if (w > (widths[i] as number)) widths[i] = w;
      return text;
    }),
  );
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1);
  // a terminal that gives no width (0, as some pseudo-terminals do) is taken as the usual 80
  let excess = total() - (style.width >= 1 ? style.width : 80);
  let shown = columns.map(() => true);
  if (excess > 0) {
    // Free text gives way first; then a column with nothing in it goes; then free text down to
    // a few characters; then codes, keeping their headers; then anything but numbers and
    // times, down to a few characters.
    const shrink = columns.map((c) => c.shrink ?? 'text');
    const floor = (min: number) => columns.map((c, i) => Math.min(widths[i] as number, Math.max(widthOf(c.header), min)));
    const few = columns.map((_, i) => Math.min(widths[i] as number, MIN_ANY));
    excess = narrow(widths, floor(MIN_TEXT), (i) => shrink[i] === 'text', excess);
    if (excess > 0 && body.length > 0) {
      const empty = columns.map((_, i) => shrink[i] !== 'never' && body.every((cells) => cells[i] === ''));
      shown = empty.map((e) => !e);
      excess -= empty.reduce((freed, e, i) => freed + (e ? (widths[i] as number) + GAP.length : 0), 0);
    }
    excess = narrow(widths, few, (i) => shown[i] === true && shrink[i] === 'text', excess);
    excess = narrow(widths, floor(MIN_CODE), (i) => shown[i] === true && shrink[i] === 'code', excess);
    narrow(widths, few, (i) => shown[i] === true && shrink[i] !== 'never', excess);
  }
  const keep = columns.map((_, i) => i).filter((i) => shown[i]);
  const line = (cells: string[], paint: (s: string) => string = (s) => s) => {
    const parts = keep.map((i) => {
      const w = widths[i] as number;
      const text = shorten(cells[i] ?? '', w);
      const pad = ' '.repeat(w - widthOf(text));
      return columns[i]?.align === 'right' ? pad + paint(text) : paint(text) + pad;
    });
    return parts.join(GAP).replace(/\s+$/, '') + '\n';
  };
  let out = line(columns.map((c) => c.header), style.tty ? style.color.bold : undefined);
  if (style.tty) out += keep.map((i) => '─'.repeat(widths[i] as number)).join(GAP) + '\n';
  for (const cells of body) out += line(cells);
  return out;
}
