// Rendering for people (tables, colour) and scripts (JSON, CSV). Results go to stdout;
// notes, warnings, progress and errors go to stderr.

import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { toCsv } from '../io/csv-write.js';

export type Format = 'table' | 'csv' | 'json';

export interface Output {
  color: ChalkInstance;
  quiet: boolean;
  /** exactly one JSON document on stdout */
  json(value: unknown): void;
  line(text?: string): void;
  table(headers: string[], rows: (string | number | null)[][]): void;
  csv(headers: string[], rows: (string | number | null)[][]): void;
  /** informational: stderr, silenced by --quiet */
  note(text: string): void;
  warn(text: string): void;
}

export function useColor(flag: boolean): boolean {
  // chalk does not read NO_COLOR itself; any non-empty value switches colour off.
  if (!flag) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

export function createOutput(options: { color: boolean; quiet: boolean }): Output {
  const color = new Chalk({ level: options.color ? 1 : 0 });
  const write = (text: string) => process.stdout.write(text);
  return {
    color,
    quiet: options.quiet,
    json: (value) => write(JSON.stringify(value, null, 2) + '\n'),
    line: (text = '') => write(text + '\n'),
    table(headers, rows) {
      const table = new Table({
        head: headers.map((h) => color.bold(h)),
        style: { head: [], border: [], compact: true },
        chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
      });
      for (const row of rows) table.push(row.map((c) => (c === null ? '' : String(c))));
      write(table.toString() + '\n');
    },
    csv: (headers, rows) => write(toCsv(headers, rows)),
    note(text) {
      if (!options.quiet) process.stderr.write(text + '\n');
    },
    warn: (text) => process.stderr.write(color.yellow('warning: ') + text + '\n'),
  };
}

export function capitalise(status: string): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}

/** Serials a table or line shows of a list before "… and N more": a line can hold 100,000. */
export const SHOWN_SERIALS = 20;

/** The first SHOWN_SERIALS items, joined, then how many more and where to see them all. */
export function firstSerials(items: readonly string[], separator: string, seeAll = '--json lists them all'): string {
  const shown = items.slice(0, SHOWN_SERIALS).join(separator);
  return items.length > SHOWN_SERIALS ? `${shown} … and ${(items.length - SHOWN_SERIALS).toLocaleString('en')} more (${seeAll})` : shown;
}
