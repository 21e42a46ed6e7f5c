/**
 * The fleet evaluated "now", kept up to date change by change (docs/adr/0029-incremental-evaluation.md).
 *
 * Per protocol override, one incremental fleet state (core/compliance/incremental.ts), built once
 * from a full load and then:
 * - when the data version moved (the seq of the last audit event that can change a fact: every
 *   command appends one in its transaction), the events since are read and each names what it
 *   changed: a posture report, an attestation, a check, a status, custody, a rotation, a
 *   registration or a scan re-reads that device's history alone (a posture report of a device
 *   whose history the state holds, from an earlier change, reads the reports it gained alone:
 *   `Histories`); a waiver re-reads that waiver
 *   and an assignment that person's assignments, patched into the facts and what is in force
 *   (docs/adr/0044), and re-evaluates the waiver's device or subject's devices, the person's
 *   (and their staff's); a new person re-reads that person and their assignments alone, what is
 *   in force made anew from the facts; a refusal re-reads that refusal alone, patched into the
 *   facts, and re-evaluates its device or its person's devices; an incident opened, stepped or
 *   closed re-reads that incident alone, patched in the same way, and re-evaluates its devices and
 *   people's devices; a detection re-reads that detection alone, patched in the same way (and
 *   runs the person and facility pass); a scan's incident, an acknowledgement or a
 *   correction of a device's fact re-reads the non-device facts and re-evaluates its devices or
 *   its subjects' devices (detections and acknowledgements the person and facility pass too); a
 *   protocol version or push, an OS release or an intel import (exploited CVEs,
 *   KEV entries) re-reads the non-device facts too and re-evaluates the devices it can affect:
 *   those governed by every protocol whose compiled content moved (a protocol extending the
 *   changed one included) or that was pushed, those on the platform;
 *   a fleet import, the demo, a swap, a connector delivery that linked or unenrolled devices,
 *   or too many events rebuild the state from a full load;
 * - when the clock reaches the state's next deadline (a check falling due, a waiver expiring, a
 *   report going stale), the devices due are re-evaluated before the answer is given, so the
 *   answer is exact at the instant of the read, not up to a time bucket;
 * - when the clock reaches a stored device fact dated later than the last read (a report
 *   observed after the instant a read began, committed while it ran: under a steady stream of
 *   reports, every read finds some), the devices with facts since are re-read (`deviceFactsIn`);
 * - when it reaches any other stored fact dated later than the load (`nextEffectiveAfter`: an
 *   assignment or a version from a later date), or goes back, the state is rebuilt.
 * Readers of one state share each update (one at a time per state), and a read that finds
 * nothing to do costs one query for the data version.
 * With the database's announcements (every committed transaction that appended audit events,
 * from any process on it: docs/adr/0037-fact-announcements.md), each announced change is applied
 * in the background as it commits, so readers seldom wait for one; and a transaction that drew
 * lower seqs than the data version already read but committed after that read, which the data
 * version cannot show, is applied all the same (the announcement of events the last update
 * already read is not: a platform-wide change is not applied twice). A dropped announcement
 * connection rebuilds.
 * One cache per unit of work (per database) in the process, shared by every service using it.
 */
import { FACT_NEUTRAL_EVENT_TYPES } from '../../core/audit/events.ts';
import { changedProtocols, reassigned } from '../../core/compliance/in-force.ts';
import { type Changed, FleetState } from '../../core/compliance/incremental.ts';
import {
  type DeviceHistory,
  type EvaluationInput,
  type EvaluationResult,
  NO_LIFECYCLE_FACTS,
} from '../../core/compliance/types.ts';
import type {
  Detection,
  IncidentFact,
  Person,
  Platform,
  PostureReport,
  Refusal,
  Waiver,
} from '../../core/model.ts';
import { PLATFORMS } from '../../core/model.ts';
import type { Instant } from '../../core/time.ts';
import type { Clock, FactAnnouncement, FactAnnouncements, UnitOfWork } from '../kernel/ports.ts';
import type { ProtocolAssignment } from '../protocols/ports.ts';
import { evaluationInput } from './compliance.service.ts';
import { EVALUATION_SLICE } from './evaluate-chunked.ts';
import type { FleetSnapshotData, OffloadedFleet } from './ports.ts';

/** Protocol overrides kept at once (each holds a whole fleet state); the least recent goes. */
const MAX_SLOTS = 8;
/**
 * Fact events followed at least, whatever the fleet's size. Beyond the larger of this and the
 * number of devices in the state, one full load costs less than following them (each event
 * names at most a few devices to re-read). A fixed limit made a busy office rebuild for ever:
 * reports arriving during one full load outnumbered it, so the next update was a full load too.
 */
const MIN_EVENTS = 500;
/** Announced transactions remembered per state before it counts as lost (a rebuild). */
const MAX_RANGES = 100_000;
/**
 * The background update after announcements waits this many times as long as the last one
 * took (at least MIN_REFRESH_GAP_MS, at most MAX_REFRESH_GAP_MS): under a steady stream of
 * writes, updating after every commit would spend the process on copies of the result that no
 * one reads. Readers never wait for the gap: a read brings the state up to date itself. The
 * floor: a quick update (a few reports) made the gap a few milliseconds, so under ingest each
 * batch paid an update's fixed round trips and work of its own.
 */
const REFRESH_GAP_FACTOR = 4;
export const MIN_REFRESH_GAP_MS = 100;
const MAX_REFRESH_GAP_MS = 1_000;

const NEUTRAL: ReadonlySet<string> = new Set(FACT_NEUTRAL_EVENT_TYPES);
/**
 * Devices read per page of a full load: the state keeps no histories (a change reads those of
 * the devices it re-evaluates), so memory holds a page of them, and the next page is read while
 * this one is evaluated.
 */
const LOAD_PAGE = 5_000;
/** Histories of this many devices are read by id for a change; beyond (and past half the fleet), a full load. */
const REREAD_MIN = 50_000;

interface Slot {
  version: number;
  /**
   * The seqs of the events the last update read: an announcement of those, heard after that
   * update began, is not a late commit (it was applied) and is not applied again.
   */
  seen: ReadonlySet<number>;
  state: FleetState;
  /** The facts loaded, but the device histories (read again for the devices a change re-evaluates). */
  data: FleetSnapshotData;
  /** The input the state was last given (what is in force, lifecycle facts): reused while unchanged. */
  input: EvaluationInput;
  /**
   * A stored fact other than a device's takes effect then: the load is incomplete from that
   * instant (a full load follows).
   */
  horizon: Instant;
  /** Device facts that took effect up to this instant are in the state. */
  sweptTo: Instant;
  /**
   * A stored device fact takes effect then (a report observed after the instant of the last
   * read, committed while it ran): its device is re-read, not the fleet.
   */
  deviceHorizon: Instant;
  /** The histories a change read, as of `sweptTo`: patched with the reports a device gains alone. */
  histories: Histories;
}

/**
 * Posture reports held in the histories of one state at most (about a kilobyte each as parsed:
 * ~190 MiB when full, docs/adr/0047); the histories used least recently go first.
 */
const MAX_HELD_REPORTS = 200_000;

/**
 * Histories of devices a change re-evaluated, kept so that the next report of a device costs a
 * read of its new reports rather than of its whole history (which grows with every report). A
 * history is held only while the state knows it is whole as of `sweptTo`: a device with a fact
 * of another kind since, or named by an event other than a posture report, is read again.
 */
class Histories {
  readonly #byId = new Map<string, DeviceHistory>();
  #reports = 0;

  get(id: string): DeviceHistory | undefined {
    const h = this.#byId.get(id);
    if (h !== undefined) {
      // The most recently used last.
      this.#byId.delete(id);
      this.#byId.set(id, h);
    }
    return h;
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  put(h: DeviceHistory): void {
    this.delete(h.device.id);
    if (h.posture.length > MAX_HELD_REPORTS / 10) return;
    this.#byId.set(h.device.id, h);
    this.#reports += h.posture.length;
    for (const [id, old] of this.#byId) {
      if (this.#reports <= MAX_HELD_REPORTS) break;
      this.#byId.delete(id);
      this.#reports -= old.posture.length;
    }
  }

  delete(id: string): void {
    const old = this.#byId.get(id);
    if (old === undefined) return;
    this.#byId.delete(id);
    this.#reports -= old.posture.length;
  }

  /** Adds reports to a held history (those it holds already left out), in a history's order. */
  add(id: string, reports: readonly PostureReport[]): void {
    const h = this.#byId.get(id);
    if (h === undefined) return;
    const held = new Set(h.posture.map((r) => r.id));
    const fresh = reports.filter((r) => !held.has(r.id));
    if (fresh.length === 0) return;
    const posture = [...h.posture, ...fresh];
    posture.sort(
      (a, b) =>
        a.observedAt - b.observedAt ||
        a.receivedAt - b.receivedAt ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    this.put({ ...h, posture });
  }
}

const caches = new WeakMap<UnitOfWork, EvaluationCache>();

/** Resolves on the next turn of the event loop, after the I/O callbacks already due. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The platforms an intel feed speaks of (KEV entries name CVEs, whichever platform fixes them). */
const INTEL_PLATFORMS: Readonly<Record<string, readonly Platform[]>> = {
  sofa: ['ios'],
  android: ['android'],
};

/** Announcements heard for one state since its last update. */
interface Heard {
  ranges: { from: number; to: number }[];
  lost: boolean;
}

interface Changes {
  devices: Set<string>;
  /** The posture reports named (`posture.reported`), by device. */
  reported: Map<string, string[]>;
  /** Devices named by an event other than `posture.reported`: their histories are read again. */
  otherDevices: Set<string>;
  people: Set<string>;
  /** Waivers requested or decided: read alone (unless `facts`) and patched into the facts. */
  waivers: Set<string>;
  /** People assigned a protocol: their assignments read alone (unless `facts`), what is in force patched. */
  assigned: Set<string>;
  /** People created: read alone with their assignments (unless `facts`), what is in force made anew. */
  created: Set<string>;
  /** Refusals recorded: read alone (unless `facts`) and patched into the facts. */
  refusals: Set<string>;
  /** Detections recorded: read alone (unless `facts`) and patched into the facts. */
  detections: Set<string>;
  incidents: Set<string>;
  platforms: Set<Platform>;
  /** Protocols named by the events themselves (a push changes what their devices should run). */
  protocolNames: Set<string>;
  /** The non-device facts must be read again, all of them. */
  facts: boolean;
  /** A protocol version was stored or decided: compare what is in force before and after. */
  protocols: boolean;
  /** Detections or acknowledgements: the person and facility pass. */
  facilities: boolean;
}

/**
 * What the fact events since the last read name; null when one needs a full load (fleet
 * imports, the demo, swaps, a correction of a fact about no device, a malformed payload).
 */
function changesOf(events: readonly { type: string; payload: Record<string, unknown> }[]): Changes | null {
  const c: Changes = {
    devices: new Set(),
    reported: new Map(),
    otherDevices: new Set(),
    people: new Set(),
    waivers: new Set(),
    assigned: new Set(),
    created: new Set(),
    refusals: new Set(),
    detections: new Set(),
    incidents: new Set(),
    platforms: new Set(),
    protocolNames: new Set(),
    facts: false,
    protocols: false,
    facilities: false,
  };
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  /** Adds a device id, or says the payload lacks it. */
  const device = (v: unknown) => {
    const id = text(v);
    if (id !== null) c.devices.add(id);
    return id !== null;
  };
  for (const e of events) {
    if (NEUTRAL.has(e.type)) continue;
    const p = e.payload;
    if (e.type === 'posture.reported') {
      const device = text(p.deviceId);
      const id = text(p.id);
      if (device !== null && id !== null) {
        c.devices.add(device);
        const ids = c.reported.get(device);
        if (ids === undefined) c.reported.set(device, [id]);
        else ids.push(id);
        continue;
      }
    } else
      for (const key of ['deviceId', 'id', 'oldDeviceId', 'newDeviceId']) {
        // Any device an event can name (a person's or waiver's id too: only read again, harmlessly).
        const id = text(p[key]);
        if (id !== null) c.otherDevices.add(id);
      }
    switch (e.type) {
      case 'posture.reported':
      case 'posture.attested':
      case 'inspection.recorded':
      case 'device.status-changed':
        if (!device(p.deviceId)) return null;
        break;
      case 'device.registered':
        if (!device(p.id)) return null;
        break;
      case 'device.custody-changed': {
        if (!device(p.deviceId)) return null;
        // The new holder's standing as a person (what they hold) moves too.
        const holder = text(p.holderId);
        if (holder !== null) c.people.add(holder);
        break;
      }
      case 'rotation.recorded':
        if (!device(p.oldDeviceId)) return null;
        if (p.newDeviceId !== null && !device(p.newDeviceId)) return null;
        break;
      case 'scan.completed':
      case 'scan.rechecked':
        // Its check, report and incident are recorded with it; an incident is a lifecycle fact.
        if (!device(p.deviceId)) return null;
        if (p.incidentId !== null) c.facts = true;
        break;
      case 'person.created': {
        const id = text(p.id);
        if (id === null) return null;
        c.people.add(id);
        c.created.add(id);
        break;
      }
      case 'waiver.requested':
      case 'waiver.approved':
      case 'waiver.rejected':
      case 'waiver.revoked': {
        // Its scope is read from the waiver once loaded (the later events name only the waiver).
        const id = text(p.id);
        if (id === null) return null;
        c.waivers.add(id);
        break;
      }
      case 'incident.opened':
      case 'incident.step-updated':
      case 'incident.closed': {
        // Read alone (unless `facts`); its devices and people are read from it.
        const id = text(p.id);
        if (id === null) return null;
        c.incidents.add(id);
        break;
      }
      case 'refusal.recorded': {
        const id = text(p.id);
        const device = text(p.deviceId);
        const person = text(p.personId);
        if (id === null || (device === null && person === null)) return null;
        if (device !== null) c.devices.add(device);
        if (person !== null) c.people.add(person);
        c.refusals.add(id);
        break;
      }
      case 'detection.recorded': {
        // Read alone (unless `facts`).
        const id = text(p.id);
        if (id === null) return null;
        const device = text(p.deviceId);
        const person = text(p.personId);
        if (device !== null) c.devices.add(device);
        if (person !== null) c.people.add(person);
        c.detections.add(id);
        c.facilities = true;
        break;
      }
      case 'acknowledgement.recorded': {
        const device = text(p.deviceId);
        const person = text(p.personId);
        if (device !== null) c.devices.add(device);
        if (person !== null) c.people.add(person);
        c.facts = true;
        c.facilities = true;
        break;
      }
      case 'fact.corrected':
        // A corrected fact about a device: its history (or a lifecycle fact naming it) moves.
        if (!device(p.deviceId)) return null;
        c.facts = true;
        break;
      case 'person.protocol-assigned': {
        const person = text(p.personId);
        if (person === null) return null;
        c.people.add(person);
        c.assigned.add(person);
        break;
      }
      case 'protocol.version-added':
      case 'protocol.version-proposed':
      case 'protocol.version-approved':
      case 'protocol.version-rejected':
        c.facts = true;
        c.protocols = true;
        break;
      case 'protocol.pushed': {
        const name = text(p.name);
        if (name === null) return null;
        c.protocolNames.add(name);
        c.facts = true;
        break;
      }
      case 'os-release.recorded': {
        const platform = PLATFORMS.find((x) => x === p.platform);
        if (platform === undefined) return null;
        c.platforms.add(platform);
        c.facts = true;
        break;
      }
      case 'intel.imported':
        for (const platform of INTEL_PLATFORMS[text(p.kind) ?? ''] ?? PLATFORMS) c.platforms.add(platform);
        c.facts = true;
        break;
      case 'connector.ingested':
        // Its reports have their own events; linking or unenrolling devices is not followed.
        if (p.linked !== 0 || p.unenrolled !== 0) return null;
        break;
      default:
        return null;
    }
  }
  return c;
}

/** The people named, one read each (a few people are created at a time); those not found are left out. */
async function peopleNamed(
  people: { get(id: string): Promise<Person | null> },
  ids: ReadonlySet<string>,
): Promise<Person[]> {
  const out: Person[] = [];
  for (const id of ids) {
    const p = await people.get(id);
    if (p !== null) out.push(p);
  }
  return out;
}

/** Whether the last update read every event of `r` up to the state's version. */
function seenAll(slot: Slot, r: { from: number; to: number }): boolean {
  const to = Math.min(r.to, slot.version);
  for (let seq = r.from; seq <= to; seq++) if (!slot.seen.has(seq)) return false;
  return true;
}

/**
 * Puts waivers, new people and people's assignments read alone into the slot's facts (`data`)
 * and its input: the waivers in the lifecycle facts (a new list; the rest the same objects), what
 * is in force patched for the people assigned (`reassigned`). Null when what is in force cannot
 * be patched (someone comes or goes with the assignment, a new person): `data` is up to date, the
 * input is made from it anew.
 */
function patchFacts(
  slot: Slot,
  now: Instant,
  waivers: readonly Waiver[],
  assigned: ReadonlySet<string>,
  assignments: readonly ProtocolAssignment[],
  created: readonly Person[],
  refusals: readonly Refusal[],
  incidents: readonly IncidentFact[],
  detections: readonly Detection[],
): EvaluationInput | null {
  let data = slot.data;
  let input = slot.input;
  if (detections.length > 0) {
    // Recorded once: added, in a full load's order (seen, then id).
    const ids = new Set(detections.map((d) => d.id));
    const list = [...(data.detections ?? []).filter((d) => !ids.has(d.id)), ...detections];
    list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    data = { ...data, detections: list };
    input = { ...input, lifecycle: { ...(input.lifecycle ?? NO_LIFECYCLE_FACTS), detections: list } };
  }
  if (incidents.length > 0) {
    // Opened, stepped or closed: each replaces itself, in a full load's order (opened, then id).
    const ids = new Set(incidents.map((i) => i.id));
    const list = [...(data.incidents ?? []).filter((i) => !ids.has(i.id)), ...incidents];
    list.sort((a, b) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    data = { ...data, incidents: list };
    input = { ...input, lifecycle: { ...(input.lifecycle ?? NO_LIFECYCLE_FACTS), incidents: list } };
  }
  if (refusals.length > 0) {
    // Recorded once, never changed (a correction reads every fact): added, in a full load's
    // order (effective, then id).
    const ids = new Set(refusals.map((r) => r.id));
    const list = [...(data.refusals ?? []).filter((r) => !ids.has(r.id)), ...refusals];
    list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    data = { ...data, refusals: list };
    input = { ...input, lifecycle: { ...(input.lifecycle ?? NO_LIFECYCLE_FACTS), refusals: list } };
  }
  if (waivers.length > 0) {
    const list = [...(data.waivers ?? [])];
    const at = new Map(list.map((w, i) => [w.id, i]));
    let added = false;
    for (const w of waivers) {
      const i = at.get(w.id);
      if (i === undefined) {
        list.push(w);
        added = true;
      } else list[i] = w;
    }
    // In the order a full load gives them (requested, then id).
    if (added) list.sort((a, b) => a.requestedAt - b.requestedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    data = { ...data, waivers: list };
    input = { ...input, lifecycle: { ...(input.lifecycle ?? NO_LIFECYCLE_FACTS), waivers: list } };
  }
  if (created.length > 0) {
    // New people, in the order a full load gives them (by id).
    const ids = new Set(created.map((p) => p.id));
    const people = [...data.people.filter((p) => !ids.has(p.id)), ...created];
    people.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    data = { ...data, people };
  }
  if (assigned.size > 0) {
    data = {
      ...data,
      assignments: [...data.assignments.filter((a) => !assigned.has(a.personId)), ...assignments],
    };
    // Someone new is in force from now: made anew from the facts.
    const inForce = created.length > 0 ? null : reassigned(input.inForce, now, assigned, assignments);
    if (inForce === null) {
      slot.data = data;
      return null;
    }
    input = { ...input, inForce };
  }
  slot.data = data;
  slot.input = { ...input, at: now };
  return slot.input;
}

export interface EvaluationCacheDeps {
  readonly uow: UnitOfWork;
  readonly clock: Clock;
  /** The database's announcements of committed changes (absent: reads find changes themselves). */
  readonly announcements?: FactAnnouncements;
  /** Fact events always followed one by one, however small the fleet (default MIN_EVENTS). */
  readonly minEvents?: number;
  /**
   * The fleet "now" evaluated off this thread (a worker with its own connection); while it
   * answers, the default state is not kept here. What-if protocols stay in process.
   */
  readonly offloaded?: OffloadedFleet;
  /** Devices read per page of a full load (default LOAD_PAGE). */
  readonly loadPage?: number;
}

export class EvaluationCache {
  readonly #uow: UnitOfWork;
  readonly #clock: Clock;
  #offloaded: OffloadedFleet | undefined;
  readonly #slots = new Map<string, Promise<Slot>>();
  /** Per state (protocol override), what was announced since its last update began. */
  readonly #heard = new Map<string, Heard>();
  #listening = false;
  #refreshing: NodeJS.Timeout | null = null;
  readonly #minEvents: number;
  readonly #loadPage: number;
  /** How long the last update of the fleet "now" took (wall time), for the refresh gap. */
  #lastUpdateMs = 0;
  /** Full loads and evaluations (not served incrementally), for tests and the benchmark. */
  misses = 0;
  /** Updates run because of an announcement, before any reader asked (for tests). */
  refreshes = 0;
  /** Updates that read and applied fact events (for tests). */
  applied = 0;

  constructor(deps: EvaluationCacheDeps) {
    this.#uow = deps.uow;
    this.#clock = deps.clock;
    this.#minEvents = deps.minEvents ?? MIN_EVENTS;
    this.#loadPage = Math.max(1, deps.loadPage ?? LOAD_PAGE);
    this.#offloaded = deps.offloaded;
    if (deps.announcements !== undefined) this.#listen(deps.announcements);
  }

  /** The process-wide cache of this database. */
  static of(deps: EvaluationCacheDeps): EvaluationCache {
    let cache = caches.get(deps.uow);
    if (cache === undefined) {
      cache = new EvaluationCache(deps);
      caches.set(deps.uow, cache);
    } else {
      if (deps.announcements !== undefined) cache.#listen(deps.announcements);
      cache.#offloaded ??= deps.offloaded;
    }
    return cache;
  }

  #listen(announcements: FactAnnouncements): void {
    if (this.#listening) return;
    this.#listening = true;
    announcements.subscribe((a) => this.#hear(a));
  }

  #hear(a: FactAnnouncement): void {
    for (const name of this.#slots.keys()) {
      let heard = this.#heard.get(name);
      if (heard === undefined) {
        heard = { ranges: [], lost: false };
        this.#heard.set(name, heard);
      }
      if ('lost' in a) heard.lost = true;
      else if (heard.ranges.length < MAX_RANGES) heard.ranges.push(a);
      else heard.lost = true;
    }
    // Bring the fleet "now" up to date before anyone asks, once per gap (see REFRESH_GAP_FACTOR).
    // A what-if protocol's state is brought up to date when it is read (what-ifs are occasional).
    if (this.#refreshing !== null || !this.#slots.has('')) return;
    const gap = Math.min(
      MAX_REFRESH_GAP_MS,
      Math.max(MIN_REFRESH_GAP_MS, this.#lastUpdateMs * REFRESH_GAP_FACTOR),
    );
    this.#refreshing = setTimeout(() => {
      this.#refreshing = null;
      this.refreshes++;
      // The state alone: its result is taken when someone reads it.
      this.#slot(undefined).catch(() => {
        // Not kept (see current); the next reader tries again and sees the error.
      });
    }, gap);
    this.#refreshing.unref();
  }

  /**
   * The fleet as of now, every device against its holder's protocol or `protocol`: exact at
   * the instant of the call (what is open; see incremental.ts for the wording), and including
   * every change committed before it.
   */
  current(protocol?: string): Promise<EvaluationResult> {
    const offloaded = this.#offloaded;
    if (protocol === undefined && offloaded !== undefined)
      return offloaded.current().then((mirrored) => mirrored ?? this.#inProcess(undefined));
    return this.#inProcess(protocol);
  }

  #inProcess(protocol: string | undefined): Promise<EvaluationResult> {
    // Taken as the update resolves: the next update reads the database before it changes the state.
    return this.#slot(protocol).then((slot) => slot.state.result());
  }

  #slot(protocol: string | undefined): Promise<Slot> {
    const name = protocol ?? '';
    const previous = this.#slots.get(name);
    // One update at a time per state: each reader waits for the ones before it, then for its own.
    const next = (previous ?? Promise.resolve(null))
      .catch(() => null)
      .then((slot) => this.#update(slot, protocol));
    this.#slots.delete(name);
    this.#slots.set(name, next);
    next.catch(() => {
      // A failed evaluation (unknown protocol, database down) is not kept.
      if (this.#slots.get(name) === next) this.#slots.delete(name);
    });
    if (this.#slots.size > MAX_SLOTS) {
      const oldest = this.#slots.keys().next().value;
      if (oldest !== undefined) this.#slots.delete(oldest);
    }
    return next;
  }

  /**
   * The incremental state of the fleet "now" (in process, never the offloaded one), brought up
   * to date as `current()` would: for the evaluation worker, which sends the state's change log
   * rather than copies of its result (adapters/evaluation/worker.ts).
   */
  currentState(): Promise<FleetState> {
    return this.#slot(undefined).then((slot) => slot.state);
  }

  async #update(slot: Slot | null, protocol: string | undefined): Promise<Slot> {
    const started = performance.now();
    try {
      return await this.#follow(slot, protocol);
    } finally {
      if (protocol === undefined) this.#lastUpdateMs = performance.now() - started;
    }
  }

  async #follow(slot: Slot | null, protocol: string | undefined, retries = 2): Promise<Slot> {
    const name = protocol ?? '';
    const heard = this.#heard.get(name);
    this.#heard.delete(name);
    const now = this.#clock.now();
    const version = await this.#uow.read((tx) => tx.dashboard.dataVersion());
    if (slot === null || heard?.lost === true || now < slot.state.at || now >= slot.horizon)
      return this.#build(version, now, protocol);
    // Seqs at or below the version already followed that committed since: the data version
    // cannot show them (it is a maximum); their announcement does.
    const late = (heard?.ranges ?? []).filter((r) => r.from <= slot.version && !seenAll(slot, r));
    const limit = Math.max(this.#minEvents, slot.state.size);
    if (version !== slot.version || late.length > 0 || now >= slot.deviceHorizon) {
      this.applied++;
      const events = await this.#uow.read(async (tx) => {
        const all =
          version === slot.version ? [] : await tx.audit.list({ afterSeq: slot.version, limit: limit + 1 });
        for (const r of late) {
          if (all.length > limit) break;
          all.push(
            ...(await tx.audit.list({
              afterSeq: r.from - 1,
              upToSeq: Math.min(r.to, slot.version),
              limit: limit + 1,
            })),
          );
        }
        return all;
      });
      const changes = events.length > limit ? null : changesOf(events);
      if (changes === null) return this.#build(version, now, protocol);
      // The non-device facts: all of them again after most events; after waivers and
      // assignments alone, only those they name (the rest of what was loaded still holds: a
      // fact taking effect since would have been the horizon).
      // A new person: that person and their assignments (a person comes with the assignment).
      for (const id of changes.created) changes.assigned.add(id);
      const targeted =
        !changes.facts &&
        (changes.waivers.size > 0 ||
          changes.assigned.size > 0 ||
          changes.created.size > 0 ||
          changes.refusals.size > 0 ||
          changes.detections.size > 0 ||
          changes.incidents.size > 0);
      const facts =
        changes.facts || targeted
          ? await this.#uow.read(async (tx) => ({
              facts: changes.facts ? await tx.dashboard.factsAt(now) : null,
              waivers: targeted ? await tx.fleet.waiversAt([...changes.waivers], now) : [],
              assignments: targeted ? await tx.dashboard.assignmentsOf([...changes.assigned], now) : [],
              created: targeted ? await peopleNamed(tx.people, changes.created) : [],
              refusals: targeted ? await tx.fleet.refusalsAt([...changes.refusals], now) : [],
              incidents: targeted ? await tx.fleet.incidentsAt([...changes.incidents], now) : [],
              detections: targeted ? await tx.fleet.detectionsAt([...changes.detections], now) : [],
              // A fact recorded now may take effect later (an assignment, a version from a date).
              horizon: await tx.fleet.nextEffectiveAfter(now, 'not-devices'),
            }))
          : null;
      // A fact committed while this update ran and dated after its `now` (the write took its
      // instant first): the state would be rebuilt once the clock reaches it; rather read again.
      if (facts !== null && facts.horizon <= this.#clock.now() && retries > 0) {
        const again = this.#heard.get(name);
        if (heard !== undefined)
          this.#heard.set(
            name,
            again === undefined ? heard : { lost: again.lost, ranges: [...heard.ranges, ...again.ranges] },
          );
        return this.#follow(slot, protocol, retries - 1);
      }
      let moved: string[] = [];
      if (facts !== null) {
        const waivers = facts.facts?.waivers ?? facts.waivers;
        for (const id of changes.waivers) {
          const w = waivers.find((x) => x.id === id);
          if (w === undefined) return this.#build(version, now, protocol);
          if ('deviceId' in w.scope) changes.devices.add(w.scope.deviceId);
          else changes.people.add(w.scope.personId);
        }
        for (const id of changes.incidents) {
          const i = (facts.facts?.incidents ?? facts.incidents).find((x) => x.id === id);
          if (i === undefined) return this.#build(version, now, protocol);
          for (const d of i.deviceIds) changes.devices.add(d);
          for (const p of i.personIds) changes.people.add(p);
        }
        const before = slot.input.inForce;
        if (facts.facts !== null) {
          slot.data = { ...facts.facts, devices: [] };
          slot.input = evaluationInput(slot.data, now, protocol);
        } else {
          const patched = patchFacts(
            slot,
            now,
            facts.waivers,
            changes.assigned,
            facts.assignments,
            facts.created,
            facts.refusals,
            facts.incidents,
            facts.detections,
          );
          if (patched === null) slot.input = evaluationInput(slot.data, now, protocol);
        }
        slot.horizon = facts.horizon;
        if (changes.protocols) moved = changedProtocols(before, slot.input.inForce);
        moved = [...new Set([...moved, ...changes.protocolNames])];
      }
      const named = [...changes.devices];
      const held = slot.histories;
      const { loaded, swept } = await this.#uow.read(async (tx) => {
        // Device facts that took effect since the last read of the fleet (observed after its
        // instant, or committed while it ran): their devices are re-read as of now too.
        const swept = await tx.fleet.deviceFactsIn(slot.sweptTo, now);
        const ids = [...new Set([...named, ...swept.deviceIds])];
        // A held history that gained posture reports alone (named by their events, or observed
        // since): those reports are read, not the history.
        const other = new Set([...changes.otherDevices, ...swept.otherFacts]);
        const patched: string[] = [];
        const read: string[] = [];
        for (const id of ids) {
          const alone =
            held.has(id) && !other.has(id) && (changes.reported.has(id) || !changes.devices.has(id));
          (alone ? patched : read).push(id);
        }
        for (const id of read) held.delete(id);
        if (patched.length > 0) {
          const reports = await tx.posture.since(
            patched,
            patched.flatMap((id) => changes.reported.get(id) ?? []),
            slot.sweptTo,
            now,
          );
          const byDevice = new Map<string, PostureReport[]>();
          for (const r of reports) {
            const list = byDevice.get(r.deviceId);
            if (list === undefined) byDevice.set(r.deviceId, [r]);
            else list.push(r);
          }
          for (const [id, list] of byDevice) held.add(id, list);
        }
        const fresh = read.length === 0 ? [] : await tx.dashboard.histories(read, now);
        for (const h of fresh) held.put(h);
        const loaded = [...fresh];
        for (const id of patched) {
          const h = held.get(id);
          if (h !== undefined) loaded.push(h);
        }
        return { swept, loaded };
      });
      for (const id of swept.deviceIds) changes.devices.add(id);
      slot.sweptTo = now;
      slot.deviceHorizon = swept.next;
      // As the full load: a device counts once it has a status (in service by then).
      const histories = loaded.filter((h) => h.statuses.some((s) => s.at <= now));
      const changed: Changed = {
        devices: changes.devices,
        people: changes.people,
        protocols: moved,
        platforms: changes.platforms,
        facilities: changes.facilities,
      };
      if (!(await this.#apply(slot, now, histories, changed))) return this.#build(version, now, protocol);
      slot.version = version;
      // Kept when no event was read (a device fact dated after the last read, alone).
      if (events.length > 0) slot.seen = new Set(events.map((e) => e.seq));
    } else if (now >= slot.state.due) {
      if (!(await this.#apply(slot, now, [], {}))) return this.#build(version, now, protocol);
    }
    return slot;
  }

  /**
   * Applies a change to the state, with the histories it brings and those of the other devices
   * the state re-evaluates (the clock reached them, a person, protocol or platform names them):
   * the state keeps none, so they are read as of `now`.
   */
  async #apply(
    slot: Slot,
    now: Instant,
    histories: readonly DeviceHistory[],
    changed: Changed,
  ): Promise<boolean> {
    const wanted = slot.state.wants(this.#input(slot, now, histories), changed);
    const size = this.#loadPage;
    // Most of the fleet (an OS release, a protocol everyone holds): a paged full load costs less
    // than reading the histories by id.
    if (wanted.length > Math.max(REREAD_MIN, slot.state.size / 2)) return false;
    const all = histories.slice();
    // Held histories are whole as of `now` (the update brought them up to date).
    const unheld: string[] = [];
    for (const id of wanted) {
      const h = slot.histories.get(id);
      if (h === undefined) unheld.push(id);
      else all.push(h);
    }
    for (let i = 0; i < unheld.length; i += size) {
      const ids = unheld.slice(i, i + size);
      const read = await this.#uow.read((tx) => tx.dashboard.histories(ids, now));
      for (const h of read) slot.histories.put(h);
      all.push(...read);
    }
    slot.state.apply(this.#input(slot, now, all), changed);
    return true;
  }

  /** The state's input at `now`: the same objects as before (what is in force, lifecycle facts). */
  #input(slot: Slot, now: Instant, devices: readonly DeviceHistory[]): EvaluationInput {
    slot.input = { ...slot.input, at: now, devices };
    return slot.input;
  }

  async #build(version: number, now: Instant, protocol: string | undefined): Promise<Slot> {
    this.misses++;
    const { facts, horizon, deviceHorizon } = await this.#uow.run(async (tx) => ({
      facts: await tx.dashboard.factsAt(now),
      horizon: await tx.fleet.nextEffectiveAfter(now, 'not-devices'),
      deviceHorizon: (await tx.fleet.deviceFactsIn(now, now)).next,
    }));
    const data: FleetSnapshotData = { ...facts, devices: [] };
    const input = evaluationInput(data, now, protocol);
    const state = new FleetState(input, true, { keepHistories: false, paged: true });
    // The histories a page at a time, in the order `load` gives them (a fact committed meanwhile
    // is after `version`: the next update follows it). Outside a transaction: on PGlite one open
    // transaction holds every other query.
    const size = this.#loadPage;
    const page = (after: string | null) =>
      this.#uow.read((tx) => tx.dashboard.historiesAfter(after, size, now));
    let next = page(null);
    for (;;) {
      const histories = await next;
      const last = histories.at(-1)?.device.id;
      // The next page read while this one is evaluated.
      if (histories.length >= size && last !== undefined) {
        next = page(last);
        // Awaited on the next round; a failure meanwhile is not an unhandled rejection.
        next.catch(() => {});
      }
      state.add(histories);
      // In slices, so that the requests arriving meanwhile are answered (evaluate-chunked.ts).
      while (state.step(EVALUATION_SLICE)) await nextTurn();
      if (histories.length < size) break;
    }
    state.finish();
    return {
      version,
      seen: new Set(),
      state,
      data: { ...data, devices: [] },
      input: { ...input, devices: [] },
      horizon,
      sweptTo: now,
      deviceHorizon,
      histories: new Histories(),
    };
  }
}
