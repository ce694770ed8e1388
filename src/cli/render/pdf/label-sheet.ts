// Sheets of self-adhesive serial labels: each label has the product's code, its description
// (shortened to fit), the serial's Code 128 barcode and the serial as text under it.
//
// Two common stocks: A4 with 3 × 8 labels of 70 × 37 mm, and US letter with 3 × 10 labels of
// 2.625" × 1" (Avery 5160 and its equivalents). --skip leaves the first labels of the first
// sheet blank, to finish a sheet already partly used. Nothing else is printed on the sheet.
//
// A barcode takes the label's width, less its margins: 0.25 mm a module or more for serials
// up to about 17 characters on A4 (15 on letter); a longer serial gets narrower modules so
// that it still fits its label (a 50-character serial: about 0.1 mm, which a 600 dpi
// printer and an imaging scanner read).

import type { Paper } from '../../command.js';
import type { Label } from '../../../core/reports/labels.js';
import { barcodeOp, code128, moduleToFit } from './barcode.js';
import { FONT, fitText, fontResource, MM, MONO_EM, textOp, type Doc } from './document.js';
import { writePdf, type PdfJob, type WrittenPdf } from './writer.js';

export interface LabelStock {
  /** as the help and messages name it */
  name: string;
  columns: number;
  rows: number;
  /** the first label's top-left corner, and the distance from one label to the next */
  left: number;
  top: number;
  width: number;
  height: number;
  pitchX: number;
  pitchY: number;
  /** room kept clear inside each label, left and right, and above */
  padX: number;
  padTop: number;
  barHeight: number;
}

export const LABEL_STOCK: Readonly<Record<Paper, LabelStock>> = {
  a4: { name: 'A4, 3 x 8 labels of 70 x 37 mm', columns: 3, rows: 8, left: 0, top: 0.5 * MM, width: 70 * MM, height: 37 * MM, pitchX: 70 * MM, pitchY: 37 * MM, padX: 5 * MM, padTop: 3.5 * MM, barHeight: 17 * MM },
  letter: { name: 'US letter, 3 x 10 labels of 2.625 x 1 in (Avery 5160)', columns: 3, rows: 10, left: 13.5, top: 36, width: 189, height: 72, pitchX: 198, pitchY: 72, padX: 3.5 * MM, padTop: 2 * MM, barHeight: 9 * MM },
};

export function labelsPerSheet(paper: Paper): number {
  const stock = LABEL_STOCK[paper];
  return stock.columns * stock.rows;
}

/** Where label `index` (from 0, across then down, sheet after sheet) goes. */
export function labelPlace(paper: Paper, index: number): { sheet: number; x: number; y: number } {
  const stock = LABEL_STOCK[paper];
  const per = labelsPerSheet(paper);
  const at = index % per;
  return { sheet: Math.floor(index / per) + 1, x: stock.left + (at % stock.columns) * stock.pitchX, y: stock.top + Math.floor(at / stock.columns) * stock.pitchY };
}

const CODE_SIZE = 8;
const DESCRIPTION_SIZE = 6.5;
const SERIAL_SIZE = 8;

export async function writeLabels(job: PdfJob, labels: AsyncIterable<readonly Label[]>, skip: number): Promise<WrittenPdf<number>> {
  const stock = LABEL_STOCK[job.paper];
  const inner = stock.width - 2 * stock.padX;
  return writePdf(job, async (pages) => {
    let fonts = { bold: '', regular: '', mono: '' };
    // a product's code and description, shortened to the label once (a delivery has few products)
    const heads = new Map<string, { code: string; description: string }>();
    const head = (doc: Doc, label: Label) => {
      let h = heads.get(label.product);
      if (!h) {
        h = { code: fitText(doc, FONT.bold, CODE_SIZE, label.product, inner), description: fitText(doc, FONT.regular, DESCRIPTION_SIZE, label.description, inner) };
        heads.set(label.product, h);
      }
      return h;
    };
    let index = skip;
    let n = 0;
    for await (const chunk of labels) {
      for (const label of chunk) {
        const { sheet, x, y } = labelPlace(job.paper, index);
        if (sheet > pages.count) {
          await pages.next();
          pages.draw((doc) => {
            fonts = { bold: fontResource(doc, FONT.bold), regular: fontResource(doc, FONT.regular), mono: fontResource(doc, FONT.mono) };
          });
        }
        let h = heads.get(label.product);
        if (!h) pages.draw((doc) => (h = head(doc, label)));
        const { code, description } = h as { code: string; description: string };
        const left = x + stock.padX;
        let top = y + stock.padTop;
        let ops = textOp(fonts.bold, CODE_SIZE, left, top + CODE_SIZE * 0.75, code);
        top += CODE_SIZE * 1.05;
        if (description) ops += textOp(fonts.regular, DESCRIPTION_SIZE, left, top + DESCRIPTION_SIZE * 0.8, description);
        top += DESCRIPTION_SIZE * 1.2 + 0.8 * MM;
        const barcode = code128(label.serial);
        // the quiet zones may reach into the label's margins: the bars stay inside `inner`
        const module = moduleToFit(barcode.modules, inner + stock.padX);
        const width = barcode.modules * module;
        ops += barcodeOp(barcode, x + (stock.width - width) / 2, top, module, stock.barHeight);
        top += stock.barHeight + 0.8 * MM;
        const size = Math.min(SERIAL_SIZE, inner / (label.serial.length * MONO_EM));
        const textWidth = label.serial.length * MONO_EM * size;
        ops += textOp(fonts.mono, size, x + (stock.width - textWidth) / 2, top + size * 0.75, label.serial);
        pages.add(ops);
        index++;
        n++;
      }
    }
    if (n === 0) await pages.next();
    return n;
  });
}
