import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/core/audit/tlog/canonical.ts';
import { formatCheckpoint } from '../../../src/core/audit/tlog/checkpoint.ts';
import { leafHash as coreLeaf, nodeHash as coreNode } from '../../../src/core/audit/tlog/merkle.ts';
import { parseSignerKey, signerKeyFromSeed, signNote } from '../../../src/core/audit/tlog/note.ts';
import {
  decodeBase64,
  encodeBase64,
  leafHash,
  nodeHash,
  openNote,
  parseVerifierKey,
  verifyEventInclusion,
  verifyInclusion,
} from './tlog.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/tlog/inclusion');

interface Vector {
  leafIdx: number;
  treeSize: number;
  root: string | null;
  leafHash: string | null;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

function vectors(): { file: string; v: Vector }[] {
  const out: { file: string; v: Vector }[] = [];
  for (const file of readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })) {
    if (file.endsWith('.json')) out.push({ file, v: JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) });
  }
  return out;
}

// Vectors carry raw (non-canonical-checked) base64; Node's decoder is fine for test input.
const raw = (b64: string | null): Uint8Array => new Uint8Array(Buffer.from(b64 ?? '', 'base64'));

describe('RFC 9162 inclusion verification (WebCrypto)', () => {
  const all = vectors();

  it('has the transparency-dev vectors', () => {
    expect(all.length).toBeGreaterThan(90);
    expect(all.filter(({ v }) => !v.wantErr).length).toBeGreaterThan(5);
  });

  it.each(all)('$file', async ({ v }) => {
    const ok = await verifyInclusion(
      v.leafIdx,
      v.treeSize,
      raw(v.leafHash),
      (v.proof ?? []).map(raw),
      raw(v.root),
    );
    expect(ok).toBe(!v.wantErr);
  });

  it('hashes leaves and nodes as RFC 6962 says, like the server', async () => {
    const entry = new TextEncoder().encode('{"seq":1}');
    const l = await leafHash(entry);
    expect(encodeBase64(l)).toBe(encodeBase64(coreLeaf(entry)));
    expect(encodeBase64(await nodeHash(l, l))).toBe(encodeBase64(coreNode(l, l)));
  });

  it('refuses non-canonical base64', () => {
    expect(() => decodeBase64('AB==', 'x')).toThrow(/canonical/);
    expect(() => decodeBase64('A-B_', 'x')).toThrow(/canonical/);
    expect(decodeBase64('AAE=', 'x')).toEqual(new Uint8Array([0, 1]));
  });
});

// A log built with the server's own core (node:crypto), verified with the browser code.
function mth(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 1) return leaves[0] as Uint8Array;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return coreNode(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
/** RFC 6962 §2.1.1 PATH(m, D[n]), the reference definition. */
function path(m: number, leaves: Uint8Array[]): Uint8Array[] {
  if (leaves.length <= 1) return [];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return m < k
    ? [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))]
    : [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

describe('an event in a signed checkpoint', () => {
  const seed = new Uint8Array(32).map((_, i) => i + 7);
  const { skey, vkey } = signerKeyFromSeed('vigil.test/audit', seed);
  const entries = Array.from({ length: 13 }, (_, i) =>
    canonicalJson({ seq: i + 1, type: 'device.added', actor: 'token:t', payload: { n: i } }),
  );
  const leaves = entries.map((e) => coreLeaf(new TextEncoder().encode(e)));
  const root = mth(leaves);
  const body = formatCheckpoint({ origin: 'vigil.test/audit', size: leaves.length, root, extensions: [] });
  const note = signNote(body, [parseSignerKey(skey)]);

  it('verifies every leaf against the signed root', async () => {
    for (let i = 0; i < entries.length; i++) {
      const r = await verifyEventInclusion({
        entry: entries[i] as string,
        index: i,
        note,
        verifierKey: vkey,
        proof: path(i, leaves).map(encodeBase64),
      });
      expect(r.ok, r.message).toBe(true);
      expect(r.checkpoint?.size).toBe(13);
    }
  });

  it('fails on an edited entry, a wrong index, a forged signature or another key', async () => {
    const base = {
      entry: entries[5] as string,
      index: 5,
      note,
      verifierKey: vkey,
      proof: path(5, leaves).map(encodeBase64),
    };
    expect((await verifyEventInclusion({ ...base, entry: base.entry.replace('"n":5', '"n":6') })).ok).toBe(
      false,
    );
    expect((await verifyEventInclusion({ ...base, index: 4 })).ok).toBe(false);
    const forged = note.replace('\n13\n', '\n14\n');
    const r = await verifyEventInclusion({ ...base, note: forged });
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/invalid signature/) });
    const other = signerKeyFromSeed('vigil.test/audit', new Uint8Array(32).fill(9)).vkey;
    expect((await verifyEventInclusion({ ...base, verifierKey: other })).message).toMatch(/not signed by/);
  });

  it('checks the verifier key id', async () => {
    const key = await parseVerifierKey(vkey);
    expect(await openNote(note, key)).toBe(body);
    // The base64 key may itself contain '+': swap only the 8 hex digits after the name.
    const wrongId = vkey.replace(/^([^+]+)\+[0-9a-f]{8}\+/, '$1+00000000+');
    await expect(parseVerifierKey(wrongId)).rejects.toThrow(/key id/);
  });
});
