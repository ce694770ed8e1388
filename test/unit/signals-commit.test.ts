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

  // The module holds one process's state: these run in order, as one command's would.
  const capture = (fn: () => void): string => {
    let said = '';
    process.stderr.write = ((chunk: string) => ((said += chunk), true)) as typeof process.stderr.write;
    try {
      fn();
    } finally {
      process.stderr.write = stderr;
    }
    return said;
  };

  it('F-3: waits for the outcome: a commit that succeeds makes it a late signal, and nothing ends the command or says anything', () => {
    const said = capture(() => {
      writeEvents.begun?.();
      writeEvents.committing?.();
      expect(() => interrupt('SIGINT')).not.toThrow();
      writeEvents.committed?.();
    });
    expect(lateSignal()).toBe('SIGINT');
    expect(said).toBe('');
  });

  it('F-3: a commit that fails instead hands the held signal on: the command ends 130 as interrupted', () => {
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
    expect(JSON.parse(said).error).toMatchObject({ code: 'interrupted', message: expect.stringContaining('what an earlier step committed stays written; the rest was not written') });
  });

  it('F-3: a second signal while the server has not answered ends the command without claiming either outcome', () => {
    let ended: unknown;
    const said = capture(() => {
      writeEvents.begun?.();
      writeEvents.committing?.();
      interrupt('SIGINT');
      try {
        interrupt('SIGINT');
      } catch (error) {
        ended = error;
      }
    });
    expect(ended).toBeInstanceOf(Terminated);
    expect((ended as Terminated).code).toBe(130);
    const message = JSON.parse(said).error.message as string;
    expect(message).toContain('is not known');
    expect(message).not.toContain('nothing was written');
  });
});
