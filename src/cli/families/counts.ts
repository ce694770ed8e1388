// A stock count as --json gives it (count create, count start and count show print the same
// object: schemas/count/show.schema.json), the page count show prints, and the variance
// (count variance, and count complete's summary before it asks).

import type { CountView } from '../../core/counts/read.js';
import type { CountHeader } from '../../core/counts/find.js';
import type { ClassTally, VarianceProduct, VarianceRow, VarianceSummary } from '../../core/counts/variance.js';
import { formatQuantity, toNumber } from '../../core/values/quantity.js';
import type { Context } from '../context.js';
import { statusText, presentShow, tableText, type Column } from '../render/present.js';
import { localTime } from '../render/time.js';
import { count } from '../render/words.js';
import { grouped } from '../../core/values/words.js';

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
    title: `${c.number}  Stock count  ${statusText(c.status)}`,
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

// --- the variance (K-5), shared by count variance and count complete ------------------------

/** What completion does (or did) with a row, for people. */
const ACTION_WORDS: Record<VarianceRow['action'], string> = { none: '', remove: 'leaves stock', add: 'added here', move: 'moved here' };

export function varianceRowJson(r: VarianceRow) {
  return { serial: r.serial, product: r.product, class: r.class, situation: r.situation, ...(r.warehouse !== null ? { warehouse: r.warehouse } : {}), scans: r.scans, action: r.action };
}

export const VARIANCE_CSV: readonly Column<VarianceRow>[] = [
  { header: 'Serial Number', kind: 'code', value: (r) => r.serial },
  { header: 'Product Code', kind: 'code', value: (r) => r.product },
  { header: 'Class', kind: 'status', value: (r) => r.class },
  { header: 'Situation', kind: 'status', value: (r) => r.situation },
  { header: 'Warehouse', kind: 'code', value: (r) => r.warehouse },
  { header: 'Scans', kind: 'count', value: (r) => r.scans },
  { header: 'Action', kind: 'status', value: (r) => r.action },
];

const quantity = (e4: number | null) => (e4 === null ? null : toNumber(e4));
const classesJson = (t: ClassTally) => ({ counted: t.counted, missing: t.missing, unexpected: t.unexpected, wrongPlace: t.wrongPlace, scannedTwice: t.scannedTwice });

export function varianceProductsJson(s: VarianceSummary) {
  return s.products.map((p) => ({
    product: p.line.product,
    serialized: p.line.serialized,
    expected: toNumber(p.expectedE4),
    counted: quantity(p.countedE4),
    difference: quantity(p.differenceE4),
    classes: classesJson(p),
  }));
}

export function varianceTotalsJson(s: VarianceSummary) {
  const t = s.totals;
  return { expected: toNumber(t.expectedE4), counted: toNumber(t.countedE4), difference: toNumber(t.differenceE4), classes: classesJson(t), notCounted: t.notCounted };
}

const signed = (e4: number | null) => (e4 === null ? null : `${e4 > 0 ? '+' : ''}${formatQuantity(e4)}`);

const PRODUCT_COLUMNS: readonly Column<VarianceProduct>[] = [
  { header: 'Product', kind: 'code', value: (p) => p.line.product },
  { header: 'Expected', kind: 'quantity', value: (p) => toNumber(p.expectedE4) },
  { header: 'Counted', kind: 'quantity', value: (p) => quantity(p.countedE4) },
  { header: 'Diff', kind: 'code', value: (p) => signed(p.differenceE4) },
  { header: 'Missing', kind: 'count', value: (p) => (p.line.serialized ? p.missing : null) },
  { header: 'Unexpected', kind: 'count', value: (p) => (p.line.serialized ? p.unexpected : null) },
  { header: 'Wrong Place', kind: 'count', value: (p) => (p.line.serialized ? p.wrongPlace : null) },
  { header: 'Twice', kind: 'count', value: (p) => (p.line.serialized ? p.scannedTwice : null) },
];

/** The summary people read: per product, then totals in a sentence. */
export function printVarianceSummary(ctx: Context, header: CountHeader, s: VarianceSummary): void {
  const { out } = ctx;
  out.line(out.color.bold(`${header.number}  Stock count variance  ${statusText(header.status)}`));
  out.line(`  Warehouse: ${header.warehouse}`);
  out.line();
  process.stdout.write(tableText(ctx, s.products, { columns: PRODUCT_COLUMNS, json: () => undefined }));
  const t = s.totals;
  const findings = [
    t.missing ? `${count(t.missing, 'serial')} missing` : '',
    t.unexpected ? `${grouped(t.unexpected)} unexpected` : '',
    t.wrongPlace ? `${grouped(t.wrongPlace)} in the wrong place` : '',
    t.scannedTwice ? `${grouped(t.scannedTwice)} scanned twice` : '',
  ].filter(Boolean);
  out.line();
  out.line(`Serials: ${grouped(t.counted)} counted as expected${findings.length ? `, ${findings.join(', ')}` : ''}.`);
  if (t.notCounted.length && header.status === 'in_progress') {
    out.line(`Nothing counted yet for ${t.notCounted.join(', ')}: scan or enter what is there, or complete with --uncounted-as-zero.`);
  }
}

const ROW_COLUMNS: readonly Column<VarianceRow>[] = [
  { header: 'Serial', kind: 'code', value: (r) => r.serial },
  { header: 'Product', kind: 'code', value: (r) => r.product },
  { header: 'Class', kind: 'status', value: (r) => r.class },
  { header: 'Where', kind: 'code', value: (r) => r.warehouse },
  { header: 'Scans', kind: 'count', value: (r) => r.scans },
  { header: 'On Completion', kind: 'text', value: (r) => (r.action === 'move' ? `moved here from ${r.warehouse}` : ACTION_WORDS[r.action]) },
];

/** The rows worth a look (everything but what was counted as expected), after the summary. */
export function printVarianceRows(ctx: Context, rows: readonly VarianceRow[], more: number): void {
  if (rows.length === 0) return;
  ctx.out.line();
  ctx.out.line('Serials not counted as expected:');
  process.stdout.write(tableText(ctx, rows, { columns: ROW_COLUMNS, json: () => undefined }));
  if (more > 0) process.stderr.write(`… ${grouped(more)} more not shown (${grouped(rows.length + more)} in all): use --format csv or --json to see them all.\n`);
}
