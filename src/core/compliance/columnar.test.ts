/** The columnar pass decides compliant devices from the columns; the others take the evaluator's path. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nearCompliantArb, PEOPLE, PROTOCOLS, RELEASES } from '../../../test/support/fleet-arbitraries.ts';
import { DAY } from '../time.ts';
import { buildFleetColumns, evaluateColumns } from './columnar.ts';
import { evaluateFleet } from './evaluate.ts';
import { RULES } from './registry.ts';
import type { Rule } from './rule.ts';
import { inForceOf, T0 } from './test-helpers.ts';
import type { EvaluationInput } from './types.ts';

describe('evaluateColumns', () => {
  const devices = fc.sample(fc.tuple(...Array.from({ length: 60 }, (_, i) => nearCompliantArb(`d${i}`))), {
    seed: 15,
    numRuns: 1,
  })[0];
  const input: EvaluationInput = {
    at: T0,
    devices: devices ?? [],
    inForce: inForceOf(PEOPLE, PROTOCOLS, T0),
    releases: RELEASES,
  };
  const full = evaluateFleet(input);

  it('evaluates only the devices that may have findings, and agrees with the evaluator', () => {
    const run = evaluateColumns(buildFleetColumns(input));
    const compliant = full.devices.filter((d) => d.verdict === 'compliant').length;
    expect(compliant).toBeGreaterThan(10);
    expect(run.exactDevices).toBe(input.devices.length - compliant);
    expect(run.toResult()).toEqual(full);
  });

  it('refills the arrays of an earlier pass of the same size, with the same answer', () => {
    const first = buildFleetColumns({ ...input, at: T0 - 400 * DAY });
    const again = buildFleetColumns(input, RULES, first);
    expect(again.exact).toBe(first.exact);
    expect(evaluateColumns(again).toResult()).toEqual(full);
  });

  it('sends every device to the evaluator when a rule has no columnar check', () => {
    const extra: Rule = {
      id: 'test.never',
      title: '',
      description: '',
      defaultSeverity: 'low',
      evaluate: () => null,
    };
    const run = evaluateColumns(buildFleetColumns(input, [...RULES, extra]));
    expect(run.exactDevices).toBe(input.devices.length);
    expect(run.toResult()).toEqual(full);
  });
});
