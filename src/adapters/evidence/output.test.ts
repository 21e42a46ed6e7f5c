import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonArrayChunks } from './output.ts';

describe('records written in pieces', () => {
  it('are exactly JSON.stringify(records, null, 2) and a newline, whatever the piece size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue()))),
        fc.integer({ min: 1, max: 200 }),
        (items, chunkChars) => {
          const pieces = [...jsonArrayChunks(items, chunkChars)];
          expect(pieces.join('')).toBe(`${JSON.stringify(items, null, 2)}\n`);
        },
      ),
    );
  });

  it('are cut into pieces when large, and null stands for what JSON cannot hold', () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ path: `a\nb/${i}`, n: i, nested: [{ i }] }));
    const pieces = [...jsonArrayChunks(items, 4096)];
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.join('')).toBe(`${JSON.stringify(items, null, 2)}\n`);
    const odd = [undefined, () => 1, { a: undefined }];
    expect([...jsonArrayChunks(odd)].join('')).toBe(`${JSON.stringify(odd, null, 2)}\n`);
  });
});
