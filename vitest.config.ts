import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Two cores: two test files at a time, each with its own SQLite file and PostgreSQL schema.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
