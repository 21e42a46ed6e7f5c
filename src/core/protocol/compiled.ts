/**
 * A protocol resolved (its `extends` chain merged) and compiled for evaluation: durations in
 * milliseconds, allow-lists as sets. The evaluator reads only this shape, never the YAML.
 */
import type { DeviceRole, Sensor, Severity } from '../model.ts';
import type { Instant, Millis } from '../time.ts';
import type { ProtocolDocument } from './protocol.schema.ts';

export interface CompiledRole {
  readonly rotation: {
    readonly every: Millis;
    readonly grace: Millis;
    /** Stage the replacement this long before the due date; absent: the default (core/lifecycle/plan.ts). */
    readonly leadTime?: Millis;
    readonly cite: readonly string[];
  } | null;
  readonly inspection: {
    readonly every: Millis;
    readonly grace: Millis;
    /** Methods that count as a check; empty means any method. */
    readonly methods: readonly string[];
    /** The scan modules a qualifying forensic scan ran, per platform; absent: DEFAULT_COVERAGE. */
    readonly coverage?: { readonly ios: readonly string[]; readonly android: readonly string[] };
    readonly cite: readonly string[];
  } | null;
  /** Sensors that must be disabled (absent or `allowed` sensors are not checked). */
  readonly sensors: { readonly disabled: readonly Sensor[]; readonly cite: readonly string[] } | null;
  readonly apps: { readonly allow: ReadonlySet<string>; readonly cite: readonly string[] } | null;
  readonly os: {
    readonly minVersion: { readonly ios: string | null; readonly android: string | null };
    readonly maxBehindLatest: Millis | null;
    readonly lockdownMode: 'required' | 'optional';
    readonly cite: readonly string[];
  } | null;
  readonly posture: { readonly maxAge: Millis; readonly cite: readonly string[] } | null;
  /** Device controls (lock, screen capture, backups, pairing); absent in roles built before them. */
  readonly controls?: CompiledControls | null;
}

export interface CompiledControls {
  /** Null when no passcode is required. */
  readonly passcode: {
    readonly minLength: number | null;
    readonly alphanumeric: boolean;
    readonly maxFailedAttempts: number | null;
    readonly autoLock: Millis | null;
  } | null;
  readonly screenCaptureDisabled: boolean;
  readonly cloudBackupDisabled: boolean;
  readonly hostPairingDisabled: boolean;
  readonly cite: readonly string[];
}

export interface CompiledFacility {
  readonly id: string;
  readonly title: string;
  readonly personalDevices: 'banned' | 'allowed';
  readonly acknowledgement: 'required' | 'optional';
  readonly policyVersion: string | null;
}

export interface CompiledPlaybookStep {
  readonly id: string;
  readonly title: string;
  readonly owner: 'officer' | 'technician' | 'admin';
}

export interface CompiledProtocol {
  readonly name: string;
  readonly title: string;
  readonly version: string;
  readonly roles: Readonly<Partial<Record<DeviceRole, CompiledRole>>>;
  readonly facilities: readonly CompiledFacility[];
  readonly waivers: { readonly maxDuration: Millis; readonly approverRole: 'officer' | 'admin' } | null;
  readonly severities: Readonly<Record<string, Severity>>;
  /** How a new version comes into force: `two-person` when another person must approve it. */
  readonly changes: { readonly approval: 'none' | 'two-person' };
  /** The protocol's incident playbook; absent when it names none (the default applies). */
  readonly incidents?: { readonly playbook: readonly CompiledPlaybookStep[] };
  /** The resolved document (extends merged, `extends` set to null), for display and comparison. */
  readonly document: ProtocolDocument;
  /**
   * Since when this version (with the versions it extends) governs: the latest `effectiveAt` of
   * its chain. Absent where no stored version stands behind it (a file compiled alone).
   */
  readonly inForceSince?: Instant;
}
