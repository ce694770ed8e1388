// The serial enquiry as a printed report (RULES.md E-1): the filter it was run with, when it
// was printed, the totals per status, page numbers, and per serial its product, warehouse,
// status and last document, with the serial as text and as a Code 128 barcode under it.
//
// Every row is the same height (the barcode has the page's whole width, so a 50-character
// serial fits at 0.25 mm a module or more): the pages follow from the number of rows, known
// before the first page is drawn, and the rows stream through — a million of them in the
// memory of one page.

import type { EnquiryRow } from '../../../core/reports/enquiry.js';
import type { SerialStatus } from '../../../db/schema.js';
import { capitalise } from '../present.js';
import { localDate, localTime } from '../time.js';
import { barcodeOp, code128, moduleToFit } from './barcode.js';
import { clip, FONT, fontResource, lineOp, MM, MONO_EM, put, textOp } from './document.js';
import { bodyTop, contentLeft, contentRight, drawFrame, rowsPerPage } from './frame.js';
import { checkCounted, writePdf, type PdfJob, type WrittenPdf } from './writer.js';
import { grouped } from '../../../core/values/words.js';

export const ROW = 10.5 * MM;
const SERIAL_SIZE = 8;
const CELL_SIZE = 6.5;
const BAR_HEIGHT = 5 * MM;
/** characters of each column after the serial's, and the column headings */
const COLUMNS: readonly (readonly [string, number])[] = [
  ['Product', 14],
  ['Warehouse', 10],
  ['Status', 11],
  ['Document', 11],
  ['Date', 10],
  ['Party', 12],
];

export interface EnquiryReport {
  /** what was asked, as the user gave it: "status available, product WIDGET", or "every serial" */
  filter: string;
  printedAt: string;
  total: number;
  totals: Record<SerialStatus, number>;
  rows: AsyncIterable<readonly EnquiryRow[]> | readonly EnquiryRow[];
}

/** "Available 3, Unavailable 1" (statuses that have none are left out). */
export function totalsText(report: Pick<EnquiryReport, 'total' | 'totals'>): string {
  const parts = (Object.entries(report.totals) as [SerialStatus, number][]).filter(([, n]) => n > 0).map(([status, n]) => `${capitalise(status)} ${grouped(n)}`);
  return `${grouped(report.total)} serial${report.total === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

async function* chunks(rows: EnquiryReport['rows']): AsyncIterable<readonly EnquiryRow[]> {
  if (Array.isArray(rows)) yield rows as readonly EnquiryRow[];
  else yield* rows as AsyncIterable<readonly EnquiryRow[]>;
}

export async function writeEnquiryReport(job: PdfJob, report: EnquiryReport): Promise<WrittenPdf<number>> {
  return writePdf(job, async (pages) => {
    const perPage = rowsPerPage(pages.paper, ROW);
    const total = Math.max(1, Math.ceil(report.total / perPage));
    const left = contentLeft();
    const right = contentRight(pages.paper);
    const cellsAt = left + 50 * MONO_EM * SERIAL_SIZE + 2 * MM;
    const cellWidth = CELL_SIZE * MONO_EM;
    let mono = '';
    let bold = '';
    const headings: [string, number][] = [['Serial', left]];
    let x = cellsAt;
    for (const [heading, width] of COLUMNS) {
      headings.push([heading, x]);
      x += (width + 1) * cellWidth;
    }
    const lastWidth = Math.max(4, Math.floor((right - x) / cellWidth) + (COLUMNS[COLUMNS.length - 1] as readonly [string, number])[1]);
    const newPage = async () => {
      await pages.next();
      drawFrame(pages, {
        title: 'Serial enquiry',
        facts: [`Filter: ${report.filter}`, `${totalsText(report)}.    Printed ${localTime(report.printedAt)}.`],
        columns: headings,
        footer: 'serials enquiry',
        pages: total,
      });
      pages.draw((doc) => {
        mono = fontResource(doc, FONT.mono);
        bold = fontResource(doc, FONT.monoBold);
      });
    };
    let n = 0;
    let slot = perPage;
    for await (const chunk of chunks(report.rows)) {
      for (const row of chunk) {
        if (slot === perPage) {
          await newPage();
          slot = 0;
        }
        const y = bodyTop() + slot * ROW;
        const cells = [row.product, row.warehouse ?? '', capitalise(row.status), row.lastDocument.number, localDate(row.lastDocument.date), row.lastDocument.party ?? ''];
        let line = '';
        cells.forEach((cell, i) => {
          const width = i === cells.length - 1 ? lastWidth : (COLUMNS[i] as readonly [string, number])[1];
          line += clip(cell, width).padEnd(width + 1);
        });
        const barcode = code128(row.serial);
        pages.add(
          textOp(bold, SERIAL_SIZE, left, y + 3.2 * MM, row.serial) +
            textOp(mono, CELL_SIZE, cellsAt, y + 3.2 * MM, line.trimEnd()) +
            barcodeOp(barcode, left - 2 * MM, y + 4.4 * MM, moduleToFit(barcode.modules, right - left + 2 * MM), BAR_HEIGHT) +
            `0.8 G 0.3 w ${lineOp(left, right, y + ROW - 0.4 * MM).trimEnd()} 0 G\n`,
        );
        slot++;
        n++;
      }
    }
    if (n === 0) {
      await newPage();
      pages.draw((doc) => put(doc, FONT.regular, 10, 'No serials match.', left, bodyTop() + 2 * MM));
    }
    checkCounted(report.total, n, 'serials');
    return n;
  });
}
