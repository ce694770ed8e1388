// Tables that fit (issue 10, point 3): on a real pseudo-terminal 80 columns wide, enquiry,
// soh and history of rows with a 200-character description and long party codes print no
// line longer than 80 columns (long text shortened with "…", no row wrapped), numbers are
// right-aligned with thousands separators, and a rule under the header makes it stand out
// without colour. Piped, the same tables are plain aligned rows: nothing shortened, no box
// drawing, no rule. Big results stop at a limit and say how to see the rest. The demo shows
// the very tables of `serials enquiry` and `serials soh`.

import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, copyLedger, ok, seededForFile, tempDir } from '../helpers/ledger.js';

const DESCRIPTION = `Cordless hammer drill with two batteries, charger and case, ${'and a very long tail of words '.repeat(6)}`.slice(0, 200);
const SUPPLIER = 'NORTHWIND-INDUSTRIAL-SUPPLIES-OF-THE-GREATER-METROPOLITAN-AREA';
const CUSTOMER = 'BAKER-STREET-REPAIRS-AND-SONS-LIMITED-LIABILITY-PARTNERSHIP';

const seed = seededForFile((db) => {
  for (const args of [
    ['supplier', 'add', SUPPLIER],
    ['customer', 'add', CUSTOMER],
    ['product', 'add', 'HAMMER-DRILL-18V', '--serialized', '--description', DESCRIPTION],
    ['po', 'create', '--supplier', SUPPLIER, '--warehouse', 'MAIN', '--line', 'HAMMER-DRILL-18V:3:129.5'],
    ['po', 'receive', 'PO-00000001', '--product', 'HAMMER-DRILL-18V', '--serials', 'HD-000001..HD-000003'],
    ['so', 'create', '--customer', CUSTOMER, '--warehouse', 'MAIN', '--line', 'HAMMER-DRILL-18V:1:199'],
    ['so', 'ship', 'SO-00000001', '--product', 'HAMMER-DRILL-18V', '--serials', 'HD-000001'],
    ['credit', 'create', '--so', 'SO-00000001', '--product', 'HAMMER-DRILL-18V', '--serials', 'HD-000001'],
    ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'CABLE', '--qty', '1234567.5', '--reason', 'opening'],
  ]) {
    ok(cli(db, args));
  }
});

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[a-zA-Z]/g;

/** What the command shows on a terminal `columns` wide (stdout and stderr), one entry per line, colour codes taken out. */
function onTerminal(db: string, args: string[], columns = 80): string[] {
  const command = `stty cols ${columns} rows 40; exec ${[process.execPath, BIN, '--db', db, ...args].map(quote).join(' ')}`;
  const r = spawnSync('script', ['-qfec', command, '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm-256color' },
  });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return r.stdout.replace(ANSI, '').replace(/\r/g, '').split('\n').filter((l) => l !== '');
}

const width = (line: string) => [...line].length;

const TABLES = [['enquiry'], ['soh'], ['history', 'HD-000001'], ['enquiry', '--product', 'HAMMER-DRILL-18V', '--status', 'available']];

describe('at an 80-column terminal', () => {
  it.each(TABLES)('%s … : no line is longer than 80 columns, one line per row, a rule under the header', (...args) => {
    const lines = onTerminal(seed.db, args);
    for (const line of lines) expect(width(line), `too wide: ${JSON.stringify(line)}`).toBeLessThanOrEqual(80);
    expect(lines[1]).toMatch(/^[─ ]+$/);
    // one line per row: each row starts with its first cell (a product code, or a time)
    const piped = ok(cli(seed.db, args)).stdout.trimEnd().split('\n');
    const rows = lines.slice(2).filter((l) => !/^[\d,]+ (serial|movement)s?\b/.test(l));
    expect(rows).toHaveLength(piped.length - 1);
  });

  it('enquiry keeps serials, documents and statuses whole and shortens the long party code with …', () => {
    const lines = onTerminal(seed.db, ['enquiry', '--product', 'HAMMER-DRILL-18V']);
    expect(lines[0]).toMatch(/^Product\s+Warehouse\s+Serial\s+Status\s+Document\s+Date\s+Pa\S*$/);
    expect(lines.find((l) => l.includes('HD-000002'))).toMatch(/^HAMMER-DRILL-18V\s+MAIN\s+HD-000002\s+Available\s+PR-00000001\s+\d{4}-\d{2}-\d{2}\s+NO\S*…$/);
    expect(lines.join('\n')).not.toContain(SUPPLIER);
  });

  it('soh shortens the 200-character description with … and right-aligns quantities with thousands separators', () => {
    const lines = onTerminal(seed.db, ['soh']);
    const header = lines[0] ?? '';
    expect(header).toMatch(/^Product\s+Description\s+Warehouse\s+On Hand\s+Serials$/);
    const cable = lines.find((l) => l.startsWith('CABLE')) ?? '';
    const drill = lines.find((l) => l.startsWith('HAMMER-DRILL-18V')) ?? '';
    expect(drill).toContain('Cordless hammer drill');
    expect(drill).toMatch(/…\s/);
    // right-aligned: each number ends where its header ends
    const end = (line: string, text: string) => line.indexOf(text) + text.length;
    expect(end(cable, '1,234,567.5')).toBe(end(header, 'On Hand'));
    const [, onHand, serials] = / (\d+)\s+(\d+)$/.exec(drill) ?? [];
    expect(onHand).toBe('3');
    expect(serials).toBe('3');
    expect(drill.lastIndexOf(` ${onHand} `) + 2).toBe(end(header, 'On Hand'));
    expect(drill.length).toBe(header.length);
  });

  it('history shortens the long customer and supplier codes, never the documents', () => {
    const lines = onTerminal(seed.db, ['history', 'HD-000001']);
    expect(lines[0]).toMatch(/^When\s+Movement\s+Document\s+Order\s+From\s+To\s+Party/);
    expect(lines.find((l) => l.includes('Shipment'))).toMatch(/Shipment\s+SS-00000001\s+SO-00000001\s+MAIN\s+BAKER\S*…$/);
    expect(lines.find((l) => l.includes('Receipt'))).toMatch(/Receipt\s+PR-00000001\s+PO-00000001\s+MAIN\s+NORTH\S*…$/);
  });

  it('a wide terminal shows the description in full', () => {
    const lines = onTerminal(seed.db, ['soh'], 300);
    expect(lines.find((l) => l.startsWith('HAMMER-DRILL-18V'))).toContain(DESCRIPTION.trim());
  });

  it('a table of more than 1,000 rows stops there and says how to see the rest, in a line that fits', () => {
    const { db } = copyLedger(seed.db, seed.dirs);
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'W-0001..W-1001', '--reason', 'opening']));
    const lines = onTerminal(db, ['enquiry', '--product', 'WIDGET']);
    expect(lines.filter((l) => l.startsWith('WIDGET'))).toHaveLength(1000);
    const rest = '… 1 more not shown (1,001 in all): use --limit N or --format csv.';
    expect(lines).toContain(rest);
    expect(width(rest)).toBeLessThanOrEqual(80);
    for (const line of lines) expect(width(line)).toBeLessThanOrEqual(80);
    // --limit shows what it asks for
    expect(onTerminal(db, ['enquiry', '--product', 'WIDGET', '--limit', '1001']).filter((l) => l.startsWith('WIDGET'))).toHaveLength(1001);
  });
});

describe('piped (not a terminal)', () => {
  it.each(TABLES)('%s … : no box drawing, no rule, nothing shortened', (...args) => {
    const r = ok(cli(seed.db, args));
    expect(r.stdout).not.toMatch(/[│┌└┐┘─]/);
    expect(r.stdout).not.toContain('…');
  });

  it('columns are aligned: text starts under its header, numbers end under theirs', () => {
    /** where `text` is in the line that holds `row` */
    const at = (lines: string[], row: string, text: string) => (lines.find((l) => l.includes(row)) ?? '').indexOf(text);
    const enquiry = ok(cli(seed.db, ['enquiry'])).stdout.split('\n');
    for (const [header, cell] of [['Serial', 'HD-000002'], ['Status', 'Available'], ['Document', 'PR-00000001'], ['Party', 'NORTHWIND']] as const) {
      expect(at(enquiry, 'HD-000002', cell)).toBe(enquiry[0]?.indexOf(header));
    }
    const soh = ok(cli(seed.db, ['soh'])).stdout.split('\n');
    const end = (line: string, text: string) => line.indexOf(text) + text.length;
    expect(end(soh.find((l) => l.startsWith('CABLE')) ?? '', '1,234,567.5')).toBe(end(soh[0] ?? '', 'On Hand'));
    expect(at(soh, 'CABLE', 'MAIN')).toBe(soh[0]?.indexOf('Warehouse'));
  });

  it('the long description and party codes come out whole', () => {
    expect(ok(cli(seed.db, ['soh'])).stdout).toContain(DESCRIPTION.trim());
    expect(ok(cli(seed.db, ['enquiry'])).stdout).toContain(SUPPLIER);
    expect(ok(cli(seed.db, ['history', 'HD-000001'])).stdout).toContain(CUSTOMER);
  });
});

describe('demo', () => {
  it('shows the same enquiry and stock-on-hand tables as serials enquiry and serials soh, and fits 80 columns', () => {
    const dir = tempDir('serials-e2e-demo-');
    try {
      const db = join(dir, 'demo.db');
      const piped = ok(cli(db, ['demo'])).stdout;
      const section = (title: string) => {
        const lines = piped.split('\n');
        const from = lines.indexOf(title) + 1;
        return lines.slice(from, lines.indexOf('', from)).join('\n') + '\n';
      };
      expect(section('Serial enquiry (serials enquiry)')).toBe(ok(cli(db, ['enquiry'])).stdout);
      expect(section('Stock on hand (serials soh)')).toBe(ok(cli(db, ['soh'])).stdout);
      const lines = onTerminal(db, ['demo']);
      for (const line of lines) expect(width(line), `too wide: ${JSON.stringify(line)}`).toBeLessThanOrEqual(80);
      expect(lines).toContain(onTerminal(db, ['enquiry'])[0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
