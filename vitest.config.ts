import { defineConfig } from 'vitest/config';

const BROWSER = ['test/web.browser.test.ts', 'test/web.*.browser.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // The JSON report lets .ci/run print the plain 'N passed, N failed' line.
    reporters: ['default', 'json'],
    outputFile: { json: '.ci/results.json' },
    pool: 'forks',
    // Two cores: two test files at a time, each with its own SQLite file and PostgreSQL schema.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // The browser suite (Vite build, Chromium, a server) runs after the others, not beside the imports of
    // a million figures: on two cores both slowed each other past their time limits.
    projects: [
      { extends: true, test: { name: 'node', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: BROWSER, sequence: { groupOrder: 0 } } },
      // One browser file at a time: each builds the interface and runs Chromium. A screen waited for is given
      // ten seconds, not vitest's one: on two busy cores a first load of a lazy screen and its query took longer
      // (the bell's count, once in CI), and a poll that succeeds returns at once.
      {
        extends: true,
        test: { name: 'browser', include: BROWSER, poolOptions: { forks: { singleFork: true } }, sequence: { groupOrder: 1 }, expect: { poll: { timeout: 10_000 } } },
      },
    ],
  },
});
