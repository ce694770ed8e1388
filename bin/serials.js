#!/usr/bin/env node
// The CLI is bundled to CommonJS by `npm run build` (scripts/build.mjs): on Node 20 a CJS
// bundle loads measurably faster than ESM, and require() skips the ESM loader's scan of the
// bundle for exports. Start-up time is a feature here (README, Performance).
import { createRequire } from 'node:module';

createRequire(import.meta.url)('../dist/cli.cjs');
