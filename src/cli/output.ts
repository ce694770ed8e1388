// The output streams every command writes to: results on stdout (tables, CSV and JSON are
// rendered by render/present.ts); notes, warnings, progress and errors on stderr.

import { Chalk, type ChalkInstance } from 'chalk';
import type { Format } from './command.js';
import { grouped } from '../core/values/words.js';

export type { Format };

export interface Output {
  color: ChalkInstance;
  quiet: boolean;
  /** exactly one JSON document on stdout */
  json(value: unknown): void;
  line(text?: string): void;
  /** informational: stderr, silenced by --quiet */
  note(text: string): void;
  warn(text: string): void;
}

export function useColor(flag: boolean): boolean {
  // chalk does not read NO_COLOR itself; any non-empty value switches colour off.
  if (!flag) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0') return true;
  // a terminal that says it cannot show colour (TERM=dumb: editors' shells, some CI logs)
  if (process.env.TERM === 'dumb') return false;
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
    note(text) {
      if (!options.quiet) process.stderr.write(text + '\n');
    },
    warn: (text) => process.stderr.write(color.yellow('warning: ') + text + '\n'),
  };
}

/** Serials a table or line shows of a list before "… and N more": a line can hold 100,000. */
export const SHOWN_SERIALS = 20;

/** The first SHOWN_SERIALS items, joined, then how many more and where to see them all. */
export function firstSerials(items: readonly string[], separator: string, seeAll = '--json lists them all'): string {
  const shown = items.slice(0, SHOWN_SERIALS).join(separator);
  return items.length > SHOWN_SERIALS ? `${shown} … and ${grouped(items.length - SHOWN_SERIALS)} more (${seeAll})` : shown;
}
