import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts', 'web/**/*.test.ts'],
    // Database suites boot PGlite (WASM) per file; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One line before the run when the browser tests will be skipped (no Chromium here).
    globalSetup: ['test/support/browser-notice.ts'],
  },
});
