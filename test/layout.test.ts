/**
 * The repository's layout, so a newcomer finds where things go: every folder says what belongs
 * in it (a README.md), end-to-end and CLI tests live in test/e2e named
 * `<context>.<aspect>.test.ts`, and no file keeps a merge's conflict markers (in a comment or a
 * Markdown file no compiler or linter would notice them).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** Lines a merge leaves around a conflict it could not resolve. */
const CONFLICT_MARKER = /^(<{7} |={7}$|>{7} )/m;
const TEXT_FILE = /\.(ts|tsx|js|md|json|ya?ml|sql|css|html|sh)$/;

function textFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return SKIPPED_NAMES.has(entry.name) || entry.name.startsWith('.') ? [] : textFiles(path);
    return TEXT_FILE.test(entry.name) ? [path] : [];
  });
}

describe('layout', () => {
  it('keeps no merge conflict markers in any text file', () => {
    expect(CONFLICT_MARKER.test('a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> main\n')).toBe(true);
    expect(CONFLICT_MARKER.test('/** ======= a rule of equals signs ======= */')).toBe(false);
    const files = [...TREES, 'baselines', '.ci'].flatMap((tree) =>
      existsSync(join(root, tree)) ? textFiles(join(root, tree)) : [],
    );
    const top = readdirSync(root).filter((name) => TEXT_FILE.test(name) && name !== 'package-lock.json');
    const marked = [...files, ...top.map((name) => join(root, name))].filter((file) =>
      CONFLICT_MARKER.test(readFileSync(file, 'utf8')),
    );
    expect(marked.map((file) => relative(root, file))).toEqual([]);
  });

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
