import { defineConfig } from 'vitest/config';

// Two projects, one per engine; a test's name starts with its project (|sqlite| or |postgres|).
//   sqlite    every test, on SQLite (as before PostgreSQL existed);
//   postgres  only when SERIALS_TEST_PG names a server (.ci/run starts a throwaway one): the
//             integration suite and every end-to-end file about what a user does with a ledger,
//             whichever engine it is on. There cliLedger(), copyLedger(), seededForFile() and
//             newLedger() give PostgreSQL databases, so `cli(db, …)` passes `--db postgres://…`
//             (test/helpers/ledger.ts), and forEachEngine runs the postgres engine only.
// `npx vitest run --project postgres FILE` runs one file on one engine.

// PostgreSQL's own end-to-end files (connections, concurrency, crashes): postgres project only
const POSTGRES_ONLY = ['test/e2e/pg-*.test.ts'];

// The business end-to-end files on PostgreSQL. All of them pass there; on this project's
// 2-core CI machine all of them on both engines take ~19 minutes, past CI's 15, because each
// spawned command on PostgreSQL also pays a server connection (a backend process) and its
// first catalog reads. So CI (.ci/run) runs the CORE set on PostgreSQL: the JSON contract of
// every command, init and migrations (pg-connect), every rule family's refusals, exports, trace and
// PostgreSQL's own files (connections, eight writers, SIGKILL); every rule is also checked in
// process by the whole integration suite on both engines. SERIALS_TEST_PG_E2E=all (what
// `npm run test:pg:all` sets) adds the rest, whose logic is the same core on either engine.
const CORE_E2E = ['errors', 'export-roundtrip', 'never-diminishing', 'one-pass-problems', 'quantity-limits', 'trace-recall'];
const MORE_E2E = [
  'adjust-and-reports',
  'assemblies',
  'count-freeze',
  'counts',
  'import',
  'import-edge',
  'large-shipment',
  'output-and-messages',
  'purchasing',
  'sales',
  'setup-and-admin',
  'transfers',
];
const ALL_E2E = process.env.SERIALS_TEST_PG_E2E === 'all';

const POSTGRES_FILES = [
  ...POSTGRES_ONLY,
  'test/integration/**/*.test.ts',
  'test/e2e/contract/*.test.ts',
  ...[...CORE_E2E, ...(ALL_E2E ? MORE_E2E : [])].map((name) => `test/e2e/${name}.test.ts`),
];
// the largest contract file (returns and stock, 34 tests) joins with the rest
const POSTGRES_EXCLUDED = ALL_E2E ? [] : ['test/e2e/contract/returns-stock.test.ts'];

// The end-to-end files that stay on SQLite, and why:
//   ledger-files, file-edges   the ledger file itself: paths, modes, headers, other programs' files
//   crash, import-crash        SIGKILL timed by the growth of SQLite's write-ahead log
//   interrupt                  Ctrl-C timed by the write-ahead log; backups' and temp files' leftovers
//   backup-and-migrate         SQLite backups (files) and the file copy `db migrate` makes first
//   concurrency                SQLite's busy handling (PostgreSQL's own: pg-concurrency)
//   robustness                 fuzzing that compares the ledger file's content before and after
//   readme                     the README's worked example, which creates its ledger as a file
//   help, completion, tables, local-time, pdf-*, scanner, serials-file
//                              output rendering, prompts and input files: the engine plays no part
//   unit, property             no ledger, or in-process ledgers of the SQLite project

const PG = process.env.SERIALS_TEST_PG;

// Integration files that stay on SQLite: structure-check (SQLite's own page check in every write).
const SQLITE_ONLY_INTEGRATION = ['test/integration/structure-check.test.ts'];

const shared = {
  exclude: ['test/bench/**', 'node_modules/**'],
  // `db verify` after every test that writes to a ledger opened with newLedger()
  setupFiles: ['test/setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    // says when the PostgreSQL suite does not run; otherwise checks the server and cleans up after the run
    globalSetup: ['test/global-setup.ts'],
    // e2e tests spawn the built CLI; two cores here, so keep the worker count modest
    maxWorkers: 2,
    // the usual report, closed by the number of tests per engine (test/engine-summary-reporter.ts)
    reporters: ['default', './test/engine-summary-reporter.ts'],
    projects: [
      { test: { ...shared, name: 'sqlite', include: ['test/**/*.test.ts'], exclude: [...shared.exclude, ...POSTGRES_ONLY], env: { SERIALS_TEST_ENGINE: 'sqlite' } } },
      ...(PG ? [{ test: { ...shared, name: 'postgres', include: POSTGRES_FILES, exclude: [...shared.exclude, ...SQLITE_ONLY_INTEGRATION, ...POSTGRES_EXCLUDED], env: { SERIALS_TEST_ENGINE: 'postgres' } } }] : []),
    ],
  },
});
