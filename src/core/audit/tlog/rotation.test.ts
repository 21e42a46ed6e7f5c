import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LogBundle, verifyBundle } from './bundle.ts';
import { formatCheckpoint } from './checkpoint.ts';
import { encodeBase64, utf8 } from './encoding.ts';
import { CompactRange, leafHash } from './merkle.ts';
import { parseSignerKey, signerKeyFromSeed, signNote } from './note.ts';
import { checkpointSigner, type KeyHistoryEntry, keyEpochs, signKeyTransition } from './rotation.ts';

const ORIGIN = 'vigil.test/audit-log';
const KEYS = Array.from({ length: 5 }, (_, i) => signerKeyFromSeed(ORIGIN, new Uint8Array(32).fill(i + 1)));
const key = (i: number) => {
  const k = KEYS[i];
  if (k === undefined) throw new Error(`no key ${i}`);
  return k;
};
const ENTRIES = Array.from({ length: 30 }, (_, i) => `{"seq":${i + 1}}`);

function rootOf(size: number) {
  const range = CompactRange.empty();
  for (const e of ENTRIES.slice(0, size)) range.append(leafHash(utf8(e)));
  return range.root();
}

function checkpoint(size: number, k: number): string {
  const body = formatCheckpoint({ origin: ORIGIN, size, root: rootOf(size), extensions: [] });
  return signNote(body, [parseSignerKey(key(k).skey)]);
}

/** Key 0 from size 0, then key i+1 brought in at `at[i]` (non-decreasing sizes). */
function history(at: readonly number[]): KeyHistoryEntry[] {
  return [
    { vkey: key(0).vkey, transition: null },
    ...at.map((size, i) => ({
      vkey: key(i + 1).vkey,
      transition: signKeyTransition(
        { origin: ORIGIN, size, root: rootOf(size) },
        parseSignerKey(key(i).skey),
        parseSignerKey(key(i + 1).skey),
        key(i + 1).vkey,
      ),
    })),
  ];
}

function bundle(
  at: readonly number[],
  size: number,
  earlier: readonly { size: number; key: number }[] = [],
): LogBundle {
  const current = at.length;
  return {
    format: 'vigil-audit-bundle/v1',
    origin: ORIGIN,
    verifierKey: key(current).vkey,
    checkpoint: checkpoint(size, current),
    checkpoints: earlier.map((e) => checkpoint(e.size, e.key)),
    entries: ENTRIES.slice(0, size).map((entry, index) => ({
      index,
      entry,
      leafHash: encodeBase64(leafHash(utf8(entry))),
    })),
    keys: history(at),
  };
}

const errors = (b: LogBundle, trustedKey: string, since?: string) =>
  verifyBundle(b, { trustedKey, ...(since === undefined ? {} : { since }) }).problems.filter(
    (p) => !p.warning,
  );

describe('key rotation', () => {
  it('a rotated log verifies from any key of its chain, with checkpoints of every epoch', () => {
    const b = bundle([10, 20], 25, [
      { size: 4, key: 0 },
      { size: 10, key: 0 },
      { size: 15, key: 1 },
      { size: 20, key: 1 },
      { size: 22, key: 2 },
    ]);
    for (const k of [0, 1, 2]) expect(errors(b, key(k).vkey)).toEqual([]);
    // A checkpoint saved before the rotation, under the old key, is extended.
    expect(errors(b, key(0).vkey, checkpoint(7, 0))).toEqual([]);
    expect(verifyBundle(b, { trustedKey: key(0).vkey }).problems).toContainEqual(
      expect.objectContaining({ code: 'KEY_ROTATED', warning: true }),
    );
  });

  it('refuses a checkpoint signed by a retired key after its retirement', () => {
    const b = bundle([10], 25);
    expect(errors({ ...b, checkpoint: checkpoint(25, 0) }, key(1).vkey).map((p) => p.code)).toEqual([
      'KEY_RETIRED',
    ]);
    expect(errors({ ...b, checkpoints: [checkpoint(11, 0)] }, key(0).vkey).map((p) => p.code)).toEqual([
      'KEY_RETIRED',
    ]);
    // A saved checkpoint from the retired key, past its retirement, is no anchor either.
    expect(errors(b, key(0).vkey, checkpoint(12, 0)).map((p) => p.code)).toContain('KEY_RETIRED');
    // The new key cannot sign the log as it was before it came in.
    expect(errors({ ...b, checkpoints: [checkpoint(5, 1)] }, key(1).vkey).map((p) => p.code)).toEqual([
      'KEY_RETIRED',
    ]);
  });

  it('refuses a transition not signed by both keys, or naming another key', () => {
    const h = history([10]);
    const body = formatCheckpoint({
      origin: ORIGIN,
      size: 10,
      root: rootOf(10),
      extensions: [`vigil-key-transition ${key(1).vkey}`],
    });
    const onlyNew = signNote(body, [parseSignerKey(key(1).skey)]);
    expect(() =>
      keyEpochs(
        [
          { vkey: key(0).vkey, transition: null },
          { vkey: key(1).vkey, transition: onlyNew },
        ],
        ORIGIN,
      ),
    ).toThrow(/not signed by both keys/);
    const onlyOld = signNote(body, [parseSignerKey(key(0).skey)]);
    expect(() =>
      keyEpochs(
        [
          { vkey: key(0).vkey, transition: null },
          { vkey: key(1).vkey, transition: onlyOld },
        ],
        ORIGIN,
      ),
    ).toThrow(/not signed by both keys/);
    const elsewhere = h[1]?.transition ?? '';
    expect(() =>
      keyEpochs(
        [
          { vkey: key(0).vkey, transition: null },
          { vkey: key(2).vkey, transition: elsewhere },
        ],
        ORIGIN,
      ),
    ).toThrow();
    const b = bundle([10], 25);
    const forged = {
      ...b,
      keys: [
        { vkey: key(0).vkey, transition: null },
        { vkey: key(1).vkey, transition: onlyNew },
      ],
    };
    expect(errors(forged, key(0).vkey).map((p) => p.code)).toContain('BAD_KEY_HISTORY');
  });

  it('a root-mismatching transition is caught like any checkpoint', () => {
    const b = bundle([10], 25);
    const wrong = signKeyTransition(
      { origin: ORIGIN, size: 10, root: rootOf(9) },
      parseSignerKey(key(0).skey),
      parseSignerKey(key(1).skey),
      key(1).vkey,
    );
    const keys = [
      { vkey: key(0).vkey, transition: null },
      { vkey: key(1).vkey, transition: wrong },
    ];
    expect(errors({ ...b, keys }, key(0).vkey).map((p) => p.code)).toContain('INCONSISTENT_CHECKPOINT');
  });

  it('property: each key signs exactly the sizes of its epoch', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 4 })
          .map((a) => a.sort((x, y) => x - y)),
        fc.integer({ min: 0, max: 30 }),
        fc.nat(4),
        (at, size, k0) => {
          const epochs = keyEpochs(history(at), ORIGIN);
          const k = k0 % epochs.length;
          const from = k === 0 ? 0 : (at[k - 1] ?? 0);
          const until = at[k] ?? Number.POSITIVE_INFINITY;
          const signed = checkpointSigner(checkpoint(size, k), epochs);
          expect(signed.ok).toBe(size >= from && size <= until);
          if (!signed.ok) expect(signed.code).toBe('KEY_RETIRED');
          // A key outside the history is never accepted.
          expect(checkpointSigner(checkpoint(size, 4), epochs.slice(0, 4)).ok).toBe(false);
        },
      ),
    );
  });
});
