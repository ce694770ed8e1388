// A count sheet of 10,000 serials (K-2 at size): many pages, nothing cut off — the last page
// says "page N of N" and its barcodes decode to the last serials — and Ctrl-C while the PDF
// is being written leaves no file behind (F-3).

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN, cli, cliLedger, ok } from '../helpers/ledger.js';
import { pageBarcodes, pdfPages, pdfText } from '../helpers/pdf.js';

const COUNT = 10_000;
const serial = (i: number) => `W-${String(i).padStart(5, '0')}`;

let dir: string;
let db: string;

beforeAll(() => {
  ({ dir, db } = cliLedger());
  for (const step of [
    ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', `WIDGET:${COUNT}`],
    ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', `${serial(1)}..${serial(COUNT)}`],
    ['count', 'create', '--warehouse', 'MAIN'],
  ]) {
    ok(cli(db, step));
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('K-2: a sheet of 10,000 serials has every page numbered "page X of Y", and the last page decodes to the last serials', () => {
  const pdf = join(dir, 'big.pdf');
  const result = JSON.parse(ok(cli(db, ['--json', 'count', 'sheet', 'SC-00000001', '--format', 'pdf', '--output', pdf])).stdout) as { pages: number; serialCount: number };
  const pages = pdfPages(pdf);
  expect(result).toMatchObject({ pages, serialCount: COUNT });
  // 35 rows a page on A4: a heading and 10,000 serials need 287 pages or more
  expect(pages).toBeGreaterThanOrEqual(287);
  // every page, at its head and at its foot
  const numbers = [...pdfText(pdf, 1, pages).matchAll(/Page ([\d,]+) of ([\d,]+)/g)].map((m) => `${m[1]}/${m[2]}`);
  expect(numbers).toEqual(Array.from({ length: pages }, (_, i) => [`${i + 1}/${pages}`, `${i + 1}/${pages}`]).flat());
  const last = pdfText(pdf, pages);
  expect(last).toContain('WIDGET (continued)');
  expect(last).toContain('Found here but not on this sheet');
  const printed = [...last.matchAll(/W-\d{5}/g)].map((m) => m[0]);
  expect(printed.length).toBeGreaterThan(0);
  expect(printed[printed.length - 1]).toBe(serial(COUNT));
  expect(pageBarcodes(pdf, pages, 150)).toEqual(Array.from({ length: printed.length }, (_, i) => serial(COUNT - printed.length + 1 + i)));
});

it('F-3: Ctrl-C while the PDF is being written leaves no file, not even half of one, and says nothing was written', async () => {
  const pdf = join(dir, 'interrupted.pdf');
  const child = spawn(process.execPath, [BIN, '--db', db, 'count', 'sheet', 'SC-00000001', '--format', 'pdf', '--output', pdf], { env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // as soon as the temporary file beside the target exists, the pages are being written
  const deadline = Date.now() + 30_000;
  let signalled = false;
  while (Date.now() < deadline && child.exitCode === null) {
    if (readdirSync(dir).some((f) => f.startsWith('.interrupted.pdf.serials-'))) {
      child.kill('SIGINT');
      signalled = true;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const code = await exited;
  expect(signalled, `the command ended before it could be interrupted: ${stderr}`).toBe(true);
  expect(code).toBe(130);
  expect(stderr).toContain('interrupted: nothing was written');
  expect(existsSync(pdf)).toBe(false);
  expect(readdirSync(dir).filter((f) => f.includes('.serials-'))).toEqual([]);
});
