import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The LP and server tests spawn processes and WASM solvers; two cores is the machine size.
    pool: 'forks',
    maxWorkers: 2,
  },
});
