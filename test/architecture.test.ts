/**
 * The dependency rule (docs/ARCHITECTURE.md): arrows point inward.
 *   core      imports only core, zod and yaml: no Node I/O, no framework, no adapter, no service.
 *             The Merkle log (core/audit/tlog) may also use node:crypto: SHA-256 and Ed25519 are
 *             deterministic computations, not I/O, and the log's hashes must come from a vetted library.
 *   services  import core and their own ports, never an adapter.
 *   adapters  may import services and core, but http and cli never reach into db directly.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(
    /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
  )) {
    const spec = m[1] ?? m[2];
    if (spec !== undefined) found.push(spec);
  }
  return found;
}

/** The layer an import lands in: 'core', 'services', 'adapters/db', …, or the package name. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.'))
    return spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec);
  const rel = relative(join(root, 'src'), resolve(join(file, '..'), spec));
  const [top, sub] = rel.split('/');
  return top === 'adapters' ? `adapters/${sub}` : (top ?? rel);
}

function violations(dir: string, allowed: (t: string, file: string) => boolean): string[] {
  return sources(join(root, 'src', dir)).flatMap((f) =>
    imports(f)
      .filter((spec) => !allowed(target(f, spec), f))
      .map((spec) => `${relative(root, f)} imports ${spec}`),
  );
}

describe('architecture', () => {
  it('keeps the core pure: no I/O, no frameworks, no adapters, no services', () => {
    const pureLibraries = new Set(['zod', 'yaml']);
    const tlog = join(root, 'src', 'core', 'audit', 'tlog');
    expect(
      violations(
        'core',
        (t, file) => t === 'core' || pureLibraries.has(t) || (t === 'node:crypto' && file.startsWith(tlog)),
      ),
    ).toEqual([]);
  });

  it('keeps services free of adapters, frameworks and I/O', () => {
    // Hashing is computation, not I/O; every other Node module is off limits.
    const allowed = new Set(['core', 'services', 'zod', 'node:crypto']);
    expect(violations('services', (t) => allowed.has(t))).toEqual([]);
  });

  it('lets no driving adapter (http, cli) touch the database adapter directly', () => {
    const forbidden = new Set(['adapters/db', 'drizzle-orm', 'pg', '@electric-sql/pglite']);
    expect(violations('adapters/http', (t) => !forbidden.has(t))).toEqual([]);
    expect(violations('adapters/cli', (t) => !forbidden.has(t))).toEqual([]);
  });

  it('detects a violation (the checker itself works)', () => {
    const file = join(root, 'src', 'core', 'x.ts');
    expect(target(file, 'node:fs')).toBe('node:fs');
    expect(target(file, '@electric-sql/pglite/x')).toBe('@electric-sql/pglite');
    expect(target(file, '../adapters/db/client.ts')).toBe('adapters/db');
    expect(target(file, './model.ts')).toBe('core');
  });
});
