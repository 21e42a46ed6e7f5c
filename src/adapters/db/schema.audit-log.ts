/**
 * Tables for the verifiable audit log: the queue of events not yet in the tree, the
 * leaf index each event got, the stored complete Merkle subtrees, checkpoints and witness
 * cosignatures. Re-exported by schema.ts. Times are epoch milliseconds in `bigint` columns
 * (this file cannot import `instant` from schema.ts: cycle).
 *
 * Nothing here is ever updated. The integrator only inserts; the leaf bytes are not stored but
 * recomputed from `audit_events`, so an edited event no longer matches its stored leaf hash.
 */
import { bigint, customType, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** `bytea` <-> Uint8Array (node-postgres returns a Buffer, which is one). */
const bytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType() {
    return 'bytea';
  },
  toDriver(value: Uint8Array): Uint8Array {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  },
  fromDriver(value: Uint8Array): Uint8Array {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  },
});

/**
 * Seqs of committed events not yet integrated. Written in the same statement as the event
 * (audit.repository.ts), emptied by the integrator: nothing committed can be missed, and no
 * writer ever waits for a lock.
 */
export const auditPending = pgTable('audit_pending', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
});

/** Leaf `idx` of the tree holds event `seq`. The leaf hash is node (0, idx) in audit_nodes. */
export const auditLeaves = pgTable('audit_leaves', {
  idx: bigint('idx', { mode: 'number' }).primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull().unique('audit_leaves_seq_key'),
});

/**
 * Every complete subtree: leaves [idx * 2^level, (idx + 1) * 2^level). Level 0 = leaf hashes.
 * Any inclusion or consistency proof, and the root at any size, is a handful of these.
 */
export const auditNodes = pgTable(
  'audit_nodes',
  {
    level: integer('level').notNull(),
    idx: bigint('idx', { mode: 'number' }).notNull(),
    hash: bytes('hash').notNull(),
  },
  (t) => [primaryKey({ name: 'audit_nodes_pkey', columns: [t.level, t.idx] })],
);

/** Signed C2SP checkpoints, one per tree size. */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  size: bigint('size', { mode: 'number' }).primaryKey(),
  root: bytes('root').notNull(),
  /** The full signed note (body, blank line, signature lines). */
  note: text('note').notNull(),
  at: bigint('at', { mode: 'number' }).notNull(),
});

/** A witness's cosignature line on the checkpoint of `size`. */
export const auditCosignatures = pgTable(
  'audit_cosignatures',
  {
    size: bigint('size', { mode: 'number' }).notNull(),
    /** The witness's key name. */
    witness: text('witness').notNull(),
    line: text('line').notNull(),
    at: bigint('at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ name: 'audit_cosignatures_pkey', columns: [t.size, t.witness] })],
);

/**
 * The log's key history (docs/adr/0024-log-key-rotation.md): one row per rotation, `position`
 * 1, 2, … The transition note is public and signed by both keys, so it can live in the database;
 * the private keys never do.
 */
export const auditLogKeys = pgTable('audit_log_keys', {
  position: integer('position').primaryKey(),
  /** The outgoing key (the first row's is the log's first key). */
  fromVkey: text('from_vkey').notNull(),
  /** The incoming key, signing from `size` on. */
  vkey: text('vkey').notNull().unique('audit_log_keys_vkey_key'),
  size: bigint('size', { mode: 'number' }).notNull(),
  /** The key-transition checkpoint, signed by both keys. */
  note: text('note').notNull(),
  at: bigint('at', { mode: 'number' }).notNull(),
});
