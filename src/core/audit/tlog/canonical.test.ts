import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.ts';
import { TlogError } from './errors.ts';

/**
 * An independent statement of the format: keys sorted by code units, then JSON for each part
 * (an object cannot carry the order: integer-like keys always come first).
 */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const parts = Object.keys(o)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((k) => `${JSON.stringify(k)}:${reference(o[k])}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}

describe('canonicalJson', () => {
  it('is JSON with keys sorted recursively and no white space', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
    );
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1, y: 2 } })).toBe(
      '{"a":[true,null,"x"],"b":1,"c":{"y":2,"z":1}}',
    );
  });

  it('refuses what JSON cannot represent, naming where', () => {
    const refused = (value: unknown) => {
      try {
        canonicalJson(value);
      } catch (err) {
        expect(err).toBeInstanceOf(TlogError);
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(refused({ a: [1, { b: Number.NaN }] })).toBe('$.a[1].b is not a finite number');
    expect(refused({ a: { when: new Date(0) } })).toBe('$.a.when is not a plain object');
    expect(refused([1, undefined])).toBe('$[1] is undefined, which JSON cannot represent');
    // biome-ignore lint/suspicious/noSparseArray: a hole is refused like undefined
    expect(refused([1, , 2])).toBe('$[1] is undefined, which JSON cannot represent');
    expect(refused({ n: 1n })).toBe('$.n is bigint, which JSON cannot represent');
  });
});
