// Writes a PDF page by page to its --output file, with flat memory however many pages.
//
// The file goes through src/io/safe-output.ts (RULES.md F-1): an output that is an input or
// the ledger under any name is refused before anything is read; the pages are written to a
// temporary file beside the target, renamed into place only when the document is complete,
// and removed if the command fails or is interrupted (F-3: Ctrl-C leaves nothing behind).
//
// Each page's bytes go to the file as pdfkit finishes the page (it never buffers pages here),
// and the event loop turns between pages so that a signal is answered at once. The count
// of pages is known before the first is drawn (every layout is a fixed grid), so each page
// can say "page X of Y" as it streams out.

import { closeSync, openSync, statSync } from 'node:fs';
import { isatty } from 'node:tty';
import { onInterrupt } from '../../signals.js';
import { assertOutputAllowed, openTextOutput, type OutputGuard } from '../../../io/safe-output.js';
import type { Context } from '../../context.js';
import { presentResult } from '../present.js';
import { count } from '../words.js';
import { BusyError, OutputError, UsageError } from '../../../errors.js';
import type { Paper } from '../../command.js';
import { PAPER, type Doc, type PaperSize } from './document.js';

export interface PdfJob {
  output: string;
  paper: Paper;
  /** the files the command reads, and the ledger: the output may be none of them */
  guard: OutputGuard;
  /** the document's title, shown by PDF readers */
  title: string;
  /** import() of a package: the command's (src/cli/context.ts), which works where the app bundle runs */
  importModule(specifier: string): Promise<unknown>;
}

export interface PdfPages {
  doc: Doc;
  paper: PaperSize;
  /** pages begun so far: the number of the current page */
  count: number;
  /** Finishes the current page (if any) and begins the next; the event loop turns in between. */
  next(): Promise<void>;
  /** Page content operators (document.ts) for the current page, collected and put in together. */
  add(ops: string): void;
  /** Draws with pdfkit's API, after (so over) what was added before. */
  draw(fn: (doc: Doc) => void): void;
}

export interface WrittenPdf<T> {
  value: T;
  pages: number;
  /** the file written, as given */
  output: string;
}

/**
 * The PDF a command line asks for (--output, --paper), its file checked at once (F-1): before
 * the ledger is opened or any input read, an output that is one of them is a usage error.
 */
export function pdfJob(ctx: Context, title: string, inputs: readonly string[] = []): PdfJob {
  const { output, paper } = ctx.pdf();
  if (output === '-' || isTerminal(output)) {
    throw new UsageError(`--output ${output} is ${output === '-' ? 'standard output' : 'a terminal'}: a PDF is written to a file, never to the terminal.`, 'Give --output a file name, e.g. --output sheet.pdf.');
  }
  const guard: OutputGuard = { ledger: ctx.location.engine === 'sqlite' ? ctx.location.path : undefined, inputs };
  assertOutputAllowed(output, '--output', guard);
  return { output, paper, guard, title, importModule: ctx.importModule };
}

/** Whether `path` is a terminal (a PDF there would be pages of binary on the screen). */
function isTerminal(path: string): boolean {
  try {
    if (!statSync(path).isCharacterDevice()) return false;
    const fd = openSync(path, 'r');
    try {
      return isatty(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** What a command that wrote a PDF says: `{output, pages, serialCount, paper, …}` with --json, a sentence otherwise. */
export function presentPdf(ctx: Context, job: PdfJob, written: WrittenPdf<unknown>, what: string, serialCount: number, extra: Record<string, unknown> = {}): void {
  presentResult(ctx, { output: written.output, pages: written.pages, serialCount, paper: job.paper, ...extra }, [
    `Wrote ${what} to ${written.output}: ${count(written.pages, 'page')} (${PAPER[job.paper].label}), ${count(serialCount, 'serial')}.`,
  ]);
}

/**
 * What was drawn must be what was counted before (each page said "page X of Y"). They differ
 * only if the ledger changed between the reads (a command reads it in several statements):
 * then the file is not kept, and running again prints it right.
 */
export function checkCounted(counted: number, drawn: number, unit: string): void {
  if (counted !== drawn) {
    throw new BusyError(`The ledger changed while the PDF was written (${drawn} ${unit} where ${counted} were counted); nothing was written.`, 'Run the command again.');
  }
}

/** Bytes gathered before a write to the file. */
const WRITE_SIZE = 64 * 1024;

/** Lets the event loop turn: signals are handled, and the file's writes do not pile up. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface PageTree {
  _root: { data: { Pages: { data: { Kids: { data: unknown }[] } } } };
}

/**
 * A finished page's dictionary stays in the document's page list to the end (the list is
 * written last), holding what it pointed to — its resources, its content stream's object —
 * about 1.4 KB a page: 60 MB for a 40,000-page report. Once written, only its object number
 * is needed.
 */
function forgetWrittenPages(doc: Doc): void {
  const kids = (doc as unknown as PageTree)._root.data.Pages.data.Kids;
  const written = kids[kids.length - 2];
  if (written) written.data = {};
}

export async function writePdf<T>(job: PdfJob, draw: (pages: PdfPages) => Promise<T>): Promise<WrittenPdf<T>> {
  const out = openTextOutput(job.output, '--output', job.guard);
  const forget = onInterrupt(() => out.abort());
  try {
    const { default: PDFDocument } = (await job.importModule('pdfkit')) as { default: PDFKit.PDFDocument };
    const doc = new PDFDocument({ autoFirstPage: false, margin: 0, info: { Title: job.title, Creator: 'serials', Producer: 'serials (pdfkit)' } });
    let failure: unknown;
    // pdfkit hands over each object in small pieces (a cross-reference line is 20 bytes):
    // they are gathered into writes of about 64 KB
    let pending: Uint8Array[] = [];
    let size = 0;
    const write = () => {
      if (size === 0 || failure !== undefined) return;
      try {
        out.write(pending.length === 1 ? (pending[0] as Uint8Array) : Buffer.concat(pending, size));
      } catch (error) {
        failure = error;
      }
      pending = [];
      size = 0;
    };
    doc.on('data', (chunk: Uint8Array) => {
      pending.push(chunk);
      size += chunk.length;
      if (size >= WRITE_SIZE) write();
    });
    const ended = new Promise<void>((resolve) => doc.once('end', () => resolve()));
    const paper = PAPER[job.paper];
    let content: string[] = [];
    const flush = () => {
      if (content.length > 0) doc.addContent(`q 0 g 0 G\n${content.join('')}Q`);
      content = [];
    };
    const pages: PdfPages = {
      doc,
      paper,
      count: 0,
      async next() {
        if (pages.count > 0) {
          flush();
          await turn();
          if (failure !== undefined) throw failure;
        }
        doc.addPage({ size: [paper.width, paper.height], margin: 0 });
        pages.count++;
        forgetWrittenPages(doc);
      },
      add(ops) {
        content.push(ops);
      },
      draw(fn) {
        flush();
        fn(doc);
      },
    };
    const value = await draw(pages);
    flush();
    doc.end();
    await ended;
    write();
    if (failure !== undefined) throw failure;
    out.commit();
    return { value, pages: pages.count, output: job.output };
  } catch (error) {
    out.abort();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EIO' || code === 'EDQUOT') {
      throw new OutputError(`Cannot write --output ${job.output}: ${code === 'EIO' ? 'an input/output error' : 'no space left on the device'}. Nothing was written.`, 'Free space, or give --output a file on another device, and run the command again.');
    }
    throw error;
  } finally {
    forget();
  }
}
