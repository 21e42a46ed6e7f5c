/**
 * The columnar pass against the evaluator: over random fleets (random histories and nearly
 * compliant devices, applied configurations that match the protocol or drift, failed checks,
 * refusals and waivers, tokens a DDM server keeps, "as known at", a random subset of the rules), `evaluateFleetColumnar`
 * returns exactly `evaluateFleet`'s result: in one piece, a random number of devices at a time,
 * and over columns kept across a change of facts and a jump of the clock (only the rows of the
 * devices named refilled).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  after,
  before,
  fleetArb,
  PEOPLE,
  PROTOCOLS,
  RELEASES,
} from '../../../test/support/fleet-arbitraries.ts';
import { sha256Hex } from '../audit/tlog/tree.ts';
import { expectedApplied } from '../enforcement/applied.ts';
import type { PushedToken } from '../enforcement/pushed.ts';
import type { VulnerabilityIntel } from '../intel/types.ts';
import type { InspectionResult } from '../model.ts';
import type { AppliedConfiguration } from '../posture/fields.ts';
import { compileProtocol } from '../protocol/compile.ts';
import type { CompiledProtocol } from '../protocol/compiled.ts';
import { protocolSchema } from '../protocol/protocol.schema.ts';
import { DAY, HOUR } from '../time.ts';
import {
  buildFleetColumns,
  evaluateColumns,
  evaluateFleetColumnar,
  startColumnarEvaluation,
  updateFleetColumns,
} from './columnar.ts';
import { evaluateFleet, startFleetEvaluation } from './evaluate.ts';
import { RULES } from './registry.ts';
import { compliantPosture, inForceOf, inspection, refusal, T0, waiver } from './test-helpers.ts';
import type { DeviceHistory, EvaluationInput } from './types.ts';

const RUNS = { seed: 20_261_207, numRuns: 300 } as const;

/** A protocol compiled from a document, so config.drift has tokens to expect (two versions). */
const documented = (version: string, camera: 'disabled' | 'allowed'): CompiledProtocol => ({
  ...compileProtocol(
    protocolSchema.parse({
      apiVersion: 'vigil/v1',
      kind: 'Protocol',
      metadata: { name: 'test-protocol', title: 'Test', version, extends: null },
      roles: {
        calls: {
          sensors: { camera },
          controls: { passcode: { minLength: 6 } },
          posture: { maxAge: 'P30D' },
          rotation: { every: 'P90D', grace: 'P7D' },
          inspection: { every: 'P30D', grace: 'P3D', methods: ['forensic-scan'] },
        },
        social: { sensors: { camera, microphone: 'disabled' }, posture: { maxAge: 'P7D' } },
      },
    }),
  ),
  inForceSince: T0 - 3 * DAY,
});
const V1 = documented('1', 'allowed');
const V2 = documented('2', 'disabled');

const ddm = (
  p: CompiledProtocol,
  role: 'calls' | 'social',
  state: 'applied' | 'failed',
): AppliedConfiguration => ({
  target: 'apple-ddm',
  compliance: null,
  items: expectedApplied(p.document, role, 'apple-ddm', 'ios', sha256Hex).map((e) => ({ ...e, state })),
});
/** Intune's objects for one platform: the other platform's devices must drift on them, not pass. */
const intune = (p: CompiledProtocol, platform: 'ios' | 'android'): AppliedConfiguration => ({
  target: 'intune',
  compliance: 'compliant',
  items: expectedApplied(p.document, 'calls', 'intune', platform, sha256Hex).map((e) => ({
    ...e,
    state: 'applied' as const,
  })),
});
/** A DDM server that keeps its own token for the first declaration (recorded when pushed). */
const SERVER_TOKEN = 'server-token';
const serverDdm = (() => {
  const c = ddm(V2, 'calls', 'applied');
  return { ...c, items: c.items.map((x, i) => (i === 0 ? { ...x, token: SERVER_TOKEN } : x)) };
})();
const PUSHES: readonly PushedToken[] = [
  {
    pushedAt: T0 - 10 * DAY,
    source: 'test-mdm',
    actor: 'test',
    target: 'apple-ddm',
    file: 'test-protocol-calls.ddm.json',
    sha256: 'ddm-set-sha256',
    action: 'created',
    protocol: 'test-protocol',
    version: '2',
    role: 'calls',
    remoteId: serverDdm.items[0]?.id ?? '',
    remoteToken: SERVER_TOKEN,
  },
];
/** Known-exploited fixes for os.exploited: exposed iOS 18.6.1 and earlier, Android before 2026-10-01. */
const INTEL: VulnerabilityIntel = {
  fixes: [
    {
      platform: 'ios',
      version: '18.6.2',
      cveId: 'CVE-2026-0001',
      exploited: true,
      releasedAt: Date.UTC(2026, 7, 20),
      recordedAt: Date.UTC(2026, 7, 20),
    },
    {
      platform: 'ios',
      version: '18.6',
      cveId: 'CVE-2026-0002',
      exploited: false,
      releasedAt: Date.UTC(2026, 6, 29),
      recordedAt: Date.UTC(2026, 6, 29),
    },
    {
      platform: 'android',
      version: '2026-10-01',
      cveId: 'CVE-2026-0004',
      exploited: true,
      releasedAt: Date.UTC(2026, 9, 6),
      recordedAt: Date.UTC(2026, 9, 6),
    },
  ],
  kev: [
    {
      cveId: 'CVE-2026-0002',
      vendorProject: 'Apple',
      product: 'iOS',
      name: null,
      dateAdded: Date.UTC(2026, 7, 1),
      dueDate: Date.UTC(2026, 7, 22),
      ransomware: null,
      recordedAt: Date.UTC(2026, 7, 1),
    },
  ],
};

const APPLIED: readonly (AppliedConfiguration | null)[] = [
  null,
  ddm(V2, 'calls', 'applied'),
  serverDdm,
  ddm(V2, 'social', 'applied'),
  ddm(V1, 'calls', 'applied'),
  ddm(V2, 'calls', 'failed'),
  intune(V2, 'ios'),
  intune(V2, 'android'),
];

/** Per device, a change on top of the random history. */
const tweakArb = fc.record({
  applied: fc.nat(APPLIED.length - 1),
  appliedAgo: fc.integer({ min: 0, max: 10 * 24 }),
  result: fc.constantFrom<InspectionResult | null>(null, null, null, 'suspicious', 'compromised'),
  /** A recent check by a method the documented protocol does not count (an older one may be overdue). */
  review: fc.boolean(),
  /** Put the rotation deadline a millisecond before, at or after the evaluated instant. */
  edge: fc.constantFrom(null, null, -1, 0, 1),
});

type Tweak = typeof tweakArb extends fc.Arbitrary<infer T> ? T : never;

function tweak(h: DeviceHistory, t: Tweak, protocol: CompiledProtocol, now: number): DeviceHistory {
  const applied = APPLIED[t.applied] ?? null;
  const id = h.device.id;
  const at = T0 - t.appliedAgo * HOUR;
  const posture =
    applied === null
      ? h.posture
      : [
          ...h.posture,
          compliantPosture({ id: `${id}-ap`, deviceId: id, observedAt: at, receivedAt: at, applied }),
        ];
  const checked =
    t.result === null || h.inspections.length === 0
      ? h.inspections
      : h.inspections.map((x, i) => (i === 0 ? { ...x, result: t.result as InspectionResult } : x));
  const inspections = t.review
    ? [...checked, inspection({ id: `${id}-rv`, deviceId: id, at: now - DAY, method: 'mdm-review' })]
    : checked;
  const rotation = protocol.roles[h.device.role]?.rotation;
  if (t.edge === null || rotation == null) return { ...h, posture, inspections };
  const issuedAt = now - rotation.every - rotation.grace + t.edge;
  return {
    ...h,
    device: { ...h.device, issuedAt },
    statuses: [{ deviceId: id, status: 'active', at: issuedAt, reason: null, recordedAt: issuedAt }],
    rotations: [],
    posture,
    inspections,
  };
}

const caseArb = fc.record({
  fleet: fleetArb(fc.oneof(before, after), 8),
  tweaks: fc.array(tweakArb, { minLength: 8, maxLength: 8 }),
  protocols: fc.constantFrom('stub' as const, 'documented' as const),
  at: fc.oneof(fc.constant(T0), after),
  knownAt: fc.option(fc.oneof(before, after), { nil: undefined }),
  lifecycle: fc.record({
    refusal: fc.option(fc.constantFrom('d0', 'd1', null), { nil: undefined }),
    waiver: fc.option(fc.constantFrom('d0', 'd2'), { nil: undefined }),
  }),
  dropped: fc.subarray(RULES.map((r) => r.id)),
  pushed: fc.boolean(),
  intel: fc.boolean(),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function inputOf(c: Case): EvaluationInput {
  const protocols = c.protocols === 'stub' ? PROTOCOLS : [V2, ...PROTOCOLS.slice(1)];
  const devices = c.fleet.map((h, i) => {
    const t = c.tweaks[i];
    return t === undefined ? h : tweak(h, t, protocols[0] as CompiledProtocol, c.at);
  });
  const refusals =
    c.lifecycle.refusal === undefined ? [] : [refusal({ deviceId: c.lifecycle.refusal, personId: 'p1' })];
  const waivers =
    c.lifecycle.waiver === undefined
      ? []
      : [waiver({ scope: { deviceId: c.lifecycle.waiver }, rule: 'posture.stale' })];
  return {
    at: c.at,
    ...(c.knownAt === undefined ? {} : { knownAt: c.knownAt }),
    devices,
    inForce: inForceOf(PEOPLE, protocols, c.at),
    releases: RELEASES,
    lifecycle: { refusals, waivers, incidents: [], detections: [], acknowledgements: [] },
    ...(c.pushed ? { pushes: PUSHES } : {}),
    ...(c.intel ? { intel: INTEL } : {}),
  };
}

describe('the columnar pass', () => {
  it('gives exactly the evaluator’s findings and summaries on random fleets', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const input = inputOf(c);
        const rules = RULES.filter((r) => !c.dropped.includes(r.id));
        expect(evaluateFleetColumnar(input, rules)).toEqual(evaluateFleet(input, rules));
      }),
      RUNS,
    );
  });

  it('gives each rule’s columnar body’s findings exactly as its evaluate gives them', () => {
    // Findings compared whole (message, evidence, since, severity): those of the rows that took
    // the columnar bodies only, by rule, so that a body never taken fails the test. As recorded:
    // the bodies read no rows as known at an instant (the tests around cover those).
    const taken = new Map<string, number>();
    fc.assert(
      fc.property(caseArb, (c) => {
        const { knownAt: _, ...input } = inputOf(c);
        const rules = RULES.filter((r) => !c.dropped.includes(r.id));
        const run = evaluateColumns(buildFleetColumns(input), { rules });
        const objects = evaluateFleet(input, rules);
        expect(run.toResult()).toEqual(objects);
        const rows = new Set(run.rowRows.map((i) => input.devices[i]?.device.id));
        for (const f of run.findings)
          if (rows.has(f.deviceId ?? '')) taken.set(f.rule, (taken.get(f.rule) ?? 0) + 1);
      }),
      RUNS,
    );
    const bodies = RULES.filter((r) => r.columnar !== undefined).map((r) => r.id);
    expect(bodies.length).toBeGreaterThan(0);
    for (const id of bodies) expect(taken.get(id) ?? 0, id).toBeGreaterThan(0);
  });

  it('gives the same result a random amount of work at a time, sorted or not', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 12 }), fc.boolean(), (c, budget, unsorted) => {
        const input = inputOf(c);
        const rules = RULES.filter((r) => !c.dropped.includes(r.id));
        const run = startColumnarEvaluation(input, { rules, unsorted });
        while (run.step(budget));
        const objects = startFleetEvaluation(input, { rules, unsorted });
        objects.step(Number.POSITIVE_INFINITY);
        expect(run.result()).toEqual(objects.result());
      }),
      RUNS,
    );
  });

  it('gives the same result pass after pass over the same columns, devices and holders added between', () => {
    // The columns keep each holder's protocol across passes while what is in force is the same
    // map: the holders of devices added since must be looked up, a new map must start again.
    fc.assert(
      fc.property(caseArb, fc.nat(8), fc.boolean(), (c, kept, rebuilt) => {
        const { knownAt: _, ...input } = inputOf(c);
        const rules = RULES.filter((r) => !c.dropped.includes(r.id));
        const cols = buildFleetColumns({ ...input, devices: input.devices.slice(0, kept) });
        evaluateColumns(cols, { rules });
        const inForce = rebuilt ? inForceOf(PEOPLE, PROTOCOLS, input.at) : input.inForce;
        const now = { ...input, inForce };
        updateFleetColumns(cols, { ...now, devices: input.devices.slice(kept) });
        const first = evaluateColumns(cols, { rules });
        expect(first.toResult()).toEqual(evaluateFleet(now, rules));
        // Again over the same columns: the kept lookups, the same result.
        expect(evaluateColumns(cols, { rules }).toResult()).toEqual(evaluateFleet(now, rules));
      }),
      RUNS,
    );
  });

  it('gives the same result over columns kept across changes of facts and of the clock', () => {
    fc.assert(
      fc.property(caseArb, fc.oneof(before, after), fc.nat(8), fc.nat(255), (c, from, kept, touched) => {
        // The devices whose bit is set in `touched` get their tweak; the others keep their history.
        const { knownAt: _, ...tweaked } = inputOf(c);
        const now: EvaluationInput = {
          ...tweaked,
          devices: tweaked.devices.map((h, i) => ((touched >> i) & 1 ? h : (c.fleet[i] ?? h))),
        };
        const rules = RULES.filter((r) => !c.dropped.includes(r.id));
        // Built earlier from the untouched histories of the first devices, under other protocols.
        const earlier: EvaluationInput = {
          ...now,
          at: from,
          devices: c.fleet.slice(0, kept),
          inForce: inForceOf(PEOPLE, PROTOCOLS, from),
        };
        const cols = buildFleetColumns(earlier);
        evaluateColumns(cols, { rules });
        // Named: the histories that changed or are new, and those with a fact between the two instants.
        const lo = Math.min(from, now.at);
        const hi = Math.max(from, now.at);
        const between = (t: number | null) => t !== null && t > lo && t <= hi;
        const named = now.devices.filter(
          (h, i) =>
            i >= kept ||
            h !== c.fleet[i] ||
            between(h.device.issuedAt) ||
            [...h.statuses, ...h.custody, ...h.inspections, ...h.rotations].some((x) => between(x.at)) ||
            h.posture.some((p) => between(p.observedAt)),
        );
        updateFleetColumns(cols, { ...now, devices: named });
        expect(evaluateColumns(cols, { rules }).toResult()).toEqual(evaluateFleet(now, rules));
      }),
      RUNS,
    );
  });
});
