/** Tables for the verifiable audit log: Merkle leaves, tree nodes, checkpoints, cosignatures (issue 4). Re-exported by schema.ts. */
export {};
