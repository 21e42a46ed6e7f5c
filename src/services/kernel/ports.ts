/**
 * The ports every context shares: the unit of work and the repositories it binds to one
 * transaction, clock, ids and randomness. Each context declares its own repositories in its
 * ports.ts; the services own them so that the core and the services never depend on a driver,
 * adapters/db implements them for PGlite and PostgreSQL, and one contract suite
 * (src/adapters/db/repositories.contract.ts) holds every implementation to them.
 *
 * Repositories never decide policy. They store and fetch, map unique-key clashes to the
 * stable error codes named on each method, and run inside the transaction they were given.
 */
import type { Instant } from '../../core/time.ts';
import type {
  IdentityRepository,
  PasskeyRepository,
  SessionRepository,
  SignInFailureRepository,
  TokenRepository,
  UserRepository,
} from '../access/ports.ts';
import type { AuditLogRepository, AuditRepository } from '../audit/ports.ts';
import type { FleetReader } from '../compliance/ports.ts';
import type { ConnectorRepository } from '../connectors/ports.ts';
import type { CorrectionRepository } from '../corrections/ports.ts';
import type { DashboardRepository } from '../dashboard/ports.ts';
import type { PushRepository } from '../enforcement/ports.ts';
import type { IncidentRepository } from '../incidents/ports.ts';
import type { IntelRepository } from '../intel/ports.ts';
import type {
  DeviceRepository,
  InspectionRepository,
  PeopleRepository,
  RotationRepository,
} from '../inventory/ports.ts';
import type { FindingStateRepository, OutboxRepository, RecipientRepository } from '../notices/ports.ts';
import type { PostureRepository } from '../posture/ports.ts';
import type { AssignmentRepository, ProtocolRepository } from '../protocols/ports.ts';
import type { RefusalRepository } from '../refusals/ports.ts';
import type { ReleaseRepository } from '../releases/ports.ts';
import type { ScanJobRepository, ScanRecheckRepository } from '../scans/ports.ts';
import type { SelfAttestationRepository } from '../self-service/ports.ts';
import type { SwapRepository } from '../swaps/ports.ts';
import type { WaiverRepository } from '../waivers/ports.ts';
import type { ZoneRepository } from '../zones/ports.ts';

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

export const ROLES = ['admin', 'officer', 'technician', 'auditor', 'staff', 'ingest'] as const;

export type Role = (typeof ROLES)[number];

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
  readonly corrections: CorrectionRepository;
  // -- incidents, zones, acknowledgements
  readonly incidents: IncidentRepository;
  readonly zones: ZoneRepository;
  readonly selfAttestations: SelfAttestationRepository;
  // -- notices
  readonly recipients: RecipientRepository;
  readonly findingStates: FindingStateRepository;
  // -- audit log
  readonly auditLog: AuditLogRepository;
  // -- integrations
  readonly intel: IntelRepository;
  readonly connectors: ConnectorRepository;
  readonly pushes: PushRepository;
  // -- dashboard auth
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly signInFailures: SignInFailureRepository;
  readonly passkeys: PasskeyRepository;
  // -- single sign-on
  readonly identities: IdentityRepository;
  // -- dashboard api
  readonly dashboard: DashboardRepository;
  // -- scan jobs
  readonly scanJobs: ScanJobRepository;
  readonly scanRechecks: ScanRecheckRepository;
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
  /**
   * Runs a command whose whole write is ONE posture statement (`PostureRepository.appendReported`)
   * as that statement's own transaction: one round trip where `run` takes four (BEGIN, the
   * write, the history-fill check, COMMIT). The promise settles after the commit, and the
   * statement's writes, audit events included, commit together or not at all. A write that
   * would make stored history days stale, whose fill jobs must commit with it, is run again
   * with `run` instead, so `fn` may be called twice.
   */
  runAlone<T>(fn: (repos: Pick<Repositories, 'posture'>) => Promise<T>): Promise<T>;
}

/**
 * Committed audit events, announced by the database as their transactions commit (on
 * PostgreSQL across every process on it): the seqs a transaction appended, `from` to `to`.
 * `lost` says announcements may have been missed (the listening connection dropped and came
 * back), so a listener must assume anything changed.
 */
export type FactAnnouncement = { readonly from: number; readonly to: number } | { readonly lost: true };

export interface FactAnnouncements {
  /** Calls `listener` for each announcement until the returned function is called. */
  subscribe(listener: (a: FactAnnouncement) => void): () => void;
}
