/**
 * The state of one device as of one instant, read from its append-only history.
 *
 * `snapshotAt` is the evaluator's hot path (it runs once per device, for fleets of a million):
 * one pass over each history array, no sorting, no closures, and it never relies on the order
 * of the arrays. Facts later than the instant are ignored. Ties on equal times are broken
 * deterministically (by id where the record has one, otherwise by the record's content), so
 * the snapshot is a function of the set of facts, not of the order they were recorded in.
 */
import type {
  CustodyRecord,
  DeviceStatus,
  Inspection,
  PostureReport,
  Provenance,
  Rotation,
  Sensor,
  SensorState,
  StatusChange,
} from '../model.ts';
import type { Instant } from '../time.ts';
import type { DeviceHistory } from './types.ts';

/** One posture field as last observed: its value and how it is known. */
export interface Observed<T> {
  readonly value: T;
  readonly observedAt: Instant;
  /** The posture source (MDM connector, CSV import, a technician) that reported it. */
  readonly source: string;
  readonly reportId: string;
  /** For sensors, the reading's provenance; other fields are `reported` by their source. */
  readonly provenance: Provenance;
}

/**
 * For each posture field, the latest report (observedAt at or before the instant; ties by id)
 * that states it. The value, `observedAt`, `source` and (for sensors) the reading's provenance
 * are read from that report. Rules read these: holding the report instead of copying its
 * fields keeps the snapshot to two allocations per device (none in the evaluator, which
 * refills one snapshot for every device: see `fillSnapshot`).
 */
export interface LatestReports {
  /** The latest report of any kind. */
  readonly any: PostureReport | null;
  readonly osVersion: PostureReport | null;
  readonly osBuild: PostureReport | null;
  readonly patchLevel: PostureReport | null;
  readonly apps: PostureReport | null;
  readonly lockdownMode: PostureReport | null;
  readonly supervised: PostureReport | null;
  readonly camera: PostureReport | null;
  readonly microphone: PostureReport | null;
  readonly location: PostureReport | null;
  readonly bluetooth: PostureReport | null;
}

export interface DeviceSnapshot {
  readonly at: Instant;
  /** The facts behind the snapshot, for rules that need more than the latest value (run starts). */
  readonly history: DeviceHistory;
  readonly status: DeviceStatus | null;
  readonly statusSince: Instant | null;
  /** The custody record in force (holder and location), in force since its `at`. */
  readonly custody: CustodyRecord | null;
  /**
   * Start of the current service period: the latest of the device's issue, a rotation that
   * brought it into service, and its latest transition into `active`. Null if none yet.
   */
  readonly inServiceSince: Instant | null;
  /** The latest inspection of any method (qualifying methods are the rule's business). */
  readonly lastInspection: Inspection | null;
  /** When the latest posture report of any kind was observed. */
  readonly latestPostureAt: Instant | null;
  /** The latest report per posture field (what rules read; no allocation). */
  readonly posture: LatestReports;
  // Convenience views for display (API, reports). Each access allocates: not for hot paths.
  readonly osVersion: Observed<string> | null;
  readonly osBuild: Observed<string> | null;
  readonly patchLevel: Observed<string> | null;
  readonly sensors: Readonly<Record<Sensor, Observed<SensorState> | null>>;
  readonly apps: Observed<readonly string[]> | null;
  readonly lockdownMode: Observed<boolean> | null;
  readonly supervised: Observed<boolean> | null;
}

function observed<T>(value: T, r: PostureReport, provenance: Provenance): Observed<T> {
  return { value, observedAt: r.observedAt, source: r.source, reportId: r.id, provenance };
}

function observedField<T>(r: PostureReport | null, value: T | null | undefined): Observed<T> | null {
  return r === null || value === null || value === undefined ? null : observed(value, r, 'reported');
}

function observedSensor(r: PostureReport | null, sensor: Sensor): Observed<SensorState> | null {
  const reading = r === null ? undefined : r.sensors[sensor];
  return r === null || reading === undefined ? null : observed(reading.state, r, reading.provenance);
}

/** A placeholder history for a snapshot not filled yet. */
const EMPTY_HISTORY: DeviceHistory = {
  device: {
    id: '',
    serial: '',
    imei: null,
    platform: 'ios',
    model: '',
    ownership: 'issued',
    role: 'general',
    issuedAt: null,
    createdAt: 0,
  },
  custody: [],
  statuses: [],
  posture: [],
  inspections: [],
  rotations: [],
};

/**
 * The per-field latest reports. Mutable (the interface is read-only) so that `fillSnapshot`
 * can refill one instance per device instead of allocating one.
 */
class Posture implements LatestReports {
  any: PostureReport | null = null;
  osVersion: PostureReport | null = null;
  osBuild: PostureReport | null = null;
  patchLevel: PostureReport | null = null;
  apps: PostureReport | null = null;
  lockdownMode: PostureReport | null = null;
  supervised: PostureReport | null = null;
  camera: PostureReport | null = null;
  microphone: PostureReport | null = null;
  location: PostureReport | null = null;
  bluetooth: PostureReport | null = null;
}

/**
 * A snapshot that `fillSnapshot` can refill in place. The evaluator keeps one per evaluation
 * and refills it for each device (rules read it during `evaluate` and never retain it), which
 * spares two allocations per device; `snapshotAt` returns a fresh one.
 */
export class Snapshot implements DeviceSnapshot {
  at: Instant = 0;
  history: DeviceHistory = EMPTY_HISTORY;
  status: DeviceStatus | null = null;
  custody: CustodyRecord | null = null;
  lastInspection: Inspection | null = null;
  readonly posture: Posture = new Posture();
  // The nullable instants are kept as plain numbers (NaN for null) behind getters: a field that
  // may hold null stores a number boxed, so each refill would allocate one heap number per
  // instant, per device (tens of megabytes of garbage over a million devices).
  statusSinceOrNaN: number = Number.NaN;
  inServiceSinceOrNaN: number = Number.NaN;
  latestPostureAtOrNaN: number = Number.NaN;

  get statusSince(): Instant | null {
    const t = this.statusSinceOrNaN;
    return Number.isNaN(t) ? null : t;
  }
  get inServiceSince(): Instant | null {
    const t = this.inServiceSinceOrNaN;
    return Number.isNaN(t) ? null : t;
  }
  get latestPostureAt(): Instant | null {
    const t = this.latestPostureAtOrNaN;
    return Number.isNaN(t) ? null : t;
  }

  get osVersion(): Observed<string> | null {
    return observedField(this.posture.osVersion, this.posture.osVersion?.osVersion);
  }
  get osBuild(): Observed<string> | null {
    return observedField(this.posture.osBuild, this.posture.osBuild?.osBuild);
  }
  get patchLevel(): Observed<string> | null {
    return observedField(this.posture.patchLevel, this.posture.patchLevel?.patchLevel);
  }
  get apps(): Observed<readonly string[]> | null {
    return observedField(this.posture.apps, this.posture.apps?.apps);
  }
  get lockdownMode(): Observed<boolean> | null {
    return observedField(this.posture.lockdownMode, this.posture.lockdownMode?.lockdownMode);
  }
  get supervised(): Observed<boolean> | null {
    return observedField(this.posture.supervised, this.posture.supervised?.supervised);
  }
  get sensors(): Readonly<Record<Sensor, Observed<SensorState> | null>> {
    const p = this.posture;
    return {
      camera: observedSensor(p.camera, 'camera'),
      microphone: observedSensor(p.microphone, 'microphone'),
      location: observedSensor(p.location, 'location'),
      bluetooth: observedSensor(p.bluetooth, 'bluetooth'),
    };
  }
}

const STATUS_RANK: Readonly<Record<DeviceStatus, number>> = {
  staged: 0,
  active: 1,
  quarantined: 2,
  retired: 3,
  wiped: 4,
};

/** True when posture report `a` is later than `b` (ties by id, then source). */
export function laterReport(a: PostureReport, b: PostureReport): boolean {
  if (a.observedAt !== b.observedAt) return a.observedAt > b.observedAt;
  if (a.id !== b.id) return a.id > b.id;
  return a.source > b.source;
}

/** True when status change `a` takes effect after `b`; at equal times the later lifecycle stage wins. */
function laterStatus(a: StatusChange, b: StatusChange): boolean {
  if (a.at !== b.at) return a.at > b.at;
  const ra = STATUS_RANK[a.status];
  const rb = STATUS_RANK[b.status];
  if (ra !== rb) return ra > rb;
  return (a.reason ?? '') > (b.reason ?? '');
}

function laterCustody(a: CustodyRecord, b: CustodyRecord): boolean {
  if (a.at !== b.at) return a.at > b.at;
  const ha = a.holderId ?? '';
  const hb = b.holderId ?? '';
  if (ha !== hb) return ha > hb;
  const la = a.location ?? '';
  const lb = b.location ?? '';
  if (la !== lb) return la > lb;
  return a.recordedBy > b.recordedBy;
}

/** True when inspection `a` is later than `b` (ties by id). */
export function laterInspection(a: Inspection, b: Inspection): boolean {
  if (a.at !== b.at) return a.at > b.at;
  return a.id > b.id;
}

export function snapshotAt(history: DeviceHistory, at: Instant): DeviceSnapshot {
  const snapshot = new Snapshot();
  fillSnapshot(snapshot, history, at);
  return snapshot;
}

/** Fills `target` with the snapshot of `history` as of `at` (what `snapshotAt` returns). */
export function fillSnapshot(target: Snapshot, history: DeviceHistory, at: Instant): void {
  const device = history.device;
  // Indexed loops rather than for-of throughout: V8 does not always optimize the iterator
  // away here, and then each step allocates (hundreds of bytes per device at fleet scale).
  const { statuses, rotations, custody: custodies, inspections } = history;

  // Status: the latest change, the latest `active` one and the latest other one.
  let status: StatusChange | null = null;
  let lastActive: StatusChange | null = null;
  let lastOther: StatusChange | null = null;
  for (let k = 0; k < statuses.length; k++) {
    const s = statuses[k] as StatusChange;
    if (s.at > at) continue;
    if (status === null || laterStatus(s, status)) status = s;
    if (s.status === 'active') {
      if (lastActive === null || laterStatus(s, lastActive)) lastActive = s;
    } else if (lastOther === null || laterStatus(s, lastOther)) lastOther = s;
  }
  // The latest transition into `active`: the earliest `active` change after the last other
  // change that precedes the latest `active` one. Status arrays are short.
  let activeSince = Number.POSITIVE_INFINITY;
  if (lastActive !== null) {
    let before = lastOther;
    if (before !== null && laterStatus(before, lastActive)) {
      before = null;
      for (let k = 0; k < statuses.length; k++) {
        const s = statuses[k] as StatusChange;
        if (s.at > at || s.status === 'active' || !laterStatus(lastActive, s)) continue;
        if (before === null || laterStatus(s, before)) before = s;
      }
    }
    for (let k = 0; k < statuses.length; k++) {
      const s = statuses[k] as StatusChange;
      if (s.at > at || s.status !== 'active' || s.at >= activeSince) continue;
      if (before === null || laterStatus(s, before)) activeSince = s.at;
    }
  }

  let inServiceSince = activeSince === Number.POSITIVE_INFINITY ? Number.NEGATIVE_INFINITY : activeSince;
  if (device.issuedAt !== null && device.issuedAt <= at && device.issuedAt > inServiceSince) {
    inServiceSince = device.issuedAt;
  }
  for (let k = 0; k < rotations.length; k++) {
    const r = rotations[k] as Rotation;
    if (r.at <= at && r.at > inServiceSince && r.newDeviceId === device.id) inServiceSince = r.at;
  }

  let custody: CustodyRecord | null = null;
  for (let k = 0; k < custodies.length; k++) {
    const c = custodies[k] as CustodyRecord;
    if (c.at <= at && (custody === null || laterCustody(c, custody))) custody = c;
  }

  let lastInspection: Inspection | null = null;
  for (let k = 0; k < inspections.length; k++) {
    const i = inspections[k] as Inspection;
    if (i.at <= at && (lastInspection === null || laterInspection(i, lastInspection))) lastInspection = i;
  }

  // Posture: for each field, the latest report that states it. Reports are usually complete,
  // so find the latest report first; only the fields it leaves out need a second look.
  let latest: PostureReport | null = null;
  const posture = history.posture;
  for (let k = 0; k < posture.length; k++) {
    const r = posture[k] as PostureReport;
    if (r.observedAt <= at && (latest === null || laterReport(r, latest))) latest = r;
  }
  let os: PostureReport | null = null;
  let build: PostureReport | null = null;
  let patch: PostureReport | null = null;
  let apps: PostureReport | null = null;
  let lockdown: PostureReport | null = null;
  let supervised: PostureReport | null = null;
  let camera: PostureReport | null = null;
  let microphone: PostureReport | null = null;
  let location: PostureReport | null = null;
  let bluetooth: PostureReport | null = null;
  if (latest !== null) {
    const s = latest.sensors;
    let missing = 0;
    if (latest.osVersion !== null) os = latest;
    else missing++;
    if (latest.osBuild !== null) build = latest;
    else missing++;
    if (latest.patchLevel !== null) patch = latest;
    else missing++;
    if (latest.apps !== null) apps = latest;
    else missing++;
    if (latest.lockdownMode !== null) lockdown = latest;
    else missing++;
    if (latest.supervised !== null) supervised = latest;
    else missing++;
    if (s.camera !== undefined) camera = latest;
    else missing++;
    if (s.microphone !== undefined) microphone = latest;
    else missing++;
    if (s.location !== undefined) location = latest;
    else missing++;
    if (s.bluetooth !== undefined) bluetooth = latest;
    else missing++;
    if (missing > 0 && posture.length > 1) {
      // A field the latest report states is settled; the others take the latest report that states them.
      for (let k = 0; k < posture.length; k++) {
        const r = posture[k] as PostureReport;
        if (r === latest || r.observedAt > at) continue;
        if (os !== latest && r.osVersion !== null && (os === null || laterReport(r, os))) os = r;
        if (build !== latest && r.osBuild !== null && (build === null || laterReport(r, build))) build = r;
        if (patch !== latest && r.patchLevel !== null && (patch === null || laterReport(r, patch))) patch = r;
        if (apps !== latest && r.apps !== null && (apps === null || laterReport(r, apps))) apps = r;
        if (
          lockdown !== latest &&
          r.lockdownMode !== null &&
          (lockdown === null || laterReport(r, lockdown))
        ) {
          lockdown = r;
        }
        if (
          supervised !== latest &&
          r.supervised !== null &&
          (supervised === null || laterReport(r, supervised))
        ) {
          supervised = r;
        }
        const rs = r.sensors;
        if (camera !== latest && rs.camera !== undefined && (camera === null || laterReport(r, camera)))
          camera = r;
        if (
          microphone !== latest &&
          rs.microphone !== undefined &&
          (microphone === null || laterReport(r, microphone))
        ) {
          microphone = r;
        }
        if (
          location !== latest &&
          rs.location !== undefined &&
          (location === null || laterReport(r, location))
        ) {
          location = r;
        }
        if (
          bluetooth !== latest &&
          rs.bluetooth !== undefined &&
          (bluetooth === null || laterReport(r, bluetooth))
        ) {
          bluetooth = r;
        }
      }
    }
  }

  target.at = at;
  target.history = history;
  target.status = status === null ? null : status.status;
  target.statusSinceOrNaN = status === null ? Number.NaN : status.at;
  target.custody = custody;
  target.inServiceSinceOrNaN = inServiceSince === Number.NEGATIVE_INFINITY ? Number.NaN : inServiceSince;
  target.lastInspection = lastInspection;
  target.latestPostureAtOrNaN = latest === null ? Number.NaN : latest.observedAt;
  const p = target.posture;
  p.any = latest;
  p.osVersion = os;
  p.osBuild = build;
  p.patchLevel = patch;
  p.apps = apps;
  p.lockdownMode = lockdown;
  p.supervised = supervised;
  p.camera = camera;
  p.microphone = microphone;
  p.location = location;
  p.bluetooth = bluetooth;
}

/**
 * How a posture report stands toward a run: `1` it shows the same condition, `0` it breaks
 * the run, `-1` it does not report the field.
 */
export type RunTest = (report: PostureReport) => 1 | 0 | -1;

/**
 * The start of the current unbroken run of reports showing a condition (as of `at`): the
 * earliest `observedAt` among the reports that show it and are later than the latest report
 * that breaks it. Null when the latest report of the field does not show the condition.
 * Two passes over the posture array; call it only for failing devices.
 */
export function runStart(posture: readonly PostureReport[], at: Instant, test: RunTest): Instant | null {
  let breaker: PostureReport | null = null;
  let last: PostureReport | null = null;
  let lastShows = false;
  for (let k = 0; k < posture.length; k++) {
    const r = posture[k] as PostureReport;
    if (r.observedAt > at) continue;
    const t = test(r);
    if (t === -1) continue;
    if (last === null || laterReport(r, last)) {
      last = r;
      lastShows = t === 1;
    }
    if (t === 0 && (breaker === null || laterReport(r, breaker))) breaker = r;
  }
  if (!lastShows) return null;
  let start = Number.POSITIVE_INFINITY;
  for (let k = 0; k < posture.length; k++) {
    const r = posture[k] as PostureReport;
    if (r.observedAt > at || r.observedAt >= start) continue;
    if (breaker !== null && !laterReport(r, breaker)) continue;
    if (test(r) === 1) start = r.observedAt;
  }
  return start === Number.POSITIVE_INFINITY ? null : start;
}
