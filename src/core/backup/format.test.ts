import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalSchema, isControlLine, migrationsToReplay, parseControl, parseHeader } from './format.ts';

const entry = fc.record({
  hash: fc.stringMatching(/^[0-9a-f]{64}$/),
  createdAt: fc.integer({ min: 0, max: 2 ** 45 }),
});

describe('migrationsToReplay', () => {
  it('replays exactly the backup’s journal when it is a prefix of ours', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), fc.nat(12), (local, k) => {
        const n = Math.min(k, local.length);
        expect(migrationsToReplay(local, local.slice(0, n))).toEqual({ ok: true, value: n });
      }),
    );
  });

  it('refuses a longer journal (a newer Vigil) and any differing entry', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 12 }), fc.nat(), (local, i) => {
        expect(migrationsToReplay(local.slice(0, -1), local).ok).toBe(false);
        const at = i % local.length;
        const changed = local.map((e, j) => (j === at ? { ...e, createdAt: e.createdAt + 1 } : e));
        expect(migrationsToReplay(local, changed).ok).toBe(false);
      }),
    );
  });
});

describe('canonicalSchema', () => {
  const col = (name: string, type = 'text') => ({ name, type, notNull: true, identity: '', generated: '' });
  it('does not depend on catalog order, but on every name and type', () => {
    const a = [
      { name: 'b', columns: [col('x'), col('y')] },
      { name: 'a', columns: [col('z', 'bigint')] },
    ];
    const b = [
      { name: 'a', columns: [col('z', 'bigint')] },
      { name: 'b', columns: [col('y'), col('x')] },
    ];
    expect(canonicalSchema(a)).toBe(canonicalSchema(b));
    expect(canonicalSchema(a)).not.toBe(
      canonicalSchema([a[1] ?? a[0] ?? { name: '', columns: [] }, { name: 'b', columns: [col('x')] }]),
    );
    expect(canonicalSchema([{ name: 'a', columns: [col('z', 'integer')] }])).not.toBe(
      canonicalSchema([{ name: 'a', columns: [col('z', 'bigint')] }]),
    );
  });
});

describe('lines', () => {
  it('tells control lines from rows, and refuses what is not a backup header', () => {
    expect(isControlLine('{"$":"end","name":"t","rows":0}')).toBe(true);
    expect(isControlLine('{"id":"x"}')).toBe(false);
    expect(parseHeader('{"hello":1}')).toEqual({ ok: false, reason: 'it is not a Vigil backup' });
    expect(parseHeader('{"$":"vigil-backup"').ok).toBe(false);
    expect(parseControl('{"$":"end","name":"t","rows":-1}').ok).toBe(false);
    expect(parseControl('{"$":"end","name":"t","rows":3}')).toEqual({
      ok: true,
      value: { $: 'end', name: 't', rows: 3 },
    });
  });

  it('refuses a header of another format version', () => {
    const header = {
      $: 'vigil-backup',
      format: 2,
      vigil: '0.1.0',
      createdAt: '2026-01-01T00:00:00.000Z',
      driver: 'pglite',
      migrations: [],
      schemaHash: '0'.repeat(64),
      tables: [],
    };
    const r = parseHeader(JSON.stringify(header));
    expect(r.ok).toBe(false);
    expect(parseHeader(JSON.stringify({ ...header, format: 1 })).ok).toBe(true);
  });
});
