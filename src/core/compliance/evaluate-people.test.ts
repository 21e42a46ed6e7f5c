import { describe, expect, it } from 'vitest';
import type { Acknowledgement, Detection } from '../model.ts';
import { DAY } from '../time.ts';
import { evaluateFleet, summarize } from './evaluate.ts';
import { compiledProtocol, history, person, T0 } from './test-helpers.ts';
import { NO_LIFECYCLE_FACTS } from './types.ts';

const building = {
  id: 'main-building',
  title: 'Main building',
  personalDevices: 'banned' as const,
  acknowledgement: 'required' as const,
  policyVersion: null,
};
const office = { ...compiledProtocol({ name: 'office', version: '2026.1' }), facilities: [building] };
const people = new Map(
  [
    person({ id: 'pm', protocol: 'office' }),
    person({ id: 'aide', kind: 'staff', protocol: null, principalId: 'pm' }),
    person({ id: 'late', kind: 'staff', protocol: null, principalId: 'pm', createdAt: T0 + DAY }),
  ].map((p) => [p.id, p]),
);
const personal = history('aide-phone', {
  device: { ownership: 'personal', role: 'general' },
  holderId: 'aide',
});
const issued = history('pm-calls', { holderId: 'pm' });

const ack = (personId: string, policyVersion = 'office@2026.1'): Acknowledgement => ({
  personId,
  facility: 'main-building',
  policyVersion,
  at: T0 - 10 * DAY,
});
const seen = (
  id: string,
  identifier: string,
  daysAgo: number,
  deviceId: string | null,
  personId: string | null,
): Detection => ({
  id,
  facility: 'main-building',
  at: T0 - daysAgo * DAY,
  identifier,
  deviceId,
  personId,
  source: 'gate-1',
});

function evaluate(detections: Detection[], acknowledgements: Acknowledgement[], override?: string) {
  return evaluateFleet({
    at: T0,
    devices: [personal, issued],
    people,
    protocols: new Map([
      ['office', office],
      ['other', { ...compiledProtocol({ name: 'other' }), facilities: [] }],
    ]),
    releases: [],
    lifecycle: { ...NO_LIFECYCLE_FACTS, detections, acknowledgements },
    ...(override === undefined ? {} : { protocolOverride: override }),
  });
}

describe('policy.unacknowledged', () => {
  it('reports each governed person (staff through their principal) lacking the version in force', () => {
    const r = evaluate([], [ack('pm'), ack('aide', 'office@2025.9')]);
    const f = r.findings.filter((x) => x.rule === 'policy.unacknowledged');
    expect(f).toHaveLength(1); // `late` did not exist yet at T0
    expect(f[0]).toMatchObject({
      deviceId: null,
      personId: 'aide',
      protocol: 'office',
      severity: 'medium',
      evidence: {
        facility: 'main-building',
        policyVersion: 'office@2026.1',
        acknowledgedVersions: ['office@2025.9'],
      },
    });
    expect(
      evaluate([], [ack('pm'), ack('aide')]).findings.filter((x) => x.rule === 'policy.unacknowledged'),
    ).toEqual([]);
  });

  it('a what-if protocol without the facility asks nothing', () => {
    expect(evaluate([], [], 'other').findings.filter((x) => x.rule === 'policy.unacknowledged')).toEqual([]);
  });
});

describe('zone.personal-device', () => {
  it('one finding per facility and identifier within 30 days; unknown devices have no device id; issued devices pass', () => {
    const r = evaluate(
      [
        seen('d1', 'imei:490154203237518', 3, 'aide-phone', 'aide'),
        seen('d2', 'imei:490154203237518', 1, 'aide-phone', 'aide'),
        seen('d3', `mac-sha256:${'a'.repeat(64)}`, 2, null, null),
        seen('d4', 'serial:SN-pm-calls', 2, 'pm-calls', 'pm'),
        seen('d5', 'imei:111111111111111', 31, null, null), // older than the window
      ],
      [ack('pm'), ack('aide')],
    );
    const f = r.findings.filter((x) => x.rule === 'zone.personal-device');
    expect(f).toHaveLength(2);
    const known = f.find((x) => x.deviceId === 'aide-phone');
    expect(known).toMatchObject({
      personId: 'aide',
      since: T0 - 3 * DAY,
      severity: 'high',
      evidence: { detections: 2 },
    });
    const unknown = f.find((x) => x.deviceId === null);
    expect(unknown).toMatchObject({ personId: null, evidence: { known: false } });
    // Person-level findings count against the person in the summary.
    expect(summarize(r).byPerson.find((p) => p.personId === 'aide')?.findings).toBe(1);
  });

  it('as of before a detection, it is not there (history is exact)', () => {
    const late = seen('d1', 'imei:490154203237518', -1, 'aide-phone', 'aide');
    expect(
      evaluate([late], [ack('pm'), ack('aide')]).findings.filter((x) => x.rule === 'zone.personal-device'),
    ).toEqual([]);
  });
});

describe('waivers on person-level findings', () => {
  const waiver = (expiresAt: number) => ({
    id: 'wv_ack',
    rule: 'policy.unacknowledged',
    scope: { personId: 'aide' },
    reason: 'On leave',
    risk: 'Low: not on site',
    requestedBy: 'token:a',
    requestedAt: T0 - 20 * DAY,
    approvedBy: 'token:b',
    approvedAt: T0 - 19 * DAY,
    startsAt: T0 - 19 * DAY,
    expiresAt,
    endedAt: null,
  });
  const run = (expiresAt: number) =>
    evaluateFleet({
      at: T0,
      devices: [personal, issued],
      people,
      protocols: new Map([['office', office]]),
      releases: [],
      lifecycle: { ...NO_LIFECYCLE_FACTS, acknowledgements: [ack('pm')], waivers: [waiver(expiresAt)] },
    });

  it('shows a covered finding as waived, not resolved', () => {
    const f = run(T0 + DAY).findings.filter((x) => x.personId === 'aide');
    expect(f).toMatchObject([{ rule: 'policy.unacknowledged', status: 'waived', waiver: 'wv_ack' }]);
  });

  it('reopens the finding and reports waiver.expired once the waiver lapses', () => {
    const f = run(T0 - DAY).findings.filter((x) => x.personId === 'aide');
    expect(f.map((x) => [x.rule, x.status]).sort()).toEqual([
      ['policy.unacknowledged', 'open'],
      ['waiver.expired', 'open'],
    ]);
  });
});
