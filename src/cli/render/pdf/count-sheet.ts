// The count sheet as a PDF (RULES.md K-2): per product its code, description and expected
// quantity; under it every expected serial on a row of its own — a box to tick, the serial,
// its Code 128 barcode and a line to write on; a product without serials gets a line for
// the quantity counted. At the end, room to write serials found that are not on the sheet,
// and a line for the counter's name and signature.
//
// Every row is one slot of the page grid (pager.ts), or two for a serial too long for the
// columns (more than ROW_CHARS characters): its barcode then takes the whole width of a
// second row, so a 50-character serial still prints at 0.25 mm or more a module. Which rows
// are long depends only on the serials' lengths, known per line before drawing: the pages
// are counted first (reading only the lengths of lines that have a long serial), then drawn.

import type { CountSheet, SheetLine, SheetSerial } from '../../../core/counts/count-sheet.js';
import { formatQuantity } from '../../../core/values/quantity.js';
import { localDate, localTime } from '../time.js';
import { statusText } from '../present.js';
import { barcodeAt, barcodePlace, code128, MIN_MODULE, maxModules, moduleToFit } from './barcode.js';
import { baselineOf, boxOp, FONT, fitText, fontResource, lineOp, MM, MONO_EM, num, pdfString, put, textOp, type PaperSize } from './document.js';
import { bodyTop, contentLeft, contentRight, drawFrame, rowsPerPage } from './frame.js';
import { Pager, type Placed } from './pager.js';
import { checkCounted, writePdf, type PdfJob, type PdfPages, type WrittenPdf } from './writer.js';
import { grouped } from '../../../core/values/words.js';

/** A row's height. */
export const SLOT = 7 * MM;
/** Serials up to this many characters fit a row's serial and barcode columns. */
export const ROW_CHARS = 28;
const SERIAL_SIZE = 8;
const BOX = 3.6 * MM;
const BAR_HEIGHT = SLOT - 1.8 * MM;
/** rows for serials found that are not on the sheet: at least these, and the rest of the last page */
const FOUND_ROWS = 6;
const SIGNATURE_SLOTS = 2;

/** Where a sheet's columns are on this paper. */
export interface SheetColumns {
  box: number;
  serial: number;
  barcode: number;
  barcodeWidth: number;
  notes: number;
  right: number;
}

export function sheetColumns(paper: PaperSize): SheetColumns {
  const box = contentLeft();
  const serial = box + 8 * MM;
  const barcode = serial + ROW_CHARS * MONO_EM * SERIAL_SIZE + 3 * MM;
  const barcodeWidth = maxModules(ROW_CHARS) * MIN_MODULE + 1 * MM;
  return { box, serial, barcode, barcodeWidth, notes: barcode + barcodeWidth + 3 * MM, right: contentRight(paper) };
}

/** Rows of one line as the layout sees them: a serial (when drawing) and how many slots it takes. */
interface Row {
  serial: string;
  slots: number;
}

export function slotsOf(length: number): number {
  return length > ROW_CHARS ? 2 : 1;
}

/** What the layout places; the counting pass ignores it all, the drawing pass draws it. */
interface Sink {
  page(at: Placed): Promise<void>;
  heading(line: SheetLine, at: Placed, continued: boolean): void;
  none(line: SheetLine, at: Placed): void;
  serial(line: SheetLine, row: Row, at: Placed): void;
  quantity(line: SheetLine, at: Placed): void;
  foundHeading(at: Placed): void;
  found(at: Placed): void;
  signature(at: Placed): void;
}

type Rows = (line: SheetLine) => AsyncIterable<readonly Row[]>;

/** Lays the sheet out on pages of `slots` rows, telling `sink` where everything goes; returns the number of pages. */
async function layout(sheet: CountSheet, slots: number, rows: Rows, sink: Sink): Promise<number> {
  const pager = new Pager(() => slots);
  const place = async (size: number, keep = 0) => {
    const at = pager.place(size, keep);
    if (at.fresh) await sink.page(at);
    return at;
  };
  for (const line of sheet.lines) {
    if (!line.serialized) {
      sink.quantity(line, await place(2));
      continue;
    }
    sink.heading(line, await place(1, slotsOf(line.longest)), false);
    if (line.serialCount === 0) {
      sink.none(line, await place(1));
      continue;
    }
    for await (const chunk of rows(line)) {
      for (const row of chunk) {
        if (!pager.fits(row.slots)) sink.heading(line, await place(1, row.slots), true);
        sink.serial(line, row, await place(row.slots));
      }
    }
  }
  sink.foundHeading(await place(1, 1));
  for (let i = 0; i < FOUND_ROWS; i++) sink.found(await place(1));
  while (pager.fits(1, SIGNATURE_SLOTS)) sink.found(await place(1));
  sink.signature(await place(SIGNATURE_SLOTS));
  return pager.page;
}

const ONE: Row = { serial: '', slots: 1 };
const TWO: Row = { serial: '', slots: 2 };

/** The rows' sizes alone, for counting pages: from the line's counts, or its serials' lengths when some are long. */
function sizes(lengths: (lineId: number) => AsyncIterable<number[]>): Rows {
  return async function* (line) {
    if (line.longest <= ROW_CHARS) {
      for (let left = line.serialCount; left > 0; left -= 1000) yield new Array<Row>(Math.min(left, 1000)).fill(ONE);
      return;
    }
    for await (const chunk of lengths(line.id)) yield chunk.map((n) => (slotsOf(n) === 2 ? TWO : ONE));
  };
}

/** The serials of each line in turn, from the one stream of the whole sheet's serials (by line, then serial). */
function fromStream(serials: AsyncIterable<SheetSerial[]>): Rows {
  const iterator = serials[Symbol.asyncIterator]();
  let buffer: SheetSerial[] = [];
  let at = 0;
  let done = false;
  return async function* (line) {
    for (;;) {
      if (at >= buffer.length) {
        if (done) return;
        const next = await iterator.next();
        if (next.done) {
          done = true;
          return;
        }
        buffer = next.value;
        at = 0;
      }
      const start = at;
      while (at < buffer.length && (buffer[at] as SheetSerial).lineId === line.id) at++;
      if (at > start) yield buffer.slice(start, at).map((r) => ({ serial: r.serial, slots: slotsOf(r.serial.length) }));
      if (at < buffer.length) return; // the next line's serials begin here
    }
  };
}

export interface SheetSources {
  serials: AsyncIterable<SheetSerial[]>;
  lengths(lineId: number): AsyncIterable<number[]>;
}

/** Counts the sheet's pages on this paper, then draws them. */
export async function writeCountSheet(job: PdfJob, sheet: CountSheet, sources: SheetSources, printedAt: string): Promise<WrittenPdf<void>> {
  return writePdf(job, async (pages) => {
    const slots = rowsPerPage(pages.paper, SLOT);
    const total = await layout(sheet, slots, sizes(sources.lengths), COUNTING);
    const draw = drawing(pages, sheet, total, printedAt);
    checkCounted(total, await layout(sheet, slots, fromStream(sources.serials), draw), 'pages');
    checkCounted(sheet.serialCount, draw.serials, 'serials');
  });
}

const COUNTING: Sink = {
  page: async () => undefined,
  heading: () => undefined,
  none: () => undefined,
  serial: () => undefined,
  quantity: () => undefined,
  foundHeading: () => undefined,
  found: () => undefined,
  signature: () => undefined,
};

function drawing(pages: PdfPages, sheet: CountSheet, total: number, printedAt: string): Sink & { serials: number } {
  const cols = sheetColumns(pages.paper);
  const top = bodyTop();
  const y = (at: Placed) => top + at.slot * SLOT;
  const facts = [
    `Warehouse ${sheet.warehouse}${sheet.warehouseName && sheet.warehouseName !== sheet.warehouse ? ` (${sheet.warehouseName})` : ''}    Status: ${statusText(sheet.status)}    Created: ${localDate(sheet.createdAt)}    Printed: ${localTime(printedAt)}`,
    `${grouped(sheet.lines.length)} product${sheet.lines.length === 1 ? '' : 's'}, ${grouped(sheet.serialCount)} serial${sheet.serialCount === 1 ? '' : 's'} expected. Tick each serial found; write any other found at the end.`,
  ];
  const fonts = { mono: '', bold: '', regular: '' };
  const writeLine = (x1: number, x2: number, yy: number) => pages.add(`0.4 g 0.4 G 0.5 w ${lineOp(x1, x2, yy).trimEnd()} 0 g 0 G\n`);
  const label = (text: string, x: number, yy: number, size = 7.5) => pages.draw((doc) => put(doc, FONT.regular, size, text, x, yy));
  const heading = (line: SheetLine, at: Placed, continued: boolean) => {
    const yy = y(at);
    const { doc } = pages;
    const expected = `Expected: ${formatQuantity(line.expectedE4)}`;
    // a code is at most 100 characters: shortened, if it must be, to leave room for the quantity
    const code = fitText(doc, FONT.bold, 9.5, `${line.product}${continued ? ' (continued)' : ''}`, cols.right - cols.box - 45 * MM);
    let ops = `0.9 g ${num(cols.box)} ${num(yy + 0.6 * MM)} ${num(cols.right - cols.box)} ${num(SLOT - 1.2 * MM)} re f 0 g\n`;
    ops += textOp(fonts.bold, 9.5, cols.box + 1 * MM, baselineOf(FONT.bold, 9.5, yy + 2 * MM), code);
    const after = cols.box + 3 * MM + doc.font(FONT.bold).fontSize(9.5).widthOfString(code);
    const room = cols.right - 40 * MM - after;
    if (!continued && line.description && room > 10 * MM) {
      ops += textOp(fonts.regular, 8.5, after, baselineOf(FONT.regular, 8.5, yy + 2.3 * MM), fitText(doc, FONT.regular, 8.5, line.description, room));
    }
    const width = doc.font(FONT.bold).fontSize(9).widthOfString(expected);
    ops += textOp(fonts.bold, 9, cols.right - 1 * MM - width, baselineOf(FONT.bold, 9, yy + 2.1 * MM), expected);
    pages.add(ops);
  };
  // what a serial's row draws that depends only on its slot, made once a slot
  const rows: { box: string; text: string; place: string; placeLong: string; line: string }[] = [];
  const rowParts = (slot: number) => {
    let parts = rows[slot];
    if (!parts) {
      const yy = top + slot * SLOT;
      parts = {
        box: boxOp(cols.box, yy + (SLOT - BOX) / 2, BOX, BOX),
        text: `BT /${fonts.mono} ${SERIAL_SIZE} Tf 1 0 0 -1 ${num(cols.serial)} ${num(yy + SLOT / 2 + 1 * MM)} Tm `,
        place: barcodePlace(cols.barcode, yy + 0.9 * MM, BAR_HEIGHT),
        placeLong: barcodePlace(cols.serial - 2 * MM, yy + SLOT + 0.9 * MM, BAR_HEIGHT),
        line: `0.4 g 0.4 G 0.5 w ${lineOp(cols.notes, cols.right, yy + SLOT - 1.2 * MM).trimEnd()} 0 g 0 G\n`,
      };
      rows[slot] = parts;
    }
    return parts;
  };
  return {
    async page() {
      await pages.next();
      drawFrame(pages, {
        title: `Stock count sheet ${sheet.number}`,
        facts,
        columns: [
          ['Found', cols.box - 1],
          ['Serial', cols.serial],
          ['Barcode', cols.barcode],
          ['Notes', cols.notes],
        ],
        footer: `${sheet.number} at ${sheet.warehouse}: printed by serials`,
        pages: total,
      });
      pages.draw((doc) => {
        // the same names on every page (a font is one object of the document), so rows made once stay right
        fonts.mono = fontResource(doc, FONT.mono);
        fonts.bold = fontResource(doc, FONT.bold);
        fonts.regular = fontResource(doc, FONT.regular);
      });
    },
    heading,
    none(_line, at) {
      label('No serials expected. Write any found in the space at the end of the sheet.', cols.serial, y(at) + 2.2 * MM);
    },
    serials: 0,
    serial(_line, row, at) {
      this.serials++;
      const parts = rowParts(at.slot);
      const barcode = code128(row.serial);
      const module = moduleToFit(barcode.modules, row.slots === 1 ? cols.barcodeWidth : cols.right - cols.serial);
      pages.add(`${parts.box}${parts.text}${pdfString(row.serial)} Tj ET\n${barcodeAt(barcode, module, row.slots === 1 ? parts.place : parts.placeLong)}${parts.line}`);
    },
    quantity(line, at) {
      const yy = y(at);
      heading(line, at, false);
      pages.add(boxOp(cols.box, yy + SLOT + (SLOT - BOX) / 2, BOX, BOX));
      label('Quantity counted:', cols.serial, yy + SLOT + 2.2 * MM, 8.5);
      writeLine(cols.serial + 26 * MM, cols.serial + 80 * MM, yy + 2 * SLOT - 1.2 * MM);
      label('Notes:', cols.notes - 12 * MM, yy + SLOT + 2.2 * MM, 8.5);
      writeLine(cols.notes, cols.right, yy + 2 * SLOT - 1.2 * MM);
    },
    foundHeading(at) {
      const yy = y(at);
      pages.add(`0.9 g ${num(cols.box)} ${num(yy + 0.6 * MM)} ${num(cols.right - cols.box)} ${num(SLOT - 1.2 * MM)} re f 0 g\n`);
      pages.draw((doc) => put(doc, FONT.bold, 9.5, 'Found here but not on this sheet: product code, serial, notes', cols.box + 1 * MM, yy + 2 * MM));
    },
    found(at) {
      const yy = y(at) + SLOT - 1.2 * MM;
      writeLine(cols.box, cols.serial + 24 * MM, yy);
      writeLine(cols.serial + 28 * MM, cols.notes - 4 * MM, yy);
      writeLine(cols.notes, cols.right, yy);
    },
    signature(at) {
      const yy = y(at) + SLOT + 2.2 * MM;
      const third = (cols.right - cols.box) / 3;
      for (const [i, text] of ['Counted by (name)', 'Signature', 'Date'].entries()) {
        const x = cols.box + i * third;
        label(text, x, yy, 8.5);
        writeLine(x + (i === 2 ? 9 : i === 1 ? 15 : 27) * MM, x + third - 4 * MM, yy + 3 * MM);
      }
    },
  };
}
