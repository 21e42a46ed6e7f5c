/**
 * The repository's layout, so a newcomer finds where things go: every folder says what belongs
 * in it (a README.md), and end-to-end and CLI tests live in test/e2e named
 * `<context>.<aspect>.test.ts`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** The trees whose every folder must have a README.md. */
const TREES = ['src', 'test', 'web/src', 'bench', 'scripts', 'docs'];

/**
 * Folders exempt with everything below them: installed or built output, published test data kept
 * in its upstream shape (test/fixtures itself has a README saying where each set comes from), and
 * drizzle-kit's generated snapshots.
 */
const SKIPPED_NAMES = new Set(['node_modules', 'dist']);
const SKIPPED_BELOW = ['test/fixtures/', 'src/adapters/db/migrations/meta'];

function folders(dir: string): string[] {
  const rel = relative(root, dir);
  if (SKIPPED_BELOW.some((prefix) => rel.startsWith(prefix))) return [];
  const below = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !SKIPPED_NAMES.has(entry.name) && !entry.name.startsWith('.'))
    .flatMap((entry) => folders(join(dir, entry.name)));
  return [rel, ...below];
}

/** `<context>.<aspect>.test.ts`, each part lower-case words joined by dashes. */
const E2E_NAME = /^[a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)*\.test\.ts$/;

/** Tests directly in test/ are checks of the repository as a whole, not of a feature. */
const REPOSITORY_CHECKS = ['architecture.test.ts', 'generated-docs.test.ts', 'layout.test.ts'];

describe('layout', () => {
  it('has a README.md in every folder', () => {
    const missing = TREES.flatMap((tree) => folders(join(root, tree))).filter(
      (folder) => !existsSync(join(root, folder, 'README.md')),
    );
    expect(missing).toEqual([]);
  });

  it('names every end-to-end test <context>.<aspect>.test.ts', () => {
    const tests = readdirSync(join(root, 'test/e2e')).filter((name) => name.endsWith('.test.ts'));
    expect(tests.length).toBeGreaterThan(0);
    expect(tests.filter((name) => !E2E_NAME.test(name))).toEqual([]);
  });

  it('keeps end-to-end and CLI tests in test/e2e, not loose in test/', () => {
    const loose = readdirSync(join(root, 'test')).filter(
      (name) => name.endsWith('.test.ts') && !REPOSITORY_CHECKS.includes(name),
    );
    expect(loose).toEqual([]);
  });

  it('rejects names outside the scheme', () => {
    for (const bad of ['audit-tamper.test.ts', 'cli.test.ts', 'Fleet.cli.test.ts', 'fleet.cli.spec.ts']) {
      expect(E2E_NAME.test(bad)).toBe(false);
    }
    for (const good of ['fleet.cli.test.ts', 'scans.jobs-crash.test.ts', 'http.role-matrix.test.ts']) {
      expect(E2E_NAME.test(good)).toBe(true);
    }
  });
});
