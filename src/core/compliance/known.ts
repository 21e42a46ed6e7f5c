/**
 * "As known at K": the facts Vigil had recorded by the instant K. Every fact has two times, the
 * instant it happened or took effect (what "as of T" reads) and the instant Vigil recorded it;
 * an evaluation at (T, K) reads the facts effective at or before T *and* recorded at or before K.
 * Loaders load by effective time only; this module is the one place that decides, per kind, what
 * was known at K (KNOWN_AT_RULES says it in words; ADR 0014 repeats the table).
 *
 * Everything here returns its argument itself when nothing is lost, so an evaluation whose
 * knowledge instant is later than every recording (or absent) allocates nothing, and one that
 * loses a few facts copies only the histories and lists that lose one.
 */
import type { CveFix, KevEntry, VulnerabilityIntel } from '../intel/types.ts';
import type {
  CustodyRecord,
  IncidentFact,
  Inspection,
  OsRelease,
  Person,
  PostureReport,
  Rotation,
  StatusChange,
  Waiver,
} from '../model.ts';
import type { Instant } from '../time.ts';
import type { DeviceHistory, EvaluationInput, LifecycleFacts } from './types.ts';

/** Per fact kind: when it counts as known at K. */
export const KNOWN_AT_RULES = {
  person: 'createdAt <= K (a person is recorded when created)',
  device: 'createdAt <= K (a device is recorded when created)',
  custody: 'recordedAt <= K',
  status: 'recordedAt <= K',
  posture: 'receivedAt <= K (a report is recorded when received)',
  inspection: 'recordedAt <= K',
  rotation: 'recordedAt <= K',
  osRelease: 'recordedAt <= K',
  cveFix: 'recordedAt <= K',
  kevEntry: 'recordedAt <= K',
  refusal: 'recordedAt <= K',
  detection: 'recordedAt <= K',
  acknowledgement: 'recordedAt <= K',
  protocolAssignment: 'recordedAt <= K',
  protocolVersion: 'recordedAt <= K',
  waiver:
    'request: recordedAt <= K; its approval counts once approvalRecordedAt <= K, its end once endRecordedAt <= K',
  incident: 'opening: recordedAt <= K; its close counts once closeRecordedAt <= K',
} as const;

export type KnownKind = keyof typeof KNOWN_AT_RULES;

/** A fact that names its recorded instant `recordedAt` (most kinds: see KNOWN_AT_RULES). */
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

// One function per kind rather than `knownOf` for all: each loop then reads one shape of
// object and V8 keeps its property access monomorphic (one loop over five shapes would not be).
function lostCustody(list: readonly CustodyRecord[], k: Instant): boolean {
  for (let i = 0; i < list.length; i++) if ((list[i] as CustodyRecord).recordedAt > k) return true;
  return false;
}
function lostStatus(list: readonly StatusChange[], k: Instant): boolean {
  for (let i = 0; i < list.length; i++) if ((list[i] as StatusChange).recordedAt > k) return true;
  return false;
}
function lostInspection(list: readonly Inspection[], k: Instant): boolean {
  for (let i = 0; i < list.length; i++) if ((list[i] as Inspection).recordedAt > k) return true;
  return false;
}
function lostRotation(list: readonly Rotation[], k: Instant): boolean {
  for (let i = 0; i < list.length; i++) if ((list[i] as Rotation).recordedAt > k) return true;
  return false;
}
function lostPosture(list: readonly PostureReport[], k: Instant): boolean {
  for (let i = 0; i < list.length; i++) if ((list[i] as PostureReport).receivedAt > k) return true;
  return false;
}

/**
 * The device's history as known at `k` (the device itself is known when its `createdAt` is at or
 * before `k`: callers drop the others, see `knownInput`). The history itself when nothing is lost.
 */
export function knownHistory(h: DeviceHistory, k: Instant): DeviceHistory {
  const custody = lostCustody(h.custody, k);
  const statuses = lostStatus(h.statuses, k);
  const posture = lostPosture(h.posture, k);
  const inspections = lostInspection(h.inspections, k);
  const rotations = lostRotation(h.rotations, k);
  if (!custody && !statuses && !posture && !inspections && !rotations) return h;
  return {
    device: h.device,
    custody: custody ? h.custody.filter((x) => x.recordedAt <= k) : h.custody,
    statuses: statuses ? h.statuses.filter((x) => x.recordedAt <= k) : h.statuses,
    posture: posture ? h.posture.filter((x) => x.receivedAt <= k) : h.posture,
    inspections: inspections ? h.inspections.filter((x) => x.recordedAt <= k) : h.inspections,
    rotations: rotations ? h.rotations.filter((x) => x.recordedAt <= k) : h.rotations,
  };
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

/** The people recorded by `k`: `people` itself when all were. */
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
 * The input as known at its `knownAt` (the input itself when it has none): people, devices,
 * releases, intel and lifecycle facts recorded by then. Device histories are cut lazily, per
 * device, by the evaluator (`knownHistory`), so that the million-device path makes one pass.
 * Protocols arrive compiled: their versions and the people's assignments are selected as known
 * at K by whoever compiles them (the compliance service, with `knownBy`).
 */
export function knownInput(input: EvaluationInput): EvaluationInput {
  const k = input.knownAt;
  if (k === undefined) return input;
  const releases = knownOf<OsRelease>(input.releases, k);
  return {
    ...input,
    devices: knownDevices(input.devices, k),
    people: knownPeople(input.people, k),
    releases,
    ...(input.intel === undefined ? {} : { intel: knownIntel(input.intel, k) }),
    ...(input.lifecycle === undefined ? {} : { lifecycle: knownLifecycle(input.lifecycle, k) }),
  };
}
