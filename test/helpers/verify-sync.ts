// `db verify` for the end-to-end tests, in the test process instead of a spawned CLI: the
// same checks as the command (the engine's integrity findings, then the four invariants of
// verifyLedger) on the ledger at a path or URL, ~0.2 s of process start-up saved on each of
// the ~230 calls per engine. assertVerifies() is synchronous (the e2e tests call it as a
// statement), and Kysely is not, so the check runs in a worker thread and the caller waits
// for its answer with Atomics.wait.
//
// The worker cannot load the TypeScript sources, so they are bundled once per test process
// with esbuild (~0.3 s, like scripts/build.mjs, into a temporary file); `import.meta.url` is
// a file of this repository so that better-sqlite3's addon and pg are found in node_modules.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';

const ENTRY = `
import { openAt } from './src/db/open.js';
import { integrityFindings } from './src/db/structure-check.js';
import { verifyLedger } from './src/core/ledger/verify.js';
export async function verifyAt(where) {
  const ledger = await openAt(where);
  try {
    const damage = await integrityFindings(ledger.db);
    if (damage.length > 0) return { ok: false, text: damage.map((d) => 'damage: ' + d).join('\\n') };
    const report = await verifyLedger(ledger.db);
    const lines = report.discrepancies.map((d) => 'invariant ' + d.invariant + ': ' + d.message);
    if (report.total > report.discrepancies.length) lines.push('... and ' + (report.total - report.discrepancies.length) + ' more');
    return { ok: report.ok, text: report.ok ? 'Ledger OK: ' + report.serials + ' serials, ' + report.serialMovements + ' serial movements, ' + report.stockLevels + ' stock levels' : lines.join('\\n') };
  } finally {
    await ledger.close();
  }
}
`;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { verifyAt } = require(workerData.bundle);
parentPort.on('message', async ({ where, port, signal }) => {
  let reply;
  try {
    reply = await verifyAt(where);
  } catch (error) {
    reply = { ok: false, text: 'cannot verify: ' + (error && error.stack || String(error)) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

const ROOT = resolve(__dirname, '..', '..');
let worker: Worker | undefined;

function verifier(): Worker {
  if (worker) return worker;
  const dir = mkdtempSync(join(tmpdir(), 'serials-verify-'));
  const bundle = join(dir, 'verify.cjs');
  buildSync({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: bundle,
    logLevel: 'error',
    // loaded from node_modules, as the CLI does (better-sqlite3's addon by path, pg on demand)
    external: ['pg', 'pg-cursor', 'pg-copy-streams', 'pg-connection-string', 'pgpass', 'pdfkit', '@inquirer/prompts'],
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(ROOT, 'src', 'db', 'open.ts')).href) },
  });
  worker = new Worker(WORKER, { eval: true, workerData: { bundle } });
  worker.unref();
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return worker;
}

/** What `db verify` finds in the ledger at `where` (a path or URL), checked in this process. */
export function verifySync(where: string, timeoutMs = 300_000): { ok: boolean; text: string } {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  verifier().postMessage({ where, port: port2, signal }, [port2]);
  const waited = Atomics.wait(signal, 0, 0, timeoutMs);
  const message = receiveMessageOnPort(port1)?.message as { ok: boolean; text: string } | undefined;
  port1.close();
  if (waited === 'timed-out' || !message) throw new Error(`db verify (in-process) did not finish within ${timeoutMs} ms for ${where}`);
  return message;
}
