/**
 * How each kind of fact a compliance receipt carries is recorded in the audit log: the event
 * types that record it and the fields their payload carries, as one table keyed by kind. The
 * same table finds a fact's entries when a receipt is written and checks them when it is
 * verified, so the two cannot disagree.
 *
 * A part's key is the canonical JSON of the fields the fact and the payload share (ids,
 * instants as ISO text, values); a fact matches its entry when the keys are equal. Instants the
 * payload does not carry (an incident's opening, a waiver's approval) are not compared. One
 * entry may record several facts (a push's artifacts): its payload gives one key per fact, and
 * may read the entry's own time and actor (a push row is made at its event's instant, by its actor).
 */
import { canonicalJson } from '../audit/tlog/canonical.ts';
import type { PushedToken } from '../enforcement/pushed.ts';
import type {
  Acknowledgement,
  CustodyRecord,
  Detection,
  Device,
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
import { type Instant, toIso } from '../time.ts';

/** A protocol version as a receipt names it (its text travels beside it). */
export interface ProtocolFact {
  readonly name: string;
  readonly version: string;
  readonly sha256: string;
  readonly effectiveAt: Instant;
}

/** The value each fact kind holds: exactly the evaluator's input records. */
export interface FactValues {
  readonly person: Person;
  readonly device: Device;
  readonly custody: CustodyRecord;
  readonly status: StatusChange;
  readonly posture: PostureReport;
  readonly inspection: Inspection;
  readonly rotation: Rotation;
  readonly release: OsRelease;
  readonly protocol: ProtocolFact;
  readonly refusal: Refusal;
  readonly waiver: Waiver;
  readonly incident: IncidentFact;
  readonly detection: Detection;
  readonly acknowledgement: Acknowledgement;
  /** An item an MDM took from a push, with the token it holds (config.drift expects it). */
  readonly push: PushedToken;
  /** Vulnerability intel (fixes, KEV entries): imported in bulk, one event per import. */
  readonly intel: { readonly fixes: readonly unknown[]; readonly kev: readonly unknown[] };
}
export type FactKind = keyof FactValues;

type Payload = Readonly<Record<string, unknown>>;

/** The envelope of an entry: its instant (ISO text) and actor, as leafEntry writes them. */
export interface EntryMeta {
  readonly at: string | null;
  readonly actor: string | null;
}

/** One audit entry a fact needs. */
export interface EntryPart<V> {
  /** The event types that may record it. */
  readonly types: readonly string[];
  /** The key of the fact's fields the payload carries; null when the fact needs no such entry. */
  readonly fact: (v: V) => string | null;
  /** The key of each fact the entry records (a list when it records several). */
  readonly payload: (p: Payload, e: EntryMeta) => string | readonly string[];
  /** A further condition on the entry (an assignment must be effective at or before as-of). */
  readonly admits?: (p: Payload, asOf: Instant) => boolean;
}

const key = (...fields: unknown[]): string => canonicalJson(fields);
const iso = (t: Instant | null): string | null => (t === null ? null : toIso(t));
const sorted = (xs: readonly string[]) => [...xs].sort();
const str = (x: unknown): string[] => (Array.isArray(x) ? x.map(String) : []);

/** Per kind, the entries recording it, in order. An empty list: never logged one by one. */
export const FACT_KINDS: { readonly [K in FactKind]: readonly EntryPart<FactValues[K]>[] } = {
  person: [
    {
      types: ['person.created'],
      fact: (v) => key(v.id, v.name, v.kind, v.principalId),
      payload: (p) => key(p.id, p.name, p.kind, p.principalId),
    },
    {
      // The protocol a person is under at as-of comes from their latest assignment then.
      types: ['person.protocol-assigned'],
      fact: (v) => (v.protocol === null ? null : key(v.id, v.protocol)),
      payload: (p) => key(p.personId, p.protocol),
      admits: (p, asOf) => typeof p.at === 'string' && Date.parse(p.at) <= asOf,
    },
  ],
  device: [
    {
      types: ['device.registered'],
      fact: (v) => key(v.id, v.serial, v.platform, v.ownership, v.role),
      payload: (p) => key(p.id, p.serial, p.platform, p.ownership, p.role),
    },
  ],
  custody: [
    {
      types: ['device.custody-changed'],
      fact: (v) => key(v.deviceId, v.holderId, v.location, toIso(v.at)),
      payload: (p) => key(p.deviceId, p.holderId, p.location, p.at),
    },
  ],
  status: [
    {
      types: ['device.status-changed'],
      fact: (v) => key(v.deviceId, v.status, toIso(v.at), v.reason),
      payload: (p) => key(p.deviceId, p.status, p.at, p.reason),
    },
  ],
  posture: [
    {
      types: ['posture.reported'],
      fact: (v) => key(v.id, v.deviceId, v.source, toIso(v.observedAt)),
      payload: (p) => key(p.id, p.deviceId, p.source, p.observedAt),
    },
  ],
  inspection: [
    {
      types: ['inspection.recorded'],
      fact: (v) => key(v.id, v.deviceId, v.method, v.result, toIso(v.at)),
      payload: (p) => key(p.id, p.deviceId, p.method, p.result, p.at),
    },
  ],
  rotation: [
    {
      types: ['rotation.recorded'],
      fact: (v) => key(v.id, v.oldDeviceId, v.newDeviceId, toIso(v.at)),
      payload: (p) => key(p.id, p.oldDeviceId, p.newDeviceId, p.at),
    },
  ],
  release: [
    {
      types: ['os-release.recorded'],
      fact: (v) => key(v.platform, v.version, toIso(v.releasedAt)),
      payload: (p) => key(p.platform, p.version, p.releasedAt),
    },
  ],
  protocol: [
    {
      types: ['protocol.version-added', 'protocol.version-proposed'],
      fact: (v) => key(v.name, v.version, v.sha256, toIso(v.effectiveAt)),
      payload: (p) => key(p.name, p.version, p.sha256, p.effectiveAt),
    },
  ],
  refusal: [
    {
      types: ['refusal.recorded'],
      fact: (v) => key(v.id, v.personId, v.deviceId, v.action, v.rule, toIso(v.at), v.reason),
      payload: (p) => key(p.id, p.personId, p.deviceId, p.action, p.rule, p.at, p.reason),
    },
  ],
  waiver: [
    {
      types: ['waiver.requested'],
      fact: (v) => key(v.id, v.rule, v.scope, toIso(v.startsAt), toIso(v.expiresAt)),
      payload: (p) => key(p.id, p.rule, p.scope, p.startsAt, p.expiresAt),
    },
    {
      types: ['waiver.approved'],
      fact: (v) => (v.approvedBy === null ? null : key(v.id, v.approvedBy)),
      payload: (p) => key(p.id, p.approvedBy),
    },
    {
      types: ['waiver.rejected', 'waiver.revoked'],
      fact: (v) => (v.endedAt === null ? null : key(v.id)),
      payload: (p) => key(p.id),
    },
  ],
  incident: [
    {
      types: ['incident.opened'],
      fact: (v) => key(v.id, sorted(v.deviceIds), sorted(v.personIds)),
      payload: (p) => key(p.id, sorted(str(p.deviceIds)), sorted(str(p.personIds))),
    },
    {
      types: ['incident.closed'],
      fact: (v) => (v.closedAt === null ? null : key(v.id)),
      payload: (p) => key(p.id),
    },
  ],
  detection: [
    {
      types: ['detection.recorded'],
      fact: (v) => key(v.id, v.facility, v.identifier, iso(v.at), v.deviceId, v.personId),
      payload: (p) => key(p.id, p.facility, p.identifier, p.at, p.deviceId, p.personId),
    },
  ],
  acknowledgement: [
    {
      types: ['acknowledgement.recorded'],
      fact: (v) => key(v.personId, v.facility, v.policyVersion, toIso(v.at)),
      payload: (p) => key(p.personId, p.facility, p.policyVersion, p.at),
    },
  ],
  push: [
    {
      types: ['protocol.pushed'],
      fact: (v) =>
        key(
          v.source,
          v.target,
          v.protocol,
          v.version,
          v.role,
          v.file,
          v.sha256,
          v.remoteId,
          v.remoteToken,
          v.action,
          toIso(v.pushedAt),
          v.actor,
        ),
      payload: (p, e) =>
        (Array.isArray(p.artifacts) ? (p.artifacts as Payload[]) : []).map((a) =>
          key(
            p.source,
            p.target,
            p.name,
            p.version,
            a.role,
            a.file,
            a.sha256,
            a.remoteId,
            a.remoteToken,
            a.action,
            e.at,
            e.actor,
          ),
        ),
    },
  ],
  intel: [],
};

const keysOf = (k: string | readonly string[]): readonly string[] => (typeof k === 'string' ? [k] : k);

export const FACT_KIND_NAMES = Object.keys(FACT_KINDS) as FactKind[];

// biome-ignore lint/suspicious/noExplicitAny: the table is typed per kind; callers hold a kind and a value of it
const partsOf = (kind: FactKind): readonly EntryPart<any>[] => FACT_KINDS[kind];

/** The parts a fact needs entries for (those whose key is not null), with their keys. */
export function neededParts(kind: FactKind, value: unknown): { part: EntryPart<unknown>; key: string }[] {
  const out: { part: EntryPart<unknown>; key: string }[] = [];
  for (const part of partsOf(kind)) {
    const k = part.fact(value);
    if (k !== null) out.push({ part, key: k });
  }
  return out;
}

/** A parsed log entry as leafEntry writes it: `{v, seq, type, at, actor, subject, payload}`. */
export interface ParsedEntry extends EntryMeta {
  readonly type: string;
  readonly payload: Payload;
}

export function parseEntry(entry: string): ParsedEntry | null {
  try {
    const v = JSON.parse(entry) as { type?: unknown; payload?: unknown; at?: unknown; actor?: unknown };
    if (typeof v.type !== 'string' || typeof v.payload !== 'object' || v.payload === null) return null;
    return {
      type: v.type,
      payload: v.payload as Payload,
      at: typeof v.at === 'string' ? v.at : null,
      actor: typeof v.actor === 'string' ? v.actor : null,
    };
  } catch {
    return null;
  }
}

/** Why `entries` do not record the fact, or null when they do (one entry per needed part, in order). */
export function factMismatch(
  kind: FactKind,
  value: unknown,
  entries: readonly (ParsedEntry | null)[],
  asOf: Instant,
): string | null {
  const needed = neededParts(kind, value);
  if (entries.length !== needed.length)
    return `it needs ${needed.length} audit entr${needed.length === 1 ? 'y' : 'ies'}, the receipt names ${entries.length}`;
  for (const [i, { part, key: k }] of needed.entries()) {
    const e = entries[i];
    if (e === null || e === undefined) return `audit entry ${i + 1} is not a Vigil event`;
    if (!part.types.includes(e.type))
      return `audit entry ${i + 1} is a ${e.type}, not a ${part.types.join(' or ')}`;
    if (!keysOf(part.payload(e.payload, e)).includes(k)) return `the ${e.type} entry records other values`;
    if (part.admits !== undefined && !part.admits(e.payload, asOf))
      return `the ${e.type} entry does not apply as of ${toIso(asOf)}`;
  }
  return null;
}

/**
 * The log's fact-recording events, indexed to find a fact's entries: per event type and
 * payload key, the leaf indices (ascending) with their payloads.
 */
export class FactEntryIndex {
  readonly #byKey = new Map<string, { index: number; payload: Payload }[]>();
  readonly #types: ReadonlyMap<string, readonly EntryPart<unknown>[]>;

  constructor() {
    const types = new Map<string, EntryPart<unknown>[]>();
    for (const kind of FACT_KIND_NAMES)
      for (const part of partsOf(kind))
        for (const t of part.types) {
          const list = types.get(t) ?? [];
          if (!list.includes(part)) list.push(part);
          types.set(t, list);
        }
    this.#types = types;
  }

  /** Adds the entry at leaf `index` (call in ascending index order). */
  add(index: number, type: string, payload: Payload, meta: EntryMeta): void {
    const parts = this.#types.get(type);
    if (parts === undefined) return;
    const keys = new Set(parts.flatMap((p) => keysOf(p.payload(payload, meta))));
    for (const k of keys) {
      const slot = `${type}\u0000${k}`;
      const list = this.#byKey.get(slot);
      if (list === undefined) this.#byKey.set(slot, [{ index, payload }]);
      else list.push({ index, payload });
    }
  }

  /**
   * The leaf indices recording a fact, one per needed part (the latest admissible entry of
   * each), or [] when some part has none: the fact is unlogged.
   */
  find(kind: FactKind, value: unknown, asOf: Instant): number[] {
    const out: number[] = [];
    for (const { part, key: k } of neededParts(kind, value)) {
      let found: number | undefined;
      for (const t of part.types) {
        const list = this.#byKey.get(`${t}\u0000${k}`) ?? [];
        for (let i = list.length - 1; i >= 0; i--) {
          const c = list[i] as { index: number; payload: Payload };
          if (part.admits !== undefined && !part.admits(c.payload, asOf)) continue;
          if (found === undefined || c.index > found) found = c.index;
          break;
        }
      }
      if (found === undefined) return [];
      out.push(found);
    }
    return out;
  }
}
