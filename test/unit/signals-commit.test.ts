// F-3 on a server: a COMMIT on PostgreSQL is a round trip, and whether it happened is the
// server's answer. A Ctrl-C that arrives while the answer is on its way must not say
// "nothing was written" before it is known: it waits, and is then either too late (the
// command reports what it wrote) or an interruption of a transaction that rolled back.

import { describe, expect, it } from 'vitest';
import { installSignalHandlers, interrupt, lateSignal, writeEvents } from '../../src/cli/signals.js';

class Terminated extends Error {
  constructor(readonly code: number) {
    super(`terminated ${code}`);
  }
}

describe('a signal during a commit (F-3)', () => {
  installSignalHandlers({
    json: true,
    terminate: (code) => {
      throw new Terminated(code);
    },
  });
  const stderr = process.stderr.write.bind(process.stderr);

  it('waits for the outcome: a commit that succeeds makes it a late signal, and nothing ends the command', () => {
    writeEvents.begun?.();
    writeEvents.committing?.();
    expect(() => interrupt('SIGINT')).not.toThrow();
    writeEvents.committed?.();
    expect(lateSignal()).toBe('SIGINT');
  });

  it('a commit that fails instead hands the held signal on: the command ends 130 as interrupted', () => {
    let said = '';
    process.stderr.write = ((chunk: string) => ((said += chunk), true)) as typeof process.stderr.write;
    try {
      writeEvents.begun?.();
      writeEvents.committing?.();
      interrupt('SIGTERM');
      expect(() => writeEvents.rolledBack?.()).toThrow(Terminated);
    } finally {
      process.stderr.write = stderr;
    }
    // an earlier step of this process committed (the test above), so the message says what stays
    expect(JSON.parse(said).error.code).toBe('interrupted');
  });
});
