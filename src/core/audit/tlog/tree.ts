/**
 * A whole Merkle tree held in memory, built from its leaf hashes: inclusion proofs for many
 * leaves of one tree without a storage round trip per proof (a compliance receipt carries one
 * for every fact it names). Only complete subtrees are kept, level by level, which is exactly
 * what `inclusionPlan` asks for.
 */
import { hash } from 'node:crypto';
import {
  compactRangeIds,
  type Hash,
  inclusionPlan,
  type NodeId,
  nodeHash,
  rootFromCompactRange,
} from './merkle.ts';

export class MerkleTree {
  readonly #levels: Hash[][];

  /** `leaves`: the leaf hashes (SHA-256(0x00 || entry)) in index order. */
  constructor(leaves: readonly Hash[]) {
    const levels: Hash[][] = [[...leaves]];
    for (let below = levels[0] as Hash[]; below.length >= 2; ) {
      const next: Hash[] = [];
      for (let i = 0; i + 1 < below.length; i += 2)
        next.push(nodeHash(below[i] as Hash, below[i + 1] as Hash));
      levels.push(next);
      below = next;
    }
    this.#levels = levels;
  }

  get size(): number {
    return (this.#levels[0] as Hash[]).length;
  }

  #get = (id: NodeId): Hash => {
    const h = this.#levels[id.level]?.[id.index];
    if (h === undefined) throw new Error(`no node ${id.level}/${id.index} in a tree of ${this.size}`);
    return h;
  };

  root(): Hash {
    return rootFromCompactRange(compactRangeIds(this.size).map(this.#get));
  }

  /** RFC 6962 audit path of leaf `index` in this tree. */
  inclusionProof(index: number): Hash[] {
    return inclusionPlan(index, this.size).assemble(this.#get);
  }
}

/** Hex SHA-256 of UTF-8 text: the digests receipts and protocol versions are pinned by. */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}
