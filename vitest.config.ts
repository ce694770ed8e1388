import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    // `db verify` after every test that writes to a ledger opened with newLedger()
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // e2e tests spawn the built CLI; two cores here, so keep the worker count modest
    maxWorkers: 2,
  },
});
