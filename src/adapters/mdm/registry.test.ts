/** The registry's promises: unique names, a folder per connector with its tests, pulls that need a URL. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pullVariables, requiredVariables } from './connector.ts';
import { CONNECTOR_NAMES, CONNECTORS, PULLED } from './registry.ts';

describe('the connector registry', () => {
  it('names each connector once', () => {
    expect(new Set(CONNECTOR_NAMES).size).toBe(CONNECTORS.length);
  });

  it('lists every connector folder, each with its record, parser, parser tests and README', () => {
    const folders = readdirSync(import.meta.dirname, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.filter((f) => existsSync(join(import.meta.dirname, f, 'connector.ts'))).sort()).toEqual(
      folders.sort(),
    );
    expect(folders.length).toBe(CONNECTORS.length);
    for (const f of folders) {
      for (const file of ['parse.ts', 'parse.test.ts', 'README.md'])
        expect(existsSync(join(import.meta.dirname, f, file)), `${f}/${file}`).toBe(true);
    }
  });

  it('gives every pull its own VIGIL_ variables, at least one of them required', () => {
    const seen = new Set<string>();
    for (const c of PULLED) {
      expect(requiredVariables(c.pull).length, c.name).toBeGreaterThan(0);
      for (const v of pullVariables(c.pull)) {
        expect(v).toMatch(/^VIGIL_[A-Z0-9_]+$/);
        expect(seen.has(v), v).toBe(false);
        seen.add(v);
      }
    }
  });
});
