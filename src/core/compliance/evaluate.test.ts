import { describe, expect, it } from 'vitest';
import { VigilError } from '../errors.ts';
import { DAY } from '../time.ts';
import { evaluateFleet, summarize } from './evaluate.ts';
import {
  compiledProtocol,
  compliantPosture,
  custody,
  evaluationInput,
  history,
  inspection,
  person,
  posture,
  reading,
  sensors,
  status,
  strictRole,
  T0,
} from './test-helpers.ts';

/** A small office like the demo: a principal with a calls and a social phone, staff, a spare. */
function office(protocolOverride?: string) {
  const people = [
    person({ id: 'pm', name: 'The Principal', protocol: 'relaxed-social' }),
    person({ id: 'cos', name: 'Chief of Staff', kind: 'staff', protocol: null, principalId: 'pm' }),
  ];
  const strict = strictRole();
  const relaxed = compiledProtocol({
    name: 'relaxed-social',
    roles: {
      calls: strict,
      social: strictRole({ rotation: null, sensors: { disabled: ['location'], cite: [] } }),
    },
  });
  const calls = history('calls-1', {
    holderId: 'pm',
    device: { issuedAt: T0 - 20 * DAY },
    posture: [
      compliantPosture({
        id: 'c-r1',
        deviceId: 'calls-1',
        observedAt: T0 - DAY,
        sensors: { ...sensors('enabled'), location: reading('disabled') },
      }),
    ],
  });
  const social = history('social-1', {
    holderId: 'pm',
    device: { role: 'social', issuedAt: T0 - 300 * DAY },
    inspections: [inspection({ id: 's-i1', deviceId: 'social-1', at: Date.UTC(2026, 5, 20) })],
  });
  const staffPhone = history('cos-1', { holderId: 'cos', device: { role: 'general' } });
  const personal = history('cos-personal', { holderId: 'cos', device: { ownership: 'personal' } });
  const spare = history('spare-1', {
    custody: [custody('spare-1', null, T0 - 5 * DAY, 'safe-1')],
    statuses: [status('spare-1', 'staged', T0 - 5 * DAY)],
  });
  return evaluationInput([calls, social, staffPhone, personal, spare], {
    people,
    protocols: [relaxed, compiledProtocol({ name: 'strict-30day' })],
    ...(protocolOverride === undefined ? {} : { protocolOverride }),
  });
}

describe('evaluateFleet', () => {
  it('evaluates the office end to end', () => {
    const result = evaluateFleet(office());
    expect(result.at).toBe(T0);
    expect(result.findings.map((f) => `${f.deviceId} ${f.rule} ${f.severity} ${f.outcome}`)).toEqual([
      'social-1 inspection.overdue high fail',
      'calls-1 sensor.camera high fail',
      'calls-1 sensor.microphone high fail',
      'cos-1 protocol.role-uncovered medium fail',
    ]);
    const overdue = result.findings[0];
    expect(overdue?.message).toBe('Inspection overdue by 121 days (last check 2026-06-20, due 2026-07-20)');
    expect(overdue).toMatchObject({
      personId: 'pm',
      protocol: 'relaxed-social',
      status: 'open',
      waiver: null,
    });
    expect(result.devices.map((d) => [d.deviceId, d.verdict, d.protocol, d.openFindings])).toEqual([
      ['calls-1', 'non-compliant', 'relaxed-social', 2],
      ['social-1', 'non-compliant', 'relaxed-social', 1],
      ['cos-1', 'non-compliant', 'relaxed-social', 1],
      ['cos-personal', 'not-evaluated', null, 0],
      ['spare-1', 'not-evaluated', null, 0],
    ]);
    expect(result.devices[4]?.reason).toBe('Not in service: staged');
  });

  it('evaluates every device against an override protocol (what-if)', () => {
    const result = evaluateFleet(office('strict-30day'));
    const rules = result.findings.filter((f) => f.deviceId === 'social-1').map((f) => f.rule);
    expect(rules).toEqual(['rotation.overdue', 'inspection.overdue']);
    expect(result.findings.every((f) => f.protocol === 'strict-30day')).toBe(true);
    expect(() => office('nope')).toThrow(VigilError);
  });

  it('re-evaluates a past day exactly', () => {
    const result = evaluateFleet({ ...office(), at: Date.UTC(2026, 6, 1) });
    expect(result.findings.filter((f) => f.rule === 'inspection.overdue')).toEqual([]);
  });

  it('sorts findings by severity, then since, then device and rule', () => {
    const { findings } = evaluateFleet(office());
    for (let i = 1; i < findings.length; i++) {
      const a = findings[i - 1];
      const b = findings[i];
      if (a === undefined || b === undefined) continue;
      expect(['critical', 'high', 'medium', 'low', 'info'].indexOf(a.severity)).toBeLessThanOrEqual(
        ['critical', 'high', 'medium', 'low', 'info'].indexOf(b.severity),
      );
    }
  });
});

describe('summarize', () => {
  it('counts devices by verdict, findings by severity, rule and person', () => {
    const s = summarize(evaluateFleet(office()));
    expect(s.devices).toBe(5);
    expect(s.byVerdict).toEqual({ compliant: 0, 'non-compliant': 3, waived: 0, 'not-evaluated': 2 });
    expect(s.bySeverity).toMatchObject({ high: 3, medium: 1 });
    expect(s.byRule.map((r) => [r.rule, r.findings])).toEqual([
      ['inspection.overdue', 1],
      ['protocol.role-uncovered', 1],
      ['sensor.camera', 1],
      ['sensor.microphone', 1],
    ]);
    expect(s.byPerson).toEqual([
      {
        personId: 'cos',
        devices: 2,
        compliant: 0,
        nonCompliant: 1,
        waived: 0,
        notEvaluated: 1,
        findings: 1,
        worstSeverity: 'medium',
      },
      {
        personId: 'pm',
        devices: 2,
        compliant: 0,
        nonCompliant: 2,
        waived: 0,
        notEvaluated: 0,
        findings: 3,
        worstSeverity: 'high',
      },
      {
        personId: null,
        devices: 1,
        compliant: 0,
        nonCompliant: 0,
        waived: 0,
        notEvaluated: 1,
        findings: 0,
        worstSeverity: null,
      },
    ]);
  });
});

describe('severity', () => {
  it('takes the protocol override first, then the draft, then the rule default', () => {
    const protocol = compiledProtocol({
      severities: { 'sensor.camera': 'critical', 'posture.stale': 'low' },
    });
    const d = history('d1', {
      posture: [
        posture({
          id: 'r1',
          deviceId: 'd1',
          observedAt: T0 - 30 * DAY,
          osVersion: '18.6.2',
          sensors: { ...sensors('enabled') },
          apps: [],
          lockdownMode: true,
        }),
      ],
    });
    const found = evaluateFleet(evaluationInput([d], { protocols: [protocol] })).findings;
    const sev = Object.fromEntries(found.map((f) => [f.rule, f.severity]));
    expect(sev).toMatchObject({
      'sensor.camera': 'critical',
      'sensor.microphone': 'high',
      'posture.stale': 'low',
    });
    expect(found[0]?.rule).toBe('sensor.camera');
  });
});

describe('status gating', () => {
  it('evaluates only issued devices active at the instant', () => {
    const retired = history('d1', {
      statuses: [status('d1', 'active', T0 - 10 * DAY), status('d1', 'retired', T0 - DAY)],
    });
    expect(evaluateFleet(evaluationInput([retired], { at: T0 + 100 * DAY })).findings).toEqual([]);
  });
});
