import { describe, expect, it } from 'vitest';
import { NO_STATUS_REASON, NOT_IN_SERVICE_PREFIX, PERSONAL_DEVICE_REASON } from '../compliance/evaluate.ts';
import type { DeviceSummary, DeviceVerdict, EvaluationResult } from '../compliance/types.ts';
import type { Finding, FindingStatus, Severity } from '../model.ts';
import { explainTiles } from './explain.ts';

const device = (
  deviceId: string,
  verdict: DeviceVerdict,
  reason: string | null = null,
  role = 'calls',
): DeviceSummary => ({
  deviceId,
  personId: 'p1',
  protocol: verdict === 'not-evaluated' ? null : 'strict',
  role,
  verdict,
  reason,
  openFindings: 0,
});

const finding = (
  deviceId: string | null,
  rule: string,
  status: FindingStatus = 'open',
  severity: Severity = 'high',
): Finding => ({
  deviceId,
  personId: 'p1',
  protocol: 'strict',
  rule,
  severity,
  status,
  outcome: 'fail',
  since: 0,
  message: rule,
  remedy: 'fix',
  evidence: {},
  waiver: status === 'waived' ? 'w1' : null,
});

const tiles = (r: EvaluationResult) => Object.fromEntries(explainTiles(r).map((t) => [t.id, t]));

describe('explainTiles', () => {
  const result: EvaluationResult = {
    at: 0,
    devices: [
      device('ok1', 'compliant'),
      device('ok2', 'compliant', null, 'social'),
      device('ok3', 'compliant'),
      device('bad1', 'non-compliant'),
      device('bad2', 'non-compliant'),
      device('w1', 'waived'),
      ...['pers1', 'pers2', 'pers3'].map((id) =>
        device(id, 'not-evaluated', PERSONAL_DEVICE_REASON, 'general'),
      ),
      device('wiped1', 'not-evaluated', `${NOT_IN_SERVICE_PREFIX}wiped`),
      device('wiped2', 'not-evaluated', `${NOT_IN_SERVICE_PREFIX}wiped`),
      device('new1', 'not-evaluated', NO_STATUS_REASON),
    ],
    findings: [
      finding('bad1', 'inspection.overdue', 'open', 'critical'),
      finding('bad2', 'inspection.overdue'),
      finding('bad2', 'sensor.camera'),
      finding('w1', 'sensor.camera', 'waived'),
      finding('pers1', 'zone.personal-device', 'open', 'medium'),
      finding(null, 'policy.unacknowledged', 'open', 'low'),
      finding('bad1', 'rotation.overdue', 'resolved'),
    ],
  };

  it('says why devices were not evaluated, with counts that add up', () => {
    const t = tiles(result)['not-evaluated'];
    expect(t?.count).toBe(6);
    expect(t?.text).toBe('3 personal phones, 2 wiped, 1 not yet in service.');
    expect(t?.parts.reduce((n, p) => n + p.count, 0)).toBe(6);
  });

  it('names the open findings of non-compliant devices by rule title, and the waived ones', () => {
    const t = tiles(result);
    expect(t['non-compliant']).toMatchObject({ count: 2 });
    expect(t['non-compliant']?.text).toMatch(
      /^3 open findings on these devices: 2 Security check overdue, 1 /,
    );
    expect(t.waived).toMatchObject({ count: 1, parts: [{ count: 1 }] });
    expect(t.waived?.text).toMatch(/^Compliant only by 1 waived finding: 1 /);
    expect(t.compliant?.text).toBe('Every requirement met, by role: 2 calls, 1 social.');
  });

  it('counts every open finding by severity, worst first, and says how many are not about a failing device', () => {
    const t = tiles(result)['open-findings'];
    expect(t?.count).toBe(5);
    expect(t?.text).toBe(
      '1 critical, 2 high, 1 medium, 1 low; 2 are about people or phones not evaluated (zones, policies).',
    );
  });

  it('says what an empty tile means', () => {
    const t = tiles({ at: 0, devices: [], findings: [] });
    expect(t['not-evaluated']?.text).toBe('Every device was evaluated.');
    expect(t['open-findings']?.text).toBe('Nothing to fix.');
    expect(Object.values(t).every((x) => x.count === 0)).toBe(true);
  });
});
