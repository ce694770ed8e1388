#!/usr/bin/env node
// The built CLI (scripts/build.mjs bundles it to CommonJS). This file is CommonJS too
// (bin/package.json): Node 20 starts a CommonJS entry ~10 ms sooner than an ES module one,
// and start-up time is a feature here (README, Performance).
require('../dist/cli.cjs');
