/**
 * A day's counts from a fleet evaluated in parts, as the history fill takes it a page of devices
 * at a time: over random fleets (random and nearly compliant histories, a personal phone and
 * an issued one in a facility that bans personal phones, refusals and waivers on devices and
 * on people, detections of known and unknown devices, acknowledgements, "as known at"), the
 * parts evaluated without the person and facility pass, plus that pass alone over the devices
 * its detections name, find exactly what the whole fleet's evaluation finds: the same device
 * summaries, the same findings, and so byte for byte the same counts (`addCounts`).
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
import { startColumnarEvaluation } from '../compliance/columnar.ts';
import { evaluateFleet, evaluatePeopleAlone } from '../compliance/evaluate.ts';
import {
  acknowledgement,
  compiledProtocol,
  detection,
  facilityOffice,
  inForceOf,
  refusal,
  T0,
  waiver,
} from '../compliance/test-helpers.ts';
import type { EvaluationInput, EvaluationResult } from '../compliance/types.ts';
import type { Finding } from '../model.ts';
import { addCounts, countDay, NO_COUNTS } from './history.ts';

const RUNS = { seed: 20_261_207, numRuns: 300 } as const;

const caseArb = fc.record({
  fleet: fleetArb(fc.oneof(before, after), 8),
  /** Where the office's two phones go among the fleet's devices. */
  officeAt: fc.nat(8),
  at: fc.oneof(fc.constant(T0), after),
  knownAt: fc.option(fc.oneof(before, after), { nil: undefined }),
  refusals: fc.subarray([
    refusal({ id: 'r1', deviceId: 'd0', personId: 'p1' }),
    refusal({ id: 'r2', deviceId: null, personId: 'p1', rule: 'posture.stale' }),
  ]),
  waivers: fc.subarray([
    waiver({ id: 'w1', scope: { deviceId: 'd1' }, rule: 'posture.stale' }),
    waiver({ id: 'w2', scope: { personId: 'p1' }, rule: 'sensor.camera' }),
    waiver({ id: 'w3', scope: { personId: 'aide' }, rule: 'zone.personal-device' }),
    waiver({ id: 'w4', scope: { deviceId: 'd2' }, rule: 'rotation.overdue', expiresAt: T0 - 2 * 86_400_000 }),
  ]),
  detections: fc.subarray([
    detection('x1', 'imei:1', 3, 'aide-phone', 'aide'),
    detection('x2', 'imei:2', 1, 'd1', 'p1'),
    detection('x3', 'imei:3', 2, null, null),
    detection('x4', 'serial:4', 2, 'pm-calls', 'pm'),
    detection('x5', 'imei:5', 1, 'd-gone', null),
  ]),
  acknowledgements: fc.subarray([acknowledgement('pm'), acknowledgement('aide')]),
  /** Where the fleet is cut into parts (positions among its devices). */
  cuts: fc.array(fc.nat(10), { maxLength: 6 }),
  slice: fc.integer({ min: 1, max: 5 }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function inputOf(c: Case): EvaluationInput {
  const devices = [...c.fleet];
  devices.splice(Math.min(c.officeAt, devices.length), 0, ...facilityOffice.devices);
  const people = [...PEOPLE, ...facilityOffice.people.values()];
  return {
    at: c.at,
    ...(c.knownAt === undefined ? {} : { knownAt: c.knownAt }),
    devices,
    inForce: inForceOf(
      people,
      [...PROTOCOLS, facilityOffice.office, compiledProtocol({ name: 'other' })],
      c.at,
    ),
    releases: RELEASES,
    lifecycle: {
      refusals: c.refusals,
      waivers: c.waivers,
      incidents: [],
      detections: c.detections,
      acknowledgements: c.acknowledgements,
    },
  };
}

function evaluatePart(input: EvaluationInput, slice: number): EvaluationResult {
  const run = startColumnarEvaluation(input, { unsorted: true, people: false });
  while (run.step(slice));
  return run.result();
}

const key = (f: Finding) => JSON.stringify(f);

describe('a day counted in parts', () => {
  it('adds up to the whole fleet evaluated at once, whatever the parts', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const input = inputOf(c);
        const whole = evaluateFleet(input);
        const cuts = [...new Set(c.cuts.map((k) => Math.min(k, input.devices.length)))].sort((a, b) => a - b);
        const bounds = [0, ...cuts, input.devices.length];
        let counts = NO_COUNTS;
        const devices: EvaluationResult['devices'][number][] = [];
        const findings: Finding[] = [];
        for (let i = 0; i + 1 < bounds.length; i++) {
          const part = input.devices.slice(bounds[i], bounds[i + 1]);
          const r = evaluatePart({ ...input, devices: part }, c.slice);
          counts = addCounts(counts, countDay(r));
          devices.push(...r.devices);
          findings.push(...r.findings);
        }
        const named = new Set(c.detections.flatMap((d) => (d.deviceId === null ? [] : [d.deviceId])));
        const people = evaluatePeopleAlone({
          ...input,
          devices: input.devices.filter((h) => named.has(h.device.id)),
        });
        counts = addCounts(counts, countDay({ at: input.at, findings: people, devices: [] }));
        findings.push(...people);
        expect(devices).toEqual(whole.devices);
        expect(findings.map(key).sort()).toEqual(whole.findings.map(key).sort());
        expect(JSON.stringify(counts)).toBe(JSON.stringify(countDay(whole)));
      }),
      RUNS,
    );
  });

  it('counts no devices and no findings as zero, and adds figure by figure', () => {
    const some = countDay(evaluateFleet(inputOf(fc.sample(caseArb, { seed: 7, numRuns: 1 })[0] as Case)));
    expect(addCounts(NO_COUNTS, some)).toEqual(some);
    expect(addCounts(some, some).devices).toBe(2 * some.devices);
    expect(Object.values(NO_COUNTS.byVerdict).every((v) => v === 0)).toBe(true);
  });
});
