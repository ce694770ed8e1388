// A vitest reporter (vitest.config.ts) that closes the run with the number of tests per
// project, that is per engine: "Tests per engine: sqlite 812 passed · postgres 640 passed, 2 failed".
// With SERIALS_TEST_DURATIONS=FILE it also writes each file's duration per project there
// (JSON), to find where the time goes; with SERIALS_TEST_FAILURES=FILE, each failure as it happens.

import { appendFileSync, writeFileSync } from 'node:fs';
import type { Reporter, TestCase, TestModule } from 'vitest/node';

export default class EngineSummaryReporter implements Reporter {
  /** With SERIALS_TEST_FAILURES=FILE, each failed test is appended there as soon as it fails (a long run's failures, before its end). */
  onTestCaseResult(test: TestCase): void {
    const out = process.env.SERIALS_TEST_FAILURES;
    const result = test.result();
    if (!out || result.state !== 'failed') return;
    const errors = (result.errors ?? []).map((e) => (e.message ?? String(e)).split('\n').slice(0, 12).join('\n'));
    appendFileSync(out, `[${test.project.name}] ${test.module.relativeModuleId} > ${test.fullName}\n${errors.join('\n---\n')}\n\n`);
  }

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
