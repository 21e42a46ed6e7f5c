/**
 * A what-if protocol replaces only the protocol: over random fleets, people (with their since),
 * assignment histories, detections and acknowledgements, evaluating with `whatIf: X` gives
 * exactly the findings of assigning X at or before T, with nothing assigned after it up to T.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { before, fleetArb, PROTOCOLS, RELEASES } from '../../../test/support/fleet-arbitraries.ts';
import type { Acknowledgement, Detection, Person } from '../model.ts';
import type { CompiledProtocol } from '../protocol/compiled.ts';
import { DAY, type Instant } from '../time.ts';
import { evaluateFleet } from './evaluate.ts';
import { type Assignment, type InForce, inForceAt, reassigned } from './in-force.ts';
import { compiledProtocol, person, T0 } from './test-helpers.ts';
import { type DeviceHistory, type EvaluationResult, NO_LIFECYCLE_FACTS } from './types.ts';

const RUNS = { seed: 20_261_206, numRuns: 120 } as const;

const facility = (id: string, acknowledgement: 'required' | 'optional') => ({
  id,
  title: id,
  personalDevices: 'banned' as const,
  acknowledgement,
  policyVersion: null,
});
/** Every protocol that can be in force: two with facilities, so the facilities in use matter. */
const ALL: readonly CompiledProtocol[] = [
  ...PROTOCOLS,
  { ...compiledProtocol({ name: 'office', version: '2' }), facilities: [facility('hq', 'required')] },
  {
    ...compiledProtocol({ name: 'annex' }),
    facilities: [facility('hq', 'optional'), facility('annex', 'required')],
  },
];
const NAMES = ALL.map((p) => p.name);

const PEOPLE_IDS = ['p1', 'p2', 's1', 's2'] as const;
const PRINCIPALS = ['p1', 'p2'];
const principalOf: Record<string, string | null> = { p1: null, p2: null, s1: 'p1', s2: 'p2' };

interface World {
  readonly devices: DeviceHistory[];
  readonly people: Person[];
  readonly assignments: Assignment[];
  readonly inForce: string[];
  readonly detections: Detection[];
  readonly acknowledgements: Acknowledgement[];
  readonly whatIf: string;
  readonly assignedAt: Instant;
}

const assignmentArb = fc.record({
  personId: fc.constantFrom(...PEOPLE_IDS),
  protocol: fc.constantFrom<string | null>(...NAMES, null, 'unknown'),
  at: fc.oneof(
    before,
    before.map((t) => t + 200 * DAY),
  ),
});

const worldArb: fc.Arbitrary<World> = fc
  .record({
    devices: fleetArb(before, 5),
    since: fc.tuple(...PEOPLE_IDS.map(() => fc.oneof(before, fc.constant(T0 + DAY)))),
    assignments: fc.array(assignmentArb, { maxLength: 10 }),
    inForce: fc.subarray(NAMES, { minLength: 1 }),
    detections: fc.array(
      fc.record({
        facility: fc.constantFrom('hq', 'annex'),
        identifier: fc.constantFrom('serial:SN-d0', 'serial:SN-d1', 'mac-sha256:ab', 'imei:1'),
        daysAgo: fc.integer({ min: 0, max: 40 }),
      }),
      { maxLength: 4 },
    ),
    acks: fc.array(
      fc.record({
        personId: fc.constantFrom(...PEOPLE_IDS),
        facility: fc.constantFrom('hq', 'annex'),
        policyVersion: fc.constantFrom('office@2', 'annex@1', 'test-protocol@1'),
      }),
      { maxLength: 4 },
    ),
    pick: fc.nat(),
    assignedAt: fc.oneof(fc.constant(T0), before),
  })
  .map((r) => {
    const inForce = r.inForce;
    const whatIf = inForce[r.pick % inForce.length] as string;
    return {
      devices: r.devices,
      people: PEOPLE_IDS.map((id, i) =>
        person({
          id,
          kind: principalOf[id] === null ? 'principal' : 'staff',
          principalId: principalOf[id] ?? null,
          protocol: null,
          since: r.since[i] as Instant,
          createdAt: T0 + 300 * DAY,
        }),
      ),
      assignments: r.assignments,
      inForce,
      detections: r.detections.map((d, i) => {
        const serial = d.identifier.startsWith('serial:') ? d.identifier.slice('serial:'.length) : null;
        const held = r.devices.find((h) => h.device.serial === serial);
        const at = T0 - d.daysAgo * DAY;
        return {
          id: `det${i}`,
          facility: d.facility,
          identifier: d.identifier,
          at,
          recordedAt: at,
          deviceId: held?.device.id ?? null,
          personId: held?.custody[0]?.holderId ?? null,
          source: 'gate',
        };
      }),
      acknowledgements: r.acks.map((a) => ({ ...a, at: T0 - DAY, recordedAt: T0 - DAY })),
      whatIf,
      assignedAt: Math.min(r.assignedAt, T0),
    };
  });

function evaluate(world: World, assignments: readonly Assignment[], whatIf?: string): EvaluationResult {
  const protocols = new Map(ALL.filter((p) => world.inForce.includes(p.name)).map((p) => [p.name, p]));
  return evaluateFleet({
    at: T0,
    devices: world.devices,
    inForce: inForceAt({
      at: T0,
      people: world.people,
      assignments,
      protocols,
      ...(whatIf === undefined ? {} : { whatIf }),
    }),
    releases: RELEASES,
    lifecycle: {
      ...NO_LIFECYCLE_FACTS,
      detections: world.detections,
      acknowledgements: world.acknowledgements,
    },
  });
}

/** The world's assignments with X assigned to `who` at `at`, their later ones up to T0 dropped. */
function assigning(world: World, who: readonly string[], at: Instant): Assignment[] {
  const kept = world.assignments.filter((a) => !(who.includes(a.personId) && a.at >= at && a.at <= T0));
  return [...kept, ...who.map((personId) => ({ personId, protocol: world.whatIf, at }))];
}

/** Who is present at T0 in this world (since, or a first assignment, at or before it). */
const present = (world: World): string[] => [
  ...inForceAt({
    at: T0,
    people: world.people,
    assignments: world.assignments,
    protocols: new Map(),
  }).people.keys(),
];

describe('a what-if protocol is an assignment', () => {
  it('evaluating with whatIf X equals assigning X to every person at or before T', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const whatIf = evaluate(world, world.assignments, world.whatIf);
        // Everyone present at T: an assignment would make someone not yet present count.
        const assigned = evaluate(world, assigning(world, present(world), world.assignedAt));
        expect(assigned).toEqual(whatIf);
      }),
      RUNS,
    );
  });

  it('equals assigning X to every principal when no staff member has a protocol of their own at T', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        // Staff inherit: their own assignments are cleared for the comparison.
        const staffless = {
          ...world,
          assignments: world.assignments.filter((a) => PRINCIPALS.includes(a.personId)),
        };
        const whatIf = evaluate(staffless, staffless.assignments, world.whatIf);
        const here = present(staffless);
        // Staff inherit from their principal only once the principal is present.
        fc.pre(here.every((id) => principalOf[id] == null || here.includes(principalOf[id] as string)));
        const principals = PRINCIPALS.filter((id) => here.includes(id));
        const assigned = evaluate(staffless, assigning(staffless, principals, world.assignedAt));
        expect(assigned).toEqual(whatIf);
      }),
      RUNS,
    );
  });

  it('is not vacuous: the facilities and person-level rules do fire', () => {
    const rules = new Set<string>();
    fc.assert(
      fc.property(worldArb, (world) => {
        for (const f of evaluate(world, world.assignments, world.whatIf).findings) rules.add(f.rule);
      }),
      RUNS,
    );
    for (const rule of ['zone.personal-device', 'policy.unacknowledged', 'protocol.unassigned'])
      expect(rules, rule).toContain(rule);
  });
});

describe('reassigned', () => {
  /** Everything `inForceAt` gives, the maps as entry lists (their order included). */
  const shape = (f: InForce) => ({
    everyone: [...f.everyone],
    people: [...f.people],
    governing: [...f.governing].map(([id, p]) => [id, p?.name ?? null]),
    protocolsInUse: f.protocolsInUse.map((p) => p.name),
    facilities: [...f.facilities],
    whatIf: f.whatIf?.name ?? null,
  });

  it('equals what is in force from scratch after new assignments of some people', () => {
    fc.assert(
      fc.property(
        worldArb,
        fc.array(assignmentArb, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (world, added, whatIf) => {
          const protocols = new Map(
            ALL.filter((p) => world.inForce.includes(p.name)).map((p) => [p.name, p]),
          );
          const sources = (assignments: readonly Assignment[]) => ({
            at: T0,
            people: world.people,
            assignments,
            protocols,
            ...(whatIf ? { whatIf: world.whatIf } : {}),
          });
          const before = inForceAt(sources(world.assignments));
          const after = [...world.assignments, ...added];
          const named = new Set<string>(added.map((a) => a.personId));
          const patched = reassigned(
            before,
            T0,
            named,
            after.filter((a) => named.has(a.personId)),
          );
          // Null only when someone comes or goes with the change.
          const full = inForceAt(sources(after));
          if (patched === null) expect([...full.people.keys()]).not.toEqual([...before.people.keys()]);
          else expect(shape(patched)).toEqual(shape(full));
        },
      ),
      { ...RUNS, numRuns: 500 },
    );
  });
});
