/**
 * The verifiable audit log: integrates committed audit events into an RFC 6962 Merkle tree,
 * signs C2SP checkpoints, serves proofs and entries, exports bundles. The tree math is in
 * src/core/audit/tlog; this service decides what goes in and when.
 *
 * Nothing here, or anywhere, changes or deletes an event: the only write paths add leaves,
 * nodes, checkpoints and cosignatures, and append the `audit.exported` event.
 */
import type { AuditEventType } from '../../core/audit/events.ts';
import type { LogBundle } from '../../core/audit/tlog/bundle.ts';
import { canonicalJson } from '../../core/audit/tlog/canonical.ts';
import { formatCheckpoint } from '../../core/audit/tlog/checkpoint.ts';
import { verifyCosignature } from '../../core/audit/tlog/cosignature.ts';
import { encodeBase64, utf8 } from '../../core/audit/tlog/encoding.ts';
import {
  CompactRange,
  compactRangeIds,
  consistencyPlan,
  EMPTY_ROOT,
  type Hash,
  inclusionPlan,
  leafHash,
  type NodeId,
  rootFromCompactRange,
} from '../../core/audit/tlog/merkle.ts';
import {
  type NoteSigner,
  parseSignerKey,
  signerKeyFromSeed,
  signNote,
  splitNote,
} from '../../core/audit/tlog/note.ts';
import { type KeyHistoryEntry, signKeyTransition } from '../../core/audit/tlog/rotation.ts';
import { VigilError } from '../../core/errors.ts';
import { toIso } from '../../core/time.ts';
import type { Tx } from '../kernel/command-service.ts';
import type { Clock, RandomSource, Repositories, UnitOfWork } from '../kernel/ports.ts';
import type {
  AuditEvent,
  AuditLogCheckpoint,
  AuditLogCosignature,
  AuditLogKeyTransition,
  AuditLogNode,
  WitnessClient,
} from './ports.ts';

/** How the log signs, as the composition root configured it (src/runtime.ts). */
export interface AuditLogSettings {
  /** Checkpoint origin; also the signing key's name. */
  readonly origin: string;
  readonly signer: NoteSigner;
  /** The signer's public key, `name+hexid+base64`, for `vigil audit key` and bundles. */
  readonly verifierKey: string;
  /** Cosigning witnesses (C2SP tlog-witness): submission URL and cosigner vkey. */
  readonly witnesses?: readonly { readonly url: string; readonly vkey: string }[];
  readonly witnessClient?: WitnessClient;
  /**
   * Reads the key file again: another process may have rotated the key (docs/adr/0024), and this
   * one then picks the new key up instead of signing with a retired one. `current` is the key
   * the history names (a rotation interrupted before its key file was installed finishes here).
   */
  readonly reloadKey?: (current: string) => { readonly signer: NoteSigner; readonly verifierKey: string };
}

/** The signing key a rotation brings in. */
export interface NextLogKey {
  readonly signer: NoteSigner;
  readonly verifierKey: string;
}

export interface KeyRotationView {
  readonly size: number;
  readonly from: string;
  readonly to: string;
  /** The key-transition checkpoint, signed by both keys. */
  readonly note: string;
}

/** Leaves integrated per transaction: bounds the transaction while keeping up with bursts. */
const INTEGRATE_BATCH = 4096;
/** Entries per page of `entries()`. */
export const ENTRIES_PAGE = 1000;

/**
 * The exact bytes of the leaf for an event (UTF-8 of this string): canonical JSON, so anyone
 * holding the event can recompute its leaf hash. `v` versions the format. `actorPersonId` is
 * there only when the event has one, so the leaves of events from before it existed (and of
 * machine actors) keep their bytes and their logs keep verifying.
 */
export function leafEntry(e: AuditEvent): string {
  return canonicalJson({
    v: 1,
    seq: e.seq,
    type: e.type,
    at: toIso(e.at),
    actor: e.actor,
    ...((e.actorPersonId ?? null) === null ? {} : { actorPersonId: e.actorPersonId }),
    subject: e.subject,
    payload: e.payload,
  });
}

export interface CheckpointView {
  /** The signed note, with any witness cosignature lines appended. */
  readonly note: string;
  readonly size: number;
  /** base64. */
  readonly root: string;
  readonly at: number;
  readonly verifierKey: string;
  readonly cosignatures: readonly { readonly witness: string; readonly line: string }[];
}

export interface InclusionProofView {
  readonly index: number;
  readonly size: number;
  readonly leafHash: string;
  readonly root: string;
  readonly proof: string[];
}

export interface ConsistencyProofView {
  readonly from: number;
  readonly to: number;
  readonly fromRoot: string;
  readonly toRoot: string;
  readonly proof: string[];
}

export interface EntryView {
  readonly index: number;
  readonly seq: number;
  /** The exact leaf bytes (UTF-8). */
  readonly entry: string;
  /** base64 of the stored leaf hash. */
  readonly leafHash: string;
}

const key = (level: number, index: number) => `${level}/${index}`;

/** Fetches stored nodes; a missing one means the tables were damaged, which must stop us. */
async function fetchNodes(tx: Tx<'auditLog'>, ids: readonly NodeId[]): Promise<(id: NodeId) => Hash> {
  const found = new Map<string, Uint8Array>();
  for (const n of await tx.auditLog.nodes(ids)) found.set(key(n.level, n.index), n.hash);
  return (id) => {
    const h = found.get(key(id.level, id.index));
    if (h === undefined) throw new Error(`audit log node ${id.level}/${id.index} is missing from storage`);
    return h;
  };
}

/**
 * The nodes of a proof for a tree of `size` leaves, in one query. Every node inside a tree the
 * log has reached is stored, so a missing one means `size` is beyond the log (checked only
 * then, to keep proofs at one round trip) or the tables were damaged.
 */
async function fetchWithin(
  tx: Tx<'auditLog'>,
  size: number,
  ids: readonly NodeId[],
): Promise<(id: NodeId) => Hash> {
  const found = new Map<string, Uint8Array>();
  for (const n of await tx.auditLog.nodes(ids)) found.set(key(n.level, n.index), n.hash);
  if (ids.some((id) => !found.has(key(id.level, id.index)))) {
    const treeSize = await tx.auditLog.size();
    if (size > treeSize) {
      throw new VigilError('AUDIT_SIZE_INVALID', `size ${size} is larger than the log (${treeSize} entries)`);
    }
  }
  return (id) => {
    const h = found.get(key(id.level, id.index));
    if (h === undefined) throw new Error(`audit log node ${id.level}/${id.index} is missing from storage`);
    return h;
  };
}

async function rootAt(tx: Tx<'auditLog'>, size: number): Promise<Hash> {
  if (size === 0) return EMPTY_ROOT;
  const ids = compactRangeIds(size);
  const get = await fetchNodes(tx, ids);
  return rootFromCompactRange(ids.map(get));
}

function withCosignatures(note: string, cosigs: readonly AuditLogCosignature[]): string {
  return note + cosigs.map((c) => `${c.line}\n`).join('');
}

export class AuditLogService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;
  #log: AuditLogSettings;

  constructor(deps: {
    uow: UnitOfWork;
    clock: Clock;
    random: RandomSource;
    auditLog?: AuditLogSettings | undefined;
  }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    // Without a configured key (unit and HTTP tests) the log signs with a throwaway key; the
    // real runtime always passes the key from VIGIL_LOG_KEY_FILE.
    this.#log = deps.auditLog ?? ephemeralSettings(deps.random);
  }

  get origin(): string {
    return this.#log.origin;
  }

  verifierKey(): string {
    return this.#log.verifierKey;
  }

  /** The key history, oldest first (only the current key when it was never rotated). */
  async keyHistory(): Promise<KeyHistoryEntry[]> {
    return this.#uow.read(async (tx) => this.#history(await tx.auditLog.keyTransitions()));
  }

  #history(rows: readonly AuditLogKeyTransition[]): KeyHistoryEntry[] {
    const first = rows[0];
    if (first === undefined) return [{ vkey: this.#log.verifierKey, transition: null }];
    return [
      { vkey: first.fromVkey, transition: null },
      ...rows.map((r) => ({ vkey: r.vkey, transition: r.note })),
    ];
  }

  /**
   * Signs only with the key the history names as current. A process still holding a key another
   * process retired reloads the key file once; if that is not the current key either, it refuses.
   */
  async #ensureCurrentKey(tx: Repositories): Promise<readonly AuditLogKeyTransition[]> {
    const rows = await tx.auditLog.keyTransitions();
    const current = rows[rows.length - 1]?.vkey;
    if (current === undefined || current === this.#log.verifierKey) return rows;
    const reloaded = this.#log.reloadKey?.(current);
    if (reloaded !== undefined && reloaded.verifierKey === current) {
      this.#log = { ...this.#log, signer: reloaded.signer, verifierKey: reloaded.verifierKey };
      return rows;
    }
    throw new VigilError(
      'AUDIT_KEY_RETIRED',
      `the log signing key this process holds (${this.#log.verifierKey}) was retired; the current key is ${current}: install its key file (VIGIL_LOG_KEY_FILE) and restart`,
    );
  }

  /**
   * Rotates the signing key: the log as it stands (pending events integrated first) gets a
   * key-transition checkpoint naming the new key, signed by the old and the new key, recorded in
   * the key history with an `audit.key-rotated` event; the new key signs every later checkpoint.
   * The caller installs the new key file once this returns.
   */
  async rotateKey(next: NextLogKey, actor: string): Promise<KeyRotationView> {
    await this.integrateAll();
    const view = await this.#uow.run(async (tx) => {
      await tx.auditLog.lock();
      const rows = await this.#ensureCurrentKey(tx);
      if (next.verifierKey === this.#log.verifierKey || rows.some((r) => r.fromVkey === next.verifierKey))
        throw new VigilError('VALIDATION_FAILED', 'the new key was already used by this log');
      const size = await tx.auditLog.size();
      const root = await rootAt(tx, size);
      const note = signKeyTransition(
        { origin: this.#log.origin, size, root },
        this.#log.signer,
        next.signer,
        next.verifierKey,
      );
      const at = this.#clock.now();
      await tx.auditLog.addKeyTransition({
        position: rows.length + 1,
        fromVkey: this.#log.verifierKey,
        vkey: next.verifierKey,
        size,
        note,
        at,
      });
      const type: AuditEventType = 'audit.key-rotated';
      await tx.audit.append({
        type,
        at,
        actor,
        subject: `audit-log:${this.#log.origin}`,
        payload: { from: this.#log.verifierKey, to: next.verifierKey, size, root: encodeBase64(root) },
      });
      return { size, from: this.#log.verifierKey, to: next.verifierKey, note };
    });
    this.#log = { ...this.#log, signer: next.signer, verifierKey: next.verifierKey };
    return view;
  }

  /**
   * Moves up to `max` committed events from the queue into the tree, in one transaction under
   * the integrator lock: each gets the next leaf index, and every complete subtree it closes
   * is stored. Returns how many were integrated (0 = nothing was pending).
   */
  integrate(max = INTEGRATE_BATCH): Promise<number> {
    return this.#uow.run(async (tx) => {
      await tx.auditLog.lock();
      const events = await tx.auditLog.takePending(max, await this.#settledSeq(tx));
      if (events.length === 0) return 0;
      const size = await tx.auditLog.size();
      const ids = compactRangeIds(size);
      const get = await fetchNodes(tx, ids);
      const range = CompactRange.fromHashes(size, ids.map(get));
      const leaves: { index: number; seq: number }[] = [];
      const nodes: AuditLogNode[] = [];
      for (const [i, event] of events.entries()) {
        leaves.push({ index: size + i, seq: event.seq });
        for (const n of range.append(leafHash(utf8(leafEntry(event))))) {
          nodes.push({ level: n.id.level, index: n.id.index, hash: n.hash });
        }
      }
      await tx.auditLog.addLeaves(leaves, nodes);
      return events.length;
    });
  }

  /**
   * Seqs are drawn at insert, not at commit, so seq 8 can commit while seq 7 is still in
   * flight. To keep the tree in seq order, only seqs up to a settled horizon are integrated:
   * all seqs <= `#settled` are committed or rolled back for good. A horizon taken now settles
   * at once when no other transaction is writing audit events, else once those writers have
   * ended (checked on a later round; the lag is about one round plus the longest command).
   */
  #settled = 0;
  #candidate: { seq: number; writers: readonly string[] } | null = null;

  async #settledSeq(tx: Repositories): Promise<number> {
    if (this.#candidate !== null && (await tx.auditLog.finished(this.#candidate.writers))) {
      this.#settled = Math.max(this.#settled, this.#candidate.seq);
      this.#candidate = null;
    }
    const h = await tx.auditLog.horizon();
    if (h.writers.length === 0) this.#settled = Math.max(this.#settled, h.seq);
    else if (this.#candidate === null && h.seq > this.#settled) this.#candidate = h;
    return this.#settled;
  }

  /**
   * Integrates every event whose seq was drawn before this call, waiting (up to `waitMs`) for
   * those not settled yet because a transaction that drew a lower seq is still running. Events
   * appended meanwhile are left to the next call, so this ends under any load.
   */
  async integrateAll(waitMs = 5000): Promise<number> {
    const target = (await this.#uow.read((tx) => tx.auditLog.horizon())).seq;
    let total = 0;
    // Counted in rounds of ~5 ms rather than read from the clock, which tests may freeze.
    for (let waited = 0; ; ) {
      const n = await this.integrate();
      total += n;
      if (!(await this.#uow.read((tx) => tx.auditLog.hasPending(target)))) return total;
      if (n === 0) {
        if (waited >= waitMs) return total;
        await new Promise((resolve) => setTimeout(resolve, 5));
        waited += 5;
      }
    }
  }

  /**
   * Integrates what is pending and, if the tree grew since the last checkpoint (or there is
   * none), signs and stores a new one. Returns the latest checkpoint either way.
   */
  async checkpoint(): Promise<CheckpointView> {
    await this.integrateAll();
    const cp = await this.#uow.run(async (tx) => {
      await tx.auditLog.lock();
      const size = await tx.auditLog.size();
      const latest = await tx.auditLog.latestCheckpoint();
      if (latest !== null && latest.size >= size) return latest;
      await this.#ensureCurrentKey(tx);
      const root = await rootAt(tx, size);
      const body = formatCheckpoint({ origin: this.#log.origin, size, root, extensions: [] });
      const signed: AuditLogCheckpoint = {
        size,
        root,
        note: signNote(body, [this.#log.signer]),
        at: this.#clock.now(),
      };
      await tx.auditLog.addCheckpoint(signed);
      return signed;
    });
    await this.#cosign(cp);
    return this.#view(cp);
  }

  /**
   * Sends the checkpoint to every configured witness that has not cosigned it yet, with a
   * consistency proof from the size it last cosigned, and stores each cosignature that
   * verifies. A witness that fails is asked again at the next checkpoint round; witnesses
   * never block or fail a checkpoint.
   */
  async #cosign(cp: AuditLogCheckpoint): Promise<void> {
    const client = this.#log.witnessClient;
    const witnesses = this.#log.witnesses ?? [];
    if (client === undefined || witnesses.length === 0) return;
    const cosigs = await this.#uow.read((tx) => tx.auditLog.cosignatures());
    const body = splitNote(cp.note).body;
    await Promise.all(
      witnesses.map(async (w) => {
        const name = w.vkey.split('+')[0] ?? '';
        const mine = cosigs.filter((c) => c.witness === name);
        if (mine.some((c) => c.size === cp.size)) return;
        let oldSize = Math.max(0, ...mine.map((c) => c.size).filter((size) => size <= cp.size));
        for (let attempt = 0; attempt < 2; attempt++) {
          const proof = await this.#uow.run(async (tx) => {
            const plan = consistencyPlan(oldSize, cp.size);
            return plan.assemble(await fetchNodes(tx, plan.ids));
          });
          const r = await client.addCheckpoint({ url: w.url, oldSize, proof, note: cp.note });
          if (r.ok) {
            for (const line of r.cosignature.split('\n').filter((l) => l !== '')) {
              try {
                verifyCosignature(body, line, w.vkey);
              } catch {
                continue; // not this witness's, or not valid: never stored
              }
              await this.#uow.run((tx) =>
                tx.auditLog.addCosignature({ size: cp.size, witness: name, line, at: this.#clock.now() }),
              );
            }
            return;
          }
          // 409: the witness holds another size (lost state here, or another process sent it).
          if (r.status !== 409 || r.witnessSize === undefined || r.witnessSize > cp.size) return;
          oldSize = r.witnessSize;
        }
      }),
    );
  }

  /** The latest checkpoint and its cosignatures; signs the first one if there is none yet. */
  async latestCheckpoint(): Promise<CheckpointView> {
    const latest = await this.#uow.read((tx) => tx.auditLog.latestCheckpoint());
    return latest === null ? this.checkpoint() : this.#view(latest);
  }

  async #view(cp: AuditLogCheckpoint): Promise<CheckpointView> {
    const cosigs = await this.#uow.read((tx) => tx.auditLog.cosignatures(cp.size));
    return {
      note: withCosignatures(cp.note, cosigs),
      size: cp.size,
      root: encodeBase64(cp.root),
      at: cp.at,
      verifierKey: this.#log.verifierKey,
      cosignatures: cosigs.map((c) => ({ witness: c.witness, line: c.line })),
    };
  }

  /** An event with its leaf index (null while not integrated) and its exact leaf bytes. */
  event(seq: number): Promise<{ event: AuditEvent; index: number | null; entry: string; leafHash: string }> {
    return this.#uow.run(async (tx) => {
      const event = await tx.audit.get(seq);
      if (event === null) throw new VigilError('AUDIT_EVENT_NOT_FOUND', `no audit event has seq ${seq}`);
      const index = await tx.auditLog.indexOf(seq);
      const entry = leafEntry(event);
      return { event, index, entry, leafHash: encodeBase64(leafHash(utf8(entry))) };
    });
  }

  /**
   * Inclusion proof of a leaf (by index, or by the seq of its event) in the tree of `size`
   * leaves; `size` defaults to the latest checkpoint's, which is the one clients hold.
   */
  async inclusionProof(q: { seq?: number; index?: number; size?: number }): Promise<InclusionProofView> {
    // Reads outside a transaction: stored nodes never change, so nothing needs a snapshot. The
    // checkpoint size and the leaf index are read together (in parallel on PostgreSQL), then
    // the nodes in one query: a proof costs two round trips, or one when both are given.
    const seq = q.seq;
    if (q.index === undefined && seq === undefined) {
      throw new VigilError('AUDIT_INDEX_INVALID', 'give `seq` or `index`');
    }
    const byIndex = q.index;
    const lookup = async (tx: Repositories) =>
      byIndex === undefined && seq !== undefined ? tx.auditLog.indexOf(seq) : null;
    let [latestSize, found] = await this.#uow.read(async (tx) => [
      q.size === undefined ? ((await tx.auditLog.latestCheckpoint())?.size ?? null) : null,
      await lookup(tx),
    ]);
    if (q.size === undefined && latestSize === null) {
      // No checkpoint yet: sign the first one, as latestCheckpoint() does; it integrates what
      // was pending, so the leaf is looked up again.
      latestSize = (await this.checkpoint()).size;
      if (found === null) found = await this.#uow.read(lookup);
    }
    const size = q.size ?? latestSize ?? 0;
    return this.#uow.read(async (tx) => {
      const index = byIndex ?? found;
      if (index === null || index === undefined) {
        if (seq !== undefined && (await tx.audit.get(seq)) === null) {
          throw new VigilError('AUDIT_EVENT_NOT_FOUND', `no audit event has seq ${seq}`);
        }
        throw new VigilError(
          'AUDIT_EVENT_NOT_INTEGRATED',
          `event ${seq} is not in the Merkle tree yet; retry in a moment`,
        );
      }
      if (index >= size) {
        throw new VigilError('AUDIT_INDEX_INVALID', `leaf ${index} is not in a tree of ${size} entries`);
      }
      const plan = inclusionPlan(index, size);
      const rangeIds = compactRangeIds(size);
      const get = await fetchWithin(tx, size, [...plan.ids, ...rangeIds, { level: 0, index }]);
      return {
        index,
        size,
        leafHash: encodeBase64(get({ level: 0, index })),
        root: encodeBase64(rootFromCompactRange(rangeIds.map(get))),
        proof: plan.assemble(get).map(encodeBase64),
      };
    });
  }

  /** The latest checkpoint's size in one read (no cosignatures); signs the first checkpoint if there is none. */
  async #latestSize(): Promise<number> {
    const latest = await this.#uow.read((tx) => tx.auditLog.latestCheckpoint());
    return latest?.size ?? (await this.checkpoint()).size;
  }

  /** Consistency proof from the tree of `from` leaves to the tree of `to` (default: latest checkpoint). */
  async consistencyProof(q: { from: number; to?: number }): Promise<ConsistencyProofView> {
    const to = q.to ?? (await this.#latestSize());
    if (q.from > to) throw new VigilError('AUDIT_SIZE_INVALID', `from (${q.from}) is larger than to (${to})`);
    return this.#uow.read(async (tx) => {
      const plan = consistencyPlan(q.from, to);
      const fromIds = compactRangeIds(q.from);
      const toIds = compactRangeIds(to);
      const get = await fetchWithin(tx, to, [...plan.ids, ...fromIds, ...toIds]);
      const root = (ids: NodeId[]) => (ids.length === 0 ? EMPTY_ROOT : rootFromCompactRange(ids.map(get)));
      return {
        from: q.from,
        to,
        fromRoot: encodeBase64(root(fromIds)),
        toRoot: encodeBase64(root(toIds)),
        proof: plan.assemble(get).map(encodeBase64),
      };
    });
  }

  /**
   * Leaves [start, end) with their exact bytes, recomputed from the events (an edited event
   * shows up as a leaf whose bytes no longer hash to the stored leaf hash). `end` is clamped to
   * the tree size; at most one page. A leaf whose event row is gone is left out.
   */
  async entries(start: number, end: number): Promise<EntryView[]> {
    if (end <= start || end - start > ENTRIES_PAGE) {
      throw new VigilError(
        'AUDIT_RANGE_INVALID',
        `expected start < end <= start + ${ENTRIES_PAGE}, got [${start}, ${end})`,
      );
    }
    return this.#uow.run((tx) => this.#entries(tx, start, end));
  }

  async #entries(tx: Repositories, start: number, end: number): Promise<EntryView[]> {
    const leaves = await tx.auditLog.leaves(start, end);
    return leaves.flatMap((l) =>
      l.event === null
        ? []
        : [{ index: l.index, seq: l.seq, entry: leafEntry(l.event), leafHash: encodeBase64(l.leafHash) }],
    );
  }

  /**
   * A self-contained bundle: every entry up to a fresh checkpoint, every checkpoint with its
   * cosignatures, and the verifier key. Appends `audit.exported` (which lands after it).
   */
  async exportBundle(actor: string): Promise<LogBundle> {
    const witnesses = (this.#log.witnesses ?? []).map((w) => ({ vkey: w.vkey }));
    const latest = await this.checkpoint();
    return this.#uow.run(async (tx) => {
      const checkpoints = await tx.auditLog.checkpoints();
      const cosigs = await tx.auditLog.cosignatures();
      const rotations = await tx.auditLog.keyTransitions();
      const noteOf = (cp: AuditLogCheckpoint) =>
        withCosignatures(
          cp.note,
          cosigs.filter((c) => c.size === cp.size),
        );
      const entries: EntryView[] = [];
      for (let start = 0; start < latest.size; start += 10 * ENTRIES_PAGE) {
        entries.push(...(await this.#entries(tx, start, Math.min(latest.size, start + 10 * ENTRIES_PAGE))));
      }
      const type: AuditEventType = 'audit.exported';
      await tx.audit.append({
        type,
        at: this.#clock.now(),
        actor,
        subject: `audit-log:${this.#log.origin}`,
        payload: { size: latest.size, root: latest.root },
      });
      const earlier = checkpoints.filter((cp) => cp.size < latest.size);
      const proofs = [];
      for (const cp of earlier) {
        if (cp.size === 0) continue;
        const plan = consistencyPlan(cp.size, latest.size);
        const proof = plan.assemble(await fetchNodes(tx, plan.ids)).map(encodeBase64);
        proofs.push({ from: cp.size, to: latest.size, proof });
      }
      return {
        format: 'vigil-audit-bundle/v1',
        origin: this.#log.origin,
        verifierKey: this.#log.verifierKey,
        checkpoint: latest.note,
        checkpoints: earlier.map(noteOf),
        proofs,
        entries: entries.map((e) => ({ index: e.index, entry: e.entry, leafHash: e.leafHash })),
        ...(witnesses.length === 0 ? {} : { witnesses }),
        ...(rotations.length === 0 ? {} : { keys: this.#history(rotations) }),
      };
    });
  }
}

function ephemeralSettings(random: RandomSource): AuditLogSettings {
  const origin = 'vigil.local/audit-log';
  const { skey, vkey } = signerKeyFromSeed(origin, random.bytes(32));
  return { origin, signer: parseSignerKey(skey), verifierKey: vkey };
}
