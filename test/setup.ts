// Runs before every test file (vitest.config.ts setupFiles): `db verify` after every test that
// writes, not by hand in each test. Each ledger a test opened with newLedger() and wrote is
// verified after it, and the test fails naming every discrepancy (test/helpers/ledger.ts);
// then the ledgers it opened are closed and removed.

import { afterAll, afterEach, beforeEach } from 'vitest';
import { fileFinished, testFinished, testLeftovers, testStarting } from './helpers/ledger.js';

beforeEach((context) => {
  testStarting();
  // runs even when an afterEach of the test file failed first, and so this file's was skipped
  context.onTestFinished(() => testLeftovers());
});

// the last afterEach to run: the test file's own (timers, other cleanup) come first
afterEach((context) => testFinished(context.task.result?.state === 'fail'));

afterAll(() => fileFinished());
