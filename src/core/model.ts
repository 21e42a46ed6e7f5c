/**
 * The domain as the core sees it: plain, immutable records. Ids are strings chosen by the
 * caller (the services draw them from an injected id source); times are Instants.
 * Every time-varying fact (custody, status, posture, inspections, rotations) is its own
 * append-only record with the instant it took effect, so any past instant can be evaluated.
 *
 * Every fact carries two times: when it happened or took effect (`at`, `observedAt`,
 * `openedAt`, ...) and when Vigil learnt it (`recordedAt`, from the clock, never from input).
 * Three kinds name their recorded instant otherwise: a person's and a device's `createdAt`,
 * and a posture report's `receivedAt`. Waivers and incidents record each transition's own
 * instant. compliance/known.ts reads them to answer "what was known at K".
 */
import type { PostureValues } from './posture/fields.ts';
import type { Instant } from './time.ts';

/**
 * `operator`: someone of the security office who uses Vigil (officer, technician, admin,
 * auditor). Recorded so every credential belongs to a person (separation of duties compares
 * people), never governed by a protocol nor evaluated: the in-force people leave them out.
 */
export const PERSON_KINDS = ['principal', 'staff', 'operator'] as const;
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
  /** From when the person counts (took effect): at or before `createdAt`, which is when they were recorded. */
  readonly since: Instant;
  /** When Vigil recorded the person (their recorded instant). */
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
  /** When Vigil recorded the device (its recorded instant). */
  readonly createdAt: Instant;
}

/** Who holds a device from `at` on. A null holder with a location means it is in storage. */
export interface CustodyRecord {
  readonly deviceId: string;
  readonly holderId: string | null;
  readonly location: string | null;
  readonly at: Instant;
  readonly recordedBy: string;
  /** When Vigil recorded it. */
  readonly recordedAt: Instant;
}

export interface StatusChange {
  readonly deviceId: string;
  readonly status: DeviceStatus;
  readonly at: Instant;
  readonly reason: string | null;
  /** When Vigil recorded it. */
  readonly recordedAt: Instant;
}

export interface SensorReading {
  readonly state: SensorState;
  readonly provenance: Provenance;
}

/**
 * What one source observed about a device at one instant. The posture fields (`PostureValues`)
 * are declared in posture/fields.ts; absent fields were not observed (null, or no sensor entry).
 */
export interface PostureReport extends PostureValues {
  readonly id: string;
  readonly deviceId: string;
  readonly observedAt: Instant;
  /** When Vigil received the report: its recorded instant. */
  readonly receivedAt: Instant;
  readonly source: string;
}

export interface Inspection {
  readonly id: string;
  readonly deviceId: string;
  readonly at: Instant;
  readonly method: InspectionMethod;
  readonly result: InspectionResult;
  readonly performedBy: string;
  readonly notes: string | null;
  /** Files that back the result (reports, exports), by hash; absent or empty when none. */
  readonly evidence?: readonly EvidenceFile[];
  /** When Vigil recorded it. */
  readonly recordedAt: Instant;
}

/** A file attached to a check as evidence: the bytes live elsewhere, the hash pins them. */
export interface EvidenceFile {
  readonly name: string;
  /** Hex SHA-256 of the file. */
  readonly sha256: string;
  readonly size?: number;
}

/** A swap: `oldDeviceId` left service and `newDeviceId` (if any) took its place at `at`. */
export interface Rotation {
  readonly id: string;
  readonly oldDeviceId: string;
  readonly newDeviceId: string | null;
  readonly at: Instant;
  readonly performedBy: string;
  /** When Vigil recorded it. */
  readonly recordedAt: Instant;
}

/** An OS release known to Vigil (from the import file, the demo, or later the SOFA feed). */
export interface OsRelease {
  readonly platform: Platform;
  /** iOS: "18.6.2". Android: security patch level "YYYY-MM-DD". */
  readonly version: string;
  readonly build: string | null;
  readonly releasedAt: Instant;
  /** When Vigil recorded it. */
  readonly recordedAt: Instant;
}

export type FindingStatus = 'open' | 'waived' | 'resolved';
/** `fail`: the facts show a breach. `unverified`: the facts needed to show compliance are missing. */
export type FindingOutcome = 'fail' | 'unverified';

export interface Finding {
  /** Null for findings about a person or a facility rather than one device (policy.unacknowledged, an unknown device seen in a zone). */
  readonly deviceId: string | null;
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

// ---------------------------------------------------------------- lifecycle facts
// The shapes the compliance engine reads. The workflows (core/lifecycle) produce them; each is
// stored append-only or as a record whose every transition is kept, so as-of evaluation can
// reconstruct what was known at any instant.

/** A person declined (or someone declined on their behalf) an action the protocol requires. */
export interface Refusal {
  readonly id: string;
  readonly personId: string;
  /** The device the refused action concerned, when there is one. */
  readonly deviceId: string | null;
  /** What was declined: `swap`, `check`, `acknowledgement`, ... */
  readonly action: string;
  /** The rule the refusal leaves unmet, e.g. `rotation.overdue`. */
  readonly rule: string;
  readonly at: Instant;
  readonly reason: string;
  /** Who recorded it (the principal themself, or staff on their behalf). */
  readonly recordedBy: string;
  /** When Vigil recorded it. */
  readonly recordedAt: Instant;
}

/** Permission to stay out of protocol for one rule, for a device or for all of a person's devices. */
export interface Waiver {
  readonly id: string;
  readonly rule: string;
  readonly scope: { readonly deviceId: string } | { readonly personId: string };
  readonly reason: string;
  readonly risk: string;
  readonly requestedBy: string;
  readonly requestedAt: Instant;
  /** Null until approved; a waiver covers nothing before `approvedAt`. */
  readonly approvedBy: string | null;
  readonly approvedAt: Instant | null;
  readonly startsAt: Instant;
  readonly expiresAt: Instant;
  /** Set when withdrawn or rejected; covers nothing from then on. */
  readonly endedAt: Instant | null;
  /** When the request was recorded. */
  readonly recordedAt: Instant;
  /** When the approval was recorded (null while not approved). */
  readonly approvalRecordedAt: Instant | null;
  /** When the withdrawal or rejection was recorded (null while not ended). */
  readonly endRecordedAt: Instant | null;
}

/** An incident as the compliance engine sees it. */
export interface IncidentFact {
  readonly id: string;
  readonly deviceIds: readonly string[];
  readonly personIds: readonly string[];
  readonly openedAt: Instant;
  readonly closedAt: Instant | null;
  /** The inspection that raised it, if any. */
  readonly inspectionId: string | null;
  /** When the opening was recorded. */
  readonly recordedAt: Instant;
  /** When the closing was recorded (null while open). */
  readonly closeRecordedAt: Instant | null;
}

/** A device identifier seen in a secure zone by a sensor or a check-point. */
export interface Detection {
  readonly id: string;
  readonly facility: string;
  readonly at: Instant;
  /** e.g. `imei:356938035643809`, `mac-sha256:ab12…`, `serial:F2LX…`. */
  readonly identifier: string;
  /** Resolved at ingest when the identifier is known to the inventory. */
  readonly deviceId: string | null;
  readonly personId: string | null;
  readonly source: string;
  /** When Vigil recorded it. */
  readonly recordedAt: Instant;
}

/** A person accepted a facility policy version. */
export interface Acknowledgement {
  readonly personId: string;
  readonly facility: string;
  /** The protocol version whose facility policy was accepted, e.g. `relaxed-social@2026.2`. */
  readonly policyVersion: string;
  readonly at: Instant;
  /** When Vigil recorded it. */
  readonly recordedAt: Instant;
}

// ---------------------------------------------------------------- corrections
// Facts are never edited: a fact entered wrongly is superseded by a correction, recorded later,
// which evaluations read only when they know it (compliance/known.ts applies them).

/** The kinds of fact a correction can name. */
export const CORRECTABLE_KINDS = ['inspection', 'posture', 'status', 'custody', 'refusal'] as const;
export type CorrectableKind = (typeof CORRECTABLE_KINDS)[number];

/**
 * A correction of one recorded fact: either its corrected values (`values`) or a retraction
 * (`values` null: the fact never happened). The fact keeps its recorded instant; the correction
 * has its own, so "as known at K" before it still reads the fact as first recorded.
 */
export interface Correction {
  readonly id: string;
  readonly kind: CorrectableKind;
  /** The fact's id; for statuses and custody records (no id of their own), their stored `seq`. */
  readonly factId: string;
  /**
   * How the evaluator finds the fact among the loaded ones: its id, or for statuses and custody
   * records the key of their values (see compliance/known.ts `factKey`).
   */
  readonly factKey: string;
  /** The device the fact concerns (null for a refusal naming none). */
  readonly deviceId: string | null;
  /** The fact's effective instant as first recorded. */
  readonly effectiveAt: Instant;
  /** The corrected fact's fields (the kind's correctable ones, all of them), or null: retracted. */
  readonly values: Readonly<Record<string, unknown>> | null;
  readonly reason: string;
  readonly recordedBy: string;
  /** When Vigil recorded the correction. */
  readonly recordedAt: Instant;
}
