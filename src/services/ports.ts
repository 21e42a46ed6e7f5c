/**
 * Ports: the narrow interfaces the services need from the outside world. The services own
 * them (CONVENTIONS.md 4); adapters/db implements them for PGlite and PostgreSQL, and one
 * contract suite (src/adapters/db/repositories.contract.ts) holds every implementation to them.
 *
 * Repositories never decide policy. They store and fetch, map unique-key clashes to the
 * stable error codes named on each method, and run inside the transaction they were given.
 */
import type { AuditEventType } from '../core/audit/events.ts';
import type { DeviceHistory } from '../core/compliance/types.ts';
import type { VulnerabilityIntel } from '../core/intel/types.ts';
import type { Incident, IncidentStatus } from '../core/lifecycle/incident.ts';
import type { Swap, SwapState, SwapTransition } from '../core/lifecycle/swap.ts';
import type { WaiverRecord, WaiverState, WaiverTransition } from '../core/lifecycle/waiver.ts';
import type {
  Acknowledgement,
  CustodyRecord,
  Detection,
  Device,
  DeviceRole,
  DeviceStatus,
  IncidentFact,
  Inspection,
  OsRelease,
  Person,
  PostureReport,
  Refusal,
  Rotation,
  StatusChange,
  Waiver,
} from '../core/model.ts';
import type { Instant } from '../core/time.ts';
import type { DashboardRepository } from './dashboard.ports.ts';
import type { ConnectorRepository, IntelRepository } from './intel.ports.ts';
import type { ScanJobRepository } from './scan-job.ports.ts';
import type { SessionRepository, SignInFailureRepository, UserRepository } from './user.ports.ts';

export interface Clock {
  now(): Instant;
}

/** Generates ids; prefixes make ids self-describing (`dev_…`, `tok_…`). */
export interface IdSource {
  next(prefix: string): string;
}

/** Cryptographic randomness, injected so tests can be deterministic. */
export interface RandomSource {
  bytes(n: number): Uint8Array;
}

export interface PeopleRepository {
  /** Throws VigilError PERSON_EXISTS when the id is taken. */
  insert(person: Person): Promise<void>;
  get(id: string): Promise<Person | null>;
  list(): Promise<Person[]>;
  /** Sets the current protocol on the person row; the history lives in `assignments`. */
  setProtocol(id: string, protocol: string | null): Promise<void>;
}

/** Which protocol governed a person from `at` on (append-only: as-of evaluation reads it). */
export interface ProtocolAssignment {
  readonly personId: string;
  readonly protocol: string | null;
  readonly at: Instant;
  readonly assignedBy: string;
}

export interface AssignmentRepository {
  append(a: ProtocolAssignment): Promise<void>;
  /** All assignments recorded with `at` <= the given instant (all when omitted). */
  list(atOrBefore?: Instant): Promise<ProtocolAssignment[]>;
}

export interface DeviceFilter {
  readonly holderId?: string;
  readonly role?: DeviceRole;
  readonly status?: DeviceStatus;
  readonly limit?: number;
  readonly offset?: number;
}

/** A device with its current status and custody, as the inventory lists it. */
export interface DeviceView extends Device {
  readonly status: DeviceStatus | null;
  readonly holderId: string | null;
  readonly location: string | null;
}

export interface DeviceRepository {
  /** Throws VigilError DEVICE_EXISTS when the id or the serial is taken. */
  insert(device: Device): Promise<void>;
  get(id: string): Promise<DeviceView | null>;
  /** Current view: status and custody are the latest recorded. Ordered by id. */
  list(filter?: DeviceFilter): Promise<DeviceView[]>;
  appendStatus(change: StatusChange): Promise<void>;
  appendCustody(record: CustodyRecord): Promise<void>;
  statuses(deviceId: string): Promise<StatusChange[]>;
  custody(deviceId: string): Promise<CustodyRecord[]>;
}

export interface PostureRepository {
  append(report: PostureReport): Promise<void>;
  /** Several reports in one statement (the ingest path batches concurrent requests). */
  appendMany(reports: readonly PostureReport[]): Promise<void>;
  /** Newest first. */
  listFor(deviceId: string, limit: number): Promise<PostureReport[]>;
}

export interface InspectionRepository {
  insert(inspection: Inspection): Promise<void>;
  /** Newest first. */
  listFor(deviceId: string): Promise<Inspection[]>;
}

export interface RotationRepository {
  insert(rotation: Rotation): Promise<void>;
  listFor(deviceId: string): Promise<Rotation[]>;
}

export interface ReleaseRepository {
  /** Inserts or replaces the release with the same platform and version. */
  upsert(release: OsRelease): Promise<void>;
  list(): Promise<OsRelease[]>;
}

/** One stored version of a protocol document. Versions are never changed or deleted. */
export interface ProtocolVersion {
  readonly name: string;
  readonly version: string;
  /** The YAML (or JSON) text exactly as submitted. */
  readonly text: string;
  readonly sha256: string;
  /** From when this version governs (as-of evaluation picks the latest at or before T). */
  readonly effectiveAt: Instant;
  readonly recordedAt: Instant;
  readonly recordedBy: string;
}

export interface ProtocolRepository {
  append(version: ProtocolVersion): Promise<void>;
  /** Every version of every protocol, oldest first. */
  listVersions(): Promise<ProtocolVersion[]>;
}

/** Everything the evaluator needs, loaded in bulk. */
export interface FleetSnapshotData {
  readonly devices: DeviceHistory[];
  readonly people: Person[];
  readonly assignments: ProtocolAssignment[];
  readonly protocols: ProtocolVersion[];
  readonly releases: OsRelease[];
  /** Incidents opened at or before `at` (closedAt null when closed after it). */
  readonly incidents?: IncidentFact[];
  /** Detections with `at` at or before the instant, and acknowledgements recorded by then. */
  readonly detections?: Detection[];
  readonly acknowledgements?: Acknowledgement[];
  /** Refusals recorded and effective at or before `at`; waivers requested by then, as known then. */
  readonly refusals?: Refusal[];
  readonly waivers?: Waiver[];
  /** Fixes of known-exploited CVEs and KEV entries as of `at` (issue 7). */
  readonly intel?: VulnerabilityIntel;
}

export interface FleetReader {
  /** Loads every fact with its effective time at or before `at`. */
  load(at: Instant): Promise<FleetSnapshotData>;
}

export const ROLES = ['admin', 'officer', 'technician', 'auditor', 'staff', 'ingest'] as const;
export type Role = (typeof ROLES)[number];

export interface TokenRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** For `staff` tokens: whose devices the holder may see. */
  readonly personId: string | null;
  /** SHA-256 of the secret, hex. The secret itself is never stored. */
  readonly secretHash: string;
  readonly createdAt: Instant;
  readonly createdBy: string;
  readonly revokedAt: Instant | null;
}

export interface TokenRepository {
  insert(token: TokenRecord): Promise<void>;
  get(id: string): Promise<TokenRecord | null>;
  list(): Promise<TokenRecord[]>;
  /** Returns false when the token does not exist or was already revoked. */
  revoke(id: string, at: Instant): Promise<boolean>;
}

export interface AuditEventInput {
  readonly type: AuditEventType;
  readonly at: Instant;
  /** Who did it: `token:<id>`, `cli`, `system`, `user:<id>`. */
  readonly actor: string;
  /** What it concerns, e.g. `device:dev_123`. */
  readonly subject: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface AuditEvent extends AuditEventInput {
  readonly seq: number;
}

export interface AuditRepository {
  append(event: AuditEventInput): Promise<number>;
  /** Several events in one statement, in the given order; returns their seqs. */
  appendMany(events: readonly AuditEventInput[]): Promise<number[]>;
  list(opts: { afterSeq?: number; limit: number; type?: string }): Promise<AuditEvent[]>;
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
  /** Cosignatures of the checkpoint of `size`, or of every size when omitted. */
  cosignatures(size?: number): Promise<AuditLogCosignature[]>;
}

/** Who a notice is for: everyone holding a role, or one person. */
export type NoticeAudience = { readonly role: Role } | { readonly personId: string };

/**
 * A notice to deliver (e-mail and webhook). Enqueued in the same transaction as the event that
 * causes it, delivered later by the outbox worker (adapters/notify), at least once.
 */
export interface NoticeInput {
  /**
   * One logical notice per key: enqueueing a key that already exists does nothing, so a planner
   * that runs every minute, in several processes, still sends one reminder. E.g.
   * `swap-reminder:dev_123:2026-12-01`, `incident-opened:inc_9`.
   */
  readonly key: string;
  /** What kind of notice, e.g. `swap.due-soon`, `check.overdue`, `incident.opened`. */
  readonly kind: string;
  readonly audience: NoticeAudience;
  /** One line, for the e-mail subject. */
  readonly subject: string;
  /** Plain text body. */
  readonly text: string;
  /** Machine-readable details, sent as the webhook payload's `data`. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Not delivered before this instant (escalations wait). */
  readonly notBefore: Instant;
  readonly createdAt: Instant;
}

export const NOTICE_STATES = ['pending', 'sent', 'failed', 'cancelled'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

/** A stored notice with its delivery state. */
export interface NoticeRecord extends NoticeInput {
  readonly id: number;
  readonly state: NoticeState;
  /** Claims made so far; also the fencing token of the latest claim. */
  readonly attempts: number;
  readonly nextAttemptAt: Instant;
  readonly lastError: string | null;
  readonly sentAt: Instant | null;
  /** Per channel, what happened last: `sent`, `no-recipient`, or the error. */
  readonly outcome: Readonly<Record<string, string>>;
}

export interface OutboxRepository {
  /** Returns false when a notice with the same key already exists (nothing is changed). */
  enqueue(notice: NoticeInput): Promise<boolean>;
  /**
   * Claims up to `limit` pending notices due at `now` (`FOR UPDATE SKIP LOCKED`, so concurrent
   * claimers never wait for nor take the same rows): each gets attempts + 1 and
   * `nextAttemptAt = leaseUntil`, so it is claimed again only if the claim is not completed.
   */
  claim(now: Instant, leaseUntil: Instant, limit: number): Promise<NoticeRecord[]>;
  /**
   * Settles the claim `attempts` made: `sent`, `failed`, or back to `pending` at `retryAt`.
   * Returns false (and changes nothing) when the claim is no longer the latest or the notice
   * is no longer pending (another worker re-claimed it after the lease, or it was cancelled).
   */
  settle(
    id: number,
    attempts: number,
    result: {
      readonly state: 'sent' | 'failed' | 'pending';
      readonly at: Instant;
      readonly retryAt?: Instant;
      readonly error: string | null;
      readonly outcome: Readonly<Record<string, string>>;
    },
  ): Promise<boolean>;
  /** Cancels a pending notice by key; returns false when there is none pending. */
  cancel(key: string): Promise<boolean>;
  /** Puts a failed (or pending) notice back to pending, due at `at`, with a fresh retry budget. */
  requeue(id: number, at: Instant): Promise<NoticeRecord | null>;
  get(id: number): Promise<NoticeRecord | null>;
  getByKey(key: string): Promise<NoticeRecord | null>;
  /** Newest first. */
  list(filter: {
    state?: NoticeState;
    kind?: string;
    limit: number;
    offset?: number;
  }): Promise<NoticeRecord[]>;
}

/** A role's e-mail recipient (persons have their own address on the person record). */
export interface RoleRecipient {
  readonly role: Role;
  readonly email: string;
  readonly createdAt: Instant;
  readonly createdBy: string;
}

export interface RecipientRepository {
  /** Returns false when the pair already exists. */
  add(r: RoleRecipient): Promise<boolean>;
  /** Returns false when there was no such pair. */
  remove(role: Role, email: string): Promise<boolean>;
  list(role?: Role): Promise<RoleRecipient[]>;
}

/** The last state the planner saw of one finding (device or person + rule). */
export interface FindingState {
  readonly key: string;
  readonly deviceId: string | null;
  readonly personId: string | null;
  readonly rule: string;
  readonly status: 'open' | 'waived' | 'resolved';
  readonly waiverId: string | null;
  readonly since: Instant;
  readonly updatedAt: Instant;
}

export interface FindingStateRepository {
  list(): Promise<FindingState[]>;
  upsertMany(states: readonly FindingState[]): Promise<void>;
  /**
   * Takes a transaction-scoped advisory lock for the planner; false when another transaction
   * holds it (that process is planning right now).
   */
  tryPlannerLock(): Promise<boolean>;
}

/** Where a notice goes: its audience resolved to e-mail addresses (may be empty). */
export interface NoticeDelivery {
  readonly notice: NoticeRecord;
  readonly emails: readonly string[];
}

/** A delivery channel (e-mail, webhooks): adapters/notify implements it. */
export interface NoticeChannel {
  readonly name: string;
  /**
   * Delivers or throws. Returns `no-recipient` when the channel has nowhere to send this
   * notice (nothing was sent; not an error).
   */
  deliver(d: NoticeDelivery): Promise<'sent' | 'no-recipient'>;
}

export interface IncidentFilter {
  readonly status?: IncidentStatus;
  readonly deviceId?: string;
}

export interface IncidentRepository {
  /** Stores a new incident with its steps and timeline. Throws INCIDENT_INVALID when the id is taken. */
  insert(incident: Incident): Promise<void>;
  /** The incident with steps and timeline; `forUpdate` locks its row for the rest of the transaction. */
  get(id: string, opts?: { forUpdate?: boolean }): Promise<Incident | null>;
  /** Newest first, with steps and timeline. */
  list(filter?: IncidentFilter): Promise<Incident[]>;
  /**
   * Writes the incident's current state and steps, provided it still has `before`'s status (else
   * INCIDENT_STEP_INVALID), and appends the timeline entries `before` did not have.
   */
  update(incident: Incident, before: Incident): Promise<void>;
  /** Ids of incidents not closed that hold the device. */
  openFor(deviceId: string): Promise<string[]>;
}

/** A detection as stored: what the sensor said, and when Vigil received it. */
export interface StoredDetection extends Detection {
  readonly receivedAt: Instant;
}

export interface DetectionFilter {
  readonly facility?: string;
  readonly personId?: string;
  /** Detections with `at` at or after this instant. */
  readonly since?: Instant;
  readonly limit?: number;
}

export interface ZoneRepository {
  insertDetections(detections: readonly StoredDetection[]): Promise<void>;
  /** Newest first. */
  listDetections(filter?: DetectionFilter): Promise<StoredDetection[]>;
  /** The device an identifier (`imei:…`, `serial:…`) names in the inventory, if any. */
  deviceByIdentifier(identifier: string): Promise<string | null>;
  /** Returns false when the person already acknowledged this policy version (nothing changes). */
  acknowledge(ack: Acknowledgement, recordedBy: string): Promise<boolean>;
  /** Oldest first. */
  listAcknowledgements(filter?: { personId?: string; facility?: string }): Promise<Acknowledgement[]>;
}

// ---------------------------------------------------------------- workflows (issue 3)

/** A refusal with when Vigil learnt of it and the swap it came from, if any. */
export interface RefusalRecord extends Refusal {
  readonly recordedAt: Instant;
  readonly swapId: string | null;
}

export interface SwapFilter {
  readonly state?: SwapState;
  /** Only swaps not in a terminal state. */
  readonly open?: boolean;
  /** Swaps whose old or new device is this one. */
  readonly deviceId?: string;
}

/** Swaps: the row holds the current state; every transition is appended to the history. */
export interface SwapRepository {
  /** Stores a new swap with its first transition. Throws SWAP_EXISTS when the id is taken. */
  insert(swap: Swap, transition: SwapTransition): Promise<void>;
  /**
   * Replaces the current state of a swap still in `transition.from` (else SWAP_TRANSITION_INVALID)
   * and appends the transition.
   */
  apply(swap: Swap, transition: SwapTransition): Promise<void>;
  /** Locks the row (FOR UPDATE) so concurrent commands on one swap take turns. */
  get(id: string, forUpdate?: boolean): Promise<Swap | null>;
  /** Ordered by plannedAt, then id. */
  list(filter?: SwapFilter): Promise<Swap[]>;
  /** Oldest first. */
  transitions(swapId: string): Promise<SwapTransition[]>;
}

export interface RefusalFilter {
  readonly personId?: string;
  readonly deviceId?: string;
}

/** Refusals are append-only. */
export interface RefusalRepository {
  /** Throws REFUSAL_INVALID when the id is taken. */
  insert(refusal: RefusalRecord): Promise<void>;
  /** Newest first (`at`, then id). */
  list(filter?: RefusalFilter): Promise<RefusalRecord[]>;
}

export interface WaiverFilter {
  readonly state?: WaiverState;
  readonly deviceId?: string;
  readonly personId?: string;
  readonly rule?: string;
}

/** Waivers: the row holds the current state; every transition is appended to the history. */
export interface WaiverRepository {
  /** Stores a new waiver with its first transition. Throws WAIVER_INVALID when the id is taken. */
  insert(waiver: WaiverRecord, transition: WaiverTransition): Promise<void>;
  /**
   * Replaces the current state of a waiver still in `transition.from` (else
   * WAIVER_TRANSITION_INVALID) and appends the transition.
   */
  apply(waiver: WaiverRecord, transition: WaiverTransition): Promise<void>;
  /** Locks the row (FOR UPDATE) so two approvals cannot race. */
  get(id: string, forUpdate?: boolean): Promise<WaiverRecord | null>;
  /** Ordered by requestedAt, then id. */
  list(filter?: WaiverFilter): Promise<WaiverRecord[]>;
  transitions(waiverId: string): Promise<WaiverTransition[]>;
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

/** The repositories bound to one transaction. */
export interface Repositories {
  readonly people: PeopleRepository;
  readonly assignments: AssignmentRepository;
  readonly devices: DeviceRepository;
  readonly posture: PostureRepository;
  readonly inspections: InspectionRepository;
  readonly rotations: RotationRepository;
  readonly releases: ReleaseRepository;
  readonly protocols: ProtocolRepository;
  readonly tokens: TokenRepository;
  readonly audit: AuditRepository;
  readonly fleet: FleetReader;
  readonly outbox: OutboxRepository;
  // -- workflows
  readonly swaps: SwapRepository;
  readonly refusals: RefusalRepository;
  readonly waivers: WaiverRepository;
  // -- incidents, zones, acknowledgements
  readonly incidents: IncidentRepository;
  readonly zones: ZoneRepository;
  // -- notices
  readonly recipients: RecipientRepository;
  readonly findingStates: FindingStateRepository;
  // -- audit log
  readonly auditLog: AuditLogRepository;
  // -- integrations
  readonly intel: IntelRepository;
  readonly connectors: ConnectorRepository;
  // -- dashboard auth
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly signInFailures: SignInFailureRepository;
  // -- dashboard api
  readonly dashboard: DashboardRepository;
  // -- scan jobs
  readonly scanJobs: ScanJobRepository;
}

/**
 * Runs a command in one transaction: its state change and its audit event commit together
 * or not at all. Reads may use `run` too (they get a consistent snapshot).
 */
export interface UnitOfWork {
  run<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  /**
   * Runs reads outside a transaction: each statement on its own. For a single lookup on a hot
   * path (token verification), where BEGIN and COMMIT would triple the round trips.
   */
  read<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
}
