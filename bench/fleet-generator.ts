/**
 * Deterministic synthetic fleets for benchmarks: N device histories with full posture
 * (several reports each, all four sensors, apps, OS version or patch level, Lockdown Mode),
 * the people who hold them, and one protocol with every section on every role. Mostly
 * compliant, with a realistic share of findings. Same seed, same fleet.
 */

import { sha256Hex } from '../src/core/audit/tlog/tree.ts';
import { compiledProtocol, inForceOf, strictRole } from '../src/core/compliance/test-helpers.ts';
import type { DeviceHistory, EvaluationInput } from '../src/core/compliance/types.ts';
import { expectedApplied } from '../src/core/enforcement/applied.ts';
import type { VulnerabilityIntel } from '../src/core/intel/types.ts';
import type {
  CustodyRecord,
  DeviceRole,
  DeviceStatus,
  Inspection,
  InspectionMethod,
  OsRelease,
  Person,
  Platform,
  PostureReport,
  Rotation,
  Sensor,
  SensorReading,
  StatusChange,
} from '../src/core/model.ts';
import type { AppliedConfiguration } from '../src/core/posture/fields.ts';
import type { CompiledProtocol } from '../src/core/protocol/compiled.ts';
import { type ProtocolDocument, protocolSchema } from '../src/core/protocol/protocol.schema.ts';
import { DAY, HOUR, type Instant } from '../src/core/time.ts';

/** The instant benchmark fleets are evaluated at: 2026-11-18T00:00:00Z. */
export const BENCH_AT: Instant = Date.UTC(2026, 10, 18);

/** mulberry32: a tiny, fast, seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const IOS_VERSIONS: readonly [string, number][] = [
  ['18.0', Date.UTC(2025, 8, 15)],
  ['18.5', Date.UTC(2026, 4, 12)],
  ['18.6', Date.UTC(2026, 6, 29)],
  ['18.6.2', Date.UTC(2026, 7, 20)],
  ['26.0', Date.UTC(2026, 8, 15)],
  ['26.0.1', Date.UTC(2026, 8, 29)],
  ['26.1', Date.UTC(2026, 10, 3)],
];

/**
 * How long after it took effect each fact is recorded (no random draw: the fleet stays the one
 * earlier figures were measured on). Posture reports keep their own one-minute receipt lag.
 */
export const RECORDING_LAG = HOUR;

export const BENCH_RELEASES: readonly OsRelease[] = [
  ...IOS_VERSIONS.map(
    ([version, releasedAt]): OsRelease => ({
      platform: 'ios',
      version,
      build: null,
      releasedAt,
      recordedAt: releasedAt + RECORDING_LAG,
    }),
  ),
  ...Array.from({ length: 12 }, (_, m): OsRelease => {
    const month = 11 + m; // 2025-12 .. 2026-11
    const y = 2025 + Math.floor(month / 12);
    const mm = String((month % 12) + 1).padStart(2, '0');
    return {
      platform: 'android',
      version: `${y}-${mm}-01`,
      build: null,
      releasedAt: Date.UTC(y, month % 12, 5),
      recordedAt: Date.UTC(y, month % 12, 5) + RECORDING_LAG,
    };
  }),
];

const ALLOWED_APPS = [
  'com.apple.mobilephone',
  'com.apple.MobileSMS',
  'com.apple.Preferences',
  'com.google.android.dialer',
  'com.google.android.apps.messaging',
  'com.android.settings',
  'com.twitter.android',
  'com.atebits.Tweetie2',
  'com.nytimes.NYTimes',
  'com.bbc.news',
];

export function benchProtocol(): CompiledProtocol {
  const cite = ['bench'];
  const base = strictRole({
    apps: { allow: new Set(ALLOWED_APPS), cite },
    inspection: { every: 30 * DAY, grace: 3 * DAY, methods: ['forensic-scan', 'mdm-review'], cite },
    os: {
      minVersion: { ios: '18.0', android: '2026-01-01' },
      maxBehindLatest: 21 * DAY,
      lockdownMode: 'required',
      cite,
    },
  });
  return compiledProtocol({
    name: 'bench-protocol',
    roles: {
      calls: base,
      social: { ...base, rotation: { every: 90 * DAY, grace: 7 * DAY, cite } },
      news: { ...base, sensors: { disabled: ['camera', 'microphone', 'location', 'bluetooth'], cite } },
      general: base,
    },
    severities: { 'posture.stale': 'low' },
  });
}

// Shared immutable values: a real fleet has many equal values; sharing them keeps 1M histories in memory.
const OFF: SensorReading = { state: 'disabled', provenance: 'enforced' };
const ON: SensorReading = { state: 'enabled', provenance: 'enforced' };
const ON_ATTESTED: SensorReading = { state: 'enabled', provenance: 'attested' };
const UNKNOWN: SensorReading = { state: 'unknown', provenance: 'reported' };
type Sensors = Readonly<Record<Sensor, SensorReading>>;
const SENSORS_OK: Sensors = { camera: OFF, microphone: OFF, location: OFF, bluetooth: OFF };
const SENSORS_BT: Sensors = { camera: OFF, microphone: OFF, location: OFF, bluetooth: ON };
const SENSORS_CAMERA: Sensors = { camera: ON, microphone: OFF, location: OFF, bluetooth: OFF };
const SENSORS_MIC: Sensors = { camera: OFF, microphone: ON_ATTESTED, location: OFF, bluetooth: OFF };
const SENSORS_UNKNOWN: Sensors = { camera: OFF, microphone: OFF, location: UNKNOWN, bluetooth: OFF };
const APPS_IOS = [
  'com.apple.mobilephone',
  'com.apple.MobileSMS',
  'com.apple.Preferences',
  'com.nytimes.NYTimes',
];
const APPS_ANDROID = [
  'com.google.android.dialer',
  'com.google.android.apps.messaging',
  'com.android.settings',
];
const APPS_IOS_BAD = [...APPS_IOS, 'ph.telegra.Telegraph'];
const APPS_ANDROID_BAD = [...APPS_ANDROID, 'com.whatsapp', 'org.telegram.messenger'];
const ROLES: readonly DeviceRole[] = [
  'calls',
  'calls',
  'calls',
  'calls',
  'social',
  'social',
  'social',
  'news',
  'news',
  'general',
];
const SOURCES = ['intune', 'jamf', 'apple-mdm'];

export interface GeneratedFleet {
  readonly input: EvaluationInput;
  readonly people: number;
}

export interface FleetOptions {
  /**
   * Every posture report also says which configuration the MDM applied (Apple DDM status on iOS,
   * the Android policy on Android), as compiled from the protocol's document for the device's
   * role; 2% of the devices run another version's. Off: no applied state (`config.drift` has
   * nothing to check), the fleet earlier figures were measured on. The other draws are the same
   * either way (the applied state has its own random stream).
   */
  readonly applied?: boolean;
  /**
   * Known-exploited vulnerabilities (`input.intel`: fixed in iOS 26.1 and the 2026-10-01 patch
   * level, so the devices behind are exposed) and a failed latest check on one device in 500,
   * so `os.exploited` and `inspection.failed` find something. Takes no random draw: the other
   * draws are the same either way.
   */
  readonly exposed?: boolean;
}

/** The known-exploited fixes of `FleetOptions.exposed`. */
const BENCH_INTEL: VulnerabilityIntel = {
  fixes: [
    { platform: 'ios', version: '26.1', cveId: 'CVE-2026-1001', exploited: true },
    { platform: 'android', version: '2026-10-01', cveId: 'CVE-2026-1002', exploited: true },
  ].map((f) => {
    const release = BENCH_RELEASES.find((r) => r.platform === f.platform && r.version === f.version);
    const releasedAt = release?.releasedAt ?? 0;
    return { ...f, platform: f.platform as Platform, releasedAt, recordedAt: releasedAt };
  }),
  kev: [],
};

/** A protocol document with something to apply on every role, for the applied state. */
function appliedDocument(version: string): ProtocolDocument {
  const role = { sensors: { camera: 'disabled' }, controls: { passcode: { minLength: 6 } } };
  return protocolSchema.parse({
    apiVersion: 'vigil/v1',
    kind: 'Protocol',
    metadata: { name: 'bench-protocol', title: 'Bench protocol', version, extends: null },
    roles: { calls: role, social: role, news: role, general: role },
  });
}

/** What the MDM of a device of `role` on `platform` echoes, shared by the devices alike. */
function appliedConfigurations(
  doc: ProtocolDocument,
): (platform: Platform, role: DeviceRole) => AppliedConfiguration {
  const cache = new Map<string, AppliedConfiguration>();
  return (platform, role) => {
    const target = platform === 'ios' ? 'apple-ddm' : 'amapi';
    const key = `${target}/${role}`;
    let c = cache.get(key);
    if (c === undefined) {
      c = {
        target,
        compliance: null,
        items: expectedApplied(doc, role, target, platform, sha256Hex).map((e) => ({
          ...e,
          state: 'applied' as const,
        })),
      };
      cache.set(key, c);
    }
    return c;
  };
}

/** Generates `n` device histories (and their people and protocol) from `seed`. */
export function generateFleet(n: number, seed = 1, options: FleetOptions = {}): GeneratedFleet {
  const rnd = mulberry32(seed);
  const appliedRnd = mulberry32(seed ^ 0x5eed);
  const document = options.applied === true ? appliedDocument('2026.1') : null;
  const current = document === null ? null : appliedConfigurations(document);
  const previous = document === null ? null : appliedConfigurations(appliedDocument('2025.1'));
  const at = BENCH_AT;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const chance = (p: number) => rnd() < p;

  // One principal per ~40 devices; staff hold most devices and inherit the principal's protocol.
  const people = new Map<string, Person>();
  const principals = Math.max(1, Math.ceil(n / 40));
  for (let i = 0; i < principals; i++) {
    const id = `pr-${i}`;
    people.set(id, {
      id,
      name: `Principal ${i}`,
      kind: 'principal',
      protocol: 'bench-protocol',
      principalId: null,
      email: null,
      since: at - 800 * DAY,
      createdAt: at - 800 * DAY,
    });
  }
  const staff = Math.max(1, Math.ceil(n / 3));
  for (let i = 0; i < staff; i++) {
    const id = `st-${i}`;
    people.set(id, {
      id,
      name: `Staff ${i}`,
      kind: 'staff',
      protocol: null,
      principalId: `pr-${i % principals}`,
      email: null,
      since: at - 700 * DAY,
      createdAt: at - 700 * DAY,
    });
  }

  const devices: DeviceHistory[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const id = `dev-${i}`;
    const platform: Platform = chance(0.65) ? 'ios' : 'android';
    const role = pick(ROLES);
    const personal = chance(0.03);
    const holderId = chance(0.1) ? `pr-${i % principals}` : `st-${i % staff}`;
    // Service period: usually within the rotation period; a few overdue swaps.
    const issuedAt = at - (chance(0.03) ? 40 + rnd() * 40 : 1 + rnd() * 29) * DAY;
    const statuses: StatusChange[] = [
      {
        deviceId: id,
        status: 'staged',
        at: issuedAt - 2 * DAY,
        reason: null,
        recordedAt: issuedAt - 2 * DAY + RECORDING_LAG,
      },
      { deviceId: id, status: 'active', at: issuedAt, reason: null, recordedAt: issuedAt + RECORDING_LAG },
    ];
    if (chance(0.03)) {
      const changedAt = at - rnd() * DAY;
      statuses.push({
        deviceId: id,
        status: pick<DeviceStatus>(['retired', 'quarantined']),
        at: changedAt,
        reason: 'bench',
        recordedAt: changedAt + RECORDING_LAG,
      });
    }
    const custody: CustodyRecord[] = [
      {
        deviceId: id,
        holderId: null,
        location: 'store-1',
        at: issuedAt - 2 * DAY,
        recordedBy: 'tech-1',
        recordedAt: issuedAt - 2 * DAY + RECORDING_LAG,
      },
      {
        deviceId: id,
        holderId: chance(0.002) ? null : holderId,
        location: null,
        at: issuedAt,
        recordedBy: 'tech-1',
        recordedAt: issuedAt + RECORDING_LAG,
      },
    ];

    // Posture: 4-6 reports over the last days; a few devices stopped reporting.
    const stale = chance(0.02);
    const reports = 4 + Math.floor(rnd() * 3);
    const ios = platform === 'ios';
    const behind = chance(0.04);
    const osVersion = ios ? (behind ? pick(['18.5', '18.6.2', '26.0']) : '26.1') : pick(['15', '16']);
    const patchLevel = ios
      ? null
      : behind
        ? pick(['2026-06-01', '2026-08-01', '2025-12-01'])
        : pick(['2026-10-01', '2026-11-01']);
    const sensorFault = rnd();
    const sensorsLatest: Sensors =
      sensorFault < 0.015
        ? SENSORS_CAMERA
        : sensorFault < 0.025
          ? SENSORS_MIC
          : sensorFault < 0.035
            ? SENSORS_UNKNOWN
            : role === 'news'
              ? SENSORS_OK
              : SENSORS_BT;
    const apps = ios
      ? chance(0.03)
        ? APPS_IOS_BAD
        : APPS_IOS
      : chance(0.03)
        ? APPS_ANDROID_BAD
        : APPS_ANDROID;
    const lockdownMode = ios ? !chance(0.02) : null;
    const source = pick(SOURCES);
    const appliedNow =
      current === null || previous === null
        ? null
        : (appliedRnd() < 0.02 ? previous : current)(platform, role);
    const posture: PostureReport[] = new Array(reports);
    const newest = at - (stale ? 9 + rnd() * 20 : rnd() * 2) * DAY;
    for (let r = 0; r < reports; r++) {
      const observedAt = Math.floor(newest - r * (12 + rnd() * 12) * HOUR);
      posture[r] = {
        id: `${id}-p${r}`,
        deviceId: id,
        observedAt,
        receivedAt: observedAt + 60_000,
        source,
        osVersion,
        osBuild: null,
        patchLevel,
        sensors: r === 0 ? sensorsLatest : role === 'news' ? SENSORS_OK : SENSORS_BT,
        apps,
        lockdownMode,
        supervised: true,
        applied: appliedNow,
      };
    }
    // Posture arrays arrive in any order: shuffle a few.
    if (chance(0.3)) posture.reverse();

    const inspections: Inspection[] = [];
    const overdueCheck = chance(0.03);
    const lastCheck = at - (overdueCheck ? 35 + rnd() * 120 : rnd() * 28) * DAY;
    const checks = 2 + Math.floor(rnd() * 2);
    for (let k = 0; k < checks; k++) {
      const checkedAt = lastCheck - k * 30 * DAY;
      inspections.push({
        id: `${id}-i${k}`,
        deviceId: id,
        at: checkedAt,
        recordedAt: checkedAt + RECORDING_LAG,
        method: pick<InspectionMethod>(['forensic-scan', 'forensic-scan', 'mdm-review']),
        result: options.exposed === true && k === 0 && i % 500 === 7 ? 'suspicious' : 'clean',
        performedBy: 'tech-1',
        notes: null,
      });
    }
    const rotations: Rotation[] = chance(0.3)
      ? [
          {
            id: `${id}-rot`,
            oldDeviceId: `old-${i}`,
            newDeviceId: id,
            at: issuedAt,
            performedBy: 'tech-1',
            recordedAt: issuedAt + RECORDING_LAG,
          },
        ]
      : [];
    devices[i] = {
      device: {
        id,
        serial: `SN${i}`,
        imei: null,
        platform,
        model: ios ? 'iPhone 16' : 'Pixel 9',
        ownership: personal ? 'personal' : 'issued',
        role,
        issuedAt,
        createdAt: issuedAt - 10 * DAY,
      },
      custody,
      statuses,
      posture,
      inspections,
      rotations,
    };
  }
  const protocol = document === null ? benchProtocol() : { ...benchProtocol(), document };
  return {
    input: {
      at,
      devices,
      inForce: inForceOf(people.values(), [protocol], at),
      releases: BENCH_RELEASES,
      ...(options.exposed === true ? { intel: BENCH_INTEL } : {}),
    },
    people: people.size,
  };
}
