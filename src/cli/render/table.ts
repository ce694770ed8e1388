// Tables for people. One pass over the rows (cli-table3 took 19 s for 10,000 rows and
// overflowed the stack at 200,000); each cell on one line (line breaks and control
// characters in data never break a row); numbers right-aligned.
//
// At a terminal the table fits its width: long text is shortened with "…" rather than
// wrapped mid-row (80 columns works), and a rule under the header makes it stand out
// without colour. Piped, it is plain aligned rows: nothing shortened, no rule, nothing a
// script would have to strip.

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
  /** columns available; Infinity when piped */
  width: number;
}

const ANSI = /\u001b\[[0-9;]*m/g;
const GAP = '  ';
/** A shortened column keeps at least this much (or its header, if shorter). */
const MIN_TEXT = 8;
const MIN_CODE = 6;

/** One line of text whatever the data holds. */
function flat(cell: Cell): string {
  if (cell === null) return '';
  const text = String(cell);
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(text) ? text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '?') : text;
}

function widthOf(text: string): number {
  let n = 0;
  for (const _ of text.replace(ANSI, '')) n++;
  return n;
}

function shorten(text: string, width: number): string {
  if (widthOf(text) <= width) return text;
  return [...text].slice(0, Math.max(0, width - 1)).join('') + '…';
}

/** Narrows columns of the given kind, widest first, until the table fits or they reach their minimum. */
function narrow(widths: number[], columns: readonly TableColumn[], kind: Shrink, min: number, excess: number): number {
  const floor = columns.map((c) => Math.min(widthOf(c.header) > min ? widthOf(c.header) : min, widths[columns.indexOf(c)] as number));
  while (excess > 0) {
    let widest = -1;
    columns.forEach((c, i) => {
      if ((c.shrink ?? 'text') === kind && (widths[i] as number) > (floor[i] as number) && (widest < 0 || (widths[i] as number) > (widths[widest] as number))) widest = i;
    });
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
  let excess = total() - style.width;
  if (excess > 0) excess = narrow(widths, columns, 'text', MIN_TEXT, excess);
  if (excess > 0) narrow(widths, columns, 'code', MIN_CODE, excess);
  const line = (cells: string[], paint: (s: string) => string = (s) => s) => {
    const parts = cells.map((c, i) => {
      const w = widths[i] as number;
      const text = shorten(c, w);
      const pad = ' '.repeat(w - widthOf(text));
      return columns[i]?.align === 'right' ? pad + paint(text) : paint(text) + (i === cells.length - 1 ? '' : pad);
    });
    return parts.join(GAP).replace(/\s+$/, '') + '\n';
  };
  let out = line(columns.map((c) => c.header), style.tty ? style.color.bold : undefined);
  if (style.tty) out += widths.map((w) => '─'.repeat(w)).join(GAP) + '\n';
  for (const cells of body) out += line(cells);
  return out;
}
