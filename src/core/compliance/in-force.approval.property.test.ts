/**
 * Proposed protocol versions (two-person) over random histories of versions and decisions:
 * a version not approved as known at K is never in force at any (T, K); an approved one is
 * never in force before its own effective instant nor its approval's, nor as known before the
 * approval was recorded; a version that needs no approval is selected exactly as before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Instant } from '../time.ts';
import { inForceFrom, type VersionTimes, versionsInForceAt } from './in-force.ts';

const RUNS = { seed: 20_261_207, numRuns: 300 } as const;

interface V extends VersionTimes {
  readonly id: number;
}

const t = fc.integer({ min: 0, max: 40 }).map((n) => n * 60_000);

const decisionArb = fc.option(fc.record({ approved: fc.boolean(), effectiveAt: t, delay: t }), { nil: null });

const versionArb = (id: number) =>
  fc
    .record({
      name: fc.constantFrom('a', 'b'),
      effectiveAt: t,
      recordedAt: t,
      approval: fc.constantFrom<'none' | 'two-person'>('none', 'two-person'),
      decision: decisionArb,
    })
    .map(
      (r): V => ({
        id,
        name: r.name,
        effectiveAt: r.effectiveAt,
        recordedAt: r.recordedAt,
        approval: r.approval,
        // A decision is recorded after the version it decides on.
        decision:
          r.approval === 'none' || r.decision === null
            ? null
            : {
                approved: r.decision.approved,
                effectiveAt: r.decision.effectiveAt,
                recordedAt: r.recordedAt + r.decision.delay,
              },
      }),
    );

const worldArb = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => versionArb(i))));

const approvedBy = (v: V, k: Instant) =>
  v.approval !== 'two-person' || (v.decision?.approved === true && v.decision.recordedAt <= k);

describe('proposed protocol versions in force', () => {
  it('a version not approved as known at K is never in force at any T; an approved one not before either instant', () => {
    fc.assert(
      fc.property(worldArb, t, t, (versions, at, k) => {
        for (const v of versionsInForceAt(versions, at, k).values()) {
          expect(v.recordedAt).toBeLessThanOrEqual(k);
          expect(approvedBy(v, k)).toBe(true);
          expect(v.effectiveAt).toBeLessThanOrEqual(at);
          if (v.approval === 'two-person')
            expect(v.decision?.effectiveAt ?? Infinity).toBeLessThanOrEqual(at);
        }
      }),
      RUNS,
    );
  });

  it('without proposals, the latest effective version recorded by K governs (the rule before approvals)', () => {
    fc.assert(
      fc.property(worldArb, t, t, (raw, at, k) => {
        const versions = raw.map((v) => ({ ...v, approval: 'none' as const, decision: null }));
        const got = versionsInForceAt(versions, at, k);
        for (const name of ['a', 'b']) {
          const candidates = versions.filter(
            (v) => v.name === name && v.effectiveAt <= at && v.recordedAt <= k,
          );
          const best = candidates.reduce<V | undefined>(
            (b, v) =>
              b === undefined ||
              v.effectiveAt > b.effectiveAt ||
              (v.effectiveAt === b.effectiveAt && v.recordedAt > b.recordedAt)
                ? v
                : b,
            undefined,
          );
          expect(got.get(name)?.effectiveAt).toBe(best?.effectiveAt);
          expect(got.get(name)?.recordedAt).toBe(best?.recordedAt);
        }
      }),
      RUNS,
    );
  });

  it('an approved proposal is in force from the later of the two effective instants, known from the approval', () => {
    const v: V = {
      id: 0,
      name: 'a',
      effectiveAt: 10,
      recordedAt: 5,
      approval: 'two-person',
      decision: { approved: true, effectiveAt: 20, recordedAt: 30 },
    };
    expect(inForceFrom(v)).toBe(20);
    expect(inForceFrom(v, 29)).toBeNull();
    expect(inForceFrom(v, 30)).toBe(20);
    expect(inForceFrom({ ...v, decision: { approved: false, effectiveAt: 20, recordedAt: 30 } })).toBeNull();
    expect(inForceFrom({ ...v, decision: null })).toBeNull();
    expect(inForceFrom({ ...v, approval: 'none', decision: null })).toBe(10);
  });
});
