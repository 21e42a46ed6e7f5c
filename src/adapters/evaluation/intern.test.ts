/**
 * What crosses from the worker is rebuilt on shared strings: equal by value to what came (every
 * field kept), and the strings repeated across findings and summaries are then one object.
 */
import { describe, expect, it } from 'vitest';
import { evaluateFleet } from '../../core/compliance/evaluate.ts';
import { resultDelta } from '../../core/compliance/result-delta.ts';
import {
  compliantPosture,
  evaluationInput,
  history,
  inspection,
  sensors,
  T0,
} from '../../core/compliance/test-helpers.ts';
import { DAY } from '../../core/time.ts';
import { Interner } from './intern.ts';

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

describe('the mirror interner', () => {
  it('rebuilds summaries and findings equal to what came, with the repeated strings shared', () => {
    const result = evaluateFleet(evaluationInput(fleet()));
    expect(result.findings.length).toBeGreaterThan(20);
    // As the worker's messages bring them: each part a clone of its own.
    const cloned = resultDelta(null, result, 7).map((p) => structuredClone(p));
    const interner = new Interner();
    const parts = cloned.map((p) => interner.part(p));
    const devices = parts.flatMap((p) => p.devices.map(([, d]) => d));
    const findings = parts.flatMap((p) => p.added.map(([, f]) => f));
    expect(devices).toEqual(result.devices);
    expect(findings).toEqual(result.findings);
    // Same keys in the same order: the objects keep the evaluator's shape.
    findings.forEach((f, i) => {
      expect(Object.keys(f)).toEqual(Object.keys(result.findings[i] ?? {}));
      expect(Object.keys(f.evidence)).toEqual(Object.keys(result.findings[i]?.evidence ?? {}));
    });
    // Strings cannot be told apart by identity in JavaScript; the lists of them can: each
    // distinct list of cited sources is one array, where the clones made one per part.
    const cites = findings.map((f) => f.evidence.cite).filter((c) => Array.isArray(c));
    expect(cites.length).toBeGreaterThan(20);
    const byContent = new Map<string, unknown>();
    for (const c of cites) {
      const key = JSON.stringify(c);
      const first = byContent.get(key) ?? c;
      byContent.set(key, first);
      expect(c).toBe(first);
    }
    expect(new Set(cites).size).toBe(byContent.size);
    const apart = cloned
      .flatMap((p) => p.added.map(([, f]) => f.evidence.cite))
      .filter((c) => Array.isArray(c));
    expect(new Set(apart).size).toBeGreaterThan(byContent.size);
  });

  it('keeps values it does not share as they came (long texts, lists of other things)', () => {
    const interner = new Interner();
    const long = 'x'.repeat(1_000);
    expect(interner.string(long)).toBe(long);
    expect(interner.string(null)).toBeNull();
    const f = evaluateFleet(evaluationInput(fleet())).findings[0];
    if (f === undefined) throw new Error('no finding');
    const odd = { ...f, evidence: { numbers: [1, 2], nested: { a: 'b' }, n: 3 } };
    const rebuilt = interner.finding(odd);
    expect(rebuilt).toEqual(odd);
    expect(rebuilt.evidence.numbers).toBe(odd.evidence.numbers);
  });
});
