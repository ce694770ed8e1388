// A vitest reporter (vitest.config.ts) that closes the run with the number of tests per
// project, that is per engine: "Tests per engine: sqlite 812 passed · postgres 640 passed, 2 failed".
// With SERIALS_TEST_DURATIONS=FILE it also writes each file's duration per project there
// (JSON), to find where the time goes.

import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class EngineSummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const projects = new Map<string, Record<string, number>>();
    const files: { project: string; file: string; seconds: number; tests: number }[] = [];
    for (const module of modules) {
      const name = module.project.name || 'default';
      const counts = projects.get(name) ?? {};
      projects.set(name, counts);
      let tests = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        counts[state] = (counts[state] ?? 0) + 1;
        tests += 1;
      }
      files.push({ project: name, file: module.relativeModuleId, seconds: Math.round(module.diagnostic().duration) / 1000, tests });
    }
    const parts = [...projects].map(([name, counts]) => `${name} ${Object.entries(counts).map(([state, n]) => `${n} ${state === 'pending' ? 'not run' : state}`).join(', ')}`);
    if (parts.length > 0) console.log(`\nTests per engine: ${parts.join(' · ')}`);
    const out = process.env.SERIALS_TEST_DURATIONS;
    if (out) writeFileSync(out, JSON.stringify(files.sort((a, b) => b.seconds - a.seconds), null, 1) + '\n');
  }
}
