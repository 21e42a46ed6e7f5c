import { describe, expect, it } from 'vitest';
import type { Incident } from '../lifecycle/incident.ts';
import type { ScheduleItem } from '../lifecycle/plan.ts';
import type { Finding, Severity } from '../model.ts';
import { DAY } from '../time.ts';
import { rankToday } from './today.ts';

const NOW = Date.UTC(2026, 11, 7, 9);

const finding = (
  deviceId: string | null,
  severity: Severity,
  sinceDays: number,
  rule = 'sensor.camera',
): Finding => ({
  deviceId,
  personId: 'p1',
  protocol: 'strict',
  rule,
  severity,
  status: 'open',
  outcome: 'fail',
  since: NOW - sinceDays * DAY,
  message: `${rule} on ${deviceId}`,
  remedy: 'fix it',
  evidence: {},
  waiver: null,
});

const incident = (
  id: string,
  deviceId: string,
  severity: Severity,
  status: Incident['status'] = 'open',
): Incident => ({
  id,
  status,
  compromise: 'confirmed',
  severity,
  summary: 'phone breached',
  devices: [{ deviceId, priorStatus: 'active' }],
  personIds: ['p1'],
  inspectionId: null,
  declaredBy: 'officer',
  openedAt: NOW - 3 * DAY,
  recordedAt: NOW - 3 * DAY,
  steps: [
    {
      id: 'quarantine',
      title: 'Quarantine',
      owner: { role: 'technician' },
      status: 'done',
      reason: null,
      at: NOW - 3 * DAY,
      by: 'tech',
      recordedAt: NOW - 3 * DAY,
    },
    {
      id: 'revoke',
      title: 'Revoke accounts',
      owner: { role: 'officer' },
      status: 'pending',
      reason: null,
      at: null,
      by: null,
      recordedAt: null,
    },
  ],
  timeline: [],
  resolution: null,
  closedAt: status === 'closed' ? NOW - DAY : null,
  closeRecordedAt: null,
  closedBy: null,
  closingNote: null,
});

const due = (deviceId: string, dueInDays: number, graceDays = 3): ScheduleItem => ({
  kind: 'check',
  deviceId,
  personId: 'p1',
  protocol: 'strict',
  dueAt: NOW + dueInDays * DAY,
  graceUntil: NOW + (dueInDays + graceDays) * DAY,
  overdue: false,
});

describe('rankToday', () => {
  it('puts the worst severity first, an incident before a finding at equal severity, then the oldest', () => {
    const top = rankToday(
      {
        findings: [finding('a', 'high', 2), finding('b', 'critical', 1), finding('c', 'high', 9)],
        deadlines: [],
        incidents: [incident('inc1', 'd', 'high')],
      },
      NOW,
    );
    expect(top.map((t) => t.deviceId)).toEqual(['b', 'd', 'c']);
    expect(top[1]).toMatchObject({ kind: 'incident', detail: 'Next step: Revoke accounts.' });
  });

  it('leaves out findings about a device under an open incident, and lists each device once', () => {
    const top = rankToday(
      {
        findings: [
          finding('d', 'critical', 5),
          finding('a', 'medium', 5),
          finding('a', 'low', 50, 'os.outdated'),
        ],
        deadlines: [],
        incidents: [incident('inc1', 'd', 'low')],
      },
      NOW,
    );
    expect(top.map((t) => [t.kind, t.deviceId])).toEqual([
      ['finding', 'a'],
      ['incident', 'd'],
    ]);
  });

  it('ignores closed incidents and waived findings', () => {
    const waived = { ...finding('a', 'critical', 1), status: 'waived' as const };
    const top = rankToday(
      { findings: [waived], deadlines: [], incidents: [incident('inc1', 'd', 'critical', 'closed')] },
      NOW,
    );
    expect(top).toEqual([]);
  });

  it('counts swaps and checks due by tomorrow or late within their grace, not later ones nor past grace', () => {
    const top = rankToday(
      {
        findings: [],
        deadlines: [due('soon', 0.5), due('late', -1), due('later', 5), due('past-grace', -10)],
        incidents: [],
      },
      NOW,
      10,
    );
    expect(top.map((t) => [t.deviceId, t.severity])).toEqual([
      ['late', 'high'],
      ['soon', 'medium'],
    ]);
    expect(top[0]?.title).toBe('Security check of late: due since 2026-12-06');
  });

  it('returns at most `limit` items, three by default', () => {
    const findings = ['a', 'b', 'c', 'd', 'e'].map((d) => finding(d, 'medium', 1));
    expect(rankToday({ findings, deadlines: [], incidents: [] }, NOW)).toHaveLength(3);
    expect(rankToday({ findings, deadlines: [], incidents: [] }, NOW, 1)).toHaveLength(1);
  });
});
