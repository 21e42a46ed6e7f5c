/**
 * The compact encoding loses nothing: every part, decoded on the other side after a clone, equals
 * the part encoded (every field, the keys in the same order, nulls, numbers, odd evidence), in
 * parts that follow one another on one table, also once the table is full; and the repeated
 * lists of strings arrive as one object each.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateFleet } from '../../core/compliance/evaluate.ts';
import { type ResultPart, resultDelta } from '../../core/compliance/result-delta.ts';
import {
  compliantPosture,
  evaluationInput,
  history,
  inspection,
  sensors,
  T0,
} from '../../core/compliance/test-helpers.ts';
import type { DeviceSummary } from '../../core/compliance/types.ts';
import type { Finding } from '../../core/model.ts';
import { DAY } from '../../core/time.ts';
import { type CompactPart, PartDecoder, PartEncoder } from './compact.ts';

/** Devices with findings: a camera on, an old check, a report gone stale. */
function fleet() {
  return Array.from({ length: 30 }, (_, i) =>
    history(`d${i}`, {
      posture: [
        {
          ...compliantPosture({ id: `r${i}`, deviceId: `d${i}`, observedAt: T0 - (i % 3) * 20 * DAY }),
          sensors: sensors(i % 2 === 0 ? 'enabled' : 'disabled'),
        },
      ],
      inspections: [inspection({ id: `i${i}`, deviceId: `d${i}`, at: T0 - (i % 5) * 30 * DAY })],
    }),
  );
}

/** As a message carries it: cloned, the numbers moved. */
const cross = (c: CompactPart): CompactPart =>
  structuredClone(c, { transfer: [c.numbers.buffer as ArrayBuffer] });

function roundTrip(parts: readonly ResultPart[], maxTable?: number): ResultPart[] {
  const encoder = new PartEncoder(maxTable);
  const decoder = new PartDecoder();
  return parts.map((p) => decoder.decode(cross(encoder.encode(p))));
}

const str = fc.string({ maxLength: 6 });
const maybe = fc.option(fc.oneof(str, fc.constant('x'.repeat(500))), { nil: null });
const findingArb: fc.Arbitrary<Finding> = fc.record({
  deviceId: maybe,
  personId: maybe,
  protocol: maybe,
  rule: str,
  severity: fc.constantFrom('critical', 'high', 'medium', 'low'),
  status: fc.constantFrom('open', 'waived'),
  outcome: fc.constantFrom('fail', 'unknown'),
  since: fc.oneof(fc.integer(), fc.double()),
  message: str,
  evidence: fc.dictionary(
    str,
    fc.oneof(
      str,
      fc.double(),
      fc.array(str, { maxLength: 20 }),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.boolean(),
      fc.constant(null),
      fc.record({ a: str }),
    ),
    { maxKeys: 4 },
  ),
  remedy: str,
  waiver: maybe,
}) as fc.Arbitrary<Finding>;
const summaryArb: fc.Arbitrary<DeviceSummary> = fc.record({
  deviceId: str,
  personId: maybe,
  protocol: maybe,
  role: str,
  verdict: fc.constantFrom('compliant', 'noncompliant', 'unknown', 'not-evaluated'),
  reason: maybe,
  openFindings: fc.nat(),
}) as fc.Arbitrary<DeviceSummary>;
const partArb: fc.Arbitrary<ResultPart> = fc
  .record({
    at: fc.integer(),
    deviceCount: fc.nat(),
    findingCount: fc.nat(),
    devices: fc.array(fc.tuple(fc.nat(), summaryArb), { maxLength: 5 }),
    removed: fc.array(fc.nat(), { maxLength: 5 }),
    added: fc.array(fc.tuple(fc.nat(), findingArb), { maxLength: 5 }),
    edits: fc.option(fc.array(fc.tuple(fc.nat(), fc.option(findingArb, { nil: null })), { maxLength: 5 }), {
      nil: undefined,
    }),
    last: fc.boolean(),
  })
  .map(({ edits, ...p }) => (edits === undefined ? p : { ...p, edits }));

describe('the compact parts', () => {
  it('decode to what was encoded, part after part on one table, also once the table is full', () => {
    fc.assert(
      fc.property(fc.array(partArb, { minLength: 1, maxLength: 6 }), fc.nat(12), (parts, maxTable) => {
        expect(roundTrip(parts)).toEqual(parts);
        expect(roundTrip(parts, maxTable)).toEqual(parts);
      }),
    );
  });

  it('rebuild a fleet result with the keys in order and each repeated list of sources one object', () => {
    const result = evaluateFleet(evaluationInput(fleet()));
    expect(result.findings.length).toBeGreaterThan(20);
    const parts = roundTrip(resultDelta(null, result, 7));
    const devices = parts.flatMap((p) => p.devices.map(([, d]) => d));
    const findings = parts.flatMap((p) => p.added.map(([, f]) => f));
    expect(devices).toStrictEqual(result.devices);
    expect(findings).toStrictEqual(result.findings);
    findings.forEach((f, i) => {
      expect(Object.keys(f)).toEqual(Object.keys(result.findings[i] ?? {}));
      expect(Object.keys(f.evidence)).toEqual(Object.keys(result.findings[i]?.evidence ?? {}));
    });
    const cites = findings.map((f) => f.evidence.cite).filter((c) => Array.isArray(c));
    expect(cites.length).toBeGreaterThan(20);
    const byContent = new Map<string, unknown>();
    for (const c of cites) {
      const key = JSON.stringify(c);
      const first = byContent.get(key) ?? c;
      byContent.set(key, first);
      expect(c).toBe(first);
    }
  });

  it('refuses a part that does not fit its table', () => {
    const result = evaluateFleet(evaluationInput(fleet()));
    const encoder = new PartEncoder();
    const [first, second] = resultDelta(null, result, 7).map((p) => encoder.encode(p));
    if (first === undefined || second === undefined) throw new Error('two parts expected');
    // The second part read without the first: its strings are not in the table.
    expect(() => new PartDecoder().decode(second)).toThrow();
    expect(() => new PartDecoder().decode({ ...first, numbers: first.numbers.slice(0, -1) })).toThrow();
  });
});
