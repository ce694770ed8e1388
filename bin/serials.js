#!/usr/bin/env node
// The CLI is bundled to CommonJS by `npm run build` (see scripts/build.mjs): a CJS bundle
// starts measurably faster than ESM on Node 20, and start-up time is a feature here.
import '../dist/cli.cjs';
