/**
 * fast-check generators of small random fleets for the evaluator's property tests: device
 * histories on a coarse time grid around T0 (so ties happen), near-compliant devices, and the
 * people and protocols they refer to. Test support only.
 */
import fc from 'fast-check';
import {
  ANDROID_RELEASES,
  compiledProtocol,
  compliantPosture,
  device,
  history,
  IOS_RELEASES,
  inspection,
  person,
  reading,
  sensors,
  strictRole,
  T0,
} from '../../src/core/compliance/test-helpers.ts';
import type { DeviceHistory } from '../../src/core/compliance/types.ts';
import {
  type CustodyRecord,
  DEVICE_ROLES,
  DEVICE_STATUSES,
  INSPECTION_METHODS,
  type Inspection,
  type OsRelease,
  PROVENANCES,
  type Rotation,
  SENSOR_STATES,
  SENSORS,
  type SensorReading,
  type StatusChange,
} from '../../src/core/model.ts';
import type { AppliedConfiguration } from '../../src/core/posture/fields.ts';
import { DAY, HOUR, type Instant } from '../../src/core/time.ts';

// Times on a coarse grid (half days over ~200 days) so equal-time ties happen often.
export const before = fc.integer({ min: 0, max: 400 }).map((k) => T0 - k * 12 * HOUR);
export const after = fc.integer({ min: 1, max: 400 }).map((k) => T0 + k * 12 * HOUR - (k % 2));

const holders = fc.constantFrom<string | null>('p1', 'p2', 's1', 's2', 'ghost', null);
const osVersions = fc.constantFrom<string | null>(
  null,
  '17.7',
  '18.5',
  '18.6',
  '18.6.1',
  '18.6.2',
  '26.0',
  'beta',
);
const patchLevels = fc.constantFrom<string | null>(
  null,
  '2024-12-01',
  '2026-08-01',
  '2026-09-05',
  '2026-11-01',
  'x',
);
const appLists = fc.constantFrom<readonly string[] | null>(
  null,
  [],
  ['com.apple.mobilephone'],
  ['com.apple.mobilephone', 'com.whatsapp'],
  ['org.telegram', 'com.apple.mobilephone', 'org.telegram'],
);
const sensorReading: fc.Arbitrary<SensorReading> = fc.record({
  state: fc.constantFrom(...SENSOR_STATES),
  provenance: fc.constantFrom(...PROVENANCES),
});
const sensorMap = fc.record(
  { camera: sensorReading, microphone: sensorReading, location: sensorReading, bluetooth: sensorReading },
  { requiredKeys: [] },
);

export function historyArb(id: string, time: fc.Arbitrary<Instant>): fc.Arbitrary<DeviceHistory> {
  return fc
    .record({
      platform: fc.constantFrom('ios' as const, 'android' as const),
      role: fc.constantFrom(...DEVICE_ROLES),
      personal: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      issuedAt: fc.option(time, { nil: null }),
      statuses: fc.array(
        fc.record({ status: fc.constantFrom(...DEVICE_STATUSES, 'active', 'active'), at: time }),
        {
          maxLength: 4,
        },
      ),
      custody: fc.array(
        fc.record({ holderId: holders, location: fc.constantFrom(null, 'safe-1'), at: time }),
        {
          maxLength: 3,
        },
      ),
      posture: facts(time),
      inspections: fc.array(fc.record({ at: time, method: fc.constantFrom(...INSPECTION_METHODS) }), {
        maxLength: 3,
      }),
      rotations: fc.array(fc.record({ at: time, newDeviceId: fc.constantFrom(id, 'other', null) }), {
        maxLength: 2,
      }),
    })
    .map((r) => ({
      device: device({
        id,
        platform: r.platform,
        role: r.role,
        ownership: r.personal ? 'personal' : 'issued',
        issuedAt: r.issuedAt,
      }),
      statuses: r.statuses.map(
        (s): StatusChange => ({ deviceId: id, status: s.status, at: s.at, reason: null, recordedAt: s.at }),
      ),
      custody: r.custody.map(
        (c): CustodyRecord => ({ deviceId: id, ...c, recordedBy: 'tech', recordedAt: c.at }),
      ),
      posture: r.posture.map((p, i) => ({ ...p, id: `${id}-r${i}`, deviceId: id })),
      inspections: r.inspections.map(
        (x, i): Inspection => ({
          id: `${id}-i${i}`,
          deviceId: id,
          ...x,
          result: 'clean',
          performedBy: 't',
          notes: null,
          recordedAt: x.at,
        }),
      ),
      rotations: r.rotations.map(
        (x, i): Rotation => ({
          id: `${id}-rot${i}`,
          oldDeviceId: x.newDeviceId === id ? 'older' : id,
          ...x,
          performedBy: 't',
          recordedAt: x.at,
        }),
      ),
    }));
}

function facts(time: fc.Arbitrary<Instant>) {
  return fc.array(
    fc.record({
      observedAt: time,
      receivedAt: time,
      source: fc.constantFrom('mdm', 'csv'),
      osVersion: osVersions,
      osBuild: fc.constant(null),
      patchLevel: patchLevels,
      sensors: sensorMap,
      apps: appLists,
      lockdownMode: fc.constantFrom(null, true, false),
      supervised: fc.constantFrom(null, true),
      applied: fc.constantFrom<AppliedConfiguration | null>(
        null,
        { target: 'apple-ddm', items: [{ id: 'd', token: 'old', state: 'applied' }], compliance: null },
        {
          target: 'amapi',
          items: [{ id: 'policy', token: 'p', state: 'pending' }],
          compliance: 'noncompliant',
        },
      ),
    }),
    { maxLength: 5 },
  );
}

export const PEOPLE = [
  person({ id: 'p1', protocol: 'test-protocol' }),
  person({ id: 'p2', protocol: null }),
  person({ id: 's1', kind: 'staff', protocol: null, principalId: 'p1' }),
  person({ id: 's2', kind: 'staff', protocol: 'partial', principalId: 'p2' }),
];
export const PROTOCOLS = [
  compiledProtocol(),
  compiledProtocol({
    name: 'partial',
    roles: {
      calls: strictRole({ sensors: { disabled: [...SENSORS], cite: [] } }),
      social: strictRole({ rotation: null }),
    },
    severities: { 'sensor.camera': 'critical' },
  }),
];
export const RELEASES: readonly OsRelease[] = [...IOS_RELEASES, ...ANDROID_RELEASES];

/** A device in service that is mostly compliant, with one random deviation at most. */
export function nearCompliantArb(id: string): fc.Arbitrary<DeviceHistory> {
  return fc
    .record({
      issued: fc.integer({ min: 1, max: 60 }),
      reported: fc.integer({ min: 0, max: 10 }),
      inspected: fc.integer({ min: 0, max: 40 }),
      camera: fc.constantFrom(...SENSOR_STATES, 'disabled', 'disabled'),
      osVersion: fc.constantFrom('18.6.2', '18.6.2', '18.6'),
      holder: fc.constantFrom('p1', 's1', 's2'),
      role: fc.constantFrom('calls' as const, 'social' as const),
    })
    .map((r) =>
      history(id, {
        device: { issuedAt: T0 - r.issued * DAY, role: r.role },
        holderId: r.holder,
        posture: [
          compliantPosture({
            id: `${id}-r1`,
            deviceId: id,
            observedAt: T0 - r.reported * DAY,
            osVersion: r.osVersion,
            sensors: { ...sensors('disabled'), camera: reading(r.camera) },
          }),
        ],
        inspections: [inspection({ id: `${id}-i1`, deviceId: id, at: T0 - r.inspected * DAY })],
      }),
    );
}

export function fleetArb(time: fc.Arbitrary<Instant>, size = 4): fc.Arbitrary<DeviceHistory[]> {
  return fc
    .integer({ min: 1, max: size })
    .chain((n) =>
      fc.tuple(
        ...Array.from({ length: n }, (_, i) =>
          fc.oneof(historyArb(`d${i}`, time), nearCompliantArb(`d${i}`)),
        ),
      ),
    );
}
