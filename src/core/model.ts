/**
 * The domain as the core sees it: plain, immutable records. Ids are strings chosen by the
 * caller (the services draw them from an injected id source); times are Instants.
 * Every time-varying fact (custody, status, posture, inspections, rotations) is its own
 * append-only record with the instant it took effect, so any past instant can be evaluated.
 */
import type { Instant } from './time.ts';

export const PERSON_KINDS = ['principal', 'staff'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];

export const PLATFORMS = ['ios', 'android'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const OWNERSHIPS = ['issued', 'personal'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

export const DEVICE_ROLES = ['calls', 'social', 'news', 'general'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

export const DEVICE_STATUSES = ['staged', 'active', 'quarantined', 'retired', 'wiped'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

export const SENSORS = ['camera', 'microphone', 'location', 'bluetooth'] as const;
export type Sensor = (typeof SENSORS)[number];

export const SENSOR_STATES = ['enabled', 'disabled', 'unknown'] as const;
export type SensorState = (typeof SENSOR_STATES)[number];

/** How a fact is known: enforced by an MDM, attested by a named person, observed in a scan. */
export const PROVENANCES = ['enforced', 'reported', 'attested', 'observed'] as const;
export type Provenance = (typeof PROVENANCES)[number];

export const INSPECTION_METHODS = ['forensic-scan', 'mdm-review', 'physical-inspection'] as const;
export type InspectionMethod = (typeof INSPECTION_METHODS)[number];

export const INSPECTION_RESULTS = ['clean', 'suspicious', 'compromised'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly kind: PersonKind;
  /** Protocol name governing this person's devices; staff inherit their principal's when null. */
  readonly protocol: string | null;
  /** For staff: the principal whose office they serve. */
  readonly principalId: string | null;
  readonly email: string | null;
  readonly createdAt: Instant;
}

export interface Device {
  readonly id: string;
  readonly serial: string;
  readonly imei: string | null;
  readonly platform: Platform;
  readonly model: string;
  readonly ownership: Ownership;
  readonly role: DeviceRole;
  /** When the device was issued to service (start of its rotation period); null if never. */
  readonly issuedAt: Instant | null;
  readonly createdAt: Instant;
}

/** Who holds a device from `at` on. A null holder with a location means it is in storage. */
export interface CustodyRecord {
  readonly deviceId: string;
  readonly holderId: string | null;
  readonly location: string | null;
  readonly at: Instant;
  readonly recordedBy: string;
}

export interface StatusChange {
  readonly deviceId: string;
  readonly status: DeviceStatus;
  readonly at: Instant;
  readonly reason: string | null;
}

export interface SensorReading {
  readonly state: SensorState;
  readonly provenance: Provenance;
}

/** What one source observed about a device at one instant. Absent fields were not observed. */
export interface PostureReport {
  readonly id: string;
  readonly deviceId: string;
  readonly observedAt: Instant;
  readonly receivedAt: Instant;
  readonly source: string;
  /** iOS: "18.6.2"; Android: the release ("15"). */
  readonly osVersion: string | null;
  readonly osBuild: string | null;
  /** Android security patch level, "YYYY-MM-DD". */
  readonly patchLevel: string | null;
  readonly sensors: Readonly<Partial<Record<Sensor, SensorReading>>>;
  /** Installed app identifiers (bundle ids / package names); null when not reported. */
  readonly apps: readonly string[] | null;
  readonly lockdownMode: boolean | null;
  readonly supervised: boolean | null;
}

export interface Inspection {
  readonly id: string;
  readonly deviceId: string;
  readonly at: Instant;
  readonly method: InspectionMethod;
  readonly result: InspectionResult;
  readonly performedBy: string;
  readonly notes: string | null;
}

/** A swap: `oldDeviceId` left service and `newDeviceId` (if any) took its place at `at`. */
export interface Rotation {
  readonly id: string;
  readonly oldDeviceId: string;
  readonly newDeviceId: string | null;
  readonly at: Instant;
  readonly performedBy: string;
}

/** An OS release known to Vigil (from the import file, the demo, or later the SOFA feed). */
export interface OsRelease {
  readonly platform: Platform;
  /** iOS: "18.6.2". Android: security patch level "YYYY-MM-DD". */
  readonly version: string;
  readonly build: string | null;
  readonly releasedAt: Instant;
}

export type FindingStatus = 'open' | 'waived' | 'resolved';
/** `fail`: the facts show a breach. `unverified`: the facts needed to show compliance are missing. */
export type FindingOutcome = 'fail' | 'unverified';

export interface Finding {
  readonly deviceId: string;
  readonly personId: string | null;
  readonly protocol: string | null;
  readonly rule: string;
  readonly severity: Severity;
  readonly status: FindingStatus;
  readonly outcome: FindingOutcome;
  /** When the finding began, as far as the facts show. */
  readonly since: Instant;
  readonly message: string;
  /** The facts the rule used, so a reader can check the verdict. */
  readonly evidence: Readonly<Record<string, unknown>>;
  readonly remedy: string;
  readonly waiver: string | null;
}
