/**
 * One describe block per rule. Rules are exercised through `evaluateFleet` so each test also
 * covers the wiring (snapshot, protocol resolution, severity). Boundaries: a requirement due
 * with grace ending exactly at T is not yet a finding; one millisecond later it is.
 */
import { describe, expect, it } from 'vitest';
import type { Finding, PostureReport } from '../../model.ts';
import { DAY, HOUR } from '../../time.ts';
import { evaluateFleet } from '../evaluate.ts';
import {
  compiledProtocol,
  compiledRole,
  compliantPosture,
  custody,
  evaluationInput,
  history,
  type InputOptions,
  inspection,
  person,
  posture,
  reading,
  sensors,
  status,
  strictRole,
  T0,
} from '../test-helpers.ts';
import type { DeviceHistory } from '../types.ts';

function run(rule: string, devices: DeviceHistory[], options: InputOptions = {}): Finding[] {
  return evaluateFleet(evaluationInput(devices, options)).findings.filter((f) => f.rule === rule);
}

function only(rule: string, devices: DeviceHistory[], options: InputOptions = {}): Finding {
  const found = run(rule, devices, options);
  expect(found).toHaveLength(1);
  return found[0] as Finding;
}

describe('rotation.overdue', () => {
  // Issued T0 - 33 days: due T0 - 3 days, grace ends exactly at T0.
  const device = history('d1', { device: { issuedAt: T0 - 33 * DAY } });

  it('is not a finding until the grace period has passed', () => {
    expect(run('rotation.overdue', [device])).toEqual([]);
  });

  it('is a finding one millisecond later, since the end of grace', () => {
    const f = only('rotation.overdue', [device], { at: T0 + 1 });
    expect(f).toMatchObject({ severity: 'high', outcome: 'fail', since: T0, status: 'open', waiver: null });
    expect(f.evidence).toMatchObject({ inServiceSince: T0 - 33 * DAY, dueAt: T0 - 3 * DAY, daysOverdue: 3 });
    expect(f.message).toBe('Rotation overdue by 3 days (in service since 2026-10-16, due 2026-11-15)');
    expect(f.remedy).toMatch(/Swap/);
  });

  it('does not apply when the role is exempt from rotation', () => {
    const protocol = compiledProtocol({ roles: { calls: strictRole({ rotation: null }) } });
    expect(run('rotation.overdue', [device], { at: T0 + 90 * DAY, protocols: [protocol] })).toEqual([]);
  });
});

describe('inspection.overdue', () => {
  const inspected = (at: number, method: 'forensic-scan' | 'mdm-review' = 'forensic-scan') =>
    history('d1', {
      device: { issuedAt: T0 - 300 * DAY },
      inspections: [inspection({ id: 'i1', deviceId: 'd1', at, method })],
    });

  it('is due every period after the last check, with grace', () => {
    expect(run('inspection.overdue', [inspected(T0 - 33 * DAY)])).toEqual([]);
    const f = only('inspection.overdue', [inspected(T0 - 33 * DAY - 1)]);
    expect(f.since).toBe(T0 - 1);
    expect(f.severity).toBe('high');
  });

  it('says "overdue by about four months" for a phone last checked five months ago', () => {
    const f = only('inspection.overdue', [inspected(Date.UTC(2026, 5, 20))]);
    expect(f.message).toBe('Inspection overdue by 121 days (last check 2026-06-20, due 2026-07-20)');
    expect(f.evidence).toMatchObject({
      lastInspectionAt: Date.UTC(2026, 5, 20),
      dueAt: Date.UTC(2026, 6, 20),
      daysOverdue: 121,
    });
  });

  it('counts only the methods the protocol accepts', () => {
    const role = strictRole({
      inspection: { every: 30 * DAY, grace: 3 * DAY, methods: ['forensic-scan'], cite: [] },
    });
    const protocol = compiledProtocol({ roles: { calls: role } });
    const d = history('d1', {
      device: { issuedAt: T0 - 300 * DAY },
      inspections: [
        inspection({ id: 'i1', deviceId: 'd1', at: T0 - 100 * DAY }),
        inspection({ id: 'i2', deviceId: 'd1', at: T0 - 2 * DAY, method: 'mdm-review' }),
      ],
    });
    const f = only('inspection.overdue', [d], { protocols: [protocol] });
    expect(f.evidence).toMatchObject({ lastInspectionId: 'i1', nonQualifyingInspectionAt: T0 - 2 * DAY });
    expect(run('inspection.overdue', [d])).toEqual([]);
  });

  it('counts from the start of service when the device was never checked', () => {
    const d = history('d1', { device: { issuedAt: T0 - 40 * DAY }, inspections: [] });
    const f = only('inspection.overdue', [d]);
    expect(f.message).toBe(
      'Inspection overdue by 10 days (never checked since entering service on 2026-10-09, due 2026-11-08)',
    );
    expect(f.evidence).toMatchObject({ lastInspectionAt: null });
  });
});

describe('sensor rules', () => {
  const withReports = (...reports: PostureReport[]) =>
    history('d1', { device: { issuedAt: T0 - 20 * DAY }, posture: reports });

  it('fails an enabled sensor since the start of its current run of enabled readings', () => {
    const d = withReports(
      compliantPosture({ id: 'r1', deviceId: 'd1', observedAt: T0 - 9 * DAY }),
      compliantPosture({
        id: 'r2',
        deviceId: 'd1',
        observedAt: T0 - 6 * DAY,
        sensors: { ...sensors('disabled'), camera: reading('enabled') },
      }),
      compliantPosture({
        id: 'r3',
        deviceId: 'd1',
        observedAt: T0 - 2 * DAY,
        sensors: { ...sensors('disabled'), camera: reading('enabled', 'attested') },
      }),
    );
    const f = only('sensor.camera', [d]);
    expect(f).toMatchObject({ outcome: 'fail', severity: 'high', since: T0 - 6 * DAY });
    expect(f.evidence).toMatchObject({
      state: 'enabled',
      provenance: 'attested',
      source: 'test-mdm',
      reportId: 'r3',
    });
    expect(f.message).toBe(
      'Camera is enabled (attested by a person, test-mdm on 2026-11-16); the protocol requires it disabled',
    );
    expect(run('sensor.microphone', [d])).toEqual([]);
  });

  it('reports a sensor never reported as unverified, never compliant', () => {
    const d = withReports(
      compliantPosture({ id: 'r1', deviceId: 'd1', sensors: { camera: reading('disabled') } }),
    );
    for (const rule of ['sensor.microphone', 'sensor.location']) {
      const f = only(rule, [d]);
      expect(f).toMatchObject({ outcome: 'unverified', severity: 'medium', since: T0 - 20 * DAY });
      expect(f.evidence).toMatchObject({ state: null });
    }
    expect(run('sensor.camera', [d])).toEqual([]);
    // Bluetooth is allowed by the strict role, so it is not checked at all.
    expect(run('sensor.bluetooth', [d])).toEqual([]);
  });

  it('reports an unknown reading as unverified, with what was last known', () => {
    const d = withReports(
      compliantPosture({ id: 'r1', deviceId: 'd1', observedAt: T0 - 9 * DAY }),
      compliantPosture({
        id: 'r2',
        deviceId: 'd1',
        observedAt: T0 - 4 * DAY,
        sensors: { ...sensors('disabled'), location: reading('unknown', 'attested') },
      }),
    );
    const f = only('sensor.location', [d]);
    expect(f).toMatchObject({ outcome: 'unverified', severity: 'medium', since: T0 - 4 * DAY });
    expect(f.evidence).toMatchObject({
      state: 'unknown',
      provenance: 'attested',
      lastKnown: { state: 'disabled', observedAt: T0 - 9 * DAY, provenance: 'enforced' },
    });
    expect(f.message).toMatch(/^Location \(GPS\) state unknown .*; last known disabled on 2026-11-09$/);
  });

  it('checks bluetooth when the protocol requires it off', () => {
    const role = strictRole({ sensors: { disabled: ['bluetooth'], cite: [] } });
    const f = only('sensor.bluetooth', [history('d1')], {
      protocols: [compiledProtocol({ roles: { calls: role } })],
    });
    expect(f.outcome).toBe('fail');
  });
});

describe('apps.unapproved', () => {
  it('lists the apps outside the allow list, sorted and once each', () => {
    const d = history('d1', {
      posture: [
        compliantPosture({
          id: 'r1',
          deviceId: 'd1',
          apps: ['com.zeta', 'com.apple.mobilephone', 'com.alpha', 'com.zeta'],
        }),
      ],
    });
    const f = only('apps.unapproved', [d]);
    expect(f).toMatchObject({ outcome: 'fail', severity: 'medium', since: T0 - DAY });
    expect(f.evidence).toMatchObject({ unapproved: ['com.alpha', 'com.zeta'] });
    expect(f.message).toBe('2 unapproved apps installed: com.alpha, com.zeta (test-mdm on 2026-11-17)');
  });

  it('is unverified when no inventory was reported', () => {
    const d = history('d1', { posture: [compliantPosture({ id: 'r1', deviceId: 'd1', apps: null })] });
    expect(only('apps.unapproved', [d]).outcome).toBe('unverified');
  });
});

describe('os.outdated', () => {
  const ios = (osVersion: string | null) =>
    history('d1', { posture: [compliantPosture({ id: 'r1', deviceId: 'd1', osVersion })] });
  const android = (patchLevel: string | null) =>
    history('d1', {
      device: { platform: 'android', model: 'Pixel 9' },
      posture: [
        compliantPosture({ id: 'r1', deviceId: 'd1', osVersion: '16', patchLevel, lockdownMode: null }),
      ],
    });

  it('passes the newest release', () => {
    expect(run('os.outdated', [ios('18.6.2')])).toEqual([]);
    expect(run('os.outdated', [android('2026-11-01')])).toEqual([]);
  });

  it('fails a version behind the newest for longer than allowed, since supersession plus the allowance', () => {
    // 18.6.1 was superseded by 18.6.2 on 2026-08-20; allowed 14 days.
    const superseded = Date.UTC(2026, 7, 20);
    const f = only('os.outdated', [ios('18.6.1')]);
    expect(f).toMatchObject({ outcome: 'fail', severity: 'high', since: superseded + 14 * DAY });
    expect(f.message).toBe(
      'iOS 18.6.1 is behind the newest release (18.6.2) for 90 days (superseded 2026-08-20; allowed 14 days)',
    );
    const early = history('d1', {
      device: { issuedAt: superseded - 30 * DAY },
      posture: [compliantPosture({ id: 'r1', deviceId: 'd1', osVersion: '18.6.1', observedAt: superseded })],
    });
    expect(run('os.outdated', [early], { at: superseded + 14 * DAY })).toEqual([]);
    expect(only('os.outdated', [early], { at: superseded + 14 * DAY + 1 }).outcome).toBe('fail');
  });

  it('fails a version below the protocol minimum', () => {
    const f = only('os.outdated', [ios('17.7')]);
    expect(f.evidence).toMatchObject({ belowMinimum: true, minVersion: '18.0' });
    expect(f.message).toMatch(
      /^iOS 17\.7 is below the protocol minimum 18\.0, and behind the newest release \(18\.6\.2\)/,
    );
  });

  it('uses the patch level on Android', () => {
    const f = only('os.outdated', [android('2026-09-01')]);
    // Superseded by 2026-10-01 released 2026-10-06; allowed 14 days.
    expect(f.since).toBe(Date.UTC(2026, 9, 20));
    expect(f.message).toMatch(/^Security patch level 2026-09-01 is behind the newest release \(2026-11-01\)/);
  });

  it('is unverified when the version is unknown or unreadable', () => {
    expect(only('os.outdated', [ios(null)])).toMatchObject({ outcome: 'unverified', severity: 'medium' });
    expect(only('os.outdated', [ios('eighteen')]).outcome).toBe('unverified');
    expect(only('os.outdated', [android(null)]).outcome).toBe('unverified');
  });
});

describe('lockdown.off', () => {
  const lockdown = (lockdownMode: boolean | null, platform: 'ios' | 'android' = 'ios') =>
    history('d1', {
      device: { platform },
      posture: [compliantPosture({ id: 'r1', deviceId: 'd1', lockdownMode })],
    });

  it('fails an iPhone with Lockdown Mode off when required', () => {
    expect(only('lockdown.off', [lockdown(false)])).toMatchObject({
      outcome: 'fail',
      severity: 'high',
      since: T0 - DAY,
    });
    expect(run('lockdown.off', [lockdown(true)])).toEqual([]);
  });

  it('is unverified when not reported, and does not apply to Android or when optional', () => {
    expect(only('lockdown.off', [lockdown(null)]).outcome).toBe('unverified');
    expect(run('lockdown.off', [lockdown(false, 'android')])).toEqual([]);
    const role = strictRole();
    const optional = compiledProtocol({
      roles: { calls: { ...role, os: role.os === null ? null : { ...role.os, lockdownMode: 'optional' } } },
    });
    expect(run('lockdown.off', [lockdown(false)], { protocols: [optional] })).toEqual([]);
  });
});

describe('posture.stale', () => {
  const reported = (observedAt: number) =>
    history('d1', { posture: [compliantPosture({ id: 'r1', deviceId: 'd1', observedAt })] });

  it('fails once the latest report is older than the maximum age', () => {
    expect(run('posture.stale', [reported(T0 - 7 * DAY)])).toEqual([]);
    const f = only('posture.stale', [reported(T0 - 7 * DAY - 1)]);
    expect(f).toMatchObject({ since: T0 - 1, severity: 'medium' });
    expect(f.message).toBe('Posture is stale: last report 2026-11-10, 7 days ago (allowed 7 days)');
  });

  it('fails a device that never reported, since it entered service', () => {
    const f = only('posture.stale', [history('d1', { posture: [] })]);
    expect(f.since).toBe(T0 - 10 * DAY);
  });
});

describe('custody.unassigned', () => {
  it('fails an active device held by no one and stored nowhere', () => {
    const f = only('custody.unassigned', [history('d1', { custody: [custody('d1', null, T0 - 2 * DAY)] })]);
    expect(f).toMatchObject({ since: T0 - 2 * DAY, outcome: 'fail' });
    expect(only('custody.unassigned', [history('d1', { custody: [] })]).since).toBe(T0 - 10 * DAY);
  });

  it('accepts a device in storage', () => {
    expect(
      run('custody.unassigned', [history('d1', { custody: [custody('d1', null, T0 - 2 * DAY, 'safe-1')] })]),
    ).toEqual([]);
  });
});

describe('protocol.unassigned', () => {
  it('lets staff inherit their principal protocol', () => {
    const people = [
      person({ id: 'p1' }),
      person({ id: 's1', kind: 'staff', protocol: null, principalId: 'p1' }),
    ];
    expect(run('protocol.unassigned', [history('d1', { holderId: 's1' })], { people })).toEqual([]);
  });

  it('fails a device whose holder has no protocol, an unknown one, or no holder', () => {
    const people = [
      person({ id: 'p1', protocol: null }),
      person({ id: 'p2', protocol: 'missing' }),
      person({ id: 's1', kind: 'staff', protocol: null, principalId: 'p1', name: 'Sam' }),
    ];
    const devices = [
      history('d1', { holderId: 'p1' }),
      history('d2', { holderId: 'p2' }),
      history('d3', { holderId: 's1' }),
      history('d4', { custody: [custody('d4', null, T0 - DAY, 'safe-1')] }),
      history('d5', { holderId: 'nobody' }),
    ];
    const found = run('protocol.unassigned', devices, { people });
    expect(found.map((f) => f.deviceId).sort()).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
    const byDevice = new Map(found.map((f) => [f.deviceId, f]));
    expect(byDevice.get('d2')?.message).toBe(`Person p2's protocol "missing" is not a known protocol`);
    expect(byDevice.get('d3')?.message).toBe('Neither Sam nor their principal (p1) has a known protocol');
    expect(byDevice.get('d4')?.since).toBe(T0 - DAY);
    // Without a protocol no other requirement can be checked: only this finding (and custody) remain.
    const all = evaluateFleet(evaluationInput(devices, { people })).findings;
    expect(new Set(all.map((f) => f.rule))).toEqual(new Set(['protocol.unassigned']));
  });
});

describe('protocol.role-uncovered', () => {
  it('fails a device whose role the protocol does not cover', () => {
    const protocol = compiledProtocol({ roles: { calls: strictRole() } });
    const d = history('d1', { device: { role: 'news' } });
    const f = only('protocol.role-uncovered', [d], { protocols: [protocol] });
    expect(f.message).toBe(
      'Protocol "test-protocol" has no requirements for news phones, so nothing about this device can be checked',
    );
    expect(run('protocol.role-uncovered', [history('d2')], { protocols: [protocol] })).toEqual([]);
  });

  it('accepts a role covered by an empty set of requirements', () => {
    const protocol = compiledProtocol({ roles: { calls: compiledRole() } });
    expect(evaluateFleet(evaluationInput([history('d1')], { protocols: [protocol] })).findings).toEqual([]);
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

  it('reads sub-day durations', () => {
    const role = strictRole({ posture: { maxAge: 36 * HOUR, cite: [] } });
    const f = only(
      'posture.stale',
      [history('d1', { posture: [compliantPosture({ id: 'r', deviceId: 'd1', observedAt: T0 - 2 * DAY })] })],
      {
        protocols: [compiledProtocol({ roles: { calls: role } })],
      },
    );
    expect(f.message).toMatch(/allowed 36 hours/);
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
