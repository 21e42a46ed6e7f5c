/** The ports of the audit context: what its services need from storage (adapters/db implements them). */
import type { AuditEventType } from '../../core/audit/events.ts';
import type { Instant } from '../../core/time.ts';

export interface AuditEventInput {
  readonly type: AuditEventType;
  readonly at: Instant;
  /** Who did it: `token:<id>`, `user:<username>`, `cli`, `cli:<username>`, `system…`. */
  readonly actor: string;
  /** What it concerns, e.g. `device:dev_123`. */
  readonly subject: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface AuditEvent extends AuditEventInput {
  readonly seq: number;
  /**
   * The person behind the actor's credential as it stood when the event was appended: a
   * `token:` actor's token's person, a `user:` or `cli:` actor's user's. Null for actors with no
   * person (ingest tokens, `system…`, imported history, bare `cli`, unlinked credentials).
   */
  readonly actorPersonId: string | null;
}

export interface AuditRepository {
  /**
   * Appends an event; the repository records the person behind `actor` (AuditEvent.actorPersonId)
   * in the same statement, so every command gets it without naming it.
   */
  append(event: AuditEventInput): Promise<number>;
  /** Several events in one statement, in the given order; returns their seqs. */
  appendMany(events: readonly AuditEventInput[]): Promise<number[]>;
  /** In seq order: after `afterSeq`, up to `upToSeq` (inclusive), when given. */
  list(opts: { afterSeq?: number; upToSeq?: number; limit: number; type?: string }): Promise<AuditEvent[]>;
  /** One event, or null. */
  get(seq: number): Promise<AuditEvent | null>;
}

/** A complete Merkle subtree (leaves [index * 2^level, (index + 1) * 2^level)) and its hash. */
export interface AuditLogNode {
  readonly level: number;
  readonly index: number;
  readonly hash: Uint8Array;
}

/** One leaf of the audit log's tree: the event at `index`, or null if its row is gone. */
export interface AuditLogLeaf {
  readonly index: number;
  readonly seq: number;
  readonly leafHash: Uint8Array;
  readonly event: AuditEvent | null;
}

export interface AuditLogCheckpoint {
  readonly size: number;
  readonly root: Uint8Array;
  /** The whole signed note. */
  readonly note: string;
  readonly at: Instant;
}

/** One rotation of the log's signing key (docs/adr/0024-log-key-rotation.md). */
export interface AuditLogKeyTransition {
  /** 1 for the first rotation, then 2, … */
  readonly position: number;
  readonly fromVkey: string;
  readonly vkey: string;
  /** The tree size of the transition checkpoint: the old key signs up to it, the new one from it. */
  readonly size: number;
  /** The transition checkpoint, signed by both keys. */
  readonly note: string;
  readonly at: Instant;
}

export interface AuditLogCosignature {
  readonly size: number;
  /** The witness's key name. */
  readonly witness: string;
  /** The signature line, `— <name> <base64>` without the newline. */
  readonly line: string;
  readonly at: Instant;
}

/**
 * Storage of the Merkle tree over the audit events. Insert-only: no method changes or deletes
 * a leaf, node, checkpoint or event (the pending queue is the one thing consumed).
 */
export interface AuditLogRepository {
  /** Waits for the integrator lock, held until the transaction ends: one integrator at a time. */
  lock(): Promise<void>;
  /**
   * Where the seq sequence stands, and who could still commit a lower seq: `seq` is the last
   * seq drawn; `writers` (opaque ids) are the other transactions that have written audit events
   * and are still running. When there are none, every seq <= `seq` is committed or rolled back.
   * Writers take their transaction id and table lock before drawing a seq (see
   * `AuditRepository.appendMany`), which is what makes this sound.
   */
  horizon(): Promise<{ seq: number; writers: readonly string[] }>;
  /** True when none of the `writers` a `horizon()` returned is still running. */
  finished(writers: readonly string[]): Promise<boolean>;
  /** Removes up to `max` queued events with seq <= `maxSeq`, lowest first; returns them in seq order. */
  takePending(max: number, maxSeq: number): Promise<AuditEvent[]>;
  /** Whether any event with seq <= `maxSeq` is queued. */
  hasPending(maxSeq: number): Promise<boolean>;
  /** Number of leaves in the tree. */
  size(): Promise<number>;
  /** The stored nodes among `ids` (missing ones are left out). */
  nodes(ids: readonly { readonly level: number; readonly index: number }[]): Promise<AuditLogNode[]>;
  addLeaves(
    leaves: readonly { readonly index: number; readonly seq: number }[],
    nodes: readonly AuditLogNode[],
  ): Promise<void>;
  /** Leaf index of an event, or null while it is not integrated. */
  indexOf(seq: number): Promise<number | null>;
  /** Leaves with start <= index < end, in index order. */
  leaves(start: number, end: number): Promise<AuditLogLeaf[]>;
  addCheckpoint(cp: AuditLogCheckpoint): Promise<void>;
  latestCheckpoint(): Promise<AuditLogCheckpoint | null>;
  /** Every checkpoint, oldest first. */
  checkpoints(): Promise<AuditLogCheckpoint[]>;
  addCosignature(c: AuditLogCosignature): Promise<void>;
  /** Every key rotation, oldest first. */
  keyTransitions(): Promise<AuditLogKeyTransition[]>;
  addKeyTransition(t: AuditLogKeyTransition): Promise<void>;
  /** Cosignatures of the checkpoint of `size`, or of every size when omitted. */
  cosignatures(size?: number): Promise<AuditLogCosignature[]>;
}

/**
 * A C2SP tlog-witness (add-checkpoint) client. `url` is the witness's submission prefix; `proof`
 * is the consistency proof from `oldSize` (the size the witness last cosigned, 0 the first time)
 * to the note's size; `note` the signed checkpoint. On 409 `witnessSize` is the size the witness
 * holds: retry with a proof from it. Never throws for an HTTP answer; a network failure is
 * `{ ok: false, status: 0 }`.
 */
export interface WitnessClient {
  addCheckpoint(input: {
    url: string;
    oldSize: number;
    proof: readonly Uint8Array[];
    note: string;
  }): Promise<
    { ok: true; cosignature: string } | { ok: false; status: number; witnessSize?: number; message: string }
  >;
}
