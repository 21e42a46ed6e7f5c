/**
 * "As known at K": the facts Vigil had recorded by the instant K. Every fact has two times, the
 * instant it happened or took effect (what "as of T" reads) and the instant Vigil recorded it;
 * an evaluation at (T, K) reads the facts effective at or before T *and* recorded at or before K.
 * Loaders load by effective time only; this module is the one place that decides, per kind, what
 * was known at K (the table below says it in words; ADR 0014 repeats it).
 *
 * Everything here returns its argument itself when nothing is lost, so an evaluation whose
 * knowledge instant is later than every recording (or absent) allocates nothing, and one that
 * loses a few facts copies only the histories and lists that lose one.
 */
import type { CveFix, KevEntry, VulnerabilityIntel } from '../intel/types.ts';
import type {
  CorrectableKind,
  Correction,
  CustodyRecord,
  IncidentFact,
  Inspection,
  OsRelease,
  Person,
  PostureReport,
  Refusal,
  Rotation,
  StatusChange,
  Waiver,
} from '../model.ts';
import type { Instant } from '../time.ts';
import type { DeviceHistory, EvaluationInput, LifecycleFacts } from './types.ts';

/**
 * Per fact kind, when it counts as known at K:
 * - person: createdAt <= K (a person is recorded when created)
 * - device: createdAt <= K (a device is recorded when created)
 * - custody: recordedAt <= K
 * - status: recordedAt <= K
 * - posture: receivedAt <= K (a report is recorded when received)
 * - inspection: recordedAt <= K
 * - rotation: recordedAt <= K
 * - osRelease: recordedAt <= K
 * - cveFix: recordedAt <= K
 * - kevEntry: recordedAt <= K
 * - refusal: recordedAt <= K
 * - detection: recordedAt <= K
 * - acknowledgement: recordedAt <= K
 * - protocolAssignment: recordedAt <= K
 * - protocolVersion: recordedAt <= K; a proposed one (two-person) counts once its approval's recordedAt <= K, in force from the later of both effective instants (in-force.ts inForceFrom)
 * - waiver: request: recordedAt <= K; its approval counts once approvalRecordedAt <= K, its end once endRecordedAt <= K
 * - incident: opening: recordedAt <= K; its close counts once closeRecordedAt <= K
 * - correction: recordedAt <= K: the corrected fact is read with the latest correction known at K (none: as first recorded)
 *
 * A fact that names its recorded instant `recordedAt` (most kinds).
 */
export interface Recorded {
  readonly recordedAt: Instant;
}

/** True when the fact was recorded at or before `k`. */
export function knownBy(fact: Recorded, k: Instant): boolean {
  return fact.recordedAt <= k;
}

/** The facts of `list` recorded by `k`: `list` itself when all were. */
export function knownOf<T extends Recorded>(list: readonly T[], k: Instant): readonly T[] {
  for (let i = 0; i < list.length; i++) {
    if ((list[i] as T).recordedAt > k) return list.filter((x) => x.recordedAt <= k);
  }
  return list;
}

function knownPosture(list: readonly PostureReport[], k: Instant): readonly PostureReport[] {
  for (let i = 0; i < list.length; i++) {
    if ((list[i] as PostureReport).receivedAt > k) return list.filter((r) => r.receivedAt <= k);
  }
  return list;
}

/**
 * The device's history as known at `k` (the device itself is known when its `createdAt` is at or
 * before `k`: callers drop the others, see `knownInput`), with the corrections known at `k`
 * applied (`corrections` from `knownCorrections(input.corrections, k)`; a fact a correction moves
 * after `at` drops out). The history itself when nothing is lost or corrected.
 */
export function knownHistory(
  h: DeviceHistory,
  k: Instant,
  corrections: KnownCorrections | null = null,
  at: Instant = Number.POSITIVE_INFINITY,
): DeviceHistory {
  const custody = knownOf<CustodyRecord>(h.custody, k);
  const statuses = knownOf<StatusChange>(h.statuses, k);
  const posture = knownPosture(h.posture, k);
  const inspections = knownOf<Inspection>(h.inspections, k);
  const rotations = knownOf<Rotation>(h.rotations, k);
  const cut =
    custody === h.custody &&
    statuses === h.statuses &&
    posture === h.posture &&
    inspections === h.inspections &&
    rotations === h.rotations
      ? h
      : { device: h.device, custody, statuses, posture, inspections, rotations };
  const mine = corrections === null ? undefined : corrections.byDevice.get(h.device.id);
  return mine === undefined ? cut : correctedHistory(cut, mine, at);
}

// ---------------------------------------------------------------- corrections

/**
 * How a correction finds its fact among the loaded ones: the fact's id, or, for the kinds stored
 * without one (statuses, custody records), the key of their values. Two such records alike in
 * every value are one fact to the evaluator, and a correction of one corrects both.
 */
export function factKey(kind: CorrectableKind, fact: unknown): string {
  switch (kind) {
    case 'status': {
      const s = fact as StatusChange;
      return JSON.stringify([s.deviceId, s.at, s.status, s.reason]);
    }
    case 'custody': {
      const c = fact as CustodyRecord;
      return JSON.stringify([c.deviceId, c.at, c.holderId, c.location, c.recordedBy]);
    }
    default:
      return (fact as { id: string }).id;
  }
}

/** The fields holding a kind's effective instant. */
export const EFFECTIVE_FIELD: Readonly<Record<CorrectableKind, string>> = {
  inspection: 'at',
  posture: 'observedAt',
  status: 'at',
  custody: 'at',
  refusal: 'at',
};

type ByFact = ReadonlyMap<string, Correction>;

/** The corrections known at some K, the latest per fact, indexed for the evaluator. */
export interface KnownCorrections {
  /** Per device id, per `kind + factKey`: that device's corrected facts. */
  readonly byDevice: ReadonlyMap<string, ByFact>;
  /** Per refusal id. */
  readonly refusals: ByFact;
}

const slot = (kind: CorrectableKind, key: string) => `${kind}\n${key}`;

/**
 * The corrections recorded by `k`, the latest per fact (by recorded instant, then id); null when
 * there are none, so that an evaluation without corrections does no work for them.
 */
export function knownCorrections(
  list: readonly Correction[] | undefined,
  k: Instant = Number.POSITIVE_INFINITY,
): KnownCorrections | null {
  if (list === undefined || list.length === 0) return null;
  const byDevice = new Map<string, Map<string, Correction>>();
  const refusals = new Map<string, Correction>();
  let any = false;
  for (const c of list) {
    if (c.recordedAt > k) continue;
    let into: Map<string, Correction>;
    if (c.kind === 'refusal') into = refusals;
    else {
      if (c.deviceId === null) continue;
      let m = byDevice.get(c.deviceId);
      if (m === undefined) {
        m = new Map();
        byDevice.set(c.deviceId, m);
      }
      into = m;
    }
    const key = c.kind === 'refusal' ? c.factKey : slot(c.kind, c.factKey);
    const seen = into.get(key);
    if (
      seen === undefined ||
      seen.recordedAt < c.recordedAt ||
      (seen.recordedAt === c.recordedAt && seen.id < c.id)
    )
      into.set(key, c);
    any = true;
  }
  return any ? { byDevice, refusals } : null;
}

/** The fact as corrected by `c` (none: itself); null when retracted or moved after `at`. */
export function correctedFact<T>(
  kind: CorrectableKind,
  fact: T,
  c: Correction | undefined,
  at: Instant,
): T | null {
  if (c === undefined) return fact;
  if (c.values === null) return null;
  const x = { ...fact, ...c.values } as T;
  return ((x as Record<string, unknown>)[EFFECTIVE_FIELD[kind]] as Instant) > at ? null : x;
}

function correctList<T>(
  kind: CorrectableKind,
  list: readonly T[],
  byFact: ByFact,
  at: Instant,
  keyed: (key: string) => string,
): readonly T[] {
  return knownEach(list, at, (x, t) => correctedFact(kind, x, byFact.get(keyed(factKey(kind, x))), t));
}

/** The history with its facts' corrections applied: itself when none of its facts has one. */
export function correctedHistory(h: DeviceHistory, byFact: ByFact, at: Instant): DeviceHistory {
  const custody = correctList('custody', h.custody, byFact, at, (key) => slot('custody', key));
  const statuses = correctList('status', h.statuses, byFact, at, (key) => slot('status', key));
  const posture = correctList('posture', h.posture, byFact, at, (key) => slot('posture', key));
  const inspections = correctList('inspection', h.inspections, byFact, at, (key) => slot('inspection', key));
  if (
    custody === h.custody &&
    statuses === h.statuses &&
    posture === h.posture &&
    inspections === h.inspections
  )
    return h;
  return { device: h.device, custody, statuses, posture, inspections, rotations: h.rotations };
}

/** The refusals with their corrections applied: the list itself when none has one. */
export function correctedRefusals(list: readonly Refusal[], byFact: ByFact, at: Instant): readonly Refusal[] {
  if (byFact.size === 0) return list;
  return correctList('refusal', list, byFact, at, (key) => key);
}

/**
 * The waiver as known at `k`: null when its request was not recorded yet; an approval or an end
 * recorded after `k` has not happened as far as `k` knew.
 */
export function knownWaiver(w: Waiver, k: Instant): Waiver | null {
  if (w.recordedAt > k) return null;
  const approvalUnknown = w.approvalRecordedAt !== null && w.approvalRecordedAt > k;
  const endUnknown = w.endRecordedAt !== null && w.endRecordedAt > k;
  if (!approvalUnknown && !endUnknown) return w;
  return {
    ...w,
    ...(approvalUnknown ? { approvedBy: null, approvedAt: null, approvalRecordedAt: null } : {}),
    ...(endUnknown ? { endedAt: null, endRecordedAt: null } : {}),
  };
}

/** The incident as known at `k`: null when its opening was not recorded yet; a close recorded later is not known. */
export function knownIncident(i: IncidentFact, k: Instant): IncidentFact | null {
  if (i.recordedAt > k) return null;
  if (i.closeRecordedAt === null || i.closeRecordedAt <= k) return i;
  return { ...i, closedAt: null, closeRecordedAt: null };
}

function knownEach<T>(list: readonly T[], k: Instant, known: (x: T, k: Instant) => T | null): readonly T[] {
  let out: T[] | null = null;
  for (let i = 0; i < list.length; i++) {
    const x = list[i] as T;
    const y = known(x, k);
    if (out === null && y !== x) out = list.slice(0, i);
    if (out !== null && y !== null) out.push(y);
  }
  return out ?? list;
}

export function knownLifecycle(f: LifecycleFacts, k: Instant): LifecycleFacts {
  const refusals = knownOf(f.refusals, k);
  const waivers = knownEach(f.waivers, k, knownWaiver);
  const incidents = knownEach(f.incidents, k, knownIncident);
  const detections = knownOf(f.detections, k);
  const acknowledgements = knownOf(f.acknowledgements, k);
  if (
    refusals === f.refusals &&
    waivers === f.waivers &&
    incidents === f.incidents &&
    detections === f.detections &&
    acknowledgements === f.acknowledgements
  ) {
    return f;
  }
  return { refusals, waivers, incidents, detections, acknowledgements };
}

/** The people recorded by `k` (names for exports): `people` itself when all were. */
export function knownPeople(people: ReadonlyMap<string, Person>, k: Instant): ReadonlyMap<string, Person> {
  let lost = false;
  people.forEach((p) => {
    if (p.createdAt > k) lost = true;
  });
  if (!lost) return people;
  const out = new Map<string, Person>();
  people.forEach((p, id) => {
    if (p.createdAt <= k) out.set(id, p);
  });
  return out;
}

export function knownIntel(intel: VulnerabilityIntel, k: Instant): VulnerabilityIntel {
  const fixes = knownOf<CveFix>(intel.fixes, k);
  const kev = knownOf<KevEntry>(intel.kev, k);
  return fixes === intel.fixes && kev === intel.kev ? intel : { fixes, kev };
}

/** The devices recorded by `k` (their histories are cut to `k` one by one as they are evaluated). */
export function knownDevices(devices: readonly DeviceHistory[], k: Instant): readonly DeviceHistory[] {
  for (let i = 0; i < devices.length; i++) {
    if ((devices[i] as DeviceHistory).device.createdAt > k) {
      return devices.filter((h) => h.device.createdAt <= k);
    }
  }
  return devices;
}

/**
 * The input as known at its `knownAt` (the input itself when it has none and no corrections):
 * people, devices, releases, intel and lifecycle facts recorded by then, refusals corrected as
 * known then. Device histories are cut and corrected lazily, per device, by the evaluator
 * (`knownHistory`), so that the million-device path makes one pass.
 * Protocols arrive compiled: their versions and the people's assignments are selected as known
 * at K by whoever compiles them (the compliance service, with `knownBy`).
 */
export function knownInput(input: EvaluationInput): EvaluationInput {
  const k = input.knownAt;
  const corrections = knownCorrections(input.corrections, k);
  if (k === undefined && corrections === null) return input;
  let out = input;
  if (k !== undefined) {
    out = {
      ...input,
      devices: knownDevices(input.devices, k),
      releases: knownOf<OsRelease>(input.releases, k),
      ...(input.intel === undefined ? {} : { intel: knownIntel(input.intel, k) }),
      ...(input.lifecycle === undefined ? {} : { lifecycle: knownLifecycle(input.lifecycle, k) }),
    };
  }
  const lc = out.lifecycle;
  if (corrections === null || lc === undefined) return out;
  const refusals = correctedRefusals(lc.refusals, corrections.refusals, input.at);
  return refusals === lc.refusals ? out : { ...out, lifecycle: { ...lc, refusals } };
}
