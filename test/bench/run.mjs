// npm run bench: start-up, enquiry on 1,000,000 serials, receipts, imports, shipments,
// whole-ledger exports, stock counts and transfers, assemblies, trace and recall, each as a
// ratio to a reference measured in this same run (see README "Performance").
import { closeSync, copyFileSync, existsSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ASSEMBLY_BENCH, checkpoint, isAssembliesLedger, makeAssembliesLedger } from './make-assemblies-ledger.mjs';
import { BIN, WORK, ROOT, PG_SERVER, importLedger, importLedgerAt, interleaved, openingStockFile, pgAdmin, pgUrl, seedLedgerAt, seededLedger, serialFile, serials, timed, timedWithMemory } from './lib.mjs';

const results = [];
const record = (name, figure, ratio, target, pass) => {
  results.push({ name, figure, ratio, target, pass });
  console.error(`${pass ? 'ok  ' : 'MISS'} ${name}: ${figure} -> ${ratio} (target ${target})`);
};
const nodeBaseline = () => timed(process.execPath, ['-e', '0']).ms;
// `npm run bench -- e c` runs only those sections; no argument runs them all.
const chosen = process.argv.slice(2).map((a) => a.toLowerCase());
const section = (letter) => chosen.length === 0 || chosen.includes(letter);

/** The ledger of 1,000,000 serials (product W in MAIN) that (b) and (e) work on; built once. */
function millionLedger() {
  const db = join(WORK, 'million.db');
  if (existsSync(db)) serials(db, ['db', 'migrate', '--no-backup']); // a ledger kept from an older build
  const count = existsSync(db) ? (JSON.parse(serials(db, ['soh', '--json']).stdout)[0]?.quantity ?? 0) : 0;
  if (count !== 1_000_000) {
    console.error('building a ledger of 1,000,000 serials (once; kept in .bench/) ...');
    seededLedger('million.db');
    serials(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'W:1000000']);
    for (let part = 0; part < 10; part++) {
      const file = serialFile(`million-${part}.txt`, `M${part}-`, 100_000);
      serials(db, ['po', 'receive', 'PO-00000001', '--product', 'W', '--serials-file', file]);
    }
  }
  return db;
}

// (a) start-up: serials --version against node -e 0
if (section('a')) {
  const [node, version] = interleaved([nodeBaseline, () => serials('/nonexistent', ['--version']).ms], 25);
  const ratio = version / node;
  record('(a) serials --version vs node -e 0', `${version.toFixed(1)} ms vs ${node.toFixed(1)} ms`, `${ratio.toFixed(2)}x`, '<= 1.30x', ratio <= 1.3);
}

// (b) enquiry of one serial on a ledger of 1,000,000 serials
if (section('b')) {
  const db = millionLedger();
  const [node, enquiry] = interleaved([nodeBaseline, () => serials(db, ['enquiry', 'M7-00054321', '--json']).ms], 25);
  const out = JSON.parse(serials(db, ['enquiry', 'M7-00054321', '--json']).stdout);
  if (out.length !== 1 || out[0].serial !== 'M7-00054321') throw new Error('enquiry did not find the serial');
  const ratio = enquiry / node;
  record('(b) enquiry <serial> on 1,000,000 serials vs node -e 0', `${enquiry.toFixed(1)} ms vs ${node.toFixed(1)} ms`, `${ratio.toFixed(2)}x`, '<= 2.00x', ratio <= 2.0);
}

// (e) one shipment of 100,000 serials created and dispatched on a ledger of 1,000,000
//     serials (whole process), then crediting 10,000 of them back, each against the raw
//     limit on an identical copy of the ledger. Best of three runs each, like (c).
if (section('e')) {
  const million = millionLedger();
  const copy = (name) => {
    const target = join(WORK, name);
    for (const suffix of ['', '-wal', '-shm']) rmSync(target + suffix, { force: true });
    copyFileSync(million, target);
    return target;
  };
  serials(million, ['db', 'verify']); // also checkpoints the log into the file we copy
  const shipFile = serialFile('ship-100000.txt', 'M3-', 100_000);
  const creditFile = serialFile('credit-10000.txt', 'M3-', 10_000);
  const raw = (db, file, direction) => timed(process.execPath, [join(ROOT, 'test', 'bench', 'raw-shipment.mjs'), db, file, direction]).ms;
  const times = { ship: [], credit: [], rawShip: [], rawCredit: [] };
  for (let run = 0; run < 3; run++) {
    const cliDb = copy('ship-cli.db');
    serials(cliDb, ['customer', 'add', 'BAKER']);
    const so = JSON.parse(serials(cliDb, ['--json', 'so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'W:100000']).stdout).number;
    times.ship.push(serials(cliDb, ['so', 'ship', so, '--serials-file', shipFile]).ms);
    times.credit.push(serials(cliDb, ['credit', 'create', '--so', so, '--product', 'W', '--serials-file', creditFile]).ms);
    const rawDb = copy('ship-raw.db');
    times.rawShip.push(raw(rawDb, shipFile, 'out'));
    times.rawCredit.push(raw(rawDb, creditFile, 'in'));
  }
  const [ship, credit, rawShip, rawCredit] = [times.ship, times.credit, times.rawShip, times.rawCredit].map((xs) => Math.min(...xs));
  record(
    '(e) shipment of 100,000 serials on 1,000,000, created and dispatched, vs raw',
    `${(ship / 1000).toFixed(2)} s (${Math.round(100_000 / (ship / 1000)).toLocaleString('en')}/s) vs ${(rawShip / 1000).toFixed(2)} s`,
    `${((rawShip / ship) * 100).toFixed(0)}%`,
    '>= 50%',
    rawShip / ship >= 0.5,
  );
  record(
    '(e) credit of 10,000 of them back into stock vs raw',
    `${(credit / 1000).toFixed(2)} s vs ${(rawCredit / 1000).toFixed(2)} s`,
    `${((rawCredit / credit) * 100).toFixed(0)}%`,
    'recorded',
    true,
  );
}

// (c) one receipt of 10,000 and of 100,000 serials, whole process, from a serials file,
//     against the raw better-sqlite3 limit on an identical fresh ledger
for (const size of section('c') ? [10_000, 100_000] : []) {
  const file = serialFile(`receipt-${size}.txt`, 'R-', size);
  const runs = size === 10_000 ? 5 : 3;
  const cliTimes = [];
  const rawTimes = [];
  for (let i = 0; i < runs; i++) {
    const cliDb = seededLedger('receipt-cli.db');
    serials(cliDb, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', `W:${size}`]);
    cliTimes.push(serials(cliDb, ['po', 'receive', 'PO-00000001', '--product', 'W', '--serials-file', file]).ms);
    const rawDb = seededLedger('receipt-raw.db');
    rawTimes.push(timed(process.execPath, [join(ROOT, 'test', 'bench', 'raw-receipt.mjs'), rawDb, file]).ms);
  }
  const best = (xs) => Math.min(...xs);
  const cliRate = size / (best(cliTimes) / 1000);
  const rawRate = size / (best(rawTimes) / 1000);
  const ratio = cliRate / rawRate;
  record(
    `(c) receipt of ${size.toLocaleString('en')} serials vs raw better-sqlite3`,
    `${Math.round(cliRate).toLocaleString('en')}/s vs ${Math.round(rawRate).toLocaleString('en')}/s`,
    `${(ratio * 100).toFixed(0)}%`,
    '>= 50%',
    ratio >= 0.5,
  );
}

// (d) opening-stock import of 100,000 and 1,000,000 serials (1,000 products, 5 warehouses),
//     whole process, against the raw limit: csv-parse streaming the same file, one prepared
//     insert per serial and movement, one transaction, same pragmas. Peak memory by GNU time
//     (the highest of the runs).
if (section('d')) {
  const peaks = {};
  for (const size of [100_000, 1_000_000]) {
    const file = openingStockFile(`opening-${size}.csv`, size);
    // best of several runs, as in (c) and (e): these are mostly disk writes, which vary most
    const cli = { ms: Infinity, peakMB: 0 };
    const raw = { ms: Infinity };
    for (let run = 0; run < (size === 100_000 ? 3 : 2); run++) {
      const cliDb = importLedger('import-cli.db');
      const c = timedWithMemory(process.execPath, [join(ROOT, 'bin', 'serials.js'), '--db', cliDb, '-q', 'import', 'opening-stock', file]);
      cli.ms = Math.min(cli.ms, c.ms);
      cli.peakMB = Math.max(cli.peakMB, c.peakMB); // memory: the worst run
      const rawDb = importLedger('import-raw.db');
      raw.ms = Math.min(raw.ms, timedWithMemory(process.execPath, [join(ROOT, 'test', 'bench', 'raw-opening-stock.mjs'), rawDb, file]).ms);
    }
    const ratio = raw.ms / cli.ms;
    peaks[size] = cli.peakMB;
    record(
      `(d) opening-stock import of ${size.toLocaleString('en')} serials vs raw better-sqlite3`,
      `${Math.round(size / (cli.ms / 1000)).toLocaleString('en')}/s vs ${Math.round(size / (raw.ms / 1000)).toLocaleString('en')}/s`,
      `${(ratio * 100).toFixed(0)}%`,
      '>= 60%',
      ratio >= 0.6,
    );
  }
  const growth = peaks[1_000_000] / peaks[100_000];
  record('(d) peak memory of the 1,000,000-serial import', `${peaks[1_000_000].toFixed(0)} MB`, `${peaks[1_000_000].toFixed(0)} MB`, '< 200 MB', peaks[1_000_000] < 200);
  record(
    '(d) peak memory, 1,000,000 vs 100,000 serials',
    `${peaks[1_000_000].toFixed(0)} MB vs ${peaks[100_000].toFixed(0)} MB`,
    `${growth.toFixed(2)}x`,
    '<= 1.20x',
    growth <= 1.2,
  );
}

// (f) the whole 1,000,000-serial ledger as `enquiry --format csv` and as `--json`, whole
//     process, against a raw better-sqlite3 script running the same query and writing the
//     same output (test/bench/raw-enquiry.mjs), both into a file; best of three runs, peak
//     memory the worst run. The two outputs must be identical.
if (section('f')) {
  const db = millionLedger();
  for (const format of ['csv', 'json']) {
    const into = (name) => join(WORK, `enquiry-${name}.${format}`);
    const run = (name, args) => {
      const fd = openSync(into(name), 'w');
      try {
        return timedWithMemory(process.execPath, args, { stdio: ['ignore', fd, 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
      } finally {
        closeSync(fd);
      }
    };
    const cli = { ms: Infinity, peakMB: 0 };
    const raw = { ms: Infinity };
    for (let i = 0; i < 3; i++) {
      const c = run('cli', [join(ROOT, 'bin', 'serials.js'), '--db', db, 'enquiry', format === 'csv' ? '--format=csv' : '--json']);
      cli.ms = Math.min(cli.ms, c.ms);
      cli.peakMB = Math.max(cli.peakMB, c.peakMB);
      raw.ms = Math.min(raw.ms, run('raw', [join(ROOT, 'test', 'bench', 'raw-enquiry.mjs'), db, format]).ms);
    }
    const same = statSync(into('cli')).size === statSync(into('raw')).size && readFileSync(into('cli')).equals(readFileSync(into('raw')));
    for (const name of ['cli', 'raw']) rmSync(into(name), { force: true });
    if (!same) throw new Error(`(f) enquiry --${format}: the CLI's output differs from the raw script's`);
    const ratio = cli.ms / raw.ms;
    record(`(f) enquiry of 1,000,000 serials as ${format.toUpperCase()} vs raw better-sqlite3`, `${(cli.ms / 1000).toFixed(2)} s vs ${(raw.ms / 1000).toFixed(2)} s`, `${ratio.toFixed(2)}x`, '<= 1.50x', ratio <= 1.5);
    record(`(f) peak memory of enquiry as ${format.toUpperCase()}`, `${cli.peakMB.toFixed(0)} MB`, `${cli.peakMB.toFixed(0)} MB`, '< 150 MB', cli.peakMB < 150);
  }
}

// (g) the warehouse side on a ledger of 1,000,000 serials over 1,000 products in 5
//     warehouses (the opening stock of (d)): a whole-warehouse stock count of W2, which holds
//     200,000 serials — create, start, the PDF count sheet, scanning 200,000 serials from a
//     file, the variance report and completion — each whole process against a plain
//     better-sqlite3 script reading those 200,000 serials' rows (test/bench/raw-warehouse-read.mjs),
//     and a transfer of 100,000 serials from W0 to W1 against its raw limit on an identical
//     copy (test/bench/raw-transfer.mjs). Best of two runs; peak memory the worst run.
if (section('g')) {
  const base = join(WORK, 'warehouses-1m.db');
  if (existsSync(base)) serials(base, ['db', 'migrate', '--no-backup']);
  const held = existsSync(base) ? JSON.parse(serials(base, ['soh', '--json']).stdout).reduce((n, r) => n + r.quantity, 0) : 0;
  if (held !== 1_000_000) {
    console.error('building a ledger of 1,000,000 serials in 5 warehouses (once; kept in .bench/) ...');
    importLedger('warehouses-1m.db');
    serials(base, ['-q', 'import', 'opening-stock', openingStockFile('opening-1000000.csv', 1_000_000)]);
  }
  serials(base, ['db', 'verify']); // also checkpoints the log into the file we copy
  const copy = (name) => {
    const target = join(WORK, name);
    for (const suffix of ['', '-wal', '-shm']) rmSync(target + suffix, { force: true });
    copyFileSync(base, target);
    return target;
  };
  // serial i is product P(i % 1000) in warehouse W(floor(i / 1000) % 5): see openingStockFile
  const serialOf = (i) => `S${String(i).padStart(8, '0')}`;
  const inWarehouse = (w) => Array.from({ length: 200 }, (_, block) => Array.from({ length: 1000 }, (_, j) => (block * 5 + w) * 1000 + j)).flat();
  const w2 = inWarehouse(2);
  // found on the shelf: all of W2 but 20 (missing), 20 of W3's (in the wrong place), 20 scanned twice
  const scanned = [...w2.slice(20).map(serialOf), ...inWarehouse(3).slice(0, 20).map(serialOf), ...w2.slice(100, 120).map(serialOf)];
  const scanFile = join(WORK, 'count-scan-200000.txt');
  writeFileSync(scanFile, scanned.join('\n') + '\n');
  const transferFile = join(WORK, 'transfer-100000.csv');
  writeFileSync(transferFile, ['Product Code,Serial Number', ...inWarehouse(0).slice(0, 100_000).map((i) => `P${String(i % 1000).padStart(4, '0')},${serialOf(i)}`)].join('\n') + '\n');

  const steps = ['create', 'start', 'sheet', 'scan', 'variance', 'complete'];
  const best = Object.fromEntries([...steps, 'read', 'transfer', 'rawTransfer'].map((k) => [k, Infinity]));
  let sheetPeak = 0;
  let sheetPages = 0;
  for (let run = 0; run < 2; run++) {
    const db = copy('count-cli.db');
    best.read = Math.min(best.read, timed(process.execPath, [join(ROOT, 'test', 'bench', 'raw-warehouse-read.mjs'), db, 'W2']).ms);
    const create = serials(db, ['--json', 'count', 'create', '--warehouse', 'W2']);
    best.create = Math.min(best.create, create.ms);
    const number = JSON.parse(create.stdout).number;
    best.start = Math.min(best.start, serials(db, ['count', 'start', number]).ms);
    const pdf = join(WORK, 'count-sheet.pdf');
    const sheet = timedWithMemory(process.execPath, [BIN, '--db', db, '--json', 'count', 'sheet', number, '--format', 'pdf', '--output', pdf]);
    best.sheet = Math.min(best.sheet, sheet.ms);
    sheetPeak = Math.max(sheetPeak, sheet.peakMB);
    sheetPages = JSON.parse(sheet.stdout).pages;
    rmSync(pdf, { force: true });
    best.scan = Math.min(best.scan, serials(db, ['count', 'scan', number, '--serials-file', scanFile]).ms);
    // every row of the report, as a script would take it, into a file
    const report = openSync(join(WORK, 'count-variance.csv'), 'w');
    try {
      best.variance = Math.min(best.variance, timed(process.execPath, [BIN, '--db', db, 'count', 'variance', number, '--format', 'csv'], { stdio: ['ignore', report, 'pipe'] }).ms);
    } finally {
      closeSync(report);
    }
    best.complete = Math.min(best.complete, serials(db, ['--yes', 'count', 'complete', number]).ms);
    best.transfer = Math.min(best.transfer, serials(db, ['transfer', 'create', '--from', 'W0', '--to', 'W1', '--serials-file', transferFile]).ms);
    serials(db, ['db', 'verify']);
    const rawDb = copy('transfer-raw.db');
    best.rawTransfer = Math.min(best.rawTransfer, timed(process.execPath, [join(ROOT, 'test', 'bench', 'raw-transfer.mjs'), rawDb, transferFile, 'W0', 'W1']).ms);
  }
  for (const step of steps) {
    const limit = step === 'sheet' ? 20 : 10;
    const ratio = best[step] / best.read;
    const what = step === 'sheet' ? `count sheet as PDF (${sheetPages.toLocaleString('en')} pages)` : step === 'scan' ? 'count scan of 200,000 serials from a file' : `count ${step}`;
    record(`(g) ${what}, 200,000 serials, vs reading their rows`, `${(best[step] / 1000).toFixed(2)} s vs ${(best.read / 1000).toFixed(2)} s`, `${ratio.toFixed(1)}x`, `<= ${limit}x`, ratio <= limit);
  }
  record('(g) peak memory of the 200,000-serial count sheet PDF', `${sheetPeak.toFixed(0)} MB`, `${sheetPeak.toFixed(0)} MB`, '< 300 MB', sheetPeak < 300);
  const ratio = best.rawTransfer / best.transfer;
  record(
    '(g) transfer of 100,000 serials (1,000 products) on 1,000,000 vs raw',
    `${(best.transfer / 1000).toFixed(2)} s vs ${(best.rawTransfer / 1000).toFixed(2)} s`,
    `${(ratio * 100).toFixed(0)}%`,
    '>= 50%',
    ratio >= 0.5,
  );
}

// (h) assemblies on a ledger of 1,000,000 serials with 100,000 units built in three levels
//     from 400,000 purchased component units (test/bench/make-assemblies-ledger.mjs, made once
//     and kept in .bench/): one assembly of 10,000 TOP units from 10,000 sub-assemblies and
//     10,000 parts, whole process, against a raw better-sqlite3 script doing the same writes
//     on an identical copy (test/bench/raw-assembly.mjs), best of two; `trace` of one unit
//     against `serials --version`, medians of 15 interleaved runs; and the recall of one
//     supplier's 10,000 component units (every unit they are inside, at every level, with its
//     status, warehouse and customer) as CSV into a file, against one plain WITH RECURSIVE
//     query doing the same walk (test/bench/raw-recall.mjs), best of three.
if (section('h')) {
  const base = join(WORK, 'assemblies-1m.db');
  if (existsSync(base)) serials(base, ['db', 'migrate', '--no-backup']);
  if (!isAssembliesLedger(base)) {
    console.error('building a ledger of 1,000,000 serials with 100,000 assembled units (once; kept in .bench/) ...');
    const start = performance.now();
    makeAssembliesLedger(base);
    console.error(`  made in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
  checkpoint(base); // `db verify` takes minutes at this size; the copies need only the file
  const copy = (name) => {
    const target = join(WORK, name);
    for (const suffix of ['', '-wal', '-shm']) rmSync(target + suffix, { force: true });
    copyFileSync(base, target);
    return target;
  };
  const B = ASSEMBLY_BENCH;
  const units = 'U-00001..U-10000';
  const components = B.components.map(([code, prefix, first]) => `${code}=${prefix}${String(first).padStart(7, '0')}..${prefix}${String(first + 9_999).padStart(7, '0')}`);
  const best = { assemble: Infinity, rawAssemble: Infinity };
  for (let run = 0; run < 2; run++) {
    const cliDb = copy('assemble-cli.db');
    const made = serials(cliDb, ['--json', 'assemble', B.product, '--qty', '10000', '--warehouse', B.from, '--to', B.to, '--serials', units, ...components.flatMap((c) => ['--component', c])]);
    best.assemble = Math.min(best.assemble, made.ms);
    if (run === 0) {
      const tree = serials(cliDb, ['trace', 'U-10000', '--format', 'json']).stdout;
      if (!tree.includes('S2-0110000') || !tree.includes('PD-0110000')) throw new Error(`(h) the assembled unit U-10000 does not hold S2-0110000 and PD-0110000:\n${tree.slice(0, 2000)}`);
    }
    const rawDb = copy('assemble-raw.db');
    best.rawAssemble = Math.min(best.rawAssemble, timed(process.execPath, [join(ROOT, 'test', 'bench', 'raw-assembly.mjs'), rawDb, B.product, B.from, B.to, units, ...components]).ms);
  }
  const ratio = best.rawAssemble / best.assemble;
  record(
    '(h) assembly of 10,000 units (20,000 components) on 1,000,000 serials vs raw',
    `${(best.assemble / 1000).toFixed(2)} s vs ${(best.rawAssemble / 1000).toFixed(2)} s`,
    `${(ratio * 100).toFixed(0)}%`,
    '>= 50%',
    ratio >= 0.5,
  );

  const [version, trace] = interleaved([() => serials(base, ['--version']).ms, () => serials(base, ['trace', B.traceUnit]).ms], 15);
  record(`(h) trace of one unit (three levels) vs serials --version`, `${trace.toFixed(1)} ms vs ${version.toFixed(1)} ms`, `${(trace / version).toFixed(2)}x`, '<= 1.50x', trace / version <= 1.5);

  const into = (name) => join(WORK, `recall-${name}.csv`);
  const toFile = (name, args) => {
    const fd = openSync(into(name), 'w');
    try {
      return timed(process.execPath, args, { stdio: ['ignore', fd, 'pipe'], env: { ...process.env, NO_COLOR: '1' } }).ms;
    } finally {
      closeSync(fd);
    }
  };
  const recall = { cli: Infinity, raw: Infinity };
  for (let run = 0; run < 3; run++) {
    recall.cli = Math.min(recall.cli, toFile('cli', [BIN, '--db', base, 'recall', '--product', B.recallProduct, '--supplier', B.recallSupplier, '--format', 'csv']));
    recall.raw = Math.min(recall.raw, toFile('raw', [join(ROOT, 'test', 'bench', 'raw-recall.mjs'), base, B.recallProduct, B.recallSupplier]));
  }
  const lines = (name) => readFileSync(into(name), 'utf8').split('\n').filter((l) => l !== '').length - 1;
  const [cliRows, rawRows] = [lines('cli'), lines('raw')];
  for (const name of ['cli', 'raw']) rmSync(into(name), { force: true });
  if (cliRows === 0) throw new Error('(h) recall printed no rows');
  const recallRatio = recall.cli / recall.raw;
  record(
    `(h) recall of one supplier's ${B.recallUnits.toLocaleString('en')} component units (${cliRows.toLocaleString('en')} rows; raw ${rawRows.toLocaleString('en')}) vs WITH RECURSIVE`,
    `${(recall.cli / 1000).toFixed(2)} s vs ${(recall.raw / 1000).toFixed(2)} s`,
    `${recallRatio.toFixed(2)}x`,
    '<= 3.00x',
    recallRatio <= 3,
  );
}

// (p) PostgreSQL, when SERIALS_BENCH_PG (else SERIALS_TEST_PG) names a server where the bench
//     may create databases named serials_bench_*: a receipt of 100,000 serials, a shipment of
//     100,000 serials on a ledger of 1,000,000 and an opening-stock import of 1,000,000, whole
//     process, each against a raw `pg` script doing the same reads and writes with the fastest
//     plain method (COPY for inserts, `= any($1::text[])` lookups, `update … from unnest`) on an
//     identical copy of the ledger (CREATE DATABASE … TEMPLATE), best of several runs; the
//     enquiry of one serial on that 1,000,000-serial ledger against `node -e 0`; and 8 writers
//     at once, each running single-serial `adjust in`/`adjust out` commands one after another,
//     in commands per second on a SQLite file and on PostgreSQL. The 1,000,000-serial ledger
//     is built once through the CLI and kept on the server (serials_bench_million).
if (section('p') && !PG_SERVER) {
  console.error('(p) PostgreSQL not run: set SERIALS_BENCH_PG=postgres://… (or SERIALS_TEST_PG) to a server where the bench may create databases named serials_bench_*');
} else if (section('p')) {
  const P = { receipt: 100_000, shipment: 100_000, ledger: 1_000_000, import: 1_000_000, writers: 8, commands: 10 };
  const admin = await pgAdmin();
  const pgRaw = (script, ...args) => timed(process.execPath, [join(ROOT, 'test', 'bench', script), ...args]).ms;
  try {
    // the 1,000,000-serial ledger (product W in MAIN, serials M0-… to M9-…), kept between runs
    const million = pgUrl('serials_bench_million');
    if (await admin.exists('serials_bench_million')) serials(million, ['db', 'migrate', '--no-backup']);
    const held = (await admin.exists('serials_bench_million')) ? (JSON.parse(serials(million, ['soh', '--json']).stdout)[0]?.quantity ?? 0) : 0;
    if (held !== P.ledger) {
      console.error(`building a PostgreSQL ledger of ${P.ledger.toLocaleString('en')} serials (once; kept on the server as serials_bench_million) ...`);
      await admin.create('serials_bench_million');
      seedLedgerAt(million);
      serials(million, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', `W:${P.ledger}`]);
      for (let part = 0; part < 10; part++) {
        serials(million, ['po', 'receive', 'PO-00000001', '--product', 'W', '--serials-file', serialFile(`million-${part}.txt`, `M${part}-`, P.ledger / 10)]);
      }
    }

    // receipt of 100,000 serials on a fresh ledger (with the order to receive against)
    const seed = await admin.create('serials_bench_seed');
    seedLedgerAt(seed);
    serials(seed, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', `W:${P.receipt}`]);
    const receiptFile = serialFile(`receipt-${P.receipt}.txt`, 'R-', P.receipt);
    const best = { receipt: Infinity, rawReceipt: Infinity, ship: Infinity, rawShip: Infinity, import: Infinity, rawImport: Infinity };
    for (let run = 0; run < 3; run++) {
      const cli = await admin.create('serials_bench_cli', 'serials_bench_seed');
      best.receipt = Math.min(best.receipt, serials(cli, ['po', 'receive', 'PO-00000001', '--product', 'W', '--serials-file', receiptFile]).ms);
      const raw = await admin.create('serials_bench_raw', 'serials_bench_seed');
      best.rawReceipt = Math.min(best.rawReceipt, pgRaw('raw-pg-receipt.mjs', raw, receiptFile));
    }
    const rate = (n, ms) => `${Math.round(n / (ms / 1000)).toLocaleString('en')}/s`;
    record(
      `(p) PostgreSQL: receipt of ${P.receipt.toLocaleString('en')} serials vs raw pg (COPY)`,
      `${rate(P.receipt, best.receipt)} vs ${rate(P.receipt, best.rawReceipt)}`,
      `${((best.rawReceipt / best.receipt) * 100).toFixed(0)}%`,
      '>= 50%',
      best.rawReceipt / best.receipt >= 0.5,
    );

    // shipment of 100,000 serials, created and dispatched, on the 1,000,000-serial ledger
    const shipFile = serialFile(`ship-${P.shipment}.txt`, 'M3-', P.shipment);
    for (let run = 0; run < 3; run++) {
      const cli = await admin.create('serials_bench_cli', 'serials_bench_million');
      serials(cli, ['customer', 'add', 'BAKER']);
      const so = JSON.parse(serials(cli, ['--json', 'so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', `W:${P.shipment}`]).stdout).number;
      best.ship = Math.min(best.ship, serials(cli, ['so', 'ship', so, '--serials-file', shipFile]).ms);
      const raw = await admin.create('serials_bench_raw', 'serials_bench_million');
      best.rawShip = Math.min(best.rawShip, pgRaw('raw-pg-shipment.mjs', raw, shipFile, 'out'));
    }
    record(
      `(p) PostgreSQL: shipment of ${P.shipment.toLocaleString('en')} serials on ${P.ledger.toLocaleString('en')}, created and dispatched, vs raw pg`,
      `${(best.ship / 1000).toFixed(2)} s (${rate(P.shipment, best.ship)}) vs ${(best.rawShip / 1000).toFixed(2)} s`,
      `${((best.rawShip / best.ship) * 100).toFixed(0)}%`,
      '>= 50%',
      best.rawShip / best.ship >= 0.5,
    );

    // opening-stock import of 1,000,000 serials (1,000 products, 5 warehouses)
    const importSeed = await admin.create('serials_bench_import_seed');
    importLedgerAt(importSeed);
    const openingFile = openingStockFile(`opening-${P.import}.csv`, P.import);
    for (let run = 0; run < 2; run++) {
      const cli = await admin.create('serials_bench_cli', 'serials_bench_import_seed');
      best.import = Math.min(best.import, serials(cli, ['-q', 'import', 'opening-stock', openingFile]).ms);
      const raw = await admin.create('serials_bench_raw', 'serials_bench_import_seed');
      best.rawImport = Math.min(best.rawImport, pgRaw('raw-pg-opening-stock.mjs', raw, openingFile));
    }
    record(
      `(p) PostgreSQL: opening-stock import of ${P.import.toLocaleString('en')} serials vs raw pg (COPY)`,
      `${rate(P.import, best.import)} vs ${rate(P.import, best.rawImport)}`,
      `${((best.rawImport / best.import) * 100).toFixed(0)}%`,
      '>= 50%',
      best.rawImport / best.import >= 0.5,
    );

    // enquiry of one serial on the 1,000,000-serial ledger
    const wanted = `M7-${String(Math.min(54_321, P.ledger / 10)).padStart(8, '0')}`;
    const [node, enquiry] = interleaved([nodeBaseline, () => serials(million, ['enquiry', wanted, '--json']).ms], 25);
    const found = JSON.parse(serials(million, ['enquiry', wanted, '--json']).stdout);
    if (found.length !== 1 || found[0].serial !== wanted) throw new Error('(p) enquiry did not find the serial');
    record(
      `(p) PostgreSQL: enquiry <serial> on ${P.ledger.toLocaleString('en')} serials vs node -e 0`,
      `${enquiry.toFixed(1)} ms vs ${node.toFixed(1)} ms`,
      `${(enquiry / node).toFixed(2)}x`,
      'recorded',
      true,
    );

    // 8 writers at once, single-serial adjustments, on each engine
    const concurrent = (db) => JSON.parse(timed(process.execPath, [join(ROOT, 'test', 'bench', 'concurrent-adjust.mjs'), db, String(P.writers), String(P.commands)]).stdout);
    const onSqlite = concurrent(seededLedger('concurrent.db'));
    const onPg = concurrent(seedLedgerAt(await admin.create('serials_bench_concurrent')));
    const what = `${P.writers} writers at once, ${P.commands} single-serial adjust in/out commands each`;
    record(`(p) ${what}, on SQLite`, `${onSqlite.perSecond.toFixed(1)} commands/s`, `${onSqlite.perSecond.toFixed(1)}/s`, 'recorded', true);
    record(
      `(p) ${what}, on PostgreSQL vs SQLite`,
      `${onPg.perSecond.toFixed(1)} commands/s vs ${onSqlite.perSecond.toFixed(1)} commands/s`,
      `${((onPg.perSecond / onSqlite.perSecond) * 100).toFixed(0)}%`,
      'recorded',
      true,
    );
    for (const name of ['serials_bench_cli', 'serials_bench_raw', 'serials_bench_concurrent']) await admin.drop(name);
  } finally {
    await admin.end();
  }
}

console.log('\n| Benchmark | Measured | Ratio | Target | |');
console.log('|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.name} | ${r.figure} | ${r.ratio} | ${r.target} | ${r.pass ? 'met' : 'MISSED'} |`);
process.exitCode = results.every((r) => r.pass) ? 0 : 1;
