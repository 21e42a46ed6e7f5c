import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EvaluationResult } from '../../../core/compliance/types.ts';
import { summarize } from '../../../core/dashboard/summary.ts';
import type { Finding } from '../../../core/model.ts';
import { summarySchema } from './compliance.routes.ts';

const finding = (over: Partial<Finding>): Finding => ({
  deviceId: 'd1',
  personId: 'p1',
  protocol: 'strict',
  rule: 'sensor.camera',
  severity: 'high',
  status: 'open',
  outcome: 'fail',
  since: 0,
  message: '',
  evidence: {},
  remedy: '',
  waiver: null,
  ...over,
});

describe('summarize', () => {
  it('counts devices by verdict, person and role, open findings by severity and rule', () => {
    const result: EvaluationResult = {
      at: Date.UTC(2026, 0, 1),
      devices: [
        {
          deviceId: 'd1',
          personId: 'p1',
          protocol: 'strict',
          role: 'calls',
          verdict: 'non-compliant',
          reason: null,
          openFindings: 2,
        },
        {
          deviceId: 'd2',
          personId: 'p1',
          protocol: 'strict',
          role: 'social',
          verdict: 'compliant',
          reason: null,
          openFindings: 0,
        },
        {
          deviceId: 'd3',
          personId: null,
          protocol: null,
          role: 'general',
          verdict: 'not-evaluated',
          reason: 'spare',
          openFindings: 0,
        },
      ],
      findings: [
        finding({}),
        finding({ rule: 'lockdown.off', severity: 'medium' }),
        finding({ rule: 'lockdown.off', status: 'waived', waiver: 'w1' }),
        finding({ deviceId: 'd2', rule: 'posture.stale', status: 'resolved', severity: 'low' }),
      ],
    };
    const { tiles, ...counts } = summarize(result);
    // The tiles count what the rest of the summary counts (their words: core/dashboard/explain.test.ts).
    expect(tiles.map((t) => [t.id, t.count])).toEqual([
      ['compliant', 1],
      ['non-compliant', 1],
      ['waived', 0],
      ['not-evaluated', 1],
      ['open-findings', 2],
    ]);
    expect(counts).toEqual({
      asOf: '2026-01-01T00:00:00.000Z',
      knownAt: null,
      devices: { total: 3, byVerdict: { compliant: 1, 'non-compliant': 1, waived: 0, 'not-evaluated': 1 } },
      findings: {
        open: 2,
        waived: 1,
        resolved: 1,
        bySeverity: { info: 0, low: 0, medium: 1, high: 1, critical: 0 },
        byRule: { 'lockdown.off': 1, 'sensor.camera': 1 },
      },
      people: [
        {
          personId: null,
          devices: 1,
          byVerdict: { compliant: 0, 'non-compliant': 0, waived: 0, 'not-evaluated': 1 },
          openFindings: 0,
        },
        {
          personId: 'p1',
          devices: 2,
          byVerdict: { compliant: 1, 'non-compliant': 1, waived: 0, 'not-evaluated': 0 },
          openFindings: 2,
        },
      ],
      principals: [],
      roles: [
        {
          role: 'calls',
          devices: 1,
          byVerdict: { compliant: 0, 'non-compliant': 1, waived: 0, 'not-evaluated': 0 },
          openFindings: 2,
        },
        {
          role: 'general',
          devices: 1,
          byVerdict: { compliant: 0, 'non-compliant': 0, waived: 0, 'not-evaluated': 1 },
          openFindings: 0,
        },
        {
          role: 'social',
          devices: 1,
          byVerdict: { compliant: 1, 'non-compliant': 0, waived: 0, 'not-evaluated': 0 },
          openFindings: 0,
        },
      ],
    });
  });

  it("counts a person's findings where they are named, and a principal's with their staff's", () => {
    const result: EvaluationResult = {
      at: 0,
      devices: [
        {
          deviceId: 'boss-phone',
          personId: 'boss',
          protocol: 'strict',
          role: 'calls',
          verdict: 'non-compliant',
          reason: null,
          openFindings: 1,
        },
        {
          deviceId: 'aide-personal',
          personId: 'aide',
          protocol: null,
          role: 'general',
          verdict: 'not-evaluated',
          reason: 'Personal device',
          openFindings: 0,
        },
      ],
      findings: [
        finding({ deviceId: 'boss-phone', personId: 'boss' }),
        finding({ deviceId: 'aide-personal', personId: 'aide', rule: 'zone.personal-device' }),
        finding({ deviceId: null, personId: 'aide', rule: 'policy.unacknowledged' }),
        finding({ deviceId: null, personId: 'clerk', rule: 'policy.unacknowledged' }),
      ],
    };
    const s = summarize(result, [
      { id: 'boss', kind: 'principal', principalId: null },
      { id: 'idle', kind: 'principal', principalId: null },
      { id: 'aide', kind: 'staff', principalId: 'boss' },
      { id: 'clerk', kind: 'staff', principalId: 'boss' },
      { id: 'officer', kind: 'operator', principalId: null },
    ]);
    expect(s.people.map((p) => [p.personId, p.devices, p.openFindings])).toEqual([
      ['aide', 1, 2],
      ['boss', 1, 1],
      ['clerk', 0, 1],
    ]);
    expect(s.principals).toEqual([
      {
        personId: 'boss',
        staff: ['aide', 'clerk'],
        devices: 2,
        byVerdict: { compliant: 0, 'non-compliant': 1, waived: 0, 'not-evaluated': 1 },
        openFindings: 4,
      },
    ]);
    // The route sends this JSON as it is: it must be what the response schema's encoding gives
    // (no key the schema would drop, every one it lists, in its order).
    expect(JSON.stringify(s)).toBe(JSON.stringify(z.encode(summarySchema, s)));
  });
});
