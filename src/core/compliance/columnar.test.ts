/**
 * The columnar pass decides compliant devices from the columns; the others take the rules' columnar
 * bodies or the evaluator's path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nearCompliantArb, PEOPLE, PROTOCOLS, RELEASES } from '../../../test/support/fleet-arbitraries.ts';
import { DAY } from '../time.ts';
import { buildFleetColumns, evaluateColumns, updateFleetColumns } from './columnar.ts';
import { evaluateFleet } from './evaluate.ts';
import { RULES } from './registry.ts';
import type { Rule } from './rule.ts';
import { compliantPosture, evaluationInput, history, inForceOf, T0 } from './test-helpers.ts';
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
  const notEvaluated = full.devices.filter((d) => d.verdict === 'not-evaluated').length;

  it('evaluates only the devices in service that may have findings, and agrees with the evaluator', () => {
    const run = evaluateColumns(buildFleetColumns(input));
    const compliant = full.devices.filter((d) => d.verdict === 'compliant').length;
    expect(compliant).toBeGreaterThan(10);
    // Through the snapshot path, or only through the rules' columnar bodies.
    expect(run.exactDevices + run.rowRows.length).toBe(input.devices.length - compliant - notEvaluated);
    expect(run.rowRows.length).toBeGreaterThan(0);
    expect(run.toResult()).toEqual(full);
  });

  it('keeps its columns across changes: only the rows named are refilled', () => {
    // Built from the first half as of a year earlier, then told the whole fleet now.
    const first = buildFleetColumns({ ...input, at: T0 - 400 * DAY, devices: input.devices.slice(0, 30) });
    updateFleetColumns(first, input);
    expect(first.size).toBe(input.devices.length);
    expect(evaluateColumns(first).toResult()).toEqual(full);
    // A later pass over the same columns, nothing rebuilt, answers the same.
    expect(evaluateColumns(first).toResult()).toEqual(full);
  });

  it('refuses to keep columns "as known at" an instant', () => {
    const cols = buildFleetColumns(input);
    expect(() => updateFleetColumns(cols, { ...input, knownAt: T0 })).toThrow(/knownAt/);
  });

  it('sends every device to the evaluator when a rule has no columnar check', () => {
    const extra: Rule = {
      id: 'test.never',
      title: '',
      description: '',
      defaultSeverity: 'low',
      evaluate: () => null,
    };
    const run = evaluateColumns(buildFleetColumns(input), { rules: [...RULES, extra] });
    expect(run.exactDevices).toBe(input.devices.length - notEvaluated);
    expect(run.toResult()).toEqual(full);
  });

  it("takes an unreported fact through the columnar bodies' unverified findings, as the evaluator words them", () => {
    // Each device compliant but for one fact its latest report leaves out (in service 10 days, so
    // a body reading the wrong instant shows in `since`); protocol.severities left as they are.
    const missing = [
      { apps: null },
      { lockdownMode: null },
      { sensors: {} },
      { sensors: { camera: { state: 'unknown' as const, provenance: 'reported' as const } } },
    ];
    const devices = missing.map((fields, i) =>
      history(`m${i}`, { posture: [compliantPosture({ id: `m${i}-r1`, deviceId: `m${i}`, ...fields })] }),
    );
    const asked = evaluationInput(devices);
    const expected = evaluateFleet(asked);
    const run = evaluateColumns(buildFleetColumns(asked));
    expect(run.exactDevices).toBe(0);
    expect(run.rowRows).toEqual([0, 1, 2, 3]);
    expect(expected.findings.some((f) => f.outcome === 'unverified' && f.rule === 'apps.unapproved')).toBe(
      true,
    );
    expect(JSON.stringify(run.toResult())).toBe(JSON.stringify(expected));
  });
});
