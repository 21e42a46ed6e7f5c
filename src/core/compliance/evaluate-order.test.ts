/**
 * Sorting findings in bounded steps (runs, then pairwise merges) gives exactly the order of
 * sorting them at once, ties (equal findings keep their order) and the fallback for a `since`
 * too large for the numeric keys included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../model.ts';
import { compareFindings, FindingsSort, sortFindings } from './evaluate-order.ts';

const RUNS = { seed: 20_261_204, numRuns: 300 } as const;

/** Findings with many ties; `evidence.n` tells equal findings apart, so stability shows. */
const findings = fc
  .array(
    fc.record({
      severity: fc.constantFrom('critical' as const, 'high' as const, 'info' as const),
      since: fc.constantFrom(0, 1, 86_400_000, -5, 1e15),
      deviceId: fc.constantFrom('d1', 'd2', 'D3', null),
      rule: fc.constantFrom('a.rule', 'b.rule'),
      message: fc.constantFrom('m', 'n'),
    }),
    { maxLength: 80 },
  )
  .map((xs) =>
    xs.map(
      (x, n): Finding => ({
        ...x,
        personId: null,
        protocol: null,
        status: 'open',
        outcome: 'fail',
        evidence: { n },
        remedy: '',
        waiver: null,
      }),
    ),
  );

describe('FindingsSort', () => {
  it('sorts in steps exactly as sortFindings does at once', () => {
    fc.assert(
      fc.property(
        findings,
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 10 }),
        (xs, run, budgets) => {
          const sort = new FindingsSort(xs, run);
          let i = 0;
          while (sort.step(budgets[Math.min(i++, budgets.length - 1)] as number));
          const expected = sortFindings(xs);
          expect(sort.result()).toEqual(expected);
          // And sortFindings is the stable sort by compareFindings.
          expect(expected).toEqual(xs.slice().sort(compareFindings));
        },
      ),
      RUNS,
    );
  });

  it('sorts at once (numeric keys first) as the stable comparator sort does', () => {
    fc.assert(
      fc.property(fc.array(findings, { maxLength: 6 }), (groups) => {
        // With and without a `since` too large for the numeric keys (the comparator-only fallback).
        for (const xs of [groups.flat(), groups.flat().filter((f) => f.since !== 1e15)]) {
          const expected = xs.slice().sort(compareFindings);
          expect(sortFindings(xs)).toEqual(expected);
          const sort = new FindingsSort(xs);
          expect(sort.step(Number.POSITIVE_INFINITY)).toBe(false);
          expect(sort.result()).toEqual(expected);
        }
      }),
      RUNS,
    );
  });

  it('is not done before its last step', () => {
    const xs = fc.sample(findings, { seed: 1, numRuns: 20 }).flat();
    expect(xs.length).toBeGreaterThan(20);
    const sort = new FindingsSort(xs, 4);
    expect(sort.step(5)).toBe(true);
    expect(() => sort.result()).toThrow();
  });
});
