import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, expect, it } from 'vitest';
import { BUDGET_BYTES, measureBundle } from '../scripts/check-bundle.ts';

const out = mkdtempSync(join(tmpdir(), 'vigil-web-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('builds the dashboard under 500 kB gzipped, with no inline script', async () => {
  await build({
    configFile: join(import.meta.dirname, 'vite.config.ts'),
    logLevel: 'silent',
    build: { outDir: out, emptyOutDir: true },
  });
  const size = measureBundle(out);
  expect(size.files.some((f) => f.path === 'index.html')).toBe(true);
  expect(size.files.some((f) => f.path.endsWith('.js'))).toBe(true);
  expect(size.gzip).toBeLessThan(BUDGET_BYTES);
  // CSP default-src 'self': the page may load only its own files.
  const html = (await import('node:fs')).readFileSync(join(out, 'index.html'), 'utf8');
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
}, 120_000);
