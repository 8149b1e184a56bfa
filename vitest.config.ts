import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The end-to-end suites start local fake servers; two workers fit this 2-core machine.
    maxWorkers: 2,
  },
});
