/** The ports of the compliance context: what its services need from storage (adapters/db implements them). */
import type { DeviceHistory, EvaluationResult } from '../../core/compliance/types.ts';
import type { PushedToken } from '../../core/enforcement/pushed.ts';
import type { VulnerabilityIntel } from '../../core/intel/types.ts';
import type {
  Acknowledgement,
  Correction,
  Detection,
  IncidentFact,
  OsRelease,
  Person,
  Refusal,
  Waiver,
} from '../../core/model.ts';
import type { Instant } from '../../core/time.ts';
import type { ProtocolAssignment, ProtocolVersion } from '../protocols/ports.ts';

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
  /** Fixes of known-exploited CVEs and KEV entries as of `at`, for the vulnerability rules. */
  readonly intel?: VulnerabilityIntel;
  /** Every correction of a recorded fact, whenever recorded: the evaluator applies those known then. */
  readonly corrections?: Correction[];
  /** Per connector, protocol version, role and item, the token the MDM held after the latest push by `at`. */
  readonly pushes?: PushedToken[];
}

export interface FleetReader {
  /**
   * Loads every fact with its effective time at or before `at`, whenever recorded (the evaluator
   * cuts them at a knowledge instant), but the pushes: only the latest per MDM object is loaded,
   * so those are cut here, at `knownAt` too (a push is recorded as made).
   */
  load(at: Instant, knownAt?: Instant): Promise<FleetSnapshotData>;
  /**
   * The waivers named, as `load(at)` gives them (requested by `at`, approval and end as known
   * then); those requested later are left out. What a waiver's events change, without the rest.
   */
  waiversAt(ids: readonly string[], at: Instant): Promise<Waiver[]>;
  /** The refusals named, as `load(at)` gives them; those effective after `at` are left out. */
  refusalsAt(ids: readonly string[], at: Instant): Promise<Refusal[]>;
  /** The incidents named, as `load(at)` gives them (opened by `at`; closed as of `at`). */
  incidentsAt(ids: readonly string[], at: Instant): Promise<IncidentFact[]>;
  /** The detections named, as `load(at)` gives them (those after `at` left out). */
  detectionsAt(ids: readonly string[], at: Instant): Promise<Detection[]>;
  /**
   * The earliest instant after `at` at which a stored fact takes effect (a status, custody, a
   * report observed later, an assignment or protocol version from a later date, a waiver approved
   * or ended later...): what `load(at)` left out. +Infinity when none. `not-devices`: leaves out
   * the facts of one device (statuses, custody, reports, inspections, rotations; see deviceFactsIn).
   */
  nextEffectiveAfter(at: Instant, which?: 'all' | 'not-devices'): Promise<Instant>;
  /**
   * The devices with a fact (status, custody, report by when observed, inspection, rotation)
   * that took effect in (from, to], and the next instant after `to` at which one does: what
   * re-reading those devices at `to` adds to a load made at `from`. `otherFacts`: those of them
   * with a fact in the window other than a posture report (the rest gained reports alone).
   */
  deviceFactsIn(
    from: Instant,
    to: Instant,
  ): Promise<{ deviceIds: string[]; otherFacts: string[]; next: Instant }>;
}

/**
 * The fleet "now" (every device against its holder's protocol) evaluated off the serving thread
 * and mirrored here (adapters/evaluation, docs/adr/0039-evaluation-worker.md).
 */
export interface OffloadedFleet {
  /**
   * The mirrored result, including every change committed before the call; null when the
   * evaluation elsewhere is not available (not started, failed, exited): evaluate in process.
   */
  current(): Promise<EvaluationResult | null>;
}
