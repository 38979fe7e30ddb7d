import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // The JSON report lets .ci/run print the plain 'N passed, N failed' line.
    reporters: ['default', 'json'],
    outputFile: { json: '.ci/results.json' },
    pool: 'forks',
    // Two cores: two test files at a time, each with its own SQLite file and PostgreSQL schema.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
