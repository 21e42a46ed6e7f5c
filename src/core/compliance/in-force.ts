/**
 * What is in force at an instant T, defined once (docs/adr/0016-one-definition-of-in-force.md).
 *
 * Every evaluation, whether each person is governed by the protocol assigned to them or the
 * caller asks "what if protocol X governed everyone", goes through `inForceAt`: the people
 * present at T, the protocol governing each, the protocols in use and the facilities they
 * declare. A what-if replaces only the protocol: evaluating with X gives exactly the findings
 * of assigning X to every person at T.
 */
import { VigilError } from '../errors.ts';
import { type FacilityPolicy, facilityPolicies } from '../lifecycle/zone.ts';
import type { Person } from '../model.ts';
import type { CompiledProtocol } from '../protocol/compiled.ts';
import { type Instant, toIso } from '../time.ts';

/**
 * A protocol version's times as in force reads them. A version that needs a second person
 * (`approval: 'two-person'`) is proposed until someone else decides on it
 * (docs/adr/0032-protocol-changes-two-person.md).
 */
export interface VersionTimes {
  readonly name: string;
  readonly effectiveAt: Instant;
  readonly recordedAt: Instant;
  /** Absent: 'none'. */
  readonly approval?: 'none' | 'two-person';
  /** The decision on a proposed version; absent or null while none is recorded. */
  readonly decision?: {
    readonly approved: boolean;
    readonly effectiveAt: Instant;
    readonly recordedAt: Instant;
  } | null;
}

/**
 * From when a version governs, as known at `knownAt`: its `effectiveAt`; for a proposed one,
 * the later of its `effectiveAt` and its approval's, once the approval is recorded by `knownAt`.
 * Null: never, as far as `knownAt` knew (not recorded yet, not approved yet, or rejected).
 */
export function inForceFrom(v: VersionTimes, knownAt: Instant = Number.POSITIVE_INFINITY): Instant | null {
  if (v.recordedAt > knownAt) return null;
  if (v.approval !== 'two-person') return v.effectiveAt;
  const d = v.decision;
  if (d == null || !d.approved || d.recordedAt > knownAt) return null;
  return Math.max(v.effectiveAt, d.effectiveAt);
}

/**
 * The version of each protocol in force at `at` as known at `knownAt` (all recorded by default):
 * the one whose in-force instant (`inForceFrom`) is the latest at or before `at`; on a tie, the
 * one recorded (or approved) last.
 */
export function versionsInForceAt<V extends VersionTimes>(
  versions: readonly V[],
  at: Instant,
  knownAt: Instant = Number.POSITIVE_INFINITY,
): Map<string, V> {
  const current = new Map<string, { v: V; from: Instant; recorded: Instant }>();
  for (const v of versions) {
    const from = inForceFrom(v, knownAt);
    if (from === null || from > at) continue;
    const recorded = Math.max(v.recordedAt, v.decision?.recordedAt ?? v.recordedAt);
    const seen = current.get(v.name);
    if (seen === undefined || from > seen.from || (from === seen.from && recorded > seen.recorded)) {
      current.set(v.name, { v, from, recorded });
    }
  }
  return new Map([...current].map(([name, { v }]) => [name, v]));
}

/** Which protocol governs a person from `at` on (null: none of their own). */
export interface Assignment {
  readonly personId: string;
  readonly protocol: string | null;
  readonly at: Instant;
  /** When Vigil recorded it (for "as known at K"; absent: always known). */
  readonly recordedAt?: Instant;
}

export interface InForceSources {
  readonly at: Instant;
  /** Everyone recorded, whatever their `since`. Their `protocol` field is not read: assignments say it. */
  readonly people: Iterable<Person>;
  /** Assignments in any order; those after `at` are ignored. */
  readonly assignments: readonly Assignment[];
  /** The compiled protocol versions in force at `at`, by name (a version effective at or before it). */
  readonly protocols: ReadonlyMap<string, CompiledProtocol>;
  /** Govern everyone present at `at` by this protocol instead (what-if). */
  readonly whatIf?: string;
  /**
   * As known at this instant: only people recorded (`createdAt`) and assignments recorded by
   * then count (known.ts). Absent: everything recorded. `protocols` must be compiled as known then.
   */
  readonly knownAt?: Instant;
}

export interface InForce {
  readonly at: Instant;
  /** Everyone recorded, each with the protocol assigned to them at `at` (their own; null if none). */
  readonly everyone: ReadonlyMap<string, Person>;
  /** The people present at `at` (`since` at or before it), as they stood then. */
  readonly people: ReadonlyMap<string, Person>;
  /**
   * Present person id -> the protocol governing them at `at`: their own, else (staff) their
   * principal's; the what-if protocol when one is given; null when none is in force. People
   * not present at `at` are not keys: no protocol governs them yet.
   */
  readonly governing: ReadonlyMap<string, CompiledProtocol | null>;
  /** The compiled protocol versions in force at `at`, by name. */
  readonly protocols: ReadonlyMap<string, CompiledProtocol>;
  /** The what-if protocol, if one was asked for. */
  readonly whatIf: CompiledProtocol | null;
  /** The protocols governing at least one person present at `at`, by name. */
  readonly protocolsInUse: readonly CompiledProtocol[];
  /** The facilities those protocols declare, each with the policy versions stating it. */
  readonly facilities: ReadonlyMap<string, readonly FacilityPolicy[]>;
}

/**
 * People as they stood at `at`: each with the protocol assigned to them most recently at or
 * before it, among the assignments recorded by `knownAt` (all by default).
 */
export function peopleAt(
  people: Iterable<Person>,
  assignments: readonly Assignment[],
  at: Instant,
  knownAt: Instant = Number.POSITIVE_INFINITY,
): Map<string, Person> {
  const latest = new Map<string, Assignment>();
  for (const a of assignments) {
    if (a.at > at || (a.recordedAt !== undefined && a.recordedAt > knownAt)) continue;
    const seen = latest.get(a.personId);
    if (seen === undefined || a.at >= seen.at) latest.set(a.personId, a);
  }
  const map = new Map<string, Person>();
  for (const p of people) map.set(p.id, { ...p, protocol: latest.get(p.id)?.protocol ?? null });
  return map;
}

/**
 * The name of the protocol governing a person as they stood: their own, else (staff) their
 * principal's, whether or not the principal is present yet; null when neither has one.
 */
export function governingName(person: Person, everyone: ReadonlyMap<string, Person>): string | null {
  if (person.protocol !== null || person.principalId === null) return person.protocol;
  return everyone.get(person.principalId)?.protocol ?? null;
}

/** The compiled protocol governing `holder` (see `governingName`); null if none is in force. */
export function protocolFor(
  holder: Person | null,
  people: ReadonlyMap<string, Person>,
  protocols: ReadonlyMap<string, CompiledProtocol>,
): CompiledProtocol | null {
  if (holder === null) return null;
  const name = governingName(holder, people);
  return name === null ? null : (protocols.get(name) ?? null);
}

/**
 * What is in force at `sources.at`. Throws PROTOCOL_NOT_FOUND when the what-if protocol has no
 * version in force at that instant: X "in force at T" means a version effective at or before T,
 * for a what-if exactly as for an assignment, never a later text.
 */
export function inForceAt(sources: InForceSources): InForce {
  const { at, protocols } = sources;
  let whatIf: CompiledProtocol | null = null;
  if (sources.whatIf !== undefined) {
    whatIf = protocols.get(sources.whatIf) ?? null;
    if (whatIf === null)
      throw new VigilError(
        'PROTOCOL_NOT_FOUND',
        `No version of a protocol named "${sources.whatIf}" is in force at ${toIso(at)}.`,
      );
  }
  const knownAt = sources.knownAt ?? Number.POSITIVE_INFINITY;
  const everyone = peopleAt(sources.people, sources.assignments, at, knownAt);
  // An assignment naming a person is a fact that they were there: they count from the earlier
  // of their since and their first assignment (as a back-filled history says).
  const firstAssigned = new Map<string, Instant>();
  for (const a of sources.assignments) {
    if (a.recordedAt !== undefined && a.recordedAt > knownAt) continue;
    const seen = firstAssigned.get(a.personId);
    if (seen === undefined || a.at < seen) firstAssigned.set(a.personId, a.at);
  }
  const people = new Map<string, Person>();
  const governing = new Map<string, CompiledProtocol | null>();
  const inUse = new Map<string, CompiledProtocol>();
  // forEach rather than for-of: these one-off loops over a large fleet's people are hot enough
  // that for-of's iterator results show.
  everyone.forEach((person, id) => {
    if (person.createdAt > knownAt || person.kind === 'operator') return;
    if (person.since > at && (firstAssigned.get(id) ?? Number.POSITIVE_INFINITY) > at) return;
    people.set(id, person);
    let protocol = whatIf;
    if (protocol === null) {
      const name = governingName(person, everyone);
      protocol = name === null ? null : (protocols.get(name) ?? null);
    }
    governing.set(id, protocol);
    if (protocol !== null) inUse.set(protocol.name, protocol);
  });
  const protocolsInUse = [...inUse.values()];
  return {
    at,
    everyone,
    people,
    governing,
    protocols,
    whatIf,
    protocolsInUse,
    facilities: facilityPolicies(protocolsInUse),
  };
}

/** A compiled protocol's content as a string: sets as sorted lists (JSON would drop them). */
function protocolKey(p: CompiledProtocol): string {
  return JSON.stringify(p, (_key, value: unknown) =>
    value instanceof Set ? [...(value as Set<string>)].sort() : value,
  );
}

/**
 * The protocols whose compiled content differs between two instants or fact sets of what is in
 * force: a new version, or a new version of a protocol it extends (the resolved content moves
 * with its parent's), one that came into force or left. The incremental state re-evaluates the
 * devices these govern or governed (incremental.ts `Changed.protocols`).
 */
export function changedProtocols(before: InForce, after: InForce): string[] {
  const names = new Set([...before.protocols.keys(), ...after.protocols.keys()]);
  const changed: string[] = [];
  for (const name of names) {
    const a = before.protocols.get(name);
    const b = after.protocols.get(name);
    if (a === b) continue;
    if (a === undefined || b === undefined || protocolKey(a) !== protocolKey(b)) changed.push(name);
  }
  const wa = before.whatIf;
  const wb = after.whatIf;
  if (wa !== wb && wb !== null && !changed.includes(wb.name)) {
    if (wa === null || protocolKey(wa) !== protocolKey(wb)) changed.push(wb.name);
  }
  return changed;
}

/**
 * What is in force at `at` when only the assignments of `personIds` differ from those `before`
 * was made from: `inForceAt` of the same sources (no `knownAt`) with these people's assignments
 * replaced by `assignments` (all of theirs, any order), computed for them and the staff they
 * govern alone, the rest shared with `before`. `at` may be later than `before.at` when no other
 * fact takes effect in between (the incremental evaluation's horizon says so). Null when it
 * cannot be patched so (someone unknown, or a person who comes or goes with the change: their
 * place in the maps would differ); then `inForceAt` it is.
 */
export function reassigned(
  before: InForce,
  at: Instant,
  personIds: Iterable<string>,
  assignments: readonly Assignment[],
): InForce | null {
  const named = new Set(personIds);
  const latest = new Map<string, Assignment>();
  const first = new Map<string, Instant>();
  for (const a of assignments) {
    if (!named.has(a.personId)) return null;
    if (a.at > at) continue;
    const seen = latest.get(a.personId);
    if (seen === undefined || a.at >= seen.at) latest.set(a.personId, a);
    const f = first.get(a.personId);
    if (f === undefined || a.at < f) first.set(a.personId, a.at);
  }
  const everyone = new Map(before.everyone);
  for (const id of named) {
    const person = everyone.get(id);
    if (person === undefined) return null;
    const protocol = latest.get(id)?.protocol ?? null;
    if (person.protocol !== protocol) everyone.set(id, { ...person, protocol });
    // Present before and after alike, or patching would reorder the maps.
    const present = person.kind !== 'operator' && (person.since <= at || (first.get(id) ?? Infinity) <= at);
    if (present !== before.people.has(id)) return null;
  }
  // The named and the staff governed through them.
  const touched: string[] = [];
  everyone.forEach((p, id) => {
    if (named.has(id) || (p.principalId !== null && named.has(p.principalId))) touched.push(id);
  });
  const people = new Map(before.people);
  const governing = new Map(before.governing);
  for (const id of touched) {
    if (!people.has(id)) continue;
    const person = everyone.get(id) as Person;
    people.set(id, person);
    let protocol = before.whatIf;
    if (protocol === null) {
      const name = governingName(person, everyone);
      protocol = name === null ? null : (before.protocols.get(name) ?? null);
    }
    governing.set(id, protocol);
  }
  // The protocols in use in `inForceAt`'s order (the first person each governs, in `everyone`).
  const inUse = new Map<string, CompiledProtocol>();
  everyone.forEach((_, id) => {
    const protocol = governing.get(id);
    if (protocol != null && !inUse.has(protocol.name)) inUse.set(protocol.name, protocol);
  });
  const protocolsInUse = [...inUse.values()];
  const same =
    protocolsInUse.length === before.protocolsInUse.length &&
    protocolsInUse.every((p, i) => p === before.protocolsInUse[i]);
  return {
    at,
    everyone,
    people,
    governing,
    protocols: before.protocols,
    whatIf: before.whatIf,
    protocolsInUse: same ? before.protocolsInUse : protocolsInUse,
    facilities: same ? before.facilities : facilityPolicies(protocolsInUse),
  };
}
