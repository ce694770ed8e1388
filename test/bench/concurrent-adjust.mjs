// Throughput of concurrent writers: WRITERS loops at once, each running COMMANDS whole
// `serials adjust in` / `adjust out` processes one after another, each moving one serial of its
// own (in, then out, then the next one in ...), on one ledger — a SQLite file or a PostgreSQL
// URL. Every command must succeed (a generous SERIALS_BUSY_TIMEOUT_MS: writers wait their turn).
// Prints {"commands", "ms", "perSecond"} as JSON. The ledger needs warehouse MAIN and
// serialized product W (lib.mjs seedLedgerAt).
// Usage: node concurrent-adjust.mjs LEDGER WRITERS COMMANDS
import { performance } from 'node:perf_hooks';
import { BIN, timedAsync } from './lib.mjs';

const [db, writersArg, commandsArg] = process.argv.slice(2);
const writers = Number(writersArg);
const commands = Number(commandsArg);
const run = `${process.pid}`;

async function writer(w) {
  for (let i = 0; i < commands; i++) {
    const direction = i % 2 === 0 ? 'in' : 'out';
    const serial = `CA${run}-${w}-${Math.floor(i / 2)}`;
    const r = await timedAsync(process.execPath, [BIN, '--db', db, '-q', 'adjust', direction, '--warehouse', 'MAIN', '--product', 'W', '--serials', serial, '--reason', 'bench'], {
      env: { ...process.env, NO_COLOR: '1', SERIALS_BUSY_TIMEOUT_MS: '600000' },
    });
    if (r.status !== 0) throw new Error(`writer ${w}: adjust ${direction} ${serial} exited ${r.status}\n${r.stderr}`);
  }
}

const start = performance.now();
await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
const ms = performance.now() - start;
console.log(JSON.stringify({ commands: writers * commands, ms, perSecond: (writers * commands) / (ms / 1000) }));
