// Bundles the CLI with esbuild into two CommonJS files:
//   dist/cli.cjs  the command tree (commander only): --help and --version load just this
//   dist/app.cjs  every action with kysely, zod/mini, chalk, ...; loaded when a command runs
// better-sqlite3 (native) and @inquirer/prompts (only for confirmations on a terminal) stay
// in node_modules. CommonJS because Node 20 loads a CJS bundle measurably faster than ESM.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['better-sqlite3', '@inquirer/prompts'],
  // import.meta.url has no meaning in CommonJS; give it the bundle's own file URL.
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: 'const __import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
};

const appPlugin = {
  name: 'lazy-app',
  setup(b) {
    b.onResolve({ filter: /\/actions\/index\.js$/ }, () => ({ path: './app.cjs', external: true }));
  },
};

await Promise.all([
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.cjs', plugins: [appPlugin] }),
  build({ ...common, entryPoints: ['src/cli/actions/index.ts'], outfile: 'dist/app.cjs' }),
]);
