/**
 * Writes compliance receipts (core/compliance/receipt.ts): loads the facts in force at the
 * instant, computes the content and its digest, records the digest as a
 * `compliance.receipt-issued` audit event, signs a checkpoint covering it, and attaches every
 * audit entry the receipt relies on with its inclusion proof in that checkpoint.
 *
 * The proofs come from one pass over the log's leaves up to the checkpoint, kept as a tree in
 * memory: a receipt for a whole office names tens of thousands of entries, and fetching a
 * proof per entry would cost a round trip each.
 */
import type { AuditEventType } from '../../core/audit/events.ts';
import { bytesEqual, decodeBase64, encodeBase64 } from '../../core/audit/tlog/encoding.ts';
import type { Hash } from '../../core/audit/tlog/merkle.ts';
import { MerkleTree } from '../../core/audit/tlog/tree.ts';
import {
  type ComplianceReceipt,
  RECEIPT_EVENT,
  RECEIPT_FORMAT,
  type ReceiptContent,
  type ReceiptLogEntry,
  receiptContent,
  receiptDigest,
} from '../../core/compliance/receipt.ts';
import { FactEntryIndex } from '../../core/compliance/receipt-facts.ts';
import { toIso } from '../../core/time.ts';
import { type AuditLogService, leafEntry } from '../audit/audit-log.service.ts';
import type { AuditEvent } from '../audit/ports.ts';
import { instantOr } from '../kernel/instant.ts';
import type { Clock, UnitOfWork } from '../kernel/ports.ts';
import { versionsInForce } from '../protocols/protocol.service.ts';
import { evaluationInput } from './compliance.service.ts';

/** Leaves read per query while indexing the log. */
const LEAF_PAGE = 10_000;

export interface ReceiptQuery {
  /** ISO 8601; default now. */
  readonly asOf?: string | undefined;
  /** ISO 8601; default now: only facts recorded by then count. */
  readonly knownAt?: string | undefined;
  readonly personId?: string | undefined;
}

export class ReceiptService {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;
  readonly #log: AuditLogService;

  constructor(deps: { uow: UnitOfWork; clock: Clock; auditLog: AuditLogService }) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#log = deps.auditLog;
  }

  /** Writes a receipt as of `asOf` (for one person when named); appends its audit event. */
  async issue(q: ReceiptQuery, actor: string): Promise<ComplianceReceipt> {
    const now = this.#clock.now();
    const at = instantOr(q.asOf, now);
    // As known when the receipt is made, unless an earlier knowledge instant is asked for.
    const knownAt = instantOr(q.knownAt, now);
    const data = await this.#uow.run((tx) => tx.fleet.load(at, knownAt));
    const protocols = [...versionsInForce(data.protocols, at, knownAt).values()].map((v) => ({
      name: v.name,
      version: v.version,
      sha256: v.sha256,
      effectiveAt: v.effectiveAt,
      text: v.text,
    }));
    const content = receiptContent(evaluationInput(data, at, undefined, knownAt), protocols, {
      asOf: at,
      knownAt,
      ...(q.personId === undefined ? {} : { person: q.personId }),
    });
    const digest = receiptDigest(content);
    const type: AuditEventType = RECEIPT_EVENT;
    const seq = await this.#uow.run((tx) =>
      tx.audit.append({
        type,
        at: now,
        actor,
        subject: content.person === null ? 'fleet' : `person:${content.person}`,
        payload: {
          digest,
          asOf: content.asOf,
          knownAt: content.knownAt,
          personId: content.person,
          facts: content.facts.length,
          findings: content.findings.length,
        },
      }),
    );
    return this.#withEvidence(content, digest, seq);
  }

  async #withEvidence(content: ReceiptContent, digest: string, seq: number): Promise<ComplianceReceipt> {
    // A checkpoint that covers the receipt's own event; another process may be integrating at
    // the same moment, so ask again until ours is in.
    let cp = await this.#log.checkpoint();
    const keys = await this.#log.keyHistory();
    let issued = await this.#uow.read((tx) => tx.auditLog.indexOf(seq));
    for (let tries = 0; (issued === null || issued >= cp.size) && tries < 20; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      cp = await this.#log.checkpoint();
      issued = await this.#uow.read((tx) => tx.auditLog.indexOf(seq));
    }
    if (issued === null || issued >= cp.size)
      throw new Error(`the receipt's audit event ${seq} did not reach a checkpoint`);

    // One pass over the log: leaf hashes for the proofs, fact events for the lookup.
    const index = new FactEntryIndex();
    const hashes: Hash[] = [];
    const events: (AuditEvent | null)[] = [];
    for (let start = 0; start < cp.size; start += LEAF_PAGE) {
      const leaves = await this.#uow.read((tx) =>
        tx.auditLog.leaves(start, Math.min(cp.size, start + LEAF_PAGE)),
      );
      for (const l of leaves) {
        hashes.push(l.leafHash);
        events.push(l.event);
        if (l.event !== null)
          index.add(l.index, l.event.type, l.event.payload, { at: toIso(l.event.at), actor: l.event.actor });
      }
    }
    const tree = new MerkleTree(hashes);
    if (tree.size !== cp.size || !bytesEqual(tree.root(), decodeBase64(cp.root, 'root')))
      throw new Error('the stored audit log does not hash to its latest checkpoint');

    const asOf = Date.parse(content.asOf);
    const needed = new Set<number>([issued]);
    const protocols = content.protocols.map((p) => {
      const entries = index.find('protocol', p, asOf);
      for (const i of entries) needed.add(i);
      return { ...p, entries };
    });
    const facts = content.facts.map((f) => {
      const entries = index.find(f.kind, f.value, asOf);
      for (const i of entries) needed.add(i);
      return { ...f, entries };
    });
    const wanted = [...needed].sort((a, b) => a - b);
    const entries: ReceiptLogEntry[] = wanted.map((i) => {
      const event = events[i];
      if (event === null || event === undefined) throw new Error(`audit entry ${i} has no event row`);
      return { index: i, entry: leafEntry(event), proof: tree.inclusionProof(i).map(encodeBase64) };
    });
    return {
      format: RECEIPT_FORMAT,
      asOf: content.asOf,
      knownAt: content.knownAt,
      person: content.person,
      digest,
      protocols,
      facts,
      findings: content.findings,
      log: {
        origin: this.#log.origin,
        checkpoint: cp.note,
        issued,
        entries,
        // A rotated log's receipts carry the chain, so the first key published still checks them.
        ...(keys.length > 1 ? { keys } : {}),
      },
    };
  }
}
