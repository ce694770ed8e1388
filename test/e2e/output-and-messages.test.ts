// Output files (RULES.md F-1), listings of any size, and messages that stay readable
// whatever the input (issue 8, defects 1, 9 and 10).

import { createHash } from 'node:crypto';
import { linkSync, readFileSync, readdirSync, symlinkSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { onEngines } from '../helpers/engines.js';
import { BIN, assertVerifies, cli, seededForFile, copyLedger, json, ok } from '../helpers/ledger.js';

const seed = seededForFile();

const md5 = (path: string) => createHash('md5').update(readFileSync(path)).digest('hex');
const BAD_OPENING = 'Product Code,Warehouse Code,Quantity\nNOPE,MAIN,1\n';

describe('F-1: an output file is never an input or the ledger', () => {
  // about the ledger file and its -wal: a PostgreSQL ledger has none for an output to collide with
  onEngines(['sqlite'], () => {
    it('defect 1 (F-1): --errors naming the ledger is a usage error before anything is read, with and without --dry-run; the ledger is byte for byte the same', () => {
      const { dir, db } = copyLedger(seed.db, seed.dirs);
      const input = join(dir, 'opening.csv');
      writeFileSync(input, BAD_OPENING);
      const before = md5(db);
      for (const extra of [['--dry-run'], []]) {
        const r = cli(db, ['import', 'opening-stock', input, '--errors', db, ...extra]);
        expect(r.status, r.stderr).toBe(2);
        expect(r.stderr).toMatch(/--errors .* is the ledger/);
        expect(md5(db)).toBe(before);
      }
      assertVerifies(db);
    });

    it('defect 1 (F-1): --errors through a symlink or a hard link to the input, or to the ledger and its -wal, is refused and nothing is truncated', () => {
      const { dir, db } = copyLedger(seed.db, seed.dirs);
      const input = join(dir, 'opening.csv');
      writeFileSync(input, BAD_OPENING);
      symlinkSync(input, join(dir, 'link.csv'));
      linkSync(input, join(dir, 'hard.csv'));
      linkSync(db, join(dir, 'hard.db'));
      symlinkSync(db, join(dir, 'link.db'));
      const before = md5(db);
      for (const target of ['link.csv', 'hard.csv', 'hard.db', 'link.db', 'ledger.db-wal', 'ledger.db-journal']) {
        const r = cli(db, ['import', 'opening-stock', input, '--errors', join(dir, target)]);
        expect(r.status, `${target}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(/would destroy the (input|ledger)/);
      }
      expect(readFileSync(input, 'utf8')).toBe(BAD_OPENING);
      expect(md5(db)).toBe(before);
    });
  });

  it('F-1: --errors FILE when the input is standard input redirected from that same file is refused', () => {
    const { dir, db } = copyLedger(seed.db, seed.dirs);
    const input = join(dir, 'opening.csv');
    writeFileSync(input, BAD_OPENING);
    const fd = openSync(input, 'r');
    try {
      const r = spawnSync(process.execPath, [BIN, '--db', db, 'import', 'opening-stock', '-', '--errors', input], { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/is the file being read on standard input/);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(input, 'utf8')).toBe(BAD_OPENING);
  });

  it('F-1: the errors file appears complete when the import ends, and an interrupted import leaves neither it nor a temporary file', () => {
    const { dir, db } = copyLedger(seed.db, seed.dirs);
    const input = join(dir, 'opening.csv');
    writeFileSync(input, BAD_OPENING);
    const errors = join(dir, 'problems.csv');
    expect(cli(db, ['import', 'opening-stock', input, '--errors', errors]).status).toBe(1);
    expect(readFileSync(errors, 'utf8')).toMatch(/^Line,Column,Code,Message,Fix,Serial,Product,Warehouse,Document\n2,Product Code,unknown_product,/);
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'Product Code,Warehouse Code,Quantity\nCABLE,MAIN,1\n');
    const interrupted = join(dir, 'interrupted.csv');
    const r = cli(db, ['import', 'opening-stock', good, '--errors', interrupted], { env: { SERIALS_TEST_SIGNAL: 'before-commit' } });
    expect(r.status).toBe(130);
    expect(readdirSync(dir).sort()).toEqual(['good.csv', 'ledger.db', 'ledger.db-shm', 'ledger.db-wal', 'opening.csv', 'problems.csv'].filter((f) => readdirSync(dir).includes(f)));
    expect(readdirSync(dir).some((f) => f.includes('serials-') || f === 'interrupted.csv')).toBe(false);
    assertVerifies(db);
  });
});

describe('listings of any size', () => {
  let big: string;
  beforeAll(() => {
    big = copyLedger(seed.db, seed.dirs).db;
    ok(cli(big, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'L-000001..L-200000', '--reason', 'opening']));
  });

  it('defect 9: an enquiry table of 200,000 serials prints (no stack overflow), stops at 1,000 rows and says how to see the rest', () => {
    const started = Date.now();
    const r = cli(big, ['enquiry']);
    expect(r.status, r.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    // piped: plain rows, a header and one line per serial
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Product\s+Warehouse\s+Serial\s+Status/);
    expect(lines.slice(1)).toHaveLength(1000);
    expect(lines.slice(1).every((l) => /^WIDGET\s+MAIN\s+L-\d{6}\s+Available\s/.test(l))).toBe(true);
    expect(r.stderr).toContain('… 199,000 more not shown (200,000 in all): use --limit N or --format csv.');
    const limited = ok(cli(big, ['enquiry', '--limit', '5000']));
    expect(limited.stdout.split('\n').filter((l) => l.startsWith('WIDGET'))).toHaveLength(5000);
  });

  it('E-1: --format csv and --json of all 200,000 serials, now streamed (defect 9), are whole and in order', () => {
    const csv = ok(cli(big, ['enquiry', '--format', 'csv'])).stdout.trimEnd().split('\n');
    expect(csv).toHaveLength(200_001);
    expect(csv[1]).toMatch(/^WIDGET,MAIN,L-000001,available,SA-00000001,/);
    expect(csv[200_000]).toMatch(/^WIDGET,MAIN,L-200000,/);
    const rows = json<{ serial: string }[]>(ok(cli(big, ['enquiry', '--json'])));
    expect(rows).toHaveLength(200_000);
    expect(rows[199_999]?.serial).toBe('L-200000');
  });
});

describe('defect 10: messages', () => {
  it('defect 10: a 5,000-character code is echoed cut short, with its length, not whole', () => {
    const long = 'P'.repeat(5000);
    for (const args of [['product', 'add', long], ['enquiry', '--product', long], ['so', 'create', '--customer', long, '--warehouse', 'MAIN', '--line', 'CABLE:1']]) {
      const r = cli(seed.db, args);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('…" (5,000 characters)');
      expect(r.stderr.length).toBeLessThan(1500);
    }
  });

  it('defect 10: binary garbage as a serials file is reported with its bytes escaped, never echoed raw', () => {
    const { dir, db } = copyLedger(seed.db, seed.dirs);
    ok(cli(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:5']));
    const garbage = join(dir, 'garbage.bin');
    const bytes = Buffer.alloc(4000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
    writeFileSync(garbage, bytes);
    const r = cli(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials-file', garbage]);
    expect(r.status).toBe(1);
    // eslint-disable-next-line no-control-regex
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stderr.length).toBeLessThan(20_000);
    assertVerifies(db);
  });

  it('defect 10: enquiry (and soh, history) with a warehouse, product, customer or supplier that does not exist says so (exit 1)', () => {
    const r = cli(seed.db, ['enquiry', '--warehouse', 'NOPE']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('There is no warehouse "NOPE".');
    expect(r.stderr).not.toMatch(/no serials match/i);
    expect(cli(seed.db, ['enquiry', '--customer', 'NOBODY']).stderr).toContain('There is no customer "NOBODY".');
    expect(cli(seed.db, ['enquiry', '--supplier', 'NOBODY']).stderr).toContain('There is no supplier "NOBODY".');
    expect(cli(seed.db, ['soh', '--product', 'NOPE']).status).toBe(1);
    expect(cli(seed.db, ['soh', '--warehouse', 'NOPE']).stderr).toContain('There is no warehouse "NOPE".');
    // a search that finds nothing is still an empty list
    expect(json(ok(cli(seed.db, ['enquiry', '--warehouse', 'MAIN', '--json'])))).toEqual([]);
  });

  it('defect 10: --from 2026-02-30 is refused as a day that does not exist (exit 2); each bad --from or --to is named once', () => {
    const r = cli(seed.db, ['enquiry', '--from', '2026-02-30']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--from: not a real date/);
    expect(r.stderr.match(/--from/g)).toHaveLength(1);
    ok(cli(seed.db, ['enquiry', '--from', '2028-02-29']));
    // one message per flag, whatever is wrong with it
    for (const [from, to] of [['2026-2-3', '2026-02-30'], ['tomorrow', '2026-13-01'], ['2026-02-30', ''], ['0000-00-00', '20260101']]) {
      const both = cli(seed.db, ['enquiry', '--from', from as string, '--to', to as string]);
      expect(both.status).toBe(2);
      expect(both.stderr.match(/--from/g), both.stderr).toHaveLength(1);
      expect(both.stderr.match(/--to/g), both.stderr).toHaveLength(1);
    }
  });

  it('defect 10: TERM=dumb means no colour codes, even on a terminal', () => {
    const onTerminal = (term: string) =>
      spawnSync('script', ['-qfec', `${process.execPath} ${BIN} --db ${seed.db} warehouse list`, '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, TERM: term, NO_COLOR: '', FORCE_COLOR: '' },
      }).stdout;
    expect(onTerminal('xterm-256color')).toMatch(/\u001b\[/);
    expect(onTerminal('dumb')).not.toMatch(/\u001b\[/);
    expect(onTerminal('dumb')).toContain('MAIN');
  });
});
