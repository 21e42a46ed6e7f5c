/**
 * The evaluator's input and output contract. Services load DeviceHistory bundles through a
 * repository port and hand them to `evaluateFleet` (evaluate.ts); nothing here does I/O.
 */

import type { PushedToken } from '../enforcement/pushed.ts';
import type { VulnerabilityIntel } from '../intel/types.ts';
import type {
  Acknowledgement,
  Correction,
  CustodyRecord,
  Detection,
  Device,
  Finding,
  IncidentFact,
  Inspection,
  OsRelease,
  PostureReport,
  Refusal,
  Rotation,
  StatusChange,
  Waiver,
} from '../model.ts';
import type { Instant } from '../time.ts';
import type { InForce } from './in-force.ts';

/** Everything recorded about one device. Arrays may come in any order: the evaluator does not rely on it. */
export interface DeviceHistory {
  readonly device: Device;
  readonly custody: readonly CustodyRecord[];
  readonly statuses: readonly StatusChange[];
  readonly posture: readonly PostureReport[];
  readonly inspections: readonly Inspection[];
  /** Rotations in which this device was the old or the new one. */
  readonly rotations: readonly Rotation[];
}

/**
 * The lifecycle facts recorded at or before the evaluated instant. Fleet-wide lists:
 * the evaluator indexes them per device and person once per evaluation.
 */
export interface LifecycleFacts {
  readonly refusals: readonly Refusal[];
  readonly waivers: readonly Waiver[];
  readonly incidents: readonly IncidentFact[];
  readonly detections: readonly Detection[];
  readonly acknowledgements: readonly Acknowledgement[];
}

export const NO_LIFECYCLE_FACTS: LifecycleFacts = {
  refusals: [],
  waivers: [],
  incidents: [],
  detections: [],
  acknowledgements: [],
};

export interface EvaluationInput {
  /** The instant evaluated: facts effective at or before it count ("as of"). */
  readonly at: Instant;
  /**
   * What was known: only facts recorded at or before it count (known.ts says how, per kind).
   * Absent: everything recorded, as if it were +infinity. May precede `at`.
   */
  readonly knownAt?: Instant;
  readonly devices: readonly DeviceHistory[];
  /**
   * The people, protocols and facilities in force at `at` (in-force.ts `inForceAt`), the
   * what-if protocol among them when one is asked for; built with the same `knownAt`.
   */
  readonly inForce: InForce;
  readonly releases: readonly OsRelease[];
  /** Fixes of known-exploited CVEs and their KEV entries, for `os.exploited` (none when omitted). */
  readonly intel?: VulnerabilityIntel;
  /** Refusals, waivers, incidents, detections, acknowledgements (none when omitted). */
  readonly lifecycle?: LifecycleFacts;
  /**
   * Corrections of recorded facts (any recorded instant: those known at `knownAt` apply, known.ts).
   * Absent or empty: the facts as recorded, at no cost.
   */
  readonly corrections?: readonly Correction[];
  /** What was pushed to the MDMs (pushes after `at` or `knownAt` are ignored); none when omitted. */
  readonly pushes?: readonly PushedToken[];
}

export type DeviceVerdict = 'compliant' | 'non-compliant' | 'waived' | 'not-evaluated';

export interface DeviceSummary {
  readonly deviceId: string;
  readonly personId: string | null;
  readonly protocol: string | null;
  readonly role: string;
  readonly verdict: DeviceVerdict;
  /** Why a device was not evaluated (not in service at `at`, personal device, ...). */
  readonly reason: string | null;
  readonly openFindings: number;
}

export interface EvaluationResult {
  readonly at: Instant;
  /** The knowledge instant, when the evaluation had one. */
  readonly knownAt?: Instant;
  /** Sorted: severity (worst first), then `since` (oldest first), then device id and rule id. */
  readonly findings: readonly Finding[];
  readonly devices: readonly DeviceSummary[];
}
