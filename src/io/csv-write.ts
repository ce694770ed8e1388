// CSV written by this tool, with formula injection neutralised (see csv-cells.ts). One line at
// a time, so that a report of a million rows streams: a cell is quoted when it holds a comma,
// a quote or a line break, as csv-stringify does, and every import reads it back.

import { neutraliseCell } from './csv-cells.js';

const NEEDS_QUOTES = /[",\n\r]/;

export function csvLine(cells: readonly (string | number | null)[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const text = neutraliseCell(cells[i] ?? null);
    if (i > 0) line += ',';
    line += NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }
  return line + '\n';
}
