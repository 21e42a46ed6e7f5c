/**
 * Builders for compliance tests and benchmarks: compiled protocols and device histories
 * with sensible defaults, so a test states only what it is about. Pure data, no I/O.
 */

import type { PushedToken } from '../enforcement/pushed.ts';
import type {
  Acknowledgement,
  CustodyRecord,
  Detection,
  Device,
  Finding,
  Inspection,
  OsRelease,
  Person,
  PostureReport,
  Refusal,
  Rotation,
  Sensor,
  SensorReading,
  SensorState,
  StatusChange,
  Waiver,
} from '../model.ts';
import { examplePosture, noPosture } from '../posture/fields.ts';
import type { CompiledProtocol, CompiledRole } from '../protocol/compiled.ts';
import { DAY, type Instant } from '../time.ts';
import { evaluateFleet } from './evaluate.ts';
import { type InForce, inForceAt } from './in-force.ts';
import {
  type DeviceHistory,
  type EvaluationInput,
  type LifecycleFacts,
  NO_LIFECYCLE_FACTS,
} from './types.ts';

/** 2026-11-18T00:00:00Z, the instant most tests evaluate at. */
export const T0: Instant = Date.UTC(2026, 10, 18);

/** A role with no requirements at all; pass the sections a test is about. */
export function compiledRole(sections: Partial<CompiledRole> = {}): CompiledRole {
  return {
    rotation: null,
    inspection: null,
    sensors: null,
    apps: null,
    os: null,
    posture: null,
    ...sections,
  };
}

/** Every section, like the strict-30day baseline: 30-day swaps and checks, sensors off, Lockdown Mode. */
export function strictRole(sections: Partial<CompiledRole> = {}): CompiledRole {
  return compiledRole({
    rotation: { every: 30 * DAY, grace: 3 * DAY, cite: ['test'] },
    inspection: { every: 30 * DAY, grace: 3 * DAY, methods: [], cite: ['test'] },
    sensors: { disabled: ['camera', 'microphone', 'location'], cite: ['test'] },
    apps: { allow: new Set(['com.apple.mobilephone', 'com.android.dialer']), cite: ['test'] },
    os: {
      minVersion: { ios: '18.0', android: '2025-01-01' },
      maxBehindLatest: 14 * DAY,
      lockdownMode: 'required',
      cite: ['test'],
    },
    posture: { maxAge: 7 * DAY, cite: ['test'] },
    ...sections,
  });
}

export interface ProtocolOptions {
  readonly name?: string;
  readonly version?: string;
  readonly roles?: CompiledProtocol['roles'];
  readonly severities?: CompiledProtocol['severities'];
}

/** A compiled protocol; by default every role gets `strictRole()`. */
export function compiledProtocol(options: ProtocolOptions = {}): CompiledProtocol {
  const name = options.name ?? 'test-protocol';
  const version = options.version ?? '2026.1';
  const role = strictRole();
  return {
    name,
    title: `Test protocol ${name}`,
    version,
    roles: options.roles ?? { calls: role, social: role, news: role, general: role },
    facilities: [],
    waivers: null,
    severities: options.severities ?? {},
    changes: { approval: 'none' },
    document: {
      apiVersion: 'vigil/v1',
      kind: 'Protocol',
      metadata: { name, title: `Test protocol ${name}`, version },
    },
  };
}

/** A person recorded 400 days before T0; `since` defaults to when they were recorded. */
export function person(fields: Partial<Person> & { readonly id: string }): Person {
  const createdAt = fields.createdAt ?? T0 - 400 * DAY;
  return {
    name: `Person ${fields.id}`,
    kind: 'principal',
    protocol: 'test-protocol',
    principalId: null,
    email: null,
    since: createdAt,
    createdAt,
    ...fields,
  };
}

/**
 * What is in force at `at` for people whose `protocol` field is theirs from the start (an
 * assignment from their since), with these compiled protocols in force.
 */
export function inForceOf(
  people: Iterable<Person>,
  protocols: Iterable<CompiledProtocol>,
  at: Instant = T0,
  whatIf?: string,
  knownAt?: Instant,
): InForce {
  const list = [...people];
  return inForceAt({
    at,
    people: list,
    assignments: list.map((p) => ({ personId: p.id, protocol: p.protocol, at: p.since })),
    protocols: new Map([...protocols].map((p) => [p.name, p])),
    ...(whatIf === undefined ? {} : { whatIf }),
    ...(knownAt === undefined ? {} : { knownAt }),
  });
}

export function device(fields: Partial<Device> & { readonly id: string }): Device {
  return {
    serial: `SN-${fields.id}`,
    imei: null,
    platform: 'ios',
    model: 'iPhone 16',
    ownership: 'issued',
    role: 'calls',
    issuedAt: T0 - 10 * DAY,
    createdAt: T0 - 400 * DAY,
    ...fields,
  };
}

export function reading(
  state: SensorState,
  provenance: SensorReading['provenance'] = 'enforced',
): SensorReading {
  return { state, provenance };
}

/** All four sensors in one state. */
export function sensors(state: SensorState, provenance: SensorReading['provenance'] = 'enforced') {
  const r = reading(state, provenance);
  return { camera: r, microphone: r, location: r, bluetooth: r } satisfies Record<Sensor, SensorReading>;
}

export function posture(
  fields: Partial<PostureReport> & { readonly id: string; readonly deviceId: string },
): PostureReport {
  const observedAt = fields.observedAt ?? T0 - DAY;
  return {
    observedAt,
    receivedAt: observedAt,
    source: 'test-mdm',
    ...noPosture(),
    ...fields,
  };
}

/** A posture report that satisfies `strictRole()` on an iPhone (iOS 18.6.2 unless told). */
export function compliantPosture(
  fields: Partial<PostureReport> & { readonly id: string; readonly deviceId: string },
): PostureReport {
  return posture({ ...examplePosture(), ...fields });
}

export function status(
  deviceId: string,
  s: StatusChange['status'],
  at: Instant,
  reason: string | null = null,
  recordedAt: Instant = at,
): StatusChange {
  return { deviceId, status: s, at, reason, recordedAt };
}

export function custody(
  deviceId: string,
  holderId: string | null,
  at: Instant,
  location: string | null = null,
  recordedAt: Instant = at,
): CustodyRecord {
  return { deviceId, holderId, location, at, recordedBy: 'tech-1', recordedAt };
}

export function inspection(
  fields: Partial<Inspection> & { readonly id: string; readonly deviceId: string },
): Inspection {
  const at = fields.at ?? T0 - DAY;
  return {
    at,
    method: 'forensic-scan',
    result: 'clean',
    performedBy: 'tech-1',
    notes: null,
    ...fields,
    recordedAt: fields.recordedAt ?? at,
  };
}

export function rotation(
  fields: Partial<Rotation> & { readonly id: string; readonly oldDeviceId: string },
): Rotation {
  const at = fields.at ?? T0 - DAY;
  return { newDeviceId: null, at, performedBy: 'tech-1', ...fields, recordedAt: fields.recordedAt ?? at };
}

export interface HistoryOptions {
  readonly device?: Partial<Device>;
  readonly holderId?: string | null;
  readonly custody?: readonly CustodyRecord[];
  readonly statuses?: readonly StatusChange[];
  readonly posture?: readonly PostureReport[];
  readonly inspections?: readonly Inspection[];
  readonly rotations?: readonly Rotation[];
}

/**
 * A device in service: issued (and made active) 10 days before T0, held by `holderId`
 * (default `p1`), with one compliant posture report and one clean forensic scan a day before
 * T0, unless the options say otherwise.
 */
export function history(id: string, options: HistoryOptions = {}): DeviceHistory {
  const d = device({ id, ...options.device });
  const start = d.issuedAt ?? T0 - 10 * DAY;
  return {
    device: d,
    custody: options.custody ?? [
      custody(id, options.holderId === undefined ? 'p1' : options.holderId, start),
    ],
    statuses: options.statuses ?? [status(id, 'active', start)],
    posture: options.posture ?? [compliantPosture({ id: `${id}-r1`, deviceId: id })],
    inspections: options.inspections ?? [inspection({ id: `${id}-i1`, deviceId: id })],
    rotations: options.rotations ?? [],
  };
}

export const IOS_RELEASES: readonly OsRelease[] = [
  {
    platform: 'ios',
    version: '18.0',
    build: '22A3354',
    releasedAt: Date.UTC(2025, 8, 16),
    recordedAt: Date.UTC(2025, 8, 16),
  },
  {
    platform: 'ios',
    version: '18.5',
    build: '22F76',
    releasedAt: Date.UTC(2026, 4, 12),
    recordedAt: Date.UTC(2026, 4, 12),
  },
  {
    platform: 'ios',
    version: '18.6',
    build: '22G86',
    releasedAt: Date.UTC(2026, 6, 29),
    recordedAt: Date.UTC(2026, 6, 29),
  },
  {
    platform: 'ios',
    version: '18.6.2',
    build: '22G100',
    releasedAt: Date.UTC(2026, 7, 20),
    recordedAt: Date.UTC(2026, 7, 20),
  },
];

export const ANDROID_RELEASES: readonly OsRelease[] = [
  {
    platform: 'android',
    version: '2026-08-01',
    build: null,
    releasedAt: Date.UTC(2026, 7, 4),
    recordedAt: Date.UTC(2026, 7, 4),
  },
  {
    platform: 'android',
    version: '2026-09-01',
    build: null,
    releasedAt: Date.UTC(2026, 8, 2),
    recordedAt: Date.UTC(2026, 8, 2),
  },
  {
    platform: 'android',
    version: '2026-10-01',
    build: null,
    releasedAt: Date.UTC(2026, 9, 6),
    recordedAt: Date.UTC(2026, 9, 6),
  },
  {
    platform: 'android',
    version: '2026-11-01',
    build: null,
    releasedAt: Date.UTC(2026, 10, 3),
    recordedAt: Date.UTC(2026, 10, 3),
  },
];

export interface InputOptions {
  readonly at?: Instant;
  readonly people?: readonly Person[];
  readonly protocols?: readonly CompiledProtocol[];
  readonly releases?: readonly OsRelease[];
  readonly protocolOverride?: string;
  /** As known at this instant (the input's `knownAt`, and what is in force as known then). */
  readonly knownAt?: Instant;
  readonly pushes?: readonly PushedToken[];
}

/** An evaluation input: person `p1` on `test-protocol` (strict on every role) unless told otherwise. */
export function evaluationInput(
  devices: readonly DeviceHistory[],
  options: InputOptions = {},
): EvaluationInput {
  const people = options.people ?? [person({ id: 'p1' })];
  const protocols = options.protocols ?? [compiledProtocol()];
  const at = options.at ?? T0;
  return {
    at,
    devices,
    inForce: inForceOf(people, protocols, at, options.protocolOverride, options.knownAt),
    ...(options.knownAt === undefined ? {} : { knownAt: options.knownAt }),
    releases: options.releases ?? [...IOS_RELEASES, ...ANDROID_RELEASES],
    ...(options.pushes === undefined ? {} : { pushes: options.pushes }),
  };
}

/** The findings of one rule when `devices` are evaluated (the whole evaluator runs, so the wiring is covered too). */
export function findingsOf(
  rule: string,
  devices: readonly DeviceHistory[],
  options: InputOptions = {},
): Finding[] {
  return evaluateFleet(evaluationInput(devices, options)).findings.filter((f) => f.rule === rule);
}

/** The one finding of `rule`; throws (failing the test) when there is none or more than one. */
export function onlyFindingOf(
  rule: string,
  devices: readonly DeviceHistory[],
  options: InputOptions = {},
): Finding {
  const found = findingsOf(rule, devices, options);
  const [first] = found;
  if (found.length !== 1 || first === undefined) {
    throw new Error(`expected exactly one ${rule} finding, got ${String(found.length)}`);
  }
  return first;
}

/** Device `d1` (issued 20 days before T0) with these posture reports. */
export function withPosture(...reports: PostureReport[]): DeviceHistory {
  return history('d1', { device: { issuedAt: T0 - 20 * DAY }, posture: reports });
}

/** Evaluates `devices` with these lifecycle facts (refusals, waivers, incidents, ...) at `at`. */
export function evaluateWithFacts(
  devices: readonly DeviceHistory[],
  facts: Partial<LifecycleFacts>,
  at: Instant = T0,
) {
  return evaluateFleet({
    ...evaluationInput(devices, { at }),
    lifecycle: { ...NO_LIFECYCLE_FACTS, ...facts },
  });
}

/** The findings of one rule among `findings`. */
export const ofRule = (rule: string, findings: readonly Finding[]): Finding[] =>
  findings.filter((f) => f.rule === rule);

/** A swap of `d1` declined by `p1` five days before T0. */
export const refusal = (fields: Partial<Refusal> = {}): Refusal => ({
  id: 'ref1',
  personId: 'p1',
  deviceId: 'd1',
  action: 'swap',
  rule: 'rotation.overdue',
  at: T0 - 5 * DAY,
  reason: 'inconvenient',
  recordedBy: 'token:tech',
  ...fields,
  recordedAt: fields.recordedAt ?? fields.at ?? T0 - 5 * DAY,
});

/** An approved waiver of rotation.overdue on `d1`, in force from 20 days before T0 to 10 days after. */
export const waiver = (fields: Partial<Waiver> = {}): Waiver => ({
  id: 'wv1',
  rule: 'rotation.overdue',
  scope: { deviceId: 'd1' },
  reason: 'travel',
  risk: 'older device',
  requestedBy: 'token:tech',
  requestedAt: T0 - 20 * DAY,
  approvedBy: 'token:officer',
  approvedAt: T0 - 19 * DAY,
  startsAt: T0 - 20 * DAY,
  expiresAt: T0 + 10 * DAY,
  endedAt: null,
  ...fields,
  // Each transition recorded when it took effect, unless the fields say otherwise.
  recordedAt: fields.recordedAt ?? fields.requestedAt ?? T0 - 20 * DAY,
  approvalRecordedAt:
    fields.approvalRecordedAt !== undefined
      ? fields.approvalRecordedAt
      : fields.approvedAt !== undefined
        ? fields.approvedAt
        : T0 - 19 * DAY,
  endRecordedAt: fields.endRecordedAt !== undefined ? fields.endRecordedAt : (fields.endedAt ?? null),
});

/**
 * A facility office for the person-level rules: protocol `office@2026.1` with a main building that
 * bans personal devices and requires acknowledgement; the principal `pm`, staff `aide` (with a
 * personal phone) and staff `late` (created after T0).
 */
export const facilityOffice = (() => {
  const building = {
    id: 'main-building',
    title: 'Main building',
    personalDevices: 'banned' as const,
    acknowledgement: 'required' as const,
    policyVersion: null,
  };
  const office = { ...compiledProtocol({ name: 'office', version: '2026.1' }), facilities: [building] };
  const people = new Map(
    [
      person({ id: 'pm', protocol: 'office' }),
      person({ id: 'aide', kind: 'staff', protocol: null, principalId: 'pm' }),
      person({
        id: 'late',
        kind: 'staff',
        protocol: null,
        principalId: 'pm',
        since: T0 + DAY,
        createdAt: T0 + DAY,
      }),
    ].map((p) => [p.id, p]),
  );
  const personal = history('aide-phone', {
    device: { ownership: 'personal', role: 'general' },
    holderId: 'aide',
  });
  const issued = history('pm-calls', { holderId: 'pm' });
  return { office, people, devices: [personal, issued] };
})();

/** `personId`'s acknowledgement of the main building's policy, ten days before T0. */
export const acknowledgement = (personId: string, policyVersion = 'office@2026.1'): Acknowledgement => ({
  personId,
  facility: 'main-building',
  policyVersion,
  at: T0 - 10 * DAY,
  recordedAt: T0 - 10 * DAY,
});

/** A detection of `identifier` at the main building's gate, `daysAgo` days before T0. */
export const detection = (
  id: string,
  identifier: string,
  daysAgo: number,
  deviceId: string | null,
  personId: string | null,
): Detection => ({
  id,
  facility: 'main-building',
  at: T0 - daysAgo * DAY,
  identifier,
  deviceId,
  personId,
  source: 'gate-1',
  recordedAt: T0 - daysAgo * DAY,
});

/** Evaluates the facility office with these detections and acknowledgements (and an optional what-if protocol). */
export function evaluateFacilityOffice(
  detections: Detection[],
  acknowledgements: Acknowledgement[],
  override?: string,
) {
  return evaluateFleet({
    at: T0,
    devices: facilityOffice.devices,
    inForce: inForceOf(
      facilityOffice.people.values(),
      [facilityOffice.office, { ...compiledProtocol({ name: 'other' }), facilities: [] }],
      T0,
      override,
    ),
    releases: [],
    lifecycle: { ...NO_LIFECYCLE_FACTS, detections, acknowledgements },
  });
}

/** Device `d1` with its camera and bluetooth on: under the strict role, sensor.camera is its only finding. */
export const cameraOn = history('d1', {
  posture: [
    compliantPosture({
      id: 'r',
      deviceId: 'd1',
      sensors: { ...sensors('disabled'), bluetooth: reading('enabled'), camera: reading('enabled') },
    }),
  ],
});
