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
  Rotation,
  StatusChange,
} from '../model.ts';
import type { Instant } from '../time.ts';
import {
  fillPosture,
  type LatestReports,
  Posture,
  type PostureViews,
  PostureViewsOf,
} from './posture.generated.ts';
import { laterReport } from './posture-report.ts';
import type { DeviceHistory } from './types.ts';

export type { LatestReports } from './posture.generated.ts';
export { laterReport } from './posture-report.ts';

/**
 * `posture` holds, for each posture field, the latest report (observedAt at or before the
 * instant; ties by id) that states it. The value, `observedAt`, `source` and (for sensors) the
 * reading's provenance are read from that report. Rules read these: holding the report instead
 * of copying its fields keeps the snapshot to two allocations per device (none in the evaluator,
 * which refills one snapshot for every device: see `fillSnapshot`). The per-field structure and
 * the loop that fills it are generated from the posture field declarations
 * (posture.generated.ts); the display views (`osVersion`, `sensors`, …) come with them.
 */
export interface DeviceSnapshot extends PostureViews {
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
 * A snapshot that `fillSnapshot` can refill in place. The evaluator keeps one per evaluation
 * and refills it for each device (rules read it during `evaluate` and never retain it), which
 * spares two allocations per device; `snapshotAt` returns a fresh one.
 */
export class Snapshot extends PostureViewsOf implements DeviceSnapshot {
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
}

const STATUS_RANK: Readonly<Record<DeviceStatus, number>> = {
  staged: 0,
  active: 1,
  quarantined: 2,
  retired: 3,
  wiped: 4,
};

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

  const latest = fillPosture(target.posture, history.posture, at);

  target.at = at;
  target.history = history;
  target.status = status === null ? null : status.status;
  target.statusSinceOrNaN = status === null ? Number.NaN : status.at;
  target.custody = custody;
  target.inServiceSinceOrNaN = inServiceSince === Number.NEGATIVE_INFINITY ? Number.NaN : inServiceSince;
  target.lastInspection = lastInspection;
  target.latestPostureAtOrNaN = latest === null ? Number.NaN : latest.observedAt;
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
