// Every column name serials reads from a CSV file — the import layouts and --serials-file —
// with the other names spreadsheets and other systems give the same column. Kept in one
// place so that an import and a serials file accept the same headers, and so that their
// errors list the same choices. A header cell names a column when its headerKey (case and
// spaces ignored) is the key of the name or of one of its aliases.

import { shown } from '../errors.js';
import { headerKey } from './csv-cells.js';
import { grouped } from './words.js';

const ALIASES = {
  'Product Code': ['Product'],
  'Product Description': [],
  'Warehouse Code': ['Warehouse'],
  'Warehouse Name': [],
  'Supplier Code': [],
  'Supplier Name': [],
  'Customer Code': [],
  'Customer Name': [],
  'Serial Number': ['Serial', 'Serial No', 'Serial No.', 'Serial #', 'SerialNumber'],
  Quantity: [],
  'Unit Cost': [],
  Serialized: [],
  'Never Diminishing': [],
  // the columns serials' own enquiry and soh exports add, so that an export reads back
  Status: [],
  'Last Document': [],
  'Last Date': [],
  Party: [],
  Assignments: [],
  'Serials Available': [],
} as const satisfies Record<string, readonly string[]>;

export type ColumnName = keyof typeof ALIASES;

export const COLUMN_NAMES = Object.keys(ALIASES) as ColumnName[];

/** Columns of serials' own CSV exports (enquiry, soh) that an import accepts and ignores, Status aside. */
export const REPORT_COLUMNS: readonly ColumnName[] = ['Product Description', 'Status', 'Last Document', 'Last Date', 'Party', 'Assignments', 'Serials Available'];

const BY_KEY = new Map<string, ColumnName>();
for (const name of COLUMN_NAMES) {
  for (const spelling of [name, ...ALIASES[name]]) {
    const key = headerKey(spelling);
    const taken = BY_KEY.get(key);
    // one header cell must never mean two columns
    if (taken !== undefined && taken !== name) throw new Error(`column alias ${spelling} is both ${taken} and ${name}`);
    BY_KEY.set(key, name);
  }
}

/** Longer than any spelling with room for stray spaces: such a cell names no column, and is not keyed (a header cell can be megabytes). */
const LONGEST = 100;

/** The column a header cell names, or undefined when it names none. */
export function columnNamed(cell: string): ColumnName | undefined {
  return cell.length > LONGEST ? undefined : BY_KEY.get(headerKey(cell));
}

/** Whether a header cell names one of these columns (any column by default). */
export function namesOneOf(names: readonly ColumnName[] = COLUMN_NAMES): (cell: string) => boolean {
  const wanted = new Set(names);
  return (cell) => {
    const name = columnNamed(cell);
    return name !== undefined && wanted.has(name);
  };
}

/** How a message lists accepted columns: "Product Code (or Product), Quantity". */
export function describeColumns(names: readonly ColumnName[]): string {
  return names
    .map((name) => {
      // "SerialNumber" is "Serial Number" without its space: not worth saying
      const others = ALIASES[name].filter((a) => a !== name.replace(/ /g, ''));
      return others.length ? `${name} (or ${others.join(', ')})` : name;
    })
    .join(', ');
}

const LISTED = 10;

/**
 * Header cells read from a file, as a message echoes them: each through shown(), at most
 * ten, then how many more — a header of a million unknown columns is one short line.
 */
export function listCells(cells: readonly string[]): string {
  const listed = cells.slice(0, LISTED).map((c) => shown(c)).join(', ');
  return cells.length > LISTED ? `${listed} and ${grouped(cells.length - LISTED)} more` : listed;
}
