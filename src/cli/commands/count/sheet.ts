// serials count sheet SC-…: the sheet to count with (RULES.md K-2). Per product, in the
// count's order, the expected quantity and every expected serial (by serial), with room to
// tick and write; room at the end for serials found that are not on the sheet, and for the
// counter's name and signature.
//
// Text (the default) fits an 80-column printer. CSV has one row per expected serial (and one
// per product without serials, whose quantity is counted). JSON is one object, its products
// each with their serials. PDF (--output) has a Code 128 barcode per serial, "page X of Y",
// and streams: 200,000 serials take no more memory than 200.

import type { CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { loadCountSheet, serialLengths, sheetSerials, type CountSheet, type SheetLine, type SheetSerial } from '../../../core/counts/count-sheet.js';
import { formatQuantity, toNumber } from '../../../core/values/quantity.js';
import { BULK_CACHE_KIB } from '../../../db/open.js';
import { emit, presentList, statusText, type View } from '../../render/present.js';
import { localDate, localTime } from '../../render/time.js';
import { count } from '../../render/words.js';
import { writeCountSheet } from '../../render/pdf/count-sheet.js';
import { pdfJob, presentPdf } from '../../render/pdf/writer.js';

export const spec: CommandSpec = {
  noun: 'count',
  verb: 'sheet',
  args: '<count>',
  summary: 'print the count sheet: every expected serial, with room to tick and write',
  details:
    'Per product: its code, description and expected quantity, then each expected serial with a box to tick ' +
    'and a line to write on (a product without serials gets a line for the quantity counted). At the end: ' +
    "room for serials found that are not on the sheet, and for the counter's name and signature. " +
    'The text form fits an 80-column printer; the PDF adds a Code 128 barcode for each serial.',
  formats: ['text', 'csv', 'json', 'pdf'],
  examples: [
    'serials count sheet SC-00000001',
    'serials count sheet SC-00000001 --format pdf --output count.pdf',
    'serials count sheet SC-00000001 --format pdf --paper letter --output count.pdf',
    'serials count sheet SC-00000001 --format csv > count.csv',
  ],
};

/** A count is read once, in order: a large page cache would only hold memory. */
const REPORT = { cacheKiB: BULK_CACHE_KIB };

interface SheetRow {
  line: SheetLine;
  /** null on the row of a product without serials */
  serial: string | null;
}

/** The sheet's rows: each line's serials from the one stream of them (by line, then serial), a line without any as one row. */
async function* sheetRows(sheet: CountSheet, serials: AsyncIterable<SheetSerial[]>): AsyncIterable<SheetRow[]> {
  const byId = new Map(sheet.lines.map((l) => [l.id, l]));
  let next = 0;
  // lines before `lineId` that have no serials, as rows of their own
  const empties = (until: number | undefined): SheetRow[] => {
    const rows: SheetRow[] = [];
    while (next < sheet.lines.length) {
      const line = sheet.lines[next] as SheetLine;
      if (line.id === until) break;
      if (line.serialCount === 0) rows.push({ line, serial: null });
      next++;
    }
    return rows;
  };
  for await (const chunk of serials) {
    const rows: SheetRow[] = [];
    for (const s of chunk) {
      const line = byId.get(s.lineId) as SheetLine;
      if (sheet.lines[next] !== line) for (const r of empties(s.lineId)) rows.push(r);
      rows.push({ line, serial: s.serial });
    }
    yield rows;
  }
  const rest = empties(undefined);
  if (rest.length > 0) yield rest;
}

function csvView(): View<SheetRow> {
  return {
    columns: [
      { header: 'Product Code', kind: 'code', value: (r) => r.line.product },
      { header: 'Product Description', kind: 'text', value: (r) => r.line.description },
      { header: 'Serialized', value: (r) => r.line.serialized },
      { header: 'Expected', kind: 'quantity', value: (r) => toNumber(r.line.expectedE4) },
      { header: 'Serial Number', kind: 'code', value: (r) => r.serial },
      { header: 'Counted', value: () => null },
      { header: 'Notes', value: () => null },
    ],
    json: () => undefined,
  };
}

const WIDTH = 80;
const rule = (ch: string) => ch.repeat(WIDTH);
const blank = (n: number) => '_'.repeat(Math.max(0, n));

function clipText(text: string, max: number): string {
  return text.length <= max ? text : max <= 3 ? text.slice(0, max) : `${text.slice(0, max - 3)}...`;
}

/** "WIDGET  Widget, blue ...    Expected: 200", in 80 columns. */
function productLine(line: SheetLine): string {
  const expected = `Expected: ${formatQuantity(line.expectedE4)}`;
  const code = clipText(line.product, WIDTH - expected.length - 4);
  const room = WIDTH - code.length - 2 - expected.length - 2;
  const description = room >= 8 ? clipText(line.description.replace(/\s+/g, ' '), room) : '';
  const left = description ? `${code}  ${description}` : code;
  return `${left}${' '.repeat(WIDTH - left.length - expected.length)}${expected}`;
}

async function writeText(sheet: CountSheet, rows: AsyncIterable<SheetRow[]>, printedAt: string): Promise<void> {
  const longest = Math.max(12, ...sheet.lines.map((l) => l.longest));
  const serialWidth = Math.min(50, longest);
  const header = [
    `Stock count sheet ${sheet.number}`,
    clipText(`Warehouse: ${sheet.warehouse}${sheet.warehouseName && sheet.warehouseName !== sheet.warehouse ? ` (${sheet.warehouseName})` : ''}   Status: ${statusText(sheet.status)}   Created: ${localDate(sheet.createdAt)}`, WIDTH),
    `Printed: ${localTime(printedAt)}   ${count(sheet.lines.length, 'product')}, ${count(sheet.serialCount, 'serial')} expected`,
    'Tick [x] each serial found; write any other serial found at the end.',
    rule('='),
  ];
  await emit(header.join('\n') + '\n');
  let current: SheetLine | undefined;
  for await (const chunk of rows) {
    let text = '';
    for (const row of chunk) {
      if (row.line !== current) {
        current = row.line;
        text += `\n${productLine(row.line)}\n`;
        if (!row.line.serialized) text += `      Counted: ${blank(16)}   Notes: ${blank(WIDTH - 6 - 9 - 16 - 10)}\n`;
        else if (row.serial === null) text += '      No serials expected.\n';
      }
      if (row.serial !== null) {
        const serial = row.serial.padEnd(serialWidth);
        text += `  [ ] ${serial}  ${blank(WIDTH - 6 - serial.length - 2)}\n`;
      }
    }
    await emit(text);
  }
  const found = `  ${blank(20)}  ${blank(38)}  ${blank(WIDTH - 2 - 20 - 2 - 38 - 2)}\n`;
  await emit(
    `\n${rule('-')}\nFound here but not on this sheet (product code, serial, notes):\n\n` +
      found.repeat(6) +
      `\nCounted by: ${blank(22)}  Signature: ${blank(20)}  Date: ${blank(WIDTH - 12 - 22 - 2 - 11 - 20 - 2 - 6)}\n`,
  );
}

/** The sheet as one JSON object, written as it streams (the same text JSON.stringify(sheet, null, 2) gives). */
async function writeJson(sheet: CountSheet, rows: AsyncIterable<SheetRow[]>): Promise<void> {
  const head = {
    number: sheet.number,
    warehouse: sheet.warehouse,
    status: sheet.status,
    createdAt: sheet.createdAt,
    serialCount: sheet.serialCount,
  };
  await emit(JSON.stringify(head, null, 2).replace(/\n}$/, ',\n  "products": ['));
  let current: SheetLine | undefined;
  let first = true;
  let serials = 0;
  const close = () => (current?.serialized ? (serials > 0 ? '\n      ]\n    }' : ']\n    }') : '\n    }');
  for await (const chunk of rows) {
    let text = '';
    for (const row of chunk) {
      if (row.line !== current) {
        if (current) text += close();
        current = row.line;
        serials = 0;
        const product = {
          product: row.line.product,
          description: row.line.description,
          serialized: row.line.serialized,
          expected: toNumber(row.line.expectedE4),
          serialCount: row.line.serialCount,
        };
        text += (first ? '\n    ' : ',\n    ') + JSON.stringify(product, null, 2).replace(/\n/g, '\n    ').replace(/\n {4}}$/, '');
        if (row.line.serialized) text += ',\n      "serials": [';
        first = false;
      }
      if (row.serial !== null) text += (serials++ === 0 ? '\n        ' : ',\n        ') + JSON.stringify(row.serial);
    }
    await emit(text);
  }
  await emit((current ? `${close()}\n  ]` : ']') + '\n}\n');
}

export async function run(ctx: Context): Promise<void> {
  const [number] = ctx.args as [string];
  const format = ctx.format();
  const job = format === 'pdf' ? pdfJob(ctx, `Stock count sheet ${number}`) : undefined;
  const printedAt = new Date().toISOString();
  await ctx.withLedger(async (db) => {
    const sheet = await loadCountSheet(db, number);
    if (job) {
      job.title = `Stock count sheet ${sheet.number}`;
      const written = await writeCountSheet(job, sheet, { serials: sheetSerials(db, sheet), lengths: (id) => serialLengths(db, id) }, printedAt);
      presentPdf(ctx, job, written, `count sheet ${sheet.number}`, sheet.serialCount, { number: sheet.number });
      return;
    }
    const rows = sheetRows(sheet, sheetSerials(db, sheet));
    if (format === 'csv') await presentList(ctx, { rows: () => rows }, csvView());
    else if (format === 'json') await writeJson(sheet, rows);
    else await writeText(sheet, rows, printedAt);
  }, REPORT);
}
