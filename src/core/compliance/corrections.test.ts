/**
 * Corrections, never edits (known.ts): a correction changes answers only as known at or after
 * its recorded instant; before it, the fact reads as first recorded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CorrectableKind, Correction } from '../model.ts';
import { DAY, type Instant } from '../time.ts';
import { evaluateFleet } from './evaluate.ts';
import { factKey, knownCorrections, knownHistory, knownInput } from './known.ts';
import {
  custody,
  evaluationInput,
  history,
  inspection,
  ofRule,
  refusal,
  status,
  T0,
} from './test-helpers.ts';
import { NO_LIFECYCLE_FACTS } from './types.ts';

const INSPECTED = T0 - 3 * DAY;
const CORRECTED = T0 - DAY;

function correction(
  kind: CorrectableKind,
  fact: object & { deviceId: string | null },
  values: Record<string, unknown> | null,
  recordedAt: Instant,
  id = 'cor1',
): Correction {
  return {
    id,
    kind,
    factId: 'id' in fact ? String(fact.id) : '1',
    factKey: factKey(kind, fact),
    deviceId: fact.deviceId,
    effectiveAt: (fact as { at?: number; observedAt?: number }).at ?? 0,
    values,
    reason: 'entered wrongly',
    recordedBy: 'token:officer',
    recordedAt,
  };
}

const wrong = inspection({ id: 'i1', deviceId: 'd1', at: INSPECTED, result: 'clean' });
const h1 = history('d1', { inspections: [wrong] });
const toCompromised = correction('inspection', wrong, { ...wrong, result: 'compromised' }, CORRECTED);
const base = evaluationInput([h1]);

describe('corrections as known at K', () => {
  it('reads the fact as first recorded before the correction, as corrected from it on', () => {
    const input = { ...base, corrections: [toCompromised] };
    const failed = (knownAt?: number) =>
      ofRule(
        'inspection.failed',
        evaluateFleet(knownAt === undefined ? input : { ...input, knownAt }).findings,
      );
    expect(failed(CORRECTED - 1)).toEqual([]);
    expect(failed(CORRECTED)).toHaveLength(1);
    expect(failed()).toHaveLength(1);
  });

  it('a retracted status is as if never recorded; a later correction of the same fact wins', () => {
    const active = status('d1', 'active', T0 - 10 * DAY);
    const h = history('d1', { statuses: [active] });
    const retract = correction('status', active, null, CORRECTED);
    const verdict = (cs: Correction[], knownAt?: number) =>
      evaluateFleet({
        ...evaluationInput([h]),
        corrections: cs,
        ...(knownAt === undefined ? {} : { knownAt }),
      }).devices[0]?.reason;
    expect(verdict([retract])).toBe('Not yet in service at this date (no status recorded)');
    expect(verdict([retract], CORRECTED - 1)).toBeNull();
    const reinstated = correction(
      'status',
      active,
      { at: active.at, status: 'active', reason: null },
      T0,
      'cor2',
    );
    expect(verdict([retract, reinstated])).toBeNull();
  });

  it('a correction moving a fact after the evaluated instant drops it from that evaluation', () => {
    const moved = correction('inspection', wrong, { ...wrong, at: T0 + DAY }, CORRECTED);
    const h = knownHistory(h1, Number.POSITIVE_INFINITY, knownCorrections([moved]), T0);
    expect(h.inspections).toEqual([]);
  });

  it('retracts a refusal (a fleet-wide lifecycle fact)', () => {
    const r = refusal();
    const input = { ...base, lifecycle: { ...NO_LIFECYCLE_FACTS, refusals: [r] } };
    const retract = correction('refusal', r, null, CORRECTED);
    expect(knownInput({ ...input, corrections: [retract] }).lifecycle?.refusals).toEqual([]);
    expect(
      knownInput({ ...input, corrections: [retract], knownAt: CORRECTED - 1 }).lifecycle?.refusals,
    ).toEqual([r]);
  });

  it('costs nothing without corrections: the input and histories themselves', () => {
    const same = { ...base, corrections: [] };
    expect(knownInput(same)).toBe(same);
    expect(knownHistory(h1, Number.POSITIVE_INFINITY, null)).toBe(h1);
  });
});

// ---------------------------------------------------------------- property

/** A few devices, each with one status, custody record, posture report and inspection. */
const fleet = ['d1', 'd2', 'd3'].map((id, i) =>
  history(id, {
    statuses: [status(id, 'active', T0 - 10 * DAY, null, T0 - 9 * DAY + i)],
    custody: [custody(id, 'p1', T0 - 10 * DAY, null, T0 - 9 * DAY)],
    inspections: [inspection({ id: `${id}-i1`, deviceId: id, at: T0 - 4 * DAY, recordedAt: T0 - 3 * DAY })],
  }),
);
const refusals = [refusal({ id: 'ref1', deviceId: 'd1', recordedAt: T0 - 4 * DAY })];

const arbCorrection = fc
  .record({
    device: fc.integer({ min: 0, max: 2 }),
    kind: fc.constantFrom<CorrectableKind>('inspection', 'posture', 'status', 'custody', 'refusal'),
    retract: fc.boolean(),
    result: fc.constantFrom('clean', 'suspicious', 'compromised'),
    st: fc.constantFrom('active', 'quarantined', 'retired'),
    holder: fc.constantFrom('p1', null),
    later: fc.integer({ min: 0, max: 3 * DAY }),
    recordedAt: fc.integer({ min: T0 - 3 * DAY, max: T0 + 3 * DAY }),
    id: fc.integer({ min: 0, max: 1000 }),
  })
  .map((x): Correction => {
    const h = fleet[x.device] as (typeof fleet)[number];
    const id = `cor${x.id}`;
    switch (x.kind) {
      case 'inspection': {
        const f = h.inspections[0] as (typeof h.inspections)[number];
        return correction(
          'inspection',
          f,
          x.retract ? null : { ...f, result: x.result, at: f.at + x.later },
          x.recordedAt,
          id,
        );
      }
      case 'posture': {
        const f = h.posture[0] as (typeof h.posture)[number];
        return correction('posture', f, null, x.recordedAt, id);
      }
      case 'status': {
        const f = h.statuses[0] as (typeof h.statuses)[number];
        return correction(
          'status',
          f,
          x.retract ? null : { at: f.at + x.later, status: x.st, reason: null },
          x.recordedAt,
          id,
        );
      }
      case 'custody': {
        const f = h.custody[0] as (typeof h.custody)[number];
        return correction(
          'custody',
          f,
          x.retract ? null : { at: f.at, holderId: x.holder, location: x.holder === null ? 'safe-1' : null },
          x.recordedAt,
          id,
        );
      }
      default: {
        const f = refusals[0] as (typeof refusals)[number];
        return correction('refusal', f, x.retract ? null : { ...f, at: f.at + x.later }, x.recordedAt, id);
      }
    }
  });

describe('property: a correction changes answers only as known at or after its recorded instant', () => {
  it('evaluating with every correction equals evaluating with only those recorded by K', () => {
    const input = { ...evaluationInput(fleet), lifecycle: { ...NO_LIFECYCLE_FACTS, refusals } };
    fc.assert(
      fc.property(
        fc.array(arbCorrection, { maxLength: 6 }),
        fc.integer({ min: T0 - 4 * DAY, max: T0 + 4 * DAY }),
        (corrections, k) => {
          const all = evaluateFleet({ ...input, knownAt: k, corrections });
          const known = corrections.filter((c) => c.recordedAt <= k);
          expect(all).toEqual(evaluateFleet({ ...input, knownAt: k, corrections: known }));
          // No correction known by K: the answer without corrections.
          if (known.length === 0) expect(all).toEqual(evaluateFleet({ ...input, knownAt: k }));
        },
      ),
      { numRuns: 150 },
    );
  });
});
