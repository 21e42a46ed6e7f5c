/**
 * Properties of "as known at K" (known.ts, ADR 0014) over random fleets whose every fact is
 * recorded some random time after it took effect, the facts in random order. Seeds are fixed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Refusal, Waiver } from '../model.ts';
import { DAY, HOUR, type Instant } from '../time.ts';
import { evaluateFleet } from './evaluate.ts';
import {
  compiledProtocol,
  compliantPosture,
  device,
  evaluationInput,
  history,
  IOS_RELEASES,
  inForceOf,
  inspection,
  person,
  refusal,
  status,
  strictRole,
  T0,
  waiver,
} from './test-helpers.ts';
import type { DeviceHistory, EvaluationInput, EvaluationResult, LifecycleFacts } from './types.ts';

const RUNS = { seed: 20_261_206, numRuns: 120 } as const;

/** Effective instants: the 120 days before T0, on a coarse grid so ties happen. */
const effective = fc.integer({ min: 0, max: 240 }).map((k) => T0 - k * 12 * HOUR);
/** How long after taking effect a fact is recorded: often at once, sometimes weeks later. */
const lag = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 60 }).map((k) => k * 12 * HOUR),
);
/** Knowledge instants around the facts, and evaluation instants. */
const instant = fc.integer({ min: 0, max: 260 }).map((k) => T0 + 10 * DAY - k * 12 * HOUR);

/** One device's facts, each with its own recording lag. */
function deviceArb(id: string): fc.Arbitrary<DeviceHistory> {
  return fc
    .record({
      created: fc.integer({ min: 0, max: 150 }),
      issued: fc.integer({ min: 20, max: 100 }),
      activeLag: lag,
      custodyLag: lag,
      holder: fc.constantFrom('p1', 's1', 'p2'),
      checks: fc.array(fc.record({ at: effective, lag, method: fc.constantFrom('forensic-scan' as const) }), {
        maxLength: 3,
      }),
      reports: fc.array(
        fc.record({
          at: effective,
          lag,
          camera: fc.constantFrom('enabled' as const, 'disabled' as const),
          osVersion: fc.constantFrom('18.6.2', '18.5'),
        }),
        { maxLength: 4 },
      ),
      retired: fc.option(fc.record({ at: effective, lag }), { nil: null }),
    })
    .map((r) => {
      const issuedAt = T0 - r.issued * DAY;
      return history(id, {
        device: device({ id, issuedAt, createdAt: T0 - r.created * DAY }),
        holderId: r.holder,
        statuses: [
          status(id, 'active', issuedAt, null, issuedAt + r.activeLag),
          ...(r.retired === null
            ? []
            : [status(id, 'retired', r.retired.at, null, r.retired.at + r.retired.lag)]),
        ],
        posture: r.reports.map((p, i) =>
          compliantPosture({
            id: `${id}-r${i}`,
            deviceId: id,
            observedAt: p.at,
            receivedAt: p.at + p.lag,
            osVersion: p.osVersion,
            sensors: {
              camera: { state: p.camera, provenance: 'enforced' },
              microphone: { state: 'disabled', provenance: 'enforced' },
              location: { state: 'disabled', provenance: 'enforced' },
              bluetooth: { state: 'disabled', provenance: 'enforced' },
            },
          }),
        ),
        inspections: r.checks.map((c, i) =>
          inspection({
            id: `${id}-i${i}`,
            deviceId: id,
            at: c.at,
            method: c.method,
            recordedAt: c.at + c.lag,
          }),
        ),
      });
    })
    .map((h) => ({
      ...h,
      custody: h.custody.map((c) => ({ ...c, recordedAt: c.at + (h.device.issuedAt === null ? 0 : DAY) })),
    }));
}

/** Waivers of sensor.camera and refusals of checks, each transition recorded at its own instant. */
const lifecycleArb: fc.Arbitrary<LifecycleFacts> = fc
  .record({
    waivers: fc.array(
      fc.record({
        device: fc.constantFrom('d0', 'd1', 'd2'),
        requested: effective,
        requestLag: lag,
        approval: fc.option(fc.record({ after: fc.integer({ min: 0, max: 10 }), lag }), { nil: null }),
        end: fc.option(fc.record({ after: fc.integer({ min: 1, max: 30 }), lag }), { nil: null }),
      }),
      { maxLength: 3 },
    ),
    refusals: fc.array(fc.record({ device: fc.constantFrom('d0', 'd1', 'd2'), at: effective, lag }), {
      maxLength: 2,
    }),
  })
  .map((r) => ({
    waivers: r.waivers.map((w, i): Waiver => {
      const approvedAt = w.approval === null ? null : w.requested + w.approval.after * DAY;
      const endedAt = w.end === null ? null : w.requested + w.end.after * DAY;
      return waiver({
        id: `wv${i}`,
        rule: 'sensor.camera',
        scope: { deviceId: w.device },
        requestedAt: w.requested,
        recordedAt: w.requested + w.requestLag,
        startsAt: w.requested,
        expiresAt: w.requested + 60 * DAY,
        approvedBy: approvedAt === null ? null : 'officer',
        approvedAt,
        approvalRecordedAt: approvedAt === null || w.approval === null ? null : approvedAt + w.approval.lag,
        endedAt,
        endRecordedAt: endedAt === null || w.end === null ? null : endedAt + w.end.lag,
      });
    }),
    refusals: r.refusals.map(
      (x, i): Refusal =>
        refusal({
          id: `ref${i}`,
          deviceId: x.device,
          action: 'check',
          rule: 'inspection.overdue',
          at: x.at,
          recordedAt: x.at + x.lag,
        }),
    ),
    incidents: [],
    detections: [],
    acknowledgements: [],
  }));

const fleetArb = fc.tuple(deviceArb('d0'), deviceArb('d1'), deviceArb('d2'));

const PEOPLE = [
  person({ id: 'p1', protocol: 'test-protocol', createdAt: T0 - 200 * DAY }),
  person({ id: 's1', kind: 'staff', protocol: null, principalId: 'p1', createdAt: T0 - 30 * DAY }),
  person({ id: 'p2', protocol: 'test-protocol', createdAt: T0 - 5 * DAY }),
];
const PROTOCOLS = [compiledProtocol({ roles: { calls: strictRole(), general: strictRole() } })];

function input(
  devices: readonly DeviceHistory[],
  lifecycle: LifecycleFacts,
  at: Instant,
  knownAt?: Instant,
): EvaluationInput {
  return {
    ...evaluationInput(devices, {
      at,
      people: PEOPLE,
      protocols: PROTOCOLS,
      releases: IOS_RELEASES,
      ...(knownAt === undefined ? {} : { knownAt }),
    }),
    lifecycle,
  };
}

/** The answer without the instants it was asked at. */
const answer = (r: EvaluationResult) => ({ findings: r.findings, devices: r.devices });

/** Deterministic shuffle (mulberry32), so the facts arrive in a random order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  let a = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const j = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function shuffleHistory(h: DeviceHistory, seed: number): DeviceHistory {
  return {
    device: h.device,
    custody: shuffled(h.custody, seed),
    statuses: shuffled(h.statuses, seed + 1),
    posture: shuffled(h.posture, seed + 2),
    inspections: shuffled(h.inspections, seed + 3),
    rotations: shuffled(h.rotations, seed + 4),
  };
}

/**
 * What was recorded by K, written here independently of known.ts: each fact whose recorded
 * instant is at or before K, a waiver's transitions each by its own recorded instant.
 */
function recordedBy(fleet: readonly DeviceHistory[], lifecycle: LifecycleFacts, k: Instant) {
  const devices = fleet
    .filter((h) => h.device.createdAt <= k)
    .map((h) => ({
      device: h.device,
      custody: h.custody.filter((x) => x.recordedAt <= k),
      statuses: h.statuses.filter((x) => x.recordedAt <= k),
      posture: h.posture.filter((x) => x.receivedAt <= k),
      inspections: h.inspections.filter((x) => x.recordedAt <= k),
      rotations: h.rotations.filter((x) => x.recordedAt <= k),
    }));
  const waivers = lifecycle.waivers
    .filter((w) => w.recordedAt <= k)
    .map((w) => ({
      ...w,
      ...(w.approvalRecordedAt !== null && w.approvalRecordedAt > k
        ? { approvedBy: null, approvedAt: null, approvalRecordedAt: null }
        : {}),
      ...(w.endRecordedAt !== null && w.endRecordedAt > k ? { endedAt: null, endRecordedAt: null } : {}),
    }));
  const known: LifecycleFacts = {
    ...lifecycle,
    waivers,
    refusals: lifecycle.refusals.filter((r) => r.recordedAt <= k),
  };
  return { devices, lifecycle: known, people: PEOPLE.filter((p) => p.createdAt <= k) };
}

describe('as known at K', () => {
  it('is not vacuous: some answers as known differ from the answers as true', () => {
    let differ = 0;
    for (const [fleet, lifecycle, t, k] of fc.sample(fc.tuple(fleetArb, lifecycleArb, instant, instant), {
      seed: RUNS.seed,
      numRuns: 200,
    })) {
      const trueThen = answer(evaluateFleet(input(fleet, lifecycle, t)));
      const knownThen = answer(evaluateFleet(input(fleet, lifecycle, t, k)));
      if (JSON.stringify(trueThen) !== JSON.stringify(knownThen)) differ++;
    }
    expect(differ).toBeGreaterThan(20);
  });

  it('(a) depends only on the facts effective by T and recorded by K, in whatever order they come', () => {
    fc.assert(
      fc.property(fleetArb, lifecycleArb, instant, instant, fc.nat(), (fleet, lifecycle, t, k, seed) => {
        const asked = answer(
          evaluateFleet(
            input(
              fleet.map((h, i) => shuffleHistory(h, seed + i * 7)),
              { ...lifecycle, waivers: shuffled(lifecycle.waivers, seed) },
              t,
              k,
            ),
          ),
        );
        const known = recordedBy(fleet, lifecycle, k);
        const base = input(known.devices, known.lifecycle, t);
        const expected = answer(evaluateFleet({ ...base, inForce: inForceOf(known.people, PROTOCOLS, t) }));
        expect(asked).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('(b) recording a back-dated fact changes no answer for a K before it was recorded', () => {
    fc.assert(
      fc.property(
        fleetArb,
        lifecycleArb,
        instant,
        instant,
        fc.record({ at: effective, late: fc.integer({ min: 1, max: 40 }) }),
        (fleet, lifecycle, t, k, extra) => {
          const recordedAt = k + extra.late * HOUR;
          const before = answer(evaluateFleet(input(fleet, lifecycle, t, k)));
          // A check, a status change and a posture report done before K, all recorded after it,
          // and a refusal and a waiver likewise.
          const [d0, ...rest] = fleet;
          const backdated: DeviceHistory = {
            ...d0,
            inspections: [
              ...d0.inspections,
              inspection({ id: 'late-i', deviceId: 'd0', at: extra.at, recordedAt, result: 'compromised' }),
            ],
            statuses: [...d0.statuses, status('d0', 'quarantined', extra.at, 'late', recordedAt)],
            posture: [
              ...d0.posture,
              compliantPosture({
                id: 'late-r',
                deviceId: 'd0',
                observedAt: extra.at,
                receivedAt: recordedAt,
              }),
            ],
          };
          const more: LifecycleFacts = {
            ...lifecycle,
            refusals: [
              ...lifecycle.refusals,
              refusal({ id: 'late-ref', deviceId: 'd0', at: extra.at, recordedAt }),
            ],
            waivers: [
              ...lifecycle.waivers,
              waiver({
                id: 'late-wv',
                rule: 'sensor.camera',
                requestedAt: extra.at,
                recordedAt,
                approvedAt: extra.at,
                approvalRecordedAt: recordedAt,
                startsAt: extra.at,
              }),
            ],
          };
          const after = answer(evaluateFleet(input([backdated, ...rest], more, t, k)));
          expect(after).toEqual(before);
        },
      ),
      RUNS,
    );
  });

  it('(c) without knownAt is the same as knownAt at +infinity, or at the latest recording', () => {
    fc.assert(
      fc.property(fleetArb, lifecycleArb, instant, (fleet, lifecycle, t) => {
        const absent = answer(evaluateFleet(input(fleet, lifecycle, t)));
        expect(answer(evaluateFleet(input(fleet, lifecycle, t, Number.POSITIVE_INFINITY)))).toEqual(absent);
        const latest = Math.max(
          ...PEOPLE.map((p) => p.createdAt),
          ...IOS_RELEASES.map((r) => r.recordedAt),
          ...fleet.flatMap((h) => [
            h.device.createdAt,
            ...h.custody.map((x) => x.recordedAt),
            ...h.statuses.map((x) => x.recordedAt),
            ...h.posture.map((x) => x.receivedAt),
            ...h.inspections.map((x) => x.recordedAt),
          ]),
          ...lifecycle.refusals.map((r) => r.recordedAt),
          ...lifecycle.waivers.flatMap((w) => [
            w.recordedAt,
            w.approvalRecordedAt ?? 0,
            w.endRecordedAt ?? 0,
          ]),
        );
        expect(answer(evaluateFleet(input(fleet, lifecycle, t, latest)))).toEqual(absent);
      }),
      RUNS,
    );
  });
});
