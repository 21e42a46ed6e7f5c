/**
 * The dashboard's size budget (under 500 kB gzipped). Gzips every file web/dist serves
 * (scripts, styles, index.html, icons) at level 9 and fails over budget. `npm run check:bundle`
 * after `npm run build:web`; web/bundle.test.ts builds into a temporary folder and applies it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 500 * 1000;

export interface BundleSize {
  readonly files: { path: string; bytes: number; gzip: number }[];
  readonly bytes: number;
  readonly gzip: number;
}

export function measureBundle(dist: string): BundleSize {
  const files = readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dist, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => {
      const data = readFileSync(f);
      return { path: relative(dist, f), bytes: data.length, gzip: gzipSync(data, { level: 9 }).length };
    });
  return {
    files,
    bytes: files.reduce((n, f) => n + f.bytes, 0),
    gzip: files.reduce((n, f) => n + f.gzip, 0),
  };
}

// Run as a script (not imported by web/bundle.test.ts); import.meta.main needs Node 24.2.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = join(import.meta.dirname, '..', 'web', 'dist');
  let size: BundleSize;
  try {
    size = measureBundle(dist);
  } catch {
    console.error('web/dist is missing: run `npm run build:web` first');
    process.exit(2);
  }
  for (const f of size.files) console.log(`${f.path}  ${f.bytes} B  (${f.gzip} B gzipped)`);
  const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
  console.log(`total ${kb(size.bytes)}, ${kb(size.gzip)} gzipped; budget ${kb(BUDGET_BYTES)} gzipped`);
  if (size.gzip > BUDGET_BYTES) {
    console.error('over budget');
    process.exit(1);
  }
}
