import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts', 'web/**/*.test.ts'],
    // Database suites boot PGlite (WASM) per file; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default leaves one core free (one worker on a 2-core machine), but most files
    // spend their time waiting on PostgreSQL, PGlite's WASM start, child processes or Chromium:
    // a worker per core keeps both busy (each file has its own schema or database).
    maxWorkers: availableParallelism(),
    // One line before the run when the browser tests will be skipped (no Chromium here).
    globalSetup: ['test/support/browser-notice.ts'],
  },
});
