/**
 * A mirror that takes the parts of each delta becomes, result after result, exactly the later
 * result (same summaries, same findings in the same order), whatever changed between them and
 * whatever the part size; no part holds more than the size; half a delta is never shown.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../model.ts';
import { compareFindings } from './evaluate-order.ts';
import { changesFrom } from './result-changes.ts';
import { changesDelta, DeltaReader, type ResultPart, resultDelta } from './result-delta.ts';
import type { DeviceSummary, EvaluationResult } from './types.ts';

function summary(id: number, openFindings: number): DeviceSummary {
  return {
    deviceId: `d${id}`,
    personId: null,
    protocol: null,
    role: 'calls',
    verdict: openFindings > 0 ? 'non-compliant' : 'compliant',
    reason: null,
    openFindings,
  };
}

/** With `coarse`, many findings compare equal (same severity, since, device, rule, message). */
function finding(n: number, coarse = false): Finding {
  return {
    deviceId: `d${n % (coarse ? 2 : 7)}`,
    personId: null,
    protocol: 'p',
    rule: coarse ? 'r' : `r${n}`,
    severity: 'high',
    status: 'open',
    outcome: 'fail',
    since: coarse ? n % 2 : n,
    message: coarse ? 'm' : `m${n}`,
    evidence: {},
    remedy: '',
    waiver: null,
  };
}

/**
 * One step: summaries replaced or added, findings closed, opened, or reordered; the findings
 * come in no particular order (the delta must be right whatever the order, small when sorted).
 */
/**
 * Applies random edits to `findings` in place (an insert where asked or where the list is empty,
 * else a removal; places taken modulo the length) and returns them as a change log records them.
 * New findings are numbered from `from`.
 */
function applyEdits(
  findings: Finding[],
  ops: readonly (readonly [number, boolean])[],
  from: number,
): [number, Finding | null][] {
  const edits: [number, Finding | null][] = [];
  let serial = from;
  for (const [k, insert] of ops) {
    if (insert || findings.length === 0) {
      const i = k % (findings.length + 1);
      const f = finding(serial++);
      findings.splice(i, 0, f);
      edits.push([i, f]);
    } else {
      const i = k % findings.length;
      findings.splice(i, 1);
      edits.push([i, null]);
    }
  }
  return edits;
}

const step = fc.record({
  replace: fc.array(fc.nat(), { maxLength: 5 }),
  add: fc.nat({ max: 3 }),
  close: fc.array(fc.nat(), { maxLength: 5 }),
  open: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 5 }),
  shuffle: fc.boolean(),
  at: fc.nat(),
});

/** How the findings come: any order, or sorted as the incremental state keeps them. */
const shape = fc.record({ coarse: fc.boolean(), sorted: fc.boolean() });

describe('result deltas', () => {
  it('bring a mirror to each later result, part by part', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 12 }),
        fc.integer({ min: 1, max: 9 }),
        shape,
        (steps, size, how) => {
          const make = (n: number) => finding(n, how.coarse);
          let serial = 0;
          let current: EvaluationResult = {
            at: 0,
            devices: [0, 1, 2].map((i) => summary(i, 0)),
            findings: [make(serial++), make(serial++)],
          };
          let mirror: EvaluationResult | null = null;
          const reader = new DeltaReader();
          const send = (prev: EvaluationResult | null, next: EvaluationResult) => {
            const parts: ResultPart[] = resultDelta(prev, next, size);
            let taken: EvaluationResult | null = null;
            parts.forEach((p, i) => {
              expect(p.devices.length + p.removed.length + p.added.length).toBeLessThanOrEqual(size);
              taken = reader.take(mirror, p);
              expect(taken === null).toBe(i < parts.length - 1);
            });
            return taken as EvaluationResult | null;
          };
          mirror = send(null, current);
          expect(mirror).toEqual(current);
          for (const s of steps) {
            const devices = current.devices.slice();
            for (const r of s.replace) {
              const i = r % devices.length;
              devices[i] = summary(i, r % 3);
            }
            for (let k = 0; k < s.add; k++) devices.push(summary(devices.length, k));
            let findings = current.findings.slice();
            for (const c of s.close) if (findings.length > 0) findings.splice(c % findings.length, 1);
            for (const [place, _] of s.open)
              findings.splice(place % (findings.length + 1), 0, make(serial++));
            if (s.shuffle && findings.length > 1) findings = [...findings.slice(1), findings[0] as Finding];
            if (how.sorted) findings.sort(compareFindings);
            const next: EvaluationResult = { at: s.at, devices, findings };
            const prev = current;
            current = next;
            mirror = send(prev, next);
            expect(mirror).toEqual(next);
            // The mirror holds the same objects, in the same places.
            next.findings.forEach((f, i) => {
              expect(mirror?.findings[i]).toBe(f);
            });
          }
        },
      ),
    );
  });

  it('sends only what changed: one summary and one finding for one device', () => {
    const devices = Array.from({ length: 1000 }, (_, i) => summary(i, 0));
    const findings = Array.from({ length: 500 }, (_, i) => finding(i));
    const prev: EvaluationResult = { at: 1, devices, findings };
    const next: EvaluationResult = {
      at: 2,
      devices: devices.map((d, i) => (i === 10 ? summary(10, 1) : d)),
      // In the list's order, as the incremental state keeps it: the same place, another message.
      findings: [...findings.slice(0, 100), { ...finding(100), message: 'other' }, ...findings.slice(101)],
    };
    const [part, ...rest] = resultDelta(prev, next, 2_000);
    expect(rest).toEqual([]);
    expect(part?.devices.map(([i]) => i)).toEqual([10]);
    expect(part?.removed).toEqual([100]);
    expect(part?.added.map(([i]) => i)).toEqual([100]);
    expect(part?.last).toBe(true);
  });

  it('keeps the order of findings that compare equal, when they swap places', () => {
    const [a, b, c] = [finding(0, true), finding(2, true), finding(4, true)];
    if (a === undefined || b === undefined || c === undefined) throw new Error('no findings');
    expect(compareFindings(a, b)).toBe(0);
    const prev: EvaluationResult = { at: 1, devices: [], findings: [a, b, c] };
    const next: EvaluationResult = { at: 2, devices: [], findings: [c, a, b] };
    const reader = new DeltaReader();
    let mirror: EvaluationResult | null = null;
    for (const part of resultDelta(null, prev, 10)) mirror = reader.take(mirror, part) ?? mirror;
    for (const part of resultDelta(prev, next, 10)) mirror = reader.take(mirror, part) ?? mirror;
    expect(mirror?.findings).toEqual(next.findings);
    next.findings.forEach((f, i) => {
      expect(mirror?.findings[i]).toBe(f);
    });
  });

  it('apply a change log as edits, part by part, to copies of the lists', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        (ops, sets, size) => {
          const prev: EvaluationResult = {
            at: 1,
            devices: [0, 1, 2, 3].map((i) => summary(i, 0)),
            findings: [0, 1, 2, 3, 4].map((i) => finding(i)),
          };
          const devices = prev.devices.slice();
          const findings = prev.findings.slice();
          const deviceEdits: [number, DeviceSummary][] = [];
          for (const k of sets) {
            const i = k % (devices.length + 1);
            const d = summary(i, k % 3);
            devices[i] = d;
            deviceEdits.push([i, d]);
          }
          const edits = applyEdits(findings, ops, 100);
          const parts = changesDelta(
            {
              at: 2,
              deviceCount: devices.length,
              findingCount: findings.length,
              devices: deviceEdits,
              findings: edits,
            },
            size,
          );
          const reader = new DeltaReader();
          let taken: EvaluationResult | null = null;
          for (const p of parts) {
            expect(p.devices.length + (p.edits?.length ?? 0)).toBeLessThanOrEqual(size);
            taken = reader.take(prev, p) ?? taken;
          }
          expect(taken).toEqual({ at: 2, devices, findings });
          // Noted for the readers that count results: what went and came, by identity.
          const noted = changesFrom(prev, taken as unknown as EvaluationResult);
          expect(noted?.removed).toHaveLength(prev.findings.filter((f) => !findings.includes(f)).length);
          expect(new Set(noted?.removed)).toEqual(
            new Set(prev.findings.filter((f) => !findings.includes(f))),
          );
          expect(new Set(noted?.added)).toEqual(new Set(findings.filter((f) => !prev.findings.includes(f))));
          expect(noted?.devices).toEqual(
            [...new Set(deviceEdits.map(([i]) => i))]
              .filter((i) => i < prev.devices.length)
              .sort((a, b) => a - b),
          );
          // The earlier result is left as it was.
          expect(prev.findings).toHaveLength(5);
          expect(prev.devices).toHaveLength(4);
          // A log that does not fit (a count off) is refused.
          const [bad] = changesDelta(
            {
              at: 3,
              deviceCount: devices.length,
              findingCount: findings.length + 1,
              devices: [],
              findings: [],
            },
            size,
          );
          if (bad === undefined) throw new Error('no part');
          expect(() => new DeltaReader().take(taken, bad)).toThrow(/does not fit/);
        },
      ),
    );
  });

  it('one reader takes change logs one after another (its findings kept in blocks), each earlier result left as it was', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 40 }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.boolean(),
        (rounds, diffBetween) => {
          const first: EvaluationResult = {
            at: 0,
            devices: [summary(0, 0)],
            findings: Array.from({ length: 30 }, (_, i) => finding(i)),
          };
          const reader = new DeltaReader();
          let mirror: EvaluationResult | null = null;
          for (const part of resultDelta(null, first, 7)) mirror = reader.take(mirror, part) ?? mirror;
          const seen: { result: EvaluationResult; findings: Finding[] }[] = [];
          let findings = first.findings.slice();
          rounds.forEach((ops, round) => {
            const edits = applyEdits(findings, ops, 1000 + round * 1000);
            const header = { at: round + 1, deviceCount: 1, findingCount: findings.length, devices: [] };
            // Now and then a diff in between: the reader's blocks no longer follow the mirror.
            const parts =
              diffBetween && round % 3 === 2
                ? resultDelta(
                    mirror,
                    { at: round + 1, devices: first.devices, findings: findings.slice() },
                    5,
                  )
                : changesDelta({ ...header, findings: edits }, 5);
            for (const part of parts) mirror = reader.take(mirror, part) ?? mirror;
            expect(mirror?.findings).toHaveLength(findings.length);
            findings.forEach((f, i) => {
              expect(mirror?.findings[i]).toBe(f);
            });
            seen.push({ result: mirror as EvaluationResult, findings: findings.slice() });
            findings = findings.slice();
          });
          for (const s of seen) {
            expect(s.result.findings).toHaveLength(s.findings.length);
            s.findings.forEach((f, i) => {
              expect(s.result.findings[i]).toBe(f);
            });
          }
        },
      ),
    );
  });

  it('refuses a delta that does not fit the mirror', () => {
    const kept = summary(0, 0);
    const a: EvaluationResult = { at: 1, devices: [kept], findings: [finding(1)] };
    // Applied to a mirror that never took `a`: a device place missing, a finding closed that it lacks.
    for (const b of [
      { at: 2, devices: [kept, summary(1, 0)], findings: [finding(1)] },
      { at: 2, devices: [summary(0, 1)], findings: [] },
    ]) {
      const [part] = resultDelta({ ...a, findings: b.findings.length > 0 ? b.findings : a.findings }, b, 10);
      if (part === undefined) throw new Error('no part');
      expect(() => new DeltaReader().take(null, part)).toThrow(/does not fit/);
    }
  });
});
