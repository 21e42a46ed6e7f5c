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
import type {
  CustodyRecord,
  Device,
  DeviceRole,
  DeviceStatus,
  Inspection,
  OsRelease,
  Person,
  PostureReport,
  Rotation,
  StatusChange,
} from '../core/model.ts';
import type { Instant } from '../core/time.ts';

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

export interface OutboxRepository {
  /** Returns false when a notice with the same key already exists (nothing is changed). */
  enqueue(notice: NoticeInput): Promise<boolean>;
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
  // -- incidents, zones, acknowledgements
  // -- notices
  // -- audit log
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
