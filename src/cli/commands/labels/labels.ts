// serials labels: sheets of serial labels to stick on units — product code, description, and
// the serial as text and as a Code 128 barcode — for every serial a document moved
// (--document PR-…, WT-…, CN-…) or for serials given with their product (which need not be
// in the ledger yet: labels are often printed before the units are received).
//
// Always a PDF (--output): A4 sheets of 3 × 8 labels of 70 × 37 mm, or with --paper letter,
// US letter sheets of 3 × 10 labels of 2.625" × 1" (Avery 5160). --skip N starts after the
// first N labels of the first sheet, to use up a sheet already partly used.

import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { documentLabels, givenLabels } from '../../../core/reports/labels.js';
import { UsageError } from '../../../errors.js';
import { gatherSerials } from '../../input/serials.js';
import { parseFlags, z } from '../../input/validate.js';
import { LABEL_STOCK, labelsPerSheet, writeLabels } from '../../render/pdf/label-sheet.js';
import { pdfJob } from '../../render/pdf/writer.js';
import { presentResult } from '../../render/present.js';
import { count } from '../../render/words.js';

export const spec: CommandSpec = {
  noun: 'labels',
  summary: 'print serial labels (barcode, serial, product) for a document or for serials given',
  details:
    'Sheets of self-adhesive labels, each with the product code, its description and the serial as ' +
    'text and as a Code 128 barcode. A4 (default): 3 x 8 labels of 70 x 37 mm; --paper letter: ' +
    '3 x 10 labels of 2.625 x 1 in (Avery 5160). --skip N leaves the first N labels of the first ' +
    'sheet blank, to finish a sheet already partly used. Serials given need not be in the ledger yet.',
  flags: [
    { flags: '--document <number>', description: 'every serial this document moved (a receipt, transfer, credit, ...)' },
    { flags: '--product <code>', description: 'product of the serials given (or a CSV with a Product Code column)' },
    ...SERIAL_FLAGS,
    { flags: '--skip <n>', description: 'labels already used on the first sheet (default: 0)' },
  ],
  formats: ['pdf'],
  examples: [
    'serials labels --document PR-00000001 --output labels.pdf',
    'serials labels --product WIDGET --serials W-0001..W-0024 --output labels.pdf',
    'serials labels --document WT-00000003 --paper letter --skip 7 --output labels.pdf',
  ],
};

const flags = () =>
  z.object({
    document: z.optional(z.string()),
    product: z.optional(z.string()),
    skip: z.optional(z.string().check(z.regex(/^\d+$/, 'expected a whole number of labels, 0 or more'))),
  });

export async function run(ctx: Context): Promise<void> {
  const f = parseFlags(flags(), ctx.opts);
  const given = ctx.opts.serials !== undefined || ctx.opts.serialsFile !== undefined;
  if (f.document !== undefined && (given || f.product !== undefined)) {
    throw new UsageError('--document prints the serials the document moved: it takes no --product, --serials or --serials-file.', 'Give either --document, or --product with --serials or --serials-file.');
  }
  const job = pdfJob(ctx, f.document === undefined ? 'Serial labels' : `Serial labels of ${f.document}`, typeof ctx.opts.serialsFile === 'string' ? [ctx.opts.serialsFile] : []);
  const perSheet = labelsPerSheet(job.paper);
  const skip = Number(f.skip ?? 0);
  if (skip >= perSheet) {
    throw new UsageError(`--skip ${skip}: a sheet of ${LABEL_STOCK[job.paper].name} has ${perSheet} labels.`, `Give --skip from 0 to ${perSheet - 1} (the labels already used on the first sheet).`);
  }
  const serials =
    f.document === undefined ? await gatherSerials(ctx, { allowed: ['product'], required: true, prompt: `Serials to print labels for${f.product ? ` (${f.product})` : ''}:` }) : [];
  if (f.document === undefined && f.product === undefined && serials.some((s) => s.product === undefined)) {
    throw new UsageError('Which product are these serials of?', 'Give --product CODE, or a --serials-file with a Product Code column.');
  }
  await ctx.withLedger(async (db) => {
    const labels = f.document !== undefined ? await documentLabels(db, f.document) : await givenLabels(db, serials, f.product);
    const written = await writeLabels(job, labels.rows(), skip);
    if (labels.unknown > 0) ctx.out.note(`note: ${count(labels.unknown, 'serial')} ${labels.unknown === 1 ? 'is' : 'are'} not in the ledger yet; labelled all the same.`);
    const stock = LABEL_STOCK[job.paper];
    presentResult(ctx, { output: written.output, pages: written.pages, serialCount: written.value, paper: job.paper, skip, labelsPerSheet: perSheet }, [
      `Wrote ${count(written.value, 'label')} to ${written.output}: ${count(written.pages, 'sheet')} (${stock.name})${skip > 0 ? `, starting after the first ${count(skip, 'label')}` : ''}.`,
    ]);
  });
}
