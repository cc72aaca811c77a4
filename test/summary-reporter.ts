/** Prints one plain closing line ("tests: N passed, N failed, N skipped") that CI reads. */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      let modFailed = 0;
      let modSkipped = 0;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') modFailed++;
        else modSkipped++;
      }
      // A module that failed to load, or whose beforeAll failed, has no failed test of its own: its tests
      // did not run because of the failure, so they count as failed (at least one), not as skipped.
      if (mod.state() === 'failed' && modFailed === 0) {
        modFailed = Math.max(1, modSkipped);
        modSkipped = 0;
      }
      failed += modFailed;
      skipped += modSkipped;
    }
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
