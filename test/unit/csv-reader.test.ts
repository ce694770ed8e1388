// The one CSV reader (src/io/csv-stream.ts) and the one list of column names
// (src/io/csv-columns.ts) that the importers and --serials-file share (issue 8, defect 2).

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RejectedError } from '../../src/errors.js';
import { mapHeader } from '../../src/core/imports/columns.js';
import { columnNamed, describeColumns, listCells } from '../../src/io/csv-columns.js';
import { chooseDelimiter, csvRecords, decodeText, headerLine, openCsv, tooManyCells, Utf16Decoder, type CsvRecord } from '../../src/io/csv-stream.js';
import { namesOneOf } from '../../src/io/csv-columns.js';
import { tempDir } from '../helpers/ledger.js';

const dir = tempDir('serials-csv-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `f${++files}.csv`);
  writeFileSync(path, content);
  return path;
}

async function streamed(content: string | Buffer): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of openCsv(file(content)).records) out.push(r);
  return out;
}

const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);

describe('delimiter', () => {
  it('defect 2 (I-2): comma, semicolon and tab tables read alike, with quoted header cells', async () => {
    const expected = [
      { line: 1, values: ['Product Code', 'Serial Number'] },
      { line: 2, values: ['DRILL', 'DR-0041'] },
    ];
    expect(await streamed('"Product Code","Serial Number"\n"DRILL","DR-0041"\n')).toEqual(expected);
    expect(await streamed('Product Code;Serial Number\nDRILL;DR-0041\n')).toEqual(expected);
    expect(await streamed('"Product Code"\t"Serial Number"\nDRILL\tDR-0041\n')).toEqual(expected);
  });

  it('defect 2: a delimiter inside a quoted header cell does not count', () => {
    expect(chooseDelimiter('"Product; Code",Serial Number', namesOneOf())).toBe(',');
    expect(chooseDelimiter('"Serial, Number"', namesOneOf())).toBeNull();
  });

  it('defect 2: with several delimiters in the header, the one whose cells name the most known columns wins', async () => {
    // "Unit Cost, EUR" would split a comma table; the semicolons give three known columns
    expect(chooseDelimiter('Product Code;Warehouse Code;Unit Cost, EUR', namesOneOf())).toBe(';');
    expect(chooseDelimiter('Product Code,Warehouse Code;Quantity', namesOneOf())).toBe(',');
    expect(await streamed('Product Code;Serial Number, as printed\nDRILL;DR-1, spare\n')).toEqual([
      { line: 1, values: ['Product Code', 'Serial Number, as printed'] },
      { line: 2, values: ['DRILL', 'DR-1, spare'] },
    ]);
  });

  it('defect 2: ties go to comma, then semicolon, then tab; the caller says which names it knows', () => {
    expect(chooseDelimiter('a;b,c\td', namesOneOf())).toBe(',');
    expect(chooseDelimiter('a;b\tc', namesOneOf())).toBe(';');
    // split at ';': "Serial No" and "x\tProduct"; at a tab: "Serial No;x" and "Product"
    expect(chooseDelimiter('Serial No;x\tProduct', namesOneOf(['Serial Number']))).toBe(';');
    expect(chooseDelimiter('Serial No;x\tProduct', namesOneOf(['Product Code']))).toBe('\t');
  });

  it('defect 2: a first line with no comma, semicolon or tab is a single column', async () => {
    expect(chooseDelimiter('Warehouse Code', namesOneOf())).toBeNull();
    expect(await streamed('Warehouse Code\n"W,1"\nW2\n')).toEqual([
      { line: 1, values: ['Warehouse Code'] },
      { line: 2, values: ['W,1'] },
      { line: 3, values: ['W2'] },
    ]);
  });

  it('the header line is found across leading blank lines and quoted line breaks, and judged from the start of a long one', () => {
    expect(headerLine('\n\r\n"Serial\nNumber",Product\r\nA,B')).toEqual({ line: '"Serial\nNumber",Product', complete: true });
    expect(headerLine('\uFEFFSerial Number')).toEqual({ line: 'Serial Number', complete: false });
  });
});

describe('encoding', () => {
  const table = 'Product Code\tWarehouse Code\tSerial Number\r\nDRILL\tMAIN\tDR-1\r\nDRILL\tMAIN\tDR-2\r\n';
  const rows = [
    { line: 1, values: ['Product Code', 'Warehouse Code', 'Serial Number'] },
    { line: 2, values: ['DRILL', 'MAIN', 'DR-1'] },
    { line: 3, values: ['DRILL', 'MAIN', 'DR-2'] },
  ];

  it('defect 2: UTF-16LE and UTF-16BE files with a byte-order mark are decoded (what Excel saves as Unicode text)', async () => {
    expect(await streamed(utf16le(table))).toEqual(rows);
    expect(await streamed(utf16be(table))).toEqual(rows);
    expect(decodeText(utf16le(table))).toBe(table);
    expect(decodeText(utf16be(table))).toBe(table);
  });

  it('a UTF-8 byte-order mark is dropped', async () => {
    expect(await streamed(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(table)]))).toEqual(rows);
    expect(decodeText(Buffer.from('\uFEFFSerial Number\nA'))).toBe('Serial Number\nA');
  });

  it('UTF-16 is decoded as a stream: a character split between chunks is kept whole', async () => {
    const text = 'Serial Number\nÄ-1\n😀-2\n';
    const bytes = utf16be(text);
    const decoder = new Utf16Decoder('utf-16be');
    const out: Buffer[] = [];
    decoder.on('data', (chunk: Buffer) => out.push(chunk));
    const done = new Promise((resolve) => decoder.on('end', resolve));
    for (let i = 0; i < bytes.length; i++) decoder.write(bytes.subarray(i, i + 1)); // one byte at a time
    decoder.end();
    await done;
    expect(Buffer.concat(out).toString('utf8')).toBe(text);
  });

  it('a UTF-16 file longer than one read is read whole, its line numbers right', async () => {
    const lines = ['Serial Number'];
    for (let i = 1; i <= 60_000; i++) lines.push(`SN-${String(i).padStart(6, '0')}`); // ~1.3 MB as UTF-16
    const records = await streamed(utf16le(lines.join('\n') + '\n'));
    expect(records).toHaveLength(60_001);
    expect(records[60_000]).toEqual({ line: 60_001, values: ['SN-060000'] });
  });
});

describe('records', () => {
  it('line numbers: a record starts on its first line; quoted line breaks and blank lines are counted', async () => {
    const text = 'Serial Number,Note\r\nA,"two\r\nlines"\n\nB,x\n"C",\n';
    const expected = [
      { line: 1, values: ['Serial Number', 'Note'] },
      { line: 2, values: ['A', 'two\r\nlines'] },
      { line: 5, values: ['B', 'x'] },
      { line: 6, values: ['C', ''] },
    ];
    expect(await streamed(text)).toEqual(expected);
    // the whole-text reader (--serials-file) gives the same records
    expect(csvRecords(text, ',', 'f.csv')).toEqual(expected);
  });

  it('defect 2: a quote never closed is a malformed record at the line it opened on, not an exception; it says which lines it took', async () => {
    const text = 'Product Code,Serial Number\nDRILL,DR-1\nDRILL,"DR-2\nDRILL,DR-3\nDRILL,DR-4\n';
    const expected = [
      { line: 1, values: ['Product Code', 'Serial Number'] },
      { line: 2, values: ['DRILL', 'DR-1'] },
      { line: 3, values: [], malformed: 'a quoted cell starts on this line and is never closed, so lines 4 to 5 cannot be read as rows' },
    ];
    expect(await streamed(text)).toEqual(expected);
    expect(csvRecords(text, ',', 'f.csv')).toEqual(expected);
    expect(csvRecords('Serial Number\nA\n"B\nC', ',', 'f.csv').at(-1)).toEqual({ line: 3, values: [], malformed: 'a quoted cell starts on this line and is never closed, so line 4 cannot be read as a row' });
    // on the last line, there is nothing after it to name
    expect(csvRecords('Serial Number\nA\n"B\n', ',', 'f.csv').at(-1)).toEqual({ line: 3, values: [], malformed: 'a quoted cell starts on this line and is never closed' });
  });

  it('defect 2 (I-3): a malformed line does not echo the file: the reason is said in our words', async () => {
    const records = await streamed('Serial Number\nA"SECRET-TEXT"x\nB\n');
    const bad = records.find((r) => r.malformed !== undefined);
    expect(bad?.line).toBe(2);
    expect(bad?.malformed).not.toContain('SECRET');
    expect(records.at(-1)).toEqual({ line: 3, values: ['B'] });
  });

  it('I-3: after a quoted cell that goes on past its closing quote, the next lines are still read as rows, with their own line numbers', async () => {
    // csv-parse's recovery stayed inside the quoted cell: "DR-2" was swallowed, line 4 was
    // reported as malformed too, and DR-5 came out numbered 3
    const text = 'Product Code,Serial Number\nDRILL,"DR-1"x\nDRILL,DR-2\nDRILL,"DR-3"\nDRILL,DR-4\r\nDRILL,"DR-5"\n';
    const expected = [
      { line: 1, values: ['Product Code', 'Serial Number'] },
      { line: 2, values: [], malformed: 'a quoted cell goes on after its closing quote' },
      { line: 3, values: ['DRILL', 'DR-2'] },
      { line: 4, values: ['DRILL', 'DR-3'] },
      { line: 5, values: ['DRILL', 'DR-4'] },
      { line: 6, values: ['DRILL', 'DR-5'] },
    ];
    expect(await streamed(text)).toEqual(expected);
    expect(csvRecords(text, ',', 'f.csv')).toEqual(expected);
  });

  it('I-3: a line with several stray quotes is one malformed record, not one per quote', async () => {
    const text = 'Serial Number\nA"B"C\n"D"E"F\nG\n';
    const expected = [
      { line: 1, values: ['Serial Number'] },
      { line: 2, values: [], malformed: 'a quote appears inside a cell that does not start with one' },
      { line: 3, values: [], malformed: 'a quoted cell goes on after its closing quote' },
      { line: 4, values: ['G'] },
    ];
    expect(await streamed(text)).toEqual(expected);
    expect(csvRecords(text, ',', 'f.csv')).toEqual(expected);
  });

  it('I-3: a quote left open runs on to the next quote: the lines it took are named, and the rows after keep their line numbers', async () => {
    const text = 'Product Code,Serial Number\nDRILL,"DR-1\nDRILL,DR-2\nDRILL,"DR-3"x\nDRILL,DR-4\n';
    const expected = [
      { line: 1, values: ['Product Code', 'Serial Number'] },
      { line: 2, values: [], malformed: 'a quoted cell runs on from this line to line 4, where a quoted cell goes on after its closing quote' },
      { line: 5, values: ['DRILL', 'DR-4'] },
    ];
    expect(await streamed(text)).toEqual(expected);
    expect(csvRecords(text, ',', 'f.csv')).toEqual(expected);
    // the same with Windows line endings (csv-parse counts a CRLF inside quotes as two lines)
    const crlf = text.replaceAll('\n', '\r\n');
    expect(await streamed(crlf)).toEqual(expected);
    expect(csvRecords(crlf, ',', 'f.csv')).toEqual(expected);
    const unclosed = 'Serial Number\r\nA\r\n"B\r\nC\r\nD\r\n';
    expect((await streamed(unclosed)).at(-1)).toEqual({ line: 3, values: [], malformed: 'a quoted cell starts on this line and is never closed, so lines 4 to 5 cannot be read as rows' });
  });

  it('I-3: malformed lines far into a file that is read in several chunks are numbered right, and so are the rows between them', async () => {
    const bad = [40_000, 80_000, 115_000];
    const lines = ['Serial Number'];
    for (let i = 2; i <= 130_000; i++) lines.push(bad.includes(i) ? `"SN-${i}"x` : `SN-${i}`); // 1.3 MB: read in two parts
    const records = await streamed(lines.join('\n') + '\n');
    expect(records).toHaveLength(130_000);
    expect(records.filter((r) => r.malformed !== undefined).map((r) => r.line)).toEqual(bad);
    expect(records[40_000]).toEqual({ line: 40_001, values: ['SN-40001'] });
    expect(records[115_000]).toEqual({ line: 115_001, values: ['SN-115001'] });
    expect(records.at(-1)).toEqual({ line: 130_000, values: ['SN-130000'] });
  });

  it('formula-neutralised cells are restored', async () => {
    expect((await streamed("Serial Number\n'=A1\n"))[1]?.values).toEqual(['=A1']);
  });

  it('I-3: a row with more non-empty cells than the header is too many; empty trailing cells are not', () => {
    expect(tooManyCells(['a', 'b', 'c'], 2)?.code).toBe('too_many_cells');
    expect(tooManyCells(['a', 'b', ' ', ''], 2)).toBeNull();
    expect(tooManyCells(['a'], 2)).toBeNull();
  });
});

describe('column names', () => {
  it('defect 2: Serial Number is also Serial, Serial No, Serial No., Serial # and SerialNumber, in any case and spacing', () => {
    for (const cell of ['Serial Number', 'serial', 'Serial No', 'SERIAL NO.', 'Serial #', 'SerialNumber', ' serial  number ']) {
      expect(columnNamed(cell), cell).toBe('Serial Number');
    }
    expect(columnNamed('Product')).toBe('Product Code');
    expect(columnNamed('warehouse')).toBe('Warehouse Code');
    expect(columnNamed('Colour')).toBeUndefined();
    expect(columnNamed('Serial Number'.padEnd(1_000_000, 'x'))).toBeUndefined();
  });

  it('defect 2 (I-2): an import layout accepts the aliases; its errors list the names accepted', () => {
    const specs = [
      { field: 'product', name: 'Product Code', required: true },
      { field: 'serial', name: 'Serial Number', required: true },
    ] as const;
    expect(mapHeader(['Product', 'Serial No'], [...specs], 'f.csv')).toEqual({ product: 0, serial: 1 });
    try {
      mapHeader(['Product', 'Colour'], [...specs], 'f.csv');
      expect.unreachable();
    } catch (error) {
      const problems = (error as RejectedError).problems;
      expect(problems.map((p) => p.code)).toEqual(['unknown_columns', 'missing_columns']);
      expect(problems[0]?.message).toContain('"Colour"');
      expect(problems[0]?.fix).toContain('Serial Number (or Serial, Serial No, Serial No., Serial #)');
    }
    expect(describeColumns(['Warehouse Code', 'Quantity'])).toBe('Warehouse Code (or Warehouse), Quantity');
  });

  it('defect 2: header cells are echoed through shown(): at most ten, each cut short, escaped', () => {
    const cells = Array.from({ length: 25 }, (_, i) => `c${i}`);
    expect(listCells(cells)).toBe('"c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9" and 15 more');
    const long = listCells(['\u0000'.repeat(5_000_000)]);
    expect(long.length).toBeLessThan(400);
    expect(long).toContain('\\x00');
    expect(long).toContain('5,000,000 characters');
  });
});
