import { describe, expect, it } from 'vitest';
import { utf8 } from './encoding.ts';
import { leafHash, rootFromLeafHashes, verifyInclusion } from './merkle.ts';
import { MerkleTree, sha256Hex } from './tree.ts';

describe('MerkleTree', () => {
  it('has the RFC 6962 root and a verifying audit path for every leaf, at every size up to 40', () => {
    for (let size = 1; size <= 40; size++) {
      const leaves = Array.from({ length: size }, (_, i) => leafHash(utf8(`entry ${i}`)));
      const tree = new MerkleTree(leaves);
      const root = rootFromLeafHashes(leaves);
      expect(tree.root()).toEqual(root);
      for (let i = 0; i < size; i++)
        expect(() =>
          verifyInclusion(leaves[i] as Uint8Array, i, size, tree.inclusionProof(i), root),
        ).not.toThrow();
    }
  });

  it('a proof does not verify another leaf', () => {
    const leaves = Array.from({ length: 9 }, (_, i) => leafHash(utf8(`entry ${i}`)));
    const tree = new MerkleTree(leaves);
    expect(() =>
      verifyInclusion(leaves[3] as Uint8Array, 4, 9, tree.inclusionProof(4), tree.root()),
    ).toThrow();
  });
});

describe('sha256Hex', () => {
  it('is the SHA-256 of the UTF-8 text', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
