// A stock count as --json gives it (count create, count start and count show print the same
// object: schemas/count/show.schema.json), and the page count show prints.

import type { CountView } from '../../core/counts/read.js';
import { toNumber } from '../../core/values/quantity.js';
import type { Context } from '../context.js';
import { capitalise, presentShow, type Column } from '../render/present.js';
import { localTime } from '../render/time.js';
import { count } from '../render/words.js';

type Line = CountView['lines'][number];

export function countJson(c: CountView) {
  return {
    number: c.number,
    warehouse: c.warehouse,
    status: c.status,
    allProducts: c.allProducts,
    createdAt: c.createdAt,
    startedAt: c.startedAt,
    completedAt: c.completedAt,
    lines: c.lines.map((l) => ({
      line: l.lineNo,
      product: l.product,
      serialized: l.serialized,
      expected: toNumber(l.expectedE4),
      expectedSerialCount: l.expectedSerials,
      counted: l.countedNowE4 === null ? null : toNumber(l.countedNowE4),
      scannedSerialCount: l.scannedSerials,
      scans: l.scans,
    })),
  };
}

/** "open", "in progress" */
export function statusWords(status: string): string {
  return status.replace(/_/g, ' ');
}

/** Serials expected in all, in a sentence: "3 products, 1,200 serials expected". */
export function countSize(c: CountView): string {
  const serials = c.lines.reduce((n, l) => n + l.expectedSerials, 0);
  const serialized = c.lines.some((l) => l.serialized);
  return `${count(c.lines.length, 'product')}${serialized ? `, ${count(serials, 'serial')} expected` : ''}`;
}

const LINE_COLUMNS: readonly Column<Line>[] = [
  { header: 'Line', kind: 'count', value: (l) => l.lineNo },
  { header: 'Product', kind: 'code', value: (l) => l.product },
  { header: 'Serialized', kind: 'text', value: (l) => l.serialized },
  { header: 'Expected', kind: 'quantity', value: (l) => toNumber(l.expectedE4) },
  { header: 'Counted', kind: 'quantity', value: (l) => (l.countedNowE4 === null ? null : toNumber(l.countedNowE4)) },
  { header: 'Scanned Serials', kind: 'count', value: (l) => (l.serialized ? l.scannedSerials : null) },
  { header: 'Scans', kind: 'count', value: (l) => (l.serialized ? l.scans : null) },
];

/** count show: header fields, a table of lines; CSV one row per line. */
export function showCountPage(ctx: Context, c: CountView): void {
  const csvColumns: Column<Line>[] = [
    { header: 'Number', kind: 'code', value: () => c.number },
    { header: 'Warehouse', kind: 'code', value: () => c.warehouse },
    { header: 'Status', kind: 'status', value: () => c.status },
    ...LINE_COLUMNS,
    { header: 'Expected Serials', kind: 'count', value: (l) => (l.serialized ? l.expectedSerials : null) },
  ];
  const uncounted = c.lines.filter((l) => l.countedNowE4 === null || (l.serialized && l.scannedSerials === 0));
  presentShow(ctx, {
    json: countJson(c),
    title: `${c.number}  Stock count  ${capitalise(statusWords(c.status))}`,
    fields: [
      ['Warehouse', c.warehouse],
      ['Products', c.allProducts ? `every product with stock (${c.lines.length})` : String(c.lines.length)],
      ['Created', localTime(c.createdAt)],
      ['Started', c.startedAt ? localTime(c.startedAt) : null],
      ['Completed', c.completedAt ? localTime(c.completedAt) : null],
    ],
    sections: [{ rows: c.lines, view: { columns: LINE_COLUMNS, json: () => undefined } }],
    csv: { rows: c.lines, view: { columns: csvColumns, json: () => undefined } },
    notes: c.status === 'in_progress' && uncounted.length > 0 ? [`Nothing counted yet for ${uncounted.map((l) => l.product).join(', ')}.`] : [],
  });
}
