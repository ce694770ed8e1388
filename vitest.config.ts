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

const POSTGRES_FILES = [
  ...POSTGRES_ONLY,
  'test/integration/**/*.test.ts',
  'test/e2e/contract/*.test.ts',
  ...[
    'adjust-and-reports',
    'assemblies',
    'count-freeze',
    'counts',
    'errors',
    'export-roundtrip',
    'import',
    'import-edge',
    'large-shipment',
    'never-diminishing',
    'one-pass-problems',
    'output-and-messages',
    'purchasing',
    'quantity-limits',
    'sales',
    'setup-and-admin',
    'trace-recall',
    'transfers',
  ].map((name) => `test/e2e/${name}.test.ts`),
];

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
      ...(PG ? [{ test: { ...shared, name: 'postgres', include: POSTGRES_FILES, exclude: [...shared.exclude, ...SQLITE_ONLY_INTEGRATION], env: { SERIALS_TEST_ENGINE: 'postgres' } } }] : []),
    ],
  },
});
