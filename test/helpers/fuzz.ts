// Arbitraries for the robustness test (test/e2e/robustness.test.ts): whole command lines of
// the built CLI, taken from the real commander tree, with values that are sometimes right
// for the seeded ledger and often hostile, input files of random bytes or of CSV gone wrong,
// and paths that name things a command must not damage. Everything generated is plain data
// (strings, arrays, small records) so that fast-check can shrink a failure to a short
// command line, and paths are symbolic (`{ path: 'ledger' }`) so that a counterexample
// replays in any temporary directory.

import fc from 'fast-check';
import type { Command, Option } from 'commander';

// ---------------------------------------------------------------------------------------
// The seeded ledger (built by the test through the CLI; these names must match it)

/** What the seed puts in the ledger: codes and numbers a generated command may hit. */
export const SEEDED = {
  warehouses: ['MAIN', 'BACK'],
  suppliers: ['ACME'],
  customers: ['BAKER'],
  // WIDGET and DRILL serialized, CABLE and BIT plain (BIT has stock, so it can be
  // serialized), LABOUR never diminishing, OLD serialized once and no more
  products: ['WIDGET', 'DRILL', 'CABLE', 'BIT', 'LABOUR', 'OLD'],
  // PO-1 open and partly received, PO-2 open with nothing received, PO-3 completed; SO-1 open
  // with an assignment and two parked shipments (SS-2 of CABLE, SS-3 of W-0001), SO-2
  // completed (SS-1) with a credit (CN-1), SO-3 deleted
  documents: [
    'PO-00000001', 'PO-00000002', 'PO-00000003', 'PR-00000001', 'SO-00000001', 'SO-00000002', 'SO-00000003',
    'SS-00000001', 'SS-00000002', 'SS-00000003', 'CN-00000001', 'SR-00000001', 'SA-00000001',
  ],
  // W-0001 available, assigned to SO-1 and parked on SS-3; W-0002 shipped; W-0003 available;
  // W-0004 shipped and credited back; W-0100 and DR-0100 available in BACK; O-1 deleted
  serials: ['W-0001', 'W-0002', 'W-0003', 'W-0004', 'W-0100', 'DR-0100', 'O-1'],
} as const;

/** The seed, as CLI steps after `cliLedger()` (warehouses MAIN and BACK, ACME, BAKER, WIDGET, CABLE). */
export const SEED_STEPS: string[][] = [
  ['product', 'add', 'DRILL', '--serialized'],
  ['product', 'add', 'LABOUR', '--never-diminishing'],
  ['product', 'add', 'BIT'],
  ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:5:10', '--line', 'DRILL:3', '--line', 'CABLE:10.5', '--line', 'LABOUR:1'],
  ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', 'W-0001..W-0004'],
  ['po', 'receive', 'PO-00000001', '--product', 'CABLE'],
  ['po', 'create', '--supplier', 'ACME', '--warehouse', 'BACK', '--line', 'DRILL:2'],
  ['adjust', 'in', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'W-0100', '--reason', 'seed'],
  ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'BIT', '--qty', '2', '--reason', 'seed'],
  ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:2', '--line', 'CABLE:1', '--line', 'LABOUR:1'],
  ['so', 'assign', 'SO-00000001', '--product', 'WIDGET', '--serials', 'W-0001'],
  ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:2'],
  ['so', 'ship', 'SO-00000002', '--serials', 'W-0002,W-0004'],
  ['so', 'ship', 'SO-00000001', '--product', 'CABLE', '--qty', '1', '--park'],
  ['credit', 'create', '--so', 'SO-00000002', '--product', 'WIDGET', '--serials', 'W-0004'],
  ['supplier-return', 'create', '--po', 'PO-00000001', '--product', 'CABLE', '--qty', '0.5'],
  ['product', 'add', 'OLD', '--serialized'],
  ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'OLD', '--serials', 'O-1,O-2', '--reason', 'seed'],
  ['adjust', 'out', '--warehouse', 'MAIN', '--product', 'OLD', '--serials', 'O-1,O-2', '--reason', 'seed'],
  ['product', 'unserialize', 'OLD'],
  ['so', 'create', '--customer', 'BAKER', '--warehouse', 'BACK', '--line', 'WIDGET:1'],
  ['so', 'delete', 'SO-00000003'],
  ['po', 'create', '--supplier', 'ACME', '--warehouse', 'BACK', '--line', 'CABLE:1'],
  ['po', 'receive', 'PO-00000003'],
  ['adjust', 'in', '--warehouse', 'BACK', '--product', 'DRILL', '--serials', 'DR-0100', '--reason', 'seed'],
  ['so', 'ship', 'SO-00000001', '--product', 'WIDGET', '--qty', '1', '--park'],
];

// ---------------------------------------------------------------------------------------
// Paths

/**
 * The files a path may name, each set up afresh in the run's working directory (the test
 * does that): the ledger under several names, its side files, things that are not ledgers,
 * and things that are not files at all.
 */
export const PATH_ROLES = {
  ledger: 'the ledger, absolute path',
  ledgerRelative: 'the ledger, relative path',
  ledgerDotted: 'the ledger through subdir/..',
  symlink: 'a symlink to the ledger',
  hardlink: 'a hard link to the ledger',
  loop: 'a symlink to itself',
  dangling: 'a symlink to a file that does not exist',
  wal: "the ledger's -wal (present while another connection holds the ledger open)",
  shm: "the ledger's -shm",
  missing: 'a file that does not exist',
  missingDir: 'a file in a directory that does not exist',
  workdir: 'the working directory itself',
  subdir: 'a directory',
  devnull: '/dev/null',
  input: 'the input file of this run (input.csv)',
  empty: 'an empty file',
  text: 'a text file that is not a ledger',
  otherDb: "another program's SQLite database",
  newFile: 'a new file in the working directory',
  stdin: '- (standard input)',
} as const;
export type PathRole = keyof typeof PATH_ROLES;

/** An argument: literal text, or a path (optionally glued after a prefix, as in --errors=PATH). */
export type Token = string | { path: PathRole; prefix?: string };

/** The path text of a role, relative to the run's working directory where it can be. */
export function pathText(role: PathRole, workdir: string): string {
  switch (role) {
    case 'ledger':
      return `${workdir}/ledger.db`;
    case 'ledgerRelative':
      return 'ledger.db';
    case 'ledgerDotted':
      return 'subdir/../ledger.db';
    case 'symlink':
      return 'link.db';
    case 'hardlink':
      return 'hard.db';
    case 'loop':
      return 'loop.db';
    case 'dangling':
      return 'dangling.db';
    case 'wal':
      return 'ledger.db-wal';
    case 'shm':
      return 'ledger.db-shm';
    case 'missing':
      return 'missing.csv';
    case 'missingDir':
      return 'no-such-dir/file.csv';
    case 'workdir':
      return '.';
    case 'subdir':
      return 'subdir';
    case 'devnull':
      return '/dev/null';
    case 'input':
      return 'input.csv';
    case 'empty':
      return 'empty.db';
    case 'text':
      return 'notes.txt';
    case 'otherDb':
      return 'other.db';
    case 'newFile':
      return 'new-file.out';
    case 'stdin':
      return '-';
  }
}

export function tokenText(token: Token, workdir: string): string {
  return typeof token === 'string' ? token : (token.prefix ?? '') + pathText(token.path, workdir);
}

export const pathArb: fc.Arbitrary<PathRole> = fc.constantFrom(...(Object.keys(PATH_ROLES) as PathRole[]));

// ---------------------------------------------------------------------------------------
// Values

/** Text no well-behaved command line would hold; NUL is left out (a process argument cannot hold it). */
const HOSTILE = [
  '',
  ' ',
  '   ',
  '\t',
  '\n',
  ' \t\r\n ',
  'a\nb',
  'a\rb',
  '"',
  "'",
  '""',
  '"W-0001"',
  "'W-0001'",
  '..',
  '...',
  'W-0001..',
  '..W-0001',
  'é',
  'Ünïcödé',
  '日本語',
  '😀',
  '\u200b',
  '\u00a0W-0001',
  'W-0001\u00a0',
  '\x01',
  '\x1b[31mred',
  '\x7f',
  '\ufeff',
  '\ud800',
  '-',
  '--',
  '-1',
  '--json',
  '--help',
  ',',
  ',,',
  ' , ',
  '%',
  '_',
  '\\',
  '/',
  '../..',
  "'; DROP TABLE serials; --",
  '=1+1',
  '@SUM(A1)',
  'NULL',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'toString',
  'W'.repeat(50),
  'W'.repeat(51),
  'x'.repeat(5000),
  ','.repeat(2000),
];

export const hostileArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
  // any code point (lone surrogates included), never NUL
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }).map((s) => s.replace(/\0/g, '')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);

const caseVariants = (values: readonly string[]): string[] => values.flatMap((v) => [v, v.toLowerCase(), ` ${v} `]);

export const numberArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '0', '1', '2', '3', '-1', '0.5', '1.5', '2.0', '10.5', '1e308', '-1e308', '1e-7', '1.23456789', '0.1234567890123', 'NaN', 'Infinity', '-0',
      '00', '+1', '1,5', '0x10', '1_000', '9007199254740993', '1e3', ' 2 ', '2 ', '', 'one', '1.', '.5',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 20 }).map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

export const dateArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '2026-01-01', '2026-12-31', '2025-06-15', '2024-02-29', '2023-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-1-1', '0000-00-00',
      '9999-12-31', '1970-01-01', '2026-11-28T10:00', '2026/01/01', '01-02-2026', 'today', '', '2026-04-31', '+002026-01-01', '20260101',
    ),
  },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: hostileArb },
);

export const codeArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(...caseVariants([...SEEDED.warehouses, ...SEEDED.suppliers, ...SEEDED.customers, ...SEEDED.products])),
  },
  { weight: 2, arbitrary: fc.constantFrom('NOPE', 'NEW', 'X', 'NEW-CODE', 'MAIN2', 'WIDGET ', 'widget') },
  { weight: 2, arbitrary: hostileArb },
);

export const documentArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...caseVariants(SEEDED.documents)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('PO-00000099', 'SO-00000099', 'SS-00000099', 'CN-00000099', 'SR-00000099', 'PO-1', 'PO-0000000001', 'PO-', '1', 'PO-00000001 ', 'NEW-DOC'),
  },
  { weight: 2, arbitrary: hostileArb },
);

/** A small range (at most ~20 serials, so a run stays short), well formed or not. */
const rangeArb: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom('W-', 'N-', 'DR-', 'B-', 'w-', ''), fc.integer({ min: 0, max: 110 }), fc.integer({ min: -3, max: 15 }), fc.constantFrom(0, 4))
    .map(([prefix, start, length, pad]) => `${prefix}${String(start).padStart(pad, '0')}..${prefix}${String(Math.max(0, start + length)).padStart(pad, '0')}`),
  fc.constantFrom('A1..B2', 'A9..A1', 'A1..A1', 'W-0001..W-0003', 'N-01..N-5', '1..3', 'X..Y', 'A1..', '..A1', 'A1....A3', 'A1..A3..A5', 'SN-1..SN-99999999999999999999'),
);

export const serialArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...caseVariants(SEEDED.serials)) },
  { weight: 2, arbitrary: fc.constantFrom('N-0001', 'N-0002', 'NEW-1', 'DR-0001', 'B-1', 'B-2', 'OLD-77', 'a b', 'x') },
  { weight: 2, arbitrary: rangeArb },
  { weight: 3, arbitrary: hostileArb },
);

/** What `--serials` takes: one serial, a comma list, or a range. */
export const serialListArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: serialArb },
  { weight: 2, arbitrary: fc.array(serialArb, { minLength: 2, maxLength: 5 }).map((l) => l.join(',')) },
);

/** `--line product:qty[:cost]`, sometimes mangled. */
export const lineArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(codeArb, numberArb, fc.option(numberArb)).map(([p, q, c]) => (c === null ? `${p}:${q}` : `${p}:${q}:${c}`)) },
  { weight: 1, arbitrary: fc.constantFrom('WIDGET', 'WIDGET:', ':1', 'WIDGET:1:2:3', '::', 'WIDGET::1', 'WIDGET:1:-5', 'WIDGET:1:1e308') },
  { weight: 1, arbitrary: hostileArb },
);

export const textArb: fc.Arbitrary<string> = fc.oneof(fc.constantFrom('seed', 'Damaged', 'Main warehouse', 'a', 'Über'), hostileArb);

/** Anything at all, for an option or argument the test does not know by name (a new command's). */
export const anyValueArb: fc.Arbitrary<string> = fc.oneof(codeArb, documentArb, serialListArb, numberArb, dateArb, textArb);

/**
 * Values a careful user would type: codes and numbers of the seeded ledger, new serials, small
 * ranges. A command line of nothing but these often succeeds and writes, which is where the
 * ledger can be left wrong; hostile values mostly exercise validation.
 */
export const PLAUSIBLE = {
  code: fc.constantFrom(...SEEDED.warehouses, ...SEEDED.suppliers, ...SEEDED.customers, ...SEEDED.products, 'NEW', 'widget', 'main'),
  document: fc.constantFrom(...SEEDED.documents),
  serial: fc.constantFrom(...SEEDED.serials, 'w-0003', 'N-0001', 'N-0002', 'NEW-1', 'B-1', 'B-2', 'DR-0001', 'N-0001..N-0003', 'B-1..B-2', 'DR-0001..DR-0002'),
  number: fc.constantFrom('1', '2', '3', '0.5', '1.5', '10'),
  date: fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  text: fc.constantFrom('seed', 'Damaged', 'Main warehouse'),
};
const plausibleSerialList = fc.array(PLAUSIBLE.serial, { minLength: 1, maxLength: 3 }).map((l) => l.join(','));
const plausibleLine = fc
  .tuple(fc.constantFrom(...SEEDED.products), PLAUSIBLE.number, fc.option(fc.constantFrom('4.50', '10', '0'), { freq: 2 }))
  .map(([p, q, c]) => (c === null ? `${p}:${q}` : `${p}:${q}:${c}`));

/**
 * How hostile a generated command is: every value plausible; plausible but for the odd value
 * (one bad value in an otherwise good command reaches furthest into a command); or any value.
 */
export type Mode = 'plausible' | 'mixed' | 'hostile';

// ---------------------------------------------------------------------------------------
// Input files

export type Encoding = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be' | 'utf16leNoBom' | 'latin1';

export type FileSpec =
  | {
      kind: 'table';
      /** null: a plain list, one value a line */
      header: string[] | null;
      rows: string[][];
      delimiter: string;
      quoting: 'none' | 'all' | 'broken';
      eol: string;
      finalEol: boolean;
      encoding: Encoding;
    }
  | { kind: 'bytes'; bytes: number[] };

const HEADERS = [
  'Product Code', 'Serial Number', 'Warehouse Code', 'Serial', 'Serial No', 'Serial #', 'Product', 'Product Description', 'Warehouse Name',
  'Supplier Code', 'Supplier Name', 'Customer Code', 'Customer Name', 'Serialized', 'Never Diminishing', 'Quantity', 'Unit Cost',
];
const WRONG_HEADERS = ['', ' ', 'Foo', 'serial number ', 'SERIALNUMBER', 'Serial\tNumber', 'Product Code,Serial Number', '"Serial Number"', 'Serial Number\ufeff', '\ufeffSerial Number', 'Qty'];

/** The header lines the import layouts and serial files expect (README). */
const RIGHT_HEADERS: string[][] = [
  ['Serial Number'],
  ['Product Code', 'Serial Number'],
  ['Warehouse Code', 'Serial Number'],
  ['Product Code', 'Warehouse Code', 'Serial Number'],
  ['Product Code', 'Product Description', 'Warehouse Code', 'Serial Number'],
  ['Warehouse Code', 'Warehouse Name'],
  ['Supplier Code', 'Supplier Name'],
  ['Customer Code', 'Customer Name'],
  ['Product Code', 'Product Description', 'Serialized', 'Never Diminishing'],
  ['Product Code', 'Warehouse Code', 'Quantity', 'Unit Cost', 'Serial Number'],
  ['Product Code', 'Warehouse Code', 'Quantity'],
];

/** A cell: a code, serial, number or yes/no, or text with NUL, quotes and line breaks. */
const cellArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: codeArb },
  { weight: 3, arbitrary: serialArb },
  { weight: 2, arbitrary: numberArb },
  { weight: 1, arbitrary: fc.constantFrom('Yes', 'No', 'yes', 'true', 'Y', '1', '0', '') },
  { weight: 1, arbitrary: fc.constantFrom('\0', 'a\0b', '"a""b"', 'a"b', '"', 'line\nbreak', '\r', "'=1+1", "'W-0001") },
);

const hostileFileArb: fc.Arbitrary<FileSpec> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('table' as const),
      header: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...RIGHT_HEADERS) },
        { weight: 1, arbitrary: fc.array(fc.constantFrom(...HEADERS, ...WRONG_HEADERS), { minLength: 1, maxLength: 5 }) },
        { weight: 1, arbitrary: fc.constant(null) },
      ),
      rows: fc.array(fc.array(cellArb, { minLength: 0, maxLength: 5 }), { minLength: 0, maxLength: 6 }),
      delimiter: fc.constantFrom(',', ',', ';', '\t', '|', ' ', ':'),
      quoting: fc.constantFrom('none', 'none', 'all', 'broken'),
      eol: fc.constantFrom('\n', '\r\n', '\r', '\n\n'),
      finalEol: fc.boolean(),
      encoding: fc.constantFrom<Encoding>('utf8', 'utf8', 'utf8bom', 'utf16le', 'utf16be', 'utf16leNoBom', 'latin1'),
    }),
  },
  // binary garbage; a BOM or a NUL-laden run is more interesting than uniform noise
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('bytes' as const),
      bytes: fc
        .tuple(fc.constantFrom<number[]>([], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]), fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 200 }))
        .map(([bom, rest]) => [...bom, ...rest]),
    }),
  },
);

/** A cell fit for its column. */
function plausibleCell(column: string): fc.Arbitrary<string> {
  const c = column.toLowerCase();
  if (c.startsWith('product code') || c === 'product') return fc.constantFrom(...SEEDED.products);
  if (c.startsWith('warehouse code')) return fc.constantFrom(...SEEDED.warehouses);
  if (c.startsWith('supplier code') || c.startsWith('customer code')) return fc.constantFrom('NEW', 'NEW2', 'ACME', 'BAKER');
  if (c.startsWith('serial')) return PLAUSIBLE.serial.filter((v) => !v.includes('..'));
  if (c === 'quantity' || c === 'unit cost') return PLAUSIBLE.number;
  if (c === 'serialized' || c === 'never diminishing') return fc.constantFrom('Yes', 'No');
  return PLAUSIBLE.text;
}

/** A well-formed file with the right columns and cells that fit them (`mixed`: but for the odd cell). */
const plausibleFileArb = (mixed: boolean): fc.Arbitrary<FileSpec> => fc.constantFrom(...RIGHT_HEADERS).chain((header) =>
  fc.record({
    kind: fc.constant('table' as const),
    header: fc.constant<string[] | null>(header),
    rows: fc.array(fc.tuple(...header.map((h) => (mixed ? fc.oneof({ weight: 5, arbitrary: plausibleCell(h) }, { weight: 1, arbitrary: cellArb }) : plausibleCell(h)))), {
      minLength: 1,
      maxLength: 4,
    }),
    delimiter: fc.constantFrom(',', ',', ';', '\t'),
    quoting: fc.constantFrom<'none' | 'all'>('none', 'all'),
    eol: fc.constantFrom('\n', '\r\n'),
    finalEol: fc.boolean(),
    encoding: fc.constantFrom<Encoding>('utf8', 'utf8', 'utf8bom', 'utf16le'),
  }),
);

export function fileSpecArb(mode: Mode): fc.Arbitrary<FileSpec> {
  if (mode === 'plausible') return plausibleFileArb(false);
  if (mode === 'mixed') return fc.oneof({ weight: 3, arbitrary: plausibleFileArb(true) }, { weight: 1, arbitrary: hostileFileArb });
  return hostileFileArb;
}

function quoteCell(cell: string, quoting: 'none' | 'all' | 'broken'): string {
  if (quoting === 'all') return `"${cell.replace(/"/g, '""')}"`;
  if (quoting === 'broken') return `"${cell}`;
  return cell;
}

/** The bytes of a generated file. */
export function renderFile(spec: FileSpec): Buffer {
  if (spec.kind === 'bytes') return Buffer.from(spec.bytes);
  const lines = [...(spec.header ? [spec.header] : []), ...spec.rows].map((cells) => cells.map((c) => quoteCell(c, spec.quoting)).join(spec.delimiter));
  const text = lines.join(spec.eol) + (spec.finalEol && lines.length > 0 ? spec.eol : '');
  switch (spec.encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    case 'utf16leNoBom':
      return Buffer.from(text, 'utf16le');
    case 'latin1':
      return Buffer.from(text, 'latin1');
  }
}

// ---------------------------------------------------------------------------------------
// Command lines from the commander tree

/** Output options and arguments: what they name may be written (the rest are inputs). */
export const OUTPUTS: { options: readonly string[]; arguments: Readonly<Record<string, readonly string[]>> } = {
  options: ['--errors', '--output'],
  // `db backup <file>` writes a new file (or an older ledger, with --force)
  arguments: { 'db backup': ['file'] },
};

export interface Leaf {
  /** e.g. ['po', 'receive'] */
  names: string[];
  command: Command;
}

/** Every command that runs an action: the leaves of the tree. */
export function leavesOf(program: Command, prefix: string[] = []): Leaf[] {
  return program.commands.flatMap((c) => (c.commands.length > 0 ? leavesOf(c, [...prefix, c.name()]) : [{ names: [...prefix, c.name()], command: c }]));
}

const has = (name: string, words: readonly string[]) => words.some((w) => name === w || name.endsWith(`-${w}`));

function isFileName(name: string): boolean {
  return has(name, ['file', 'errors', 'output', 'path']);
}

/** Values for an option or argument, chosen by its name (an unknown name gets anything). */
function valueArb(name: string, choices: readonly string[] | undefined, mode: Mode, output: boolean): fc.Arbitrary<Token> {
  if (mode === 'mixed') {
    return fc.oneof({ weight: 5, arbitrary: valueArb(name, choices, 'plausible', output) }, { weight: 1, arbitrary: valueArb(name, choices, 'hostile', output) });
  }
  if (mode === 'plausible') {
    if (choices && choices.length > 0) return fc.constantFrom(...choices);
    if (isFileName(name)) return fc.constantFrom<PathRole>(...(output ? (['newFile', 'missing'] as const) : (['input', 'input', 'stdin'] as const))).map((path): Token => ({ path }));
    if (name === 'line') return plausibleLine;
    if (has(name, ['serial', 'serials', 'contains'])) return plausibleSerialList;
    // the right kind of code or document for the flag, mostly
    const kinds: [string[], readonly string[]][] = [
      [['warehouse'], SEEDED.warehouses],
      [['supplier'], SEEDED.suppliers],
      [['customer'], SEEDED.customers],
      [['product'], SEEDED.products],
      [['po'], SEEDED.documents.filter((d) => d.startsWith('PO-'))],
      [['so'], SEEDED.documents.filter((d) => d.startsWith('SO-'))],
      [['shipment'], SEEDED.documents.filter((d) => d.startsWith('SS-'))],
      [['credit'], SEEDED.documents.filter((d) => d.startsWith('CN-'))],
      [['return'], SEEDED.documents.filter((d) => d.startsWith('SR-'))],
    ];
    for (const [words, values] of kinds) {
      if (has(name, words)) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.oneof(PLAUSIBLE.code, PLAUSIBLE.document) });
    }
    if (has(name, ['code'])) return fc.oneof(fc.constantFrom('NEW', 'NEW-2', 'new'), PLAUSIBLE.code);
    if (has(name, ['document'])) return PLAUSIBLE.document;
    if (has(name, ['number'])) return fc.constantFrom('PO-00000050', 'SO-00000050', 'X-1');
    if (has(name, ['qty', 'quantity', 'limit'])) return PLAUSIBLE.number;
    if (has(name, ['from', 'to', 'date'])) return PLAUSIBLE.date;
    if (has(name, ['reason', 'name', 'description', 'text'])) return PLAUSIBLE.text;
    return fc.oneof(PLAUSIBLE.code, PLAUSIBLE.document, PLAUSIBLE.serial, PLAUSIBLE.number);
  }
  if (choices && choices.length > 0) {
    const variants = choices.flatMap((c) => [c, c.toUpperCase(), c[0]!.toUpperCase() + c.slice(1), ` ${c}`]);
    return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...variants) }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom('pdf', 'xml', 'all', ''), hostileArb) });
  }
  if (isFileName(name)) return fc.oneof({ weight: 4, arbitrary: pathArb.map((path): Token => ({ path })) }, { weight: 1, arbitrary: hostileArb });
  if (name === 'line') return lineArb;
  if (has(name, ['serial', 'serials', 'contains'])) return serialListArb;
  if (has(name, ['code', 'supplier', 'customer', 'warehouse', 'product'])) return codeArb;
  if (has(name, ['po', 'so', 'shipment', 'credit', 'return', 'number', 'document'])) return documentArb;
  if (has(name, ['qty', 'quantity', 'limit'])) return numberArb;
  if (has(name, ['from', 'to', 'date'])) return dateArb;
  if (has(name, ['reason', 'name', 'description', 'text'])) return textArb;
  return anyValueArb;
}

function optionName(o: Option): string {
  return (o.long ?? o.short ?? o.flags).replace(/^-+/, '').replace(/^no-/, '');
}

/** How a value option is written: `--flag value` or `--flag=value`. */
function optionTokens(flag: string, value: Token, glued: boolean): Token[] {
  if (!glued) return [flag, value];
  return [typeof value === 'string' ? `${flag}=${value}` : { path: value.path, prefix: `${flag}=` }];
}

function optionArb(o: Option, mode: Mode): fc.Arbitrary<Token[]> {
  const flag = o.long ?? o.short ?? o.flags;
  const output = OUTPUTS.options.includes(o.long ?? '');
  // a flag without a value (--no-color is one too; commander's isBoolean() says no to it)
  if (!o.required && !o.optional) return fc.oneof({ weight: 2, arbitrary: fc.constant<Token[]>([]) }, { weight: 1, arbitrary: fc.constant<Token[]>([flag]) });
  const once = fc.tuple(valueArb(optionName(o), o.argChoices, mode, output), fc.boolean()).map(([v, glued]) => optionTokens(flag, v, glued));
  // mostly once; sometimes repeated (--line is repeatable, the rest take the last)
  const present = fc.oneof(
    { weight: 4, arbitrary: once },
    { weight: 1, arbitrary: fc.array(once, { minLength: 2, maxLength: 3 }).map((l) => l.flat()) },
  );
  if (mode !== 'hostile') return o.mandatory ? once : fc.oneof({ weight: 3, arbitrary: fc.constant<Token[]>([]) }, { weight: 2, arbitrary: once });
  return o.mandatory
    ? fc.oneof({ weight: 15, arbitrary: present }, { weight: 1, arbitrary: fc.constant<Token[]>([]) })
    : fc.oneof({ weight: 3, arbitrary: fc.constant<Token[]>([]) }, { weight: 2, arbitrary: present });
}

/** Something a command line should not hold at all. */
const noiseArb: fc.Arbitrary<Token> = fc.oneof(
  fc.constantFrom('--unknown', '-x', 'extra', '--', '--help', '-h', '--version', '--db', '--serials', '--json=1', '-qq'),
  hostileArb,
);

export interface Invocation {
  /** the command's names, e.g. ['po', 'receive'] */
  names: string[];
  /** the whole argument vector after `bin/serials.js` (--db and --no-input are added by the runner) */
  argv: Token[];
  /** paths the command reads and may write, by role */
  inputs: PathRole[];
  /** what output flags and arguments name: a role, or literal text (a file name too) */
  outputs: (PathRole | { text: string })[];
}

function globalArb(program: Command): fc.Arbitrary<Token[]> {
  // --db is the runner's (it is part of the run); --no-input always (never prompt); -V is noise
  const globals = program.options.filter((o) => !['--db', '--no-input', '--version'].includes(o.long ?? ''));
  return fc.tuple(...globals.map((o) => optionArb(o, 'plausible'))).map((parts) => parts.flat());
}

/** A command line for one leaf of the tree. */
function leafArb(program: Command, leaf: Leaf, mode: Mode): fc.Arbitrary<Invocation> {
  const key = leaf.names.join(' ');
  const outputArgs = OUTPUTS.arguments[key] ?? [];
  const args = leaf.command.registeredArguments.map((a) => {
    const value = valueArb(a.name(), a.argChoices, mode, outputArgs.includes(a.name()));
    if (mode !== 'hostile') return a.required ? value.map((v) => [v]) : fc.oneof(value.map((v) => [v]), fc.constant<Token[]>([]));
    // a required argument is sometimes missing (a usage error), an optional one often
    return a.required
      ? fc.oneof({ weight: 15, arbitrary: value.map((v) => [v]) }, { weight: 1, arbitrary: fc.constant<Token[]>([]) })
      : fc.oneof({ weight: 1, arbitrary: value.map((v) => [v]) }, { weight: 1, arbitrary: fc.constant<Token[]>([]) });
  });
  const options = leaf.command.options.map((o) => optionArb(o, mode));
  const none = fc.constant<Token[]>([]);
  return fc
    .record({
      globals: globalArb(program),
      globalsAfter: fc.boolean(),
      args: fc.tuple(...args),
      options: fc.tuple(...options),
      // options before or after the arguments
      optionsFirst: fc.boolean(),
      noise: mode !== 'hostile' ? none : fc.oneof({ weight: 15, arbitrary: none }, { weight: 1, arbitrary: fc.array(noiseArb, { minLength: 1, maxLength: 2 }) }),
    })
    .map(({ globals, globalsAfter, args: argValues, options: optionValues, optionsFirst, noise }) => {
      const positional = argValues.flat();
      const flags = optionValues.flat();
      const body = optionsFirst ? [...flags, ...positional] : [...positional, ...flags];
      const argv = globalsAfter ? [...leaf.names, ...body, ...globals, ...noise] : [...globals, ...leaf.names, ...body, ...noise];
      // which roles the command reads and writes: an output flag's value is written, an
      // output argument too; every other path is read
      const inputs: PathRole[] = [];
      const outputs: Invocation['outputs'] = [];
      const note = (v: Token, output: boolean, flag?: string) => {
        if (typeof v !== 'string') (output ? outputs : inputs).push(v.path);
        else if (output) outputs.push({ text: flag && v.startsWith(`${flag}=`) ? v.slice(flag.length + 1) : v });
      };
      leaf.command.registeredArguments.forEach((a, i) => {
        for (const v of argValues[i] ?? []) note(v, outputArgs.includes(a.name()));
      });
      leaf.command.options.forEach((o, i) => {
        const isOutput = OUTPUTS.options.includes(o.long ?? '');
        // the values only, not the flag itself
        for (const v of optionValues[i] ?? []) if (v !== o.long && v !== o.short) note(v, isOutput, o.long);
      });
      return { names: leaf.names, argv, inputs, outputs };
    });
}

/** Which ledger the command is pointed at: --db PATH, SERIALS_DB=PATH (a role, or any text), or neither (./serials.db). */
export type DbChoice = { via: 'flag' | 'env'; path: PathRole } | { via: 'flag' | 'env'; text: string } | { via: 'none' };

export interface FuzzRun {
  invocation: Invocation;
  db: DbChoice;
  /** the bytes of input.csv */
  file: FileSpec;
  /** standard input (what `-` reads), or nothing */
  stdin: FileSpec | null;
  /**
   * Another connection on the ledger during the run: none; a reader (so the -wal and -shm
   * exist and the command is not alone); or a writer holding the write lock (a command that
   * writes waits out the busy timeout and gives up, exit 75).
   */
  holder: 'none' | 'reader' | 'writer';
  /** SIGINT or SIGTERM this long after the start (only with SERIALS_FUZZ_SIGNALS=1: timing-dependent) */
  signal: { name: 'SIGINT' | 'SIGTERM'; afterMs: number } | null;
  /** SERIALS_BUSY_TIMEOUT_MS, when set */
  busyTimeout: string | null;
}

const holderArb = fc.constantFrom<FuzzRun['holder']>('none', 'none', 'reader', 'reader', 'writer');

export function runArb(program: Command, options: { signals?: boolean } = {}): fc.Arbitrary<FuzzRun> {
  const signal: fc.Arbitrary<FuzzRun['signal']> = options.signals
    ? fc.oneof(
        { weight: 3, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.record({ name: fc.constantFrom<'SIGINT' | 'SIGTERM'>('SIGINT', 'SIGTERM'), afterMs: fc.integer({ min: 80, max: 700 }) }) },
      )
    : fc.constant(null);
  return fc.tuple(runModesArb(program), signal).map(([run, sig]) => ({ ...run, signal: sig }));
}

function runModesArb(program: Command): fc.Arbitrary<Omit<FuzzRun, 'signal'>> {
  return fc.oneof(
    { weight: 2, arbitrary: modeArb(program, 'plausible') },
    { weight: 3, arbitrary: modeArb(program, 'mixed') },
    { weight: 2, arbitrary: modeArb(program, 'hostile') },
  );
}

function modeArb(program: Command, mode: Mode): fc.Arbitrary<Omit<FuzzRun, 'signal'>> {
  const leaves = leavesOf(program);
  const invocation = fc.oneof(...leaves.map((leaf) => leafArb(program, leaf, mode)));
  if (mode !== 'hostile') {
    return fc.record({
      invocation,
      db: fc.constant<DbChoice>({ via: 'flag', path: 'ledger' }),
      file: fileSpecArb(mode),
      stdin: fc.option(fileSpecArb(mode), { freq: 2 }),
      holder: holderArb,
      // short, so that waiting for a held write lock costs little
      busyTimeout: fc.constantFrom<string | null>(null, '50', '200'),
    });
  }
  return fc.record({
    invocation,
    db: fc.oneof(
      { weight: 8, arbitrary: fc.constant<DbChoice>({ via: 'flag', path: 'ledger' }) },
      { weight: 6, arbitrary: pathArb.map((path): DbChoice => ({ via: 'flag', path })) },
      { weight: 1, arbitrary: pathArb.map((path): DbChoice => ({ via: 'env', path })) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom<'flag' | 'env'>('flag', 'env'), hostileArb).map(([via, text]): DbChoice => ({ via, text })) },
      { weight: 1, arbitrary: fc.constant<DbChoice>({ via: 'none' }) },
    ),
    file: fileSpecArb(mode),
    stdin: fc.option(fileSpecArb(mode), { freq: 2 }),
    holder: holderArb,
    // rarely: a bad value is a usage error before anything else is looked at
    busyTimeout: fc.oneof(
      { weight: 12, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom('0', '100', '-1', 'abc', '99999999999', ' 50 ', '') },
    ),
  });
}

// ---------------------------------------------------------------------------------------
// Showing a run

/** A command line as a POSIX shell would take it back. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(arg)) return arg;
  // $'…' quoting, so control characters and line breaks stay visible
  let out = "$'";
  for (const ch of arg) {
    const c = ch.codePointAt(0)!;
    if (ch === "'" || ch === '\\') out += '\\' + ch;
    else if (c >= 32 && c <= 126) out += ch;
    else if (c === 10) out += '\\n';
    else if (c === 9) out += '\\t';
    else if (c === 13) out += '\\r';
    else if (c < 0x80) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += [...Buffer.from(ch, 'utf8')].map((b) => '\\x' + b.toString(16).padStart(2, '0')).join('');
  }
  return out + "'";
}

/** shellQuote, but a long run of one character (the 5,000-character values) as a printf. */
export function shellArg(arg: string): string {
  const m = /^(--[a-z-]+=)?(.)\2{99,}$/su.exec(arg);
  if (m && /^[A-Za-z0-9,._-]$/.test(m[2]!)) return `${m[1] ?? ''}"$(printf '${m[2]}%.0s' $(seq ${[...arg].length - (m[1]?.length ?? 0)}))"`;
  return shellQuote(arg);
}

/** `text` cut to `max` characters, saying how long it was. */
export function excerpt(text: string, max = 1500): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}
