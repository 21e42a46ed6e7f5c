import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEVERITY_RANK } from '../compliance/evaluate-order.ts';
import type { Incident } from '../lifecycle/incident.ts';
import type { ScheduleItem } from '../lifecycle/plan.ts';
import type { Finding, Severity } from '../model.ts';
import { DAY } from '../time.ts';
import { deadlinesCouldRank, rankToday, type TodayInput, type TodayItem } from './today.ts';

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

/**
 * The definition the one-pass ranker must equal: every candidate (each fact ranked alone, which
 * applies the filters and builds its item), all sorted, then the first `limit` subjects.
 */
function rankBySorting(input: TodayInput, limit: number): TodayItem[] {
  const none: TodayInput = { findings: [], deadlines: [], incidents: [] };
  // A finding or deadline about a device under an open incident is left out: keep the incidents.
  const alone = (part: Partial<TodayInput>) =>
    rankToday({ ...none, incidents: input.incidents, ...part }, NOW, 1000).filter((t) =>
      part.incidents === undefined ? t.kind !== 'incident' : true,
    );
  const candidates = [
    ...alone({ incidents: input.incidents }),
    ...input.findings.flatMap((f) => alone({ findings: [f] })),
    ...input.deadlines.flatMap((d) => alone({ deadlines: [d] })),
  ];
  const subject = (t: TodayItem) =>
    t.incidentId !== null
      ? `incident ${t.incidentId}`
      : t.deviceId !== null
        ? `device ${t.deviceId}`
        : `person ${t.personId}`;
  const kind = { incident: 0, finding: 1, deadline: 2 };
  candidates.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      kind[a.kind] - kind[b.kind] ||
      a.at - b.at ||
      (subject(a) < subject(b) ? -1 : subject(a) > subject(b) ? 1 : 0),
  );
  const seen = new Set<string>();
  const out: TodayItem[] = [];
  for (const c of candidates) {
    if (out.length >= limit || seen.has(subject(c))) continue;
    seen.add(subject(c));
    out.push(c);
  }
  return out;
}

describe('rankToday over random inputs', () => {
  const severity = fc.constantFrom<Severity>('critical', 'high', 'medium', 'low', 'info');
  const device = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
  const input = fc.record({
    findings: fc.array(
      fc
        .tuple(device, severity, fc.integer({ min: 0, max: 5 }), fc.constantFrom('r1', 'r2'), fc.boolean())
        .map(([d, sev, days, rule, waived]) => ({
          ...finding(d, sev, days, rule),
          ...(waived ? { status: 'waived' as const } : {}),
        })),
      { maxLength: 25 },
    ),
    deadlines: fc.array(
      fc.tuple(device, fc.integer({ min: -6, max: 3 })).map(([d, days]) => due(d, days)),
      { maxLength: 8 },
    ),
    incidents: fc.array(
      fc
        .tuple(fc.constantFrom('i1', 'i2', 'i3'), device, severity, fc.boolean())
        .map(([id, d, sev, closed]) => incident(id, d, sev, closed ? 'closed' : 'open')),
      { maxLength: 3 },
    ),
  });

  it('keeps the first `limit` subjects of the whole ranking, each at its most urgent item', () => {
    fc.assert(
      fc.property(input, fc.integer({ min: 1, max: 5 }), (i, limit) => {
        expect(rankToday(i, NOW, limit)).toEqual(rankBySorting(i, limit));
        // The whole ranking really is sorted, one item per subject.
        const all = rankToday(i, NOW, Number.MAX_SAFE_INTEGER);
        const subjects = all.map((t) => t.incidentId ?? t.deviceId ?? t.personId);
        expect(new Set(subjects).size).toBe(all.length);
        for (let k = 1; k < all.length; k++) {
          const [a, b] = [all[k - 1] as TodayItem, all[k] as TodayItem];
          expect(SEVERITY_RANK[a.severity]).toBeLessThanOrEqual(SEVERITY_RANK[b.severity]);
        }
      }),
    );
  });

  it('needs no deadlines when the list without them says so', () => {
    fc.assert(
      fc.property(input, fc.integer({ min: 1, max: 4 }), (i, limit) => {
        const without = rankToday({ ...i, deadlines: [] }, NOW, limit);
        if (!deadlinesCouldRank(without, limit)) expect(rankToday(i, NOW, limit)).toEqual(without);
      }),
    );
  });

  it('asks for deadlines when the list has room or ends below high severity', () => {
    const one = rankToday({ findings: [finding('a', 'critical', 1)], deadlines: [], incidents: [] }, NOW);
    expect(deadlinesCouldRank(one)).toBe(true);
    const highs = ['a', 'b', 'c'].map((d) => finding(d, 'high', 1));
    expect(deadlinesCouldRank(rankToday({ findings: highs, deadlines: [], incidents: [] }, NOW))).toBe(false);
    const mediums = ['a', 'b', 'c'].map((d) => finding(d, 'medium', 1));
    expect(deadlinesCouldRank(rankToday({ findings: mediums, deadlines: [], incidents: [] }, NOW))).toBe(
      true,
    );
  });
});
