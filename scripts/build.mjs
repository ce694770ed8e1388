// Bundles the CLI with esbuild into two CommonJS files:
//   dist/cli.cjs  the command tree (commander only): --help and --version load just this
//   dist/app.cjs  every action with kysely, zod/mini, chalk, ...; loaded when a command runs
// @inquirer/prompts (only for confirmations on a terminal) and better-sqlite3's native addon
// stay in node_modules. CommonJS because Node 20 loads a CJS bundle measurably faster than ESM.
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

// code caches of the previous build (src/io/code-cache.ts)
for (const f of (existsSync('dist') ? readdirSync('dist', { withFileTypes: true }) : []).filter((e) => e.name.endsWith('.v8cache'))) rmSync(`dist/${f.name}`);

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'warning',
  // better-sqlite3's JavaScript is bundled; its native addon is loaded by path (src/db/open.ts).
  // pdfkit reads its fonts' metrics from files beside its own code, so it stays in node_modules
  // (loaded only when a command writes a PDF).
  // PostgreSQL's client (pg and its helpers) loads only for a ledger on PostgreSQL (src/db/pg/modules.ts).
  external: ['@inquirer/prompts', 'pdfkit', 'pg', 'pg-cursor', 'pg-copy-streams', 'pg-connection-string', 'pgpass'],
  // ASCII only (non-ASCII escaped): the code cache loader reads the bundle as latin1.
  charset: 'ascii',
  // import.meta.url has no meaning in CommonJS; give it the bundle's own file URL.
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: 'const __import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
};

const appPlugin = {
  name: 'lazy-app',
  setup(b) {
    // A tiny virtual module that require()s the app bundle: esbuild would otherwise keep a
    // dynamic import(), which goes through Node's slower ESM loader.
    b.onResolve({ filter: /^\.\/app\.js$/ }, () => ({ path: 'app', namespace: 'lazy-app' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-app' }, () => ({
      contents: 'const { requireWithCodeCache } = require("../io/code-cache.ts");\n' + 'module.exports = requireWithCodeCache(require("node:path").join(__dirname, "app.cjs"));',
      resolveDir: 'src/cli',
      loader: 'js',
    }));
  },
};

// commander loads node:child_process at start-up for git-style executable subcommands,
// which serials does not use; that load alone is ~10% of `serials --version`. It is
// deferred until something actually touches it.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.importer.includes('commander') ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: 'module.exports = new Proxy({}, { get: (_, key) => require("node:child_process")[key] });',
      loader: 'js',
    }));
  },
};

// The command tree needs only each command module's spec: in dist/cli.cjs a module is
// imported through a stand-in that re-exports `spec` alone, so its `run` and everything that
// imports (core, the database, zod) is shaken out. test/unit/bundle.test.ts checks the result.
const specsOnly = {
  name: 'specs-only',
  setup(b) {
    b.onResolve({ filter: /^\.\/[^/]+\/[^/]+\.js$/ }, (args) =>
      args.importer.endsWith(join('src', 'cli', 'commands', 'index.ts'))
        ? { path: join(args.resolveDir, args.path.replace(/\.js$/, '.ts')), namespace: 'specs-only' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'specs-only' }, (args) => ({ contents: `export { spec } from ${JSON.stringify(args.path)};`, loader: "ts", resolveDir: dirname(args.path) }));
  },
};

const [tree] = await Promise.all([
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.cjs', metafile: true, plugins: [appPlugin, specsOnly, lazyChildProcess] }),
  build({ ...common, entryPoints: ['src/cli/app.ts'], outfile: 'dist/app.cjs', plugins: [lazyChildProcess] }),
  // PostgreSQL's client, loaded by src/db/pg/modules.ts only for a ledger on PostgreSQL (pg's
  // optional native binding stays a guarded require that finds nothing)
  // Response: pg asks `typeof Response` to tell a Cloudflare Worker from Node, and on Node 20
  // that first touch of the global loads all of undici (~90 ms of every command); here it is
  // always Node.
  build({ ...common, entryPoints: ['src/db/pg/vendor.ts'], outfile: 'dist/pg.cjs', external: ['pg-native'], define: { ...common.define, Response: 'undefined' } }),
]);
// what --help and --version load, for test/unit/bundle.test.ts
const [output] = Object.values(tree.metafile.outputs);
const loaded = Object.entries(output.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([name]) => name);
writeFileSync('dist/cli.inputs.json', JSON.stringify(loaded.sort(), null, 1) + '\n');
