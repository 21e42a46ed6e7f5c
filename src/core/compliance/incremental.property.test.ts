/**
 * The incremental fleet state against the full evaluator: over random fleets, random changes of
 * facts (posture reports, waivers, assignments, protocol versions, a version of a protocol
 * another extends, OS releases, exploited-CVE entries, custody, device statuses, incidents) and random jumps of the clock, what is
 * open always equals a full evaluation at the same instant. Each change names only what it can
 * affect (a person, the protocols whose compiled content moved, a platform), as the service does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fleetArb, PEOPLE, PROTOCOLS, RELEASES } from '../../../test/support/fleet-arbitraries.ts';
import type { VulnerabilityIntel } from '../intel/types.ts';
import {
  DEVICE_STATUSES,
  type DeviceStatus,
  type Finding,
  type IncidentFact,
  type OsRelease,
  type Person,
  type Platform,
  type Waiver,
} from '../model.ts';
import { DAY, HOUR, type Instant } from '../time.ts';

const MINUTE = 60_000;

import { evaluateFleet } from './evaluate.ts';
import { compareFindings } from './evaluate-order.ts';
import { changedProtocols, reassigned } from './in-force.ts';
import { type Changed, FleetState } from './incremental.ts';
import { changesFrom } from './result-changes.ts';
import {
  acknowledgement,
  compiledProtocol,
  compliantPosture,
  detection,
  facilityOffice,
  inForceOf,
  reading,
  sensors,
  strictRole,
  T0,
  waiver,
  withPosture,
} from './test-helpers.ts';
import type { DeviceHistory, EvaluationInput, EvaluationResult, LifecycleFacts } from './types.ts';

const RUNS = { seed: 20_261_206, numRuns: 120 } as const;

type Event =
  | { kind: 'report'; device: number; os: string; camera: 'disabled' | 'enabled' }
  | { kind: 'waiver'; device: number | null; person: string; rule: string; hours: number }
  | { kind: 'assign'; person: string; protocol: string | null }
  | { kind: 'protocol'; rotationDays: number }
  | { kind: 'release'; platform: Platform }
  | { kind: 'kev'; platform: Platform; version: number }
  | { kind: 'jump'; ms: number }
  | { kind: 'register'; like: number }
  | { kind: 'custody'; device: number; holder: string | null }
  | { kind: 'status'; device: number; status: DeviceStatus }
  | { kind: 'incident'; device: number | null; person: string | null; closeAfterHours: number | null };

const PEOPLE_IDS = ['p1', 'p2', 's1', 's2'];
const RULES = ['rotation.overdue', 'inspection.overdue', 'posture.stale', 'sensor.camera', 'os.outdated'];

const eventArb: fc.Arbitrary<Event> = fc.oneof(
  fc.record({
    kind: fc.constant('report' as const),
    device: fc.nat(7),
    os: fc.constantFrom('18.6', '18.6.2', '17.7'),
    camera: fc.constantFrom('disabled' as const, 'enabled' as const),
  }),
  fc.record({
    kind: fc.constant('waiver' as const),
    device: fc.option(fc.nat(7), { nil: null }),
    person: fc.constantFrom(...PEOPLE_IDS),
    rule: fc.constantFrom(...RULES),
    hours: fc.integer({ min: 1, max: 24 * 60 }),
  }),
  fc.record({
    kind: fc.constant('assign' as const),
    person: fc.constantFrom(...PEOPLE_IDS),
    protocol: fc.constantFrom('test-protocol', 'partial', 'derived', null),
  }),
  fc.record({ kind: fc.constant('protocol' as const), rotationDays: fc.integer({ min: 1, max: 400 }) }),
  fc.record({
    kind: fc.constant('release' as const),
    platform: fc.constantFrom('ios' as const, 'android' as const),
  }),
  fc.record({
    kind: fc.constant('kev' as const),
    platform: fc.constantFrom('ios' as const, 'android' as const),
    version: fc.nat(3),
  }),
  fc.record({ kind: fc.constant('register' as const), like: fc.nat(7) }),
  fc.record({
    kind: fc.constant('custody' as const),
    device: fc.nat(7),
    holder: fc.option(fc.constantFrom(...PEOPLE_IDS), { nil: null }),
  }),
  fc.record({
    kind: fc.constant('status' as const),
    device: fc.nat(7),
    status: fc.constantFrom(...DEVICE_STATUSES),
  }),
  fc.record({
    kind: fc.constant('incident' as const),
    device: fc.option(fc.nat(7), { nil: null }),
    person: fc.option(fc.constantFrom(...PEOPLE_IDS), { nil: null }),
    closeAfterHours: fc.option(fc.integer({ min: 1, max: 24 * 30 }), { nil: null }),
  }),
  fc.record({
    kind: fc.constant('jump' as const),
    // From a millisecond (a deadline between two reads) to half a year.
    ms: fc.oneof(fc.integer({ min: 1, max: MINUTE }), fc.integer({ min: 1, max: 180 * DAY })),
  }),
);

/** The facts of the test fleet, changed by events as a database would be. */
class Facts {
  at: Instant = T0;
  devices: DeviceHistory[];
  // p2 is under `derived`, which extends `partial` (its rotation is partial's).
  people: Person[] = PEOPLE.map((p) => (p.id === 'p2' ? { ...p, protocol: 'derived' } : p));
  partialRotation = 365;
  waivers: Waiver[] = [];
  incidents: IncidentFact[] = [];
  releases: OsRelease[] = RELEASES.slice();
  intel: VulnerabilityIntel = { fixes: [], kev: [] };
  #seq = 0;

  constructor(devices: DeviceHistory[]) {
    this.devices = devices;
  }

  #shared: { key: unknown[]; inForce: EvaluationInput['inForce']; lifecycle: LifecycleFacts } | null = null;

  input(devices: readonly DeviceHistory[] = this.devices): EvaluationInput {
    // The same objects while they are unchanged (what is in force does not move with the clock
    // here): the state then keeps its shared context and only moves its clock.
    const key = [this.people, this.partialRotation, this.waivers, this.incidents];
    const shared = this.#shared;
    if (shared !== null && key.every((k, i) => k === shared.key[i]))
      return {
        at: this.at,
        devices,
        inForce: shared.inForce,
        releases: this.releases,
        intel: this.intel,
        lifecycle: shared.lifecycle,
      };
    const partial = compiledProtocol({
      name: 'partial',
      roles: {
        calls: strictRole({ rotation: { every: this.partialRotation * DAY, grace: DAY, cite: [] } }),
        social: strictRole({ rotation: null }),
      },
    });
    // As compiled from a document that extends `partial`: the rotation is the parent's.
    const derived = compiledProtocol({
      name: 'derived',
      roles: {
        calls: strictRole({ rotation: { every: this.partialRotation * DAY, grace: 2 * DAY, cite: [] } }),
        general: strictRole({ sensors: null }),
      },
    });
    const protocols = [PROTOCOLS[0] ?? compiledProtocol(), partial, derived];
    const inForce = inForceOf(this.people, protocols, this.at);
    const lifecycle = {
      refusals: [],
      waivers: this.waivers,
      incidents: this.incidents,
      detections: [],
      acknowledgements: [],
    };
    this.#shared = { key, inForce, lifecycle };
    return { at: this.at, devices, inForce, releases: this.releases, intel: this.intel, lifecycle };
  }

  /**
   * The shared facts after a change made from those before it (null: built anew), as the
   * evaluation cache patches them instead of reading everything again.
   */
  #patch(
    make: (shared: { inForce: EvaluationInput['inForce']; lifecycle: LifecycleFacts }) => {
      inForce: EvaluationInput['inForce'];
      lifecycle: LifecycleFacts;
    } | null,
  ): void {
    const shared = this.#shared;
    if (shared === null) return;
    const next = make(shared);
    this.#shared =
      next === null
        ? null
        : { key: [this.people, this.partialRotation, this.waivers, this.incidents], ...next };
  }

  /** The input built from scratch (nothing patched): what the full evaluation is given. */
  fresh(): EvaluationInput {
    const shared = this.#shared;
    this.#shared = null;
    const input = this.input();
    this.#shared = shared;
    return input;
  }

  /** Applies the event; returns the changed histories and what the change names. */
  apply(e: Event): { histories: DeviceHistory[]; changed: Changed } {
    const n = ++this.#seq;
    switch (e.kind) {
      case 'report': {
        const h = this.devices[e.device % this.devices.length] as DeviceHistory;
        const id = h.device.id;
        const report = compliantPosture({
          id: `${id}-x${n}`,
          deviceId: id,
          observedAt: this.at,
          receivedAt: this.at,
          osVersion: e.os,
          sensors: { ...sensors('disabled'), camera: reading(e.camera) },
        });
        const next = { ...h, posture: [...h.posture, report] };
        this.devices = this.devices.map((d) => (d === h ? next : d));
        return { histories: [next], changed: { devices: [id] } };
      }
      case 'waiver': {
        const id =
          e.device === null
            ? null
            : (this.devices[e.device % this.devices.length] as DeviceHistory).device.id;
        this.waivers = [
          ...this.waivers,
          waiver({
            id: `wv${n}`,
            rule: e.rule,
            scope: id === null ? { personId: e.person } : { deviceId: id },
            requestedAt: this.at,
            approvedAt: this.at,
            startsAt: this.at,
            expiresAt: this.at + e.hours * HOUR,
          }),
        ];
        // As the service patches it: the lifecycle facts anew, what is in force the same object.
        this.#patch((shared) => ({
          inForce: shared.inForce,
          lifecycle: { ...shared.lifecycle, waivers: this.waivers },
        }));
        return { histories: [], changed: id === null ? { people: [e.person] } : { devices: [id] } };
      }
      case 'assign': {
        this.people = this.people.map((p) => (p.id === e.person ? { ...p, protocol: e.protocol } : p));
        // As the service patches it: what is in force for this person (and their staff) alone.
        const since = this.people.find((p) => p.id === e.person)?.since ?? T0;
        this.#patch((shared) => {
          const inForce = reassigned(
            shared.inForce,
            this.at,
            [e.person],
            [{ personId: e.person, protocol: e.protocol, at: since }],
          );
          return inForce === null ? null : { inForce, lifecycle: shared.lifecycle };
        });
        return { histories: [], changed: { people: [e.person] } };
      }
      case 'protocol': {
        const before = this.input().inForce;
        this.partialRotation = e.rotationDays;
        return { histories: [], changed: { protocols: changedProtocols(before, this.input().inForce) } };
      }
      case 'release':
        this.releases = [
          ...this.releases,
          e.platform === 'ios'
            ? { platform: 'ios', version: `26.${n}`, build: null, releasedAt: this.at, recordedAt: this.at }
            : {
                platform: 'android',
                version: '2026-12-01',
                build: null,
                releasedAt: this.at,
                recordedAt: this.at,
              },
        ];
        return { histories: [], changed: { platforms: [e.platform] } };
      case 'kev': {
        // A fix of an exploited CVE in a version some devices run or will run, listed in KEV.
        const cveId = `CVE-2026-${n}`;
        const version =
          e.platform === 'ios'
            ? (['18.6', '18.6.1', '18.6.2', '26.0'][e.version] ?? '18.6')
            : (['2026-08-01', '2026-09-05', '2026-11-01', '2026-12-01'][e.version] ?? '2026-11-01');
        this.intel = {
          fixes: [
            ...this.intel.fixes,
            {
              platform: e.platform,
              version,
              cveId,
              exploited: true,
              releasedAt: this.at,
              recordedAt: this.at,
            },
          ],
          kev: [
            ...this.intel.kev,
            {
              cveId,
              vendorProject: e.platform === 'ios' ? 'Apple' : 'Google',
              product: e.platform === 'ios' ? 'iOS' : 'Android',
              name: null,
              dateAdded: this.at,
              dueDate: this.at + 21 * DAY,
              ransomware: null,
              recordedAt: this.at,
            },
          ],
        };
        return { histories: [], changed: { platforms: [e.platform] } };
      }
      case 'register': {
        // A new device with the facts of another (under its own id).
        const like = this.devices[e.like % this.devices.length] as DeviceHistory;
        const added = { ...like, device: { ...like.device, id: `n${n}` } };
        this.devices = [...this.devices, added];
        return { histories: [added], changed: {} };
      }
      case 'custody': {
        // Handed to a person or put in storage; names the device and its new holder.
        const h = this.devices[e.device % this.devices.length] as DeviceHistory;
        const record = {
          deviceId: h.device.id,
          holderId: e.holder,
          location: e.holder === null ? 'store' : null,
          at: this.at,
          recordedBy: 'test',
          recordedAt: this.at,
        };
        const next = { ...h, custody: [...h.custody, record] };
        this.devices = this.devices.map((d) => (d === h ? next : d));
        return {
          histories: [next],
          changed: { devices: [h.device.id], people: e.holder === null ? [] : [e.holder] },
        };
      }
      case 'status': {
        const h = this.devices[e.device % this.devices.length] as DeviceHistory;
        const change = {
          deviceId: h.device.id,
          status: e.status,
          at: this.at,
          reason: null,
          recordedAt: this.at,
        };
        const next = { ...h, statuses: [...h.statuses, change] };
        this.devices = this.devices.map((d) => (d === h ? next : d));
        return { histories: [next], changed: { devices: [h.device.id] } };
      }
      case 'incident': {
        // Opened now, closed later or never: names its devices and people, as its events do.
        const deviceIds =
          e.device === null
            ? []
            : [(this.devices[e.device % this.devices.length] as DeviceHistory).device.id];
        const personIds = e.person === null ? [] : [e.person];
        const closedAt = e.closeAfterHours === null ? null : this.at + e.closeAfterHours * HOUR;
        this.incidents = [
          ...this.incidents,
          {
            id: `inc${n}`,
            deviceIds,
            personIds,
            openedAt: this.at,
            closedAt,
            inspectionId: null,
            recordedAt: this.at,
            closeRecordedAt: closedAt,
          },
        ];
        return { histories: [], changed: { devices: deviceIds, people: personIds } };
      }
      case 'jump':
        this.at += e.ms;
        return { histories: [], changed: {} };
    }
  }
}

/** What is open: each finding's identity and standing, and each device's summary (wording aside). */
function standing(r: EvaluationResult) {
  const key = (f: Finding) =>
    JSON.stringify([f.deviceId, f.personId, f.protocol, f.rule, f.severity, f.status, f.outcome, f.waiver]);
  return {
    at: r.at,
    findings: r.findings.map(key).sort(),
    devices: [...r.devices].sort((a, b) => (a.deviceId < b.deviceId ? -1 : 1)),
  };
}

/** Whether the findings are in `EvaluationResult` order. */
function inOrder(r: EvaluationResult): boolean {
  return r.findings.every((f, i) => i === 0 || compareFindings(r.findings[i - 1] as Finding, f) <= 0);
}

/** How `b` differs from `a` by identity, as result-changes.ts says it (findings in any order). */
function differences(a: EvaluationResult, b: EvaluationResult) {
  const was = new Set(a.findings);
  const now = new Set(b.findings);
  const devices: number[] = [];
  for (let i = 0; i < a.devices.length; i++) if (a.devices[i] !== b.devices[i]) devices.push(i);
  return {
    previous: a,
    devices,
    removed: expect.toSatisfy(
      (xs: Finding[]) =>
        xs.length === new Set(xs).size &&
        xs.every((f) => was.has(f) && !now.has(f)) &&
        a.findings.every((f) => now.has(f) || xs.includes(f)),
    ),
    added: expect.toSatisfy(
      (xs: Finding[]) =>
        xs.length === new Set(xs).size &&
        xs.every((f) => now.has(f) && !was.has(f)) &&
        b.findings.every((f) => was.has(f) || xs.includes(f)),
    ),
  };
}

describe('FleetState', () => {
  it('equals a full evaluation after any sequence of changes and clock jumps', () => {
    const time = fc.integer({ min: -300, max: 60 }).map((k) => T0 + k * 12 * HOUR);
    fc.assert(
      fc.property(fleetArb(time, 8), fc.array(eventArb, { minLength: 1, maxLength: 25 }), (fleet, events) => {
        const facts = new Facts(fleet);
        const state = new FleetState(facts.input());
        let previous = state.result();
        expect(standing(previous)).toEqual(standing(evaluateFleet(facts.fresh())));
        for (const e of events) {
          const { histories, changed } = facts.apply(e);
          state.apply(facts.input(histories), changed);
          const result = state.result();
          expect(standing(result)).toEqual(standing(evaluateFleet(facts.fresh())));
          expect(inOrder(result)).toBe(true);
          // What the state says changed is what differs, by identity.
          expect(changesFrom(previous, result)).toEqual(differences(previous, result));
          previous = result;
        }
      }),
      RUNS,
    );
  });

  it('says what changed since the last result read, over several changes between reads', () => {
    const time = fc.integer({ min: -300, max: 60 }).map((k) => T0 + k * 12 * HOUR);
    fc.assert(
      fc.property(
        fleetArb(time, 8),
        fc.array(fc.tuple(eventArb, fc.boolean()), { minLength: 1, maxLength: 25 }),
        (fleet, events) => {
          const facts = new Facts(fleet);
          const state = new FleetState(facts.input());
          const first = state.result();
          let previous = first;
          let reads = 0;
          for (const [e, read] of events) {
            const { histories, changed } = facts.apply(e);
            state.apply(facts.input(histories), changed);
            if (!read) continue;
            const result = state.result();
            expect(changesFrom(previous, result)).toEqual(differences(previous, result));
            // And from a result further back, through the ones in between (up to 16).
            if (++reads <= 16) expect(changesFrom(first, result)).toEqual(differences(first, result));
            previous = result;
          }
        },
      ),
      RUNS,
    );
  });

  it('equals a full evaluation built in pages without histories, given each change the histories it wants', () => {
    const time = fc.integer({ min: -300, max: 60 }).map((k) => T0 + k * 12 * HOUR);
    fc.assert(
      fc.property(
        fleetArb(time, 8),
        fc.array(fc.nat(3), { maxLength: 4 }),
        fc.array(eventArb, { minLength: 1, maxLength: 40 }),
        (fleet, sizes, events) => {
          const facts = new Facts(fleet);
          const state = new FleetState(facts.input([]), true, { keepHistories: false, paged: true });
          // The first input in random pages (some empty), as a paged load gives it.
          let from = 0;
          for (const size of [...sizes, Number.POSITIVE_INFINITY]) {
            const page = facts.devices.slice(from, from + size);
            from += page.length;
            state.add(page);
            while (state.step(1));
          }
          state.finish();
          expect(standing(state.result())).toEqual(standing(evaluateFleet(facts.fresh())));
          for (const e of events) {
            const { histories, changed } = facts.apply(e);
            const wanted = new Set(state.wants(facts.input(histories), changed));
            const given = new Set(histories.map((h) => h.device.id));
            for (const id of wanted) expect(given.has(id)).toBe(false);
            // What it wants, read "from the database": the facts as they are now. `apply` throws
            // when a device it re-evaluates has no history, so a want left out fails here.
            const read = facts.devices.filter((h) => wanted.has(h.device.id));
            state.apply(facts.input([...histories, ...read]), changed);
            expect(standing(state.result())).toEqual(standing(evaluateFleet(facts.fresh())));
          }
        },
      ),
      RUNS,
    );
  });

  it('tells sightings of devices it keeps no history of as a full evaluation does (personal or issued, by the clock)', () => {
    const sighting = fc.record({
      device: fc.constantFrom('aide-phone', 'pm-calls', null),
      daysAgo: fc.integer({ min: -5, max: 40 }),
    });
    fc.assert(
      fc.property(
        fc.array(sighting, { maxLength: 6 }),
        fc.subarray(['pm', 'aide']),
        fc.array(fc.integer({ min: 1, max: 20 * 24 }), { maxLength: 4 }),
        (sightings, acknowledged, jumps) => {
          const input = (at: Instant, devices: readonly DeviceHistory[]): EvaluationInput => ({
            at,
            devices,
            inForce: inForceOf(facilityOffice.people.values(), [facilityOffice.office], T0),
            releases: [],
            lifecycle: {
              refusals: [],
              waivers: [],
              incidents: [],
              detections: sightings.map((s, i) =>
                detection(
                  `x${i}`,
                  s.device === null ? 'imei:1' : `serial:${s.device}`,
                  s.daysAgo,
                  s.device,
                  null,
                ),
              ),
              acknowledgements: acknowledged.map((p) => acknowledgement(p)),
            },
          });
          const zone = (r: EvaluationResult) =>
            r.findings.filter((f) => f.rule === 'zone.personal-device').map((f) => [f.deviceId, f.message]);
          const state = new FleetState(input(T0, []), true, { keepHistories: false, paged: true });
          for (const h of facilityOffice.devices) {
            state.add([h]);
            while (state.step(1));
          }
          state.finish();
          let at = T0;
          const full = () => evaluateFleet(input(at, facilityOffice.devices));
          expect(standing(state.result())).toEqual(standing(full()));
          expect(zone(state.result())).toEqual(zone(full()));
          for (const hours of jumps) {
            at += hours * HOUR;
            const wanted = new Set(state.wants(input(at, [])));
            state.apply(
              input(
                at,
                facilityOffice.devices.filter((h) => wanted.has(h.device.id)),
              ),
            );
            expect(standing(state.result())).toEqual(standing(full()));
            expect(zone(state.result())).toEqual(zone(full()));
          }
        },
      ),
      RUNS,
    );
  });

  it('throws rather than evaluate a device whose history it does not keep and was not given', () => {
    const facts = new Facts(
      fc.sample(fleetArb(fc.constant(T0 - 100 * DAY), 8), { seed: RUNS.seed, numRuns: 1 })[0] ?? [],
    );
    const state = new FleetState(facts.input(), false, { keepHistories: false });
    facts.at += 400 * DAY;
    const wanted = state.wants(facts.input([]));
    expect(wanted.length).toBeGreaterThan(0);
    expect(() => state.apply(facts.input([]))).toThrow(/is needed/);
  });

  it('stays exact over long runs of changes and small clock steps (stale deadlines pile up and are swept)', () => {
    const time = fc.integer({ min: -300, max: 60 }).map((k) => T0 + k * 12 * HOUR);
    const step = fc.integer({ min: 1, max: 36 }).map((h) => ({ kind: 'jump' as const, ms: h * HOUR }));
    fc.assert(
      fc.property(
        fleetArb(time, 8),
        fc.array(fc.oneof(eventArb, step, step), { minLength: 60, maxLength: 120 }),
        (fleet, events) => {
          const facts = new Facts(fleet);
          const state = new FleetState(facts.input());
          for (const e of events) {
            const { histories, changed } = facts.apply(e);
            state.apply(facts.input(histories), changed);
            expect(standing(state.result())).toEqual(standing(evaluateFleet(facts.fresh())));
          }
        },
      ),
      { ...RUNS, numRuns: 30 },
    );
  });

  it('says each change as edits that bring a copy of the last result to the next, same objects in the same places', () => {
    const time = fc.integer({ min: -300, max: 60 }).map((k) => T0 + k * 12 * HOUR);
    fc.assert(
      fc.property(fleetArb(time, 8), fc.array(eventArb, { minLength: 1, maxLength: 25 }), (fleet, events) => {
        const facts = new Facts(fleet);
        const state = new FleetState(facts.input());
        expect(state.changes()).toBeNull();
        let copy = { devices: [...state.result().devices], findings: [...state.result().findings] };
        let edited = 0;
        for (const e of events) {
          const { histories, changed } = facts.apply(e);
          state.apply(facts.input(histories), changed);
          const changes = state.changes();
          const result = state.result();
          if (changes === null) copy = { devices: [...result.devices], findings: [...result.findings] };
          else {
            edited++;
            for (const [i, d] of changes.devices) copy.devices[i] = d;
            for (const [i, f] of changes.findings)
              if (f === null) copy.findings.splice(i, 1);
              else copy.findings.splice(i, 0, f);
            expect(changes.at).toBe(result.at);
            expect(changes.deviceCount).toBe(result.devices.length);
            expect(changes.findingCount).toBe(result.findings.length);
          }
          expect(copy.devices).toHaveLength(result.devices.length);
          result.devices.forEach((d, i) => {
            expect(copy.devices[i]).toBe(d);
          });
          expect(copy.findings).toHaveLength(result.findings.length);
          result.findings.forEach((f, i) => {
            expect(copy.findings[i]).toBe(f);
          });
        }
        // The log speaks for every change but the re-sorts (a new device, a change beyond the limits).
        expect(edited).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('re-evaluates only the device a posture report names', () => {
    const time = fc.integer({ min: -300, max: 0 }).map((k) => T0 + k * 12 * HOUR);
    fc.assert(
      fc.property(fleetArb(time, 8), fc.nat(7), (fleet, i) => {
        const facts = new Facts(fleet);
        const state = new FleetState(facts.input());
        // Past every time-driven change of the first evaluation, so only the report counts.
        facts.at = Math.max(facts.at, state.until());
        if (!Number.isFinite(facts.at)) facts.at = T0;
        state.advance(facts.input());
        const before = state.evaluated;
        const { histories, changed } = facts.apply({
          kind: 'report',
          device: i,
          os: '18.6.2',
          camera: 'disabled',
        });
        state.apply(facts.input(histories), changed);
        expect(state.evaluated - before).toBe(1);
      }),
      RUNS,
    );
  });

  it('swaps no finding when a re-evaluation makes the same ones again (the person pass, a device re-read unchanged)', () => {
    const time = fc.integer({ min: -300, max: 0 }).map((k) => T0 + k * 12 * HOUR);
    fc.assert(
      fc.property(fleetArb(time, 8), fc.nat(7), (fleet, i) => {
        const facts = new Facts(fleet);
        const state = new FleetState(facts.input());
        state.result();
        state.changes();
        const before = state.result().findings;
        // The same facts at the same instant: the device named and the person pass run again.
        const device = facts.devices[i % Math.max(1, facts.devices.length)];
        state.apply(facts.input(device === undefined ? [] : [device]), {
          devices: device === undefined ? [] : [device.device.id],
          facilities: true,
        });
        const changes = state.changes();
        expect(changes?.findings).toEqual([]);
        const after = state.result().findings;
        expect(after).toHaveLength(before.length);
        after.forEach((f, k) => {
          expect(f).toBe(before[k]);
        });
      }),
      RUNS,
    );
  });

  it('stays exact while a device reports again and again (its earlier deadlines left behind, then swept)', () => {
    // Each report moves the device's staleness limit: the deadline it had before stays behind
    // until the clock reaches it or the deadlines are rebuilt.
    const d1 = withPosture(compliantPosture({ id: 'r1', deviceId: 'd1', observedAt: T0 - DAY }));
    const facts = new Facts([d1]);
    const state = new FleetState(facts.input());
    const deadlines = [state.until()];
    for (let k = 0; k < 80; k++) {
      facts.at += HOUR;
      const { histories, changed } = facts.apply({
        kind: 'report',
        device: 0,
        os: '18.6.2',
        camera: 'disabled',
      });
      state.apply(facts.input(histories), changed);
      deadlines.push(state.until());
      expect(standing(state.result())).toEqual(standing(evaluateFleet(facts.input())));
      // Now and then the clock reaches the latest deadline (every one before it is due then too).
      const next = state.until();
      if (k % 25 !== 24 || !Number.isFinite(next)) continue;
      facts.at = next;
      state.advance(facts.input());
      expect(standing(state.result())).toEqual(standing(evaluateFleet(facts.input())));
    }
    expect(new Set(deadlines).size).toBeGreaterThan(40);
  });

  it('tells the next instant a deadline changes the answer, to the millisecond', () => {
    // A compliant device on a strict protocol: its first deadline is the posture report's age limit.
    const d1 = withPosture(compliantPosture({ id: 'r1', deviceId: 'd1', observedAt: T0 - DAY }));
    const facts = new Facts([d1]);
    const state = new FleetState(facts.input());
    const until = state.until();
    expect(until).toBeGreaterThan(T0);
    expect(until).toBeLessThan(Number.POSITIVE_INFINITY);
    const open = () =>
      state
        .result()
        .findings.filter((f) => f.status === 'open')
        .map((f) => f.rule);
    const before = open();
    facts.at = until - 1;
    state.advance(facts.input());
    expect(open()).toEqual(before);
    facts.at = until;
    state.advance(facts.input());
    expect(open()).not.toEqual(before);
    expect(standing(state.result())).toEqual(standing(evaluateFleet(facts.input())));
  });
});
