/**
 * The evaluator's input and output contract. Services load DeviceHistory bundles through a
 * repository port and hand them to `evaluateFleet` (evaluate.ts); nothing here does I/O.
 */
import type {
  CustodyRecord,
  Device,
  Finding,
  Inspection,
  OsRelease,
  Person,
  PostureReport,
  Rotation,
  StatusChange,
} from '../model.ts';
import type { CompiledProtocol } from '../protocol/compiled.ts';
import type { Instant } from '../time.ts';

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

export interface EvaluationInput {
  readonly at: Instant;
  readonly devices: readonly DeviceHistory[];
  readonly people: ReadonlyMap<string, Person>;
  /** Compiled protocols by name. */
  readonly protocols: ReadonlyMap<string, CompiledProtocol>;
  readonly releases: readonly OsRelease[];
  /** Evaluate every device against this protocol instead of its holder's (what-if comparison). */
  readonly protocolOverride?: string;
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
  /** Sorted: severity (worst first), then `since` (oldest first), then device id and rule id. */
  readonly findings: readonly Finding[];
  readonly devices: readonly DeviceSummary[];
}
