import { describe, expect, it } from 'vitest';
import {
  compiledProtocol,
  compiledRole,
  custody,
  history,
  inspection,
  rotation,
  status,
  strictRole,
  T0,
} from '../compliance/test-helpers.ts';
import type { Refusal, Waiver } from '../model.ts';
import { DAY } from '../time.ts';
import { countDay, dayOf, daysBetween } from './history.ts';
import { personTimeline, type TimelineInput } from './timeline.ts';

const strict = compiledProtocol({ name: 'strict' });
const checksOnly = compiledProtocol({
  name: 'checks-only',
  roles: {
    calls: compiledRole({
      inspection: { every: 30 * DAY, grace: 3 * DAY, methods: ['forensic-scan'], cite: [] },
    }),
  },
});
const to = T0 + 12 * 3_600_000; // midday
const base = (fields: Partial<TimelineInput>): TimelineInput => ({
  personId: 'p1',
  from: to - 59 * DAY,
  to,
  histories: [],
  protocols: [{ from: to - 59 * DAY, protocol: strict }],
  refusals: [],
  waivers: [],
  ...fields,
});

describe('personTimeline', () => {
  it('counts days since the last qualifying check and the service start, against the limits', () => {
    const h = history('d1', {
      device: { issuedAt: T0 - 100 * DAY },
      inspections: [
        inspection({ id: 'i1', deviceId: 'd1', at: T0 - 150 * DAY }),
        // A method the protocol below does not accept does not reset the count.
        inspection({ id: 'i2', deviceId: 'd1', at: T0 - 20 * DAY, method: 'visual' as never }),
      ],
    });
    const [d] = personTimeline(base({ histories: [h], protocols: [{ from: 0, protocol: checksOnly }] }));
    expect(d?.current).toMatchObject({
      lastCheckAt: T0 - 150 * DAY,
      daysSinceCheck: 150.5,
      daysSinceSwap: 100.5,
      checkOverdue: true,
      rotationOverdue: false,
      rotationDueAt: null,
    });
    expect(d?.limits).toEqual([
      {
        from: to - 59 * DAY,
        protocol: 'checks-only',
        version: '2026.1',
        rotation: null,
        inspection: { every: 30 * DAY, grace: 3 * DAY, methods: ['forensic-scan'] },
      },
    ]);
    expect(d?.checks.map((c) => [c.id, c.qualifies])).toEqual([['i2', false]]);
    expect(d?.series).toHaveLength(60);
    expect(d?.series[0]).toMatchObject({
      date: dayOf(to - 59 * DAY).date,
      checkLimitDays: 33,
      swapLimitDays: null,
    });
    expect(d?.series.at(-1)).toMatchObject({ date: dayOf(to).date, at: to, daysSinceCheck: 150.5 });
  });

  it('keeps a past device held in the window, with its swap out, and leaves out devices never held', () => {
    const swapAt = T0 - 5 * DAY;
    const old = history('old', {
      device: { issuedAt: T0 - 40 * DAY },
      custody: [custody('old', 'p1', T0 - 40 * DAY), custody('old', null, swapAt, 'store')],
      statuses: [status('old', 'active', T0 - 40 * DAY), status('old', 'retired', swapAt)],
      rotations: [rotation({ id: 'r1', oldDeviceId: 'old', newDeviceId: 'new', at: swapAt })],
    });
    const fresh = history('new', {
      device: { issuedAt: null },
      custody: [custody('new', 'p1', swapAt)],
      statuses: [status('new', 'active', swapAt)],
      rotations: [rotation({ id: 'r1', oldDeviceId: 'old', newDeviceId: 'new', at: swapAt })],
    });
    const other = history('other', { holderId: 'p2' });
    const devices = personTimeline(base({ histories: [old, fresh, other] }));
    expect(devices.map((d) => d.deviceId)).toEqual(['new', 'old']);
    const [n, o] = devices;
    expect(o?.servicePeriods).toEqual([{ from: T0 - 40 * DAY, to: swapAt }]);
    expect(o?.swaps).toEqual([{ at: swapAt, direction: 'out', otherDeviceId: 'new', performedBy: 'tech-1' }]);
    expect(o?.current).toBeNull();
    expect(n?.swaps).toMatchObject([{ direction: 'in', otherDeviceId: 'old' }]);
    expect(n?.current?.daysSinceSwap).toBe(5.5);
    // The old phone's series stops when it left the person.
    expect(o?.series.at(-1)?.at).toBeLessThan(swapAt);
  });

  it('marks refusals and waivers (person-wide ones on every device) and follows protocol changes', () => {
    const refusal = (id: string, deviceId: string | null, at: number): Refusal => ({
      id,
      personId: 'p1',
      deviceId,
      action: 'check',
      rule: 'inspection.overdue',
      at,
      reason: 'busy',
      recordedBy: 'x',
      recordedAt: at,
    });
    const waiver = (id: string, scope: Waiver['scope'], startsAt: number, expiresAt: number) => ({
      id,
      rule: 'inspection.overdue',
      scope,
      reason: 'r',
      risk: 'k',
      requestedBy: 'a',
      requestedAt: startsAt,
      approvedBy: null,
      approvedAt: null,
      startsAt,
      expiresAt,
      endedAt: null,
      recordedAt: startsAt,
      approvalRecordedAt: null,
      endRecordedAt: null,
      state: 'requested',
    });
    const switchAt = T0 - 10 * DAY;
    const [d] = personTimeline(
      base({
        histories: [history('d1', { device: { issuedAt: T0 - 30 * DAY } })],
        refusals: [
          refusal('a', 'd1', T0 - 3 * DAY),
          refusal('b', null, T0 - 2 * DAY),
          refusal('c', 'd9', T0),
        ],
        waivers: [
          waiver('w1', { personId: 'p1' }, T0 - 4 * DAY, T0 + 20 * DAY),
          waiver('w2', { deviceId: 'd9' }, T0 - 4 * DAY, T0 + 20 * DAY),
          waiver('w3', { deviceId: 'd1' }, T0 - 200 * DAY, T0 - 100 * DAY), // over before the window
        ],
        protocols: [
          { from: 0, protocol: strict },
          { from: switchAt, protocol: checksOnly },
        ],
      }),
    );
    expect(d?.refusals.map((r) => r.id)).toEqual(['a', 'b']);
    expect(d?.waivers.map((w) => w.id)).toEqual(['w1']);
    expect(d?.limits.map((l) => [l.protocol, l.rotation === null])).toEqual([
      ['strict', false],
      ['checks-only', true],
    ]);
    expect(d?.series.at(-1)?.swapLimitDays).toBeNull();
    expect(d?.series.find((p) => p.at < switchAt && p.daysSinceSwap !== null)?.swapLimitDays).toBe(33);
    // No protocol at all: no limits to draw.
    const [none] = personTimeline(
      base({ histories: [history('d1')], protocols: [{ from: 0, protocol: null }] }),
    );
    expect(none?.limits[0]).toMatchObject({ protocol: null, rotation: null, inspection: null });
    expect(none?.current).toMatchObject({ checkOverdue: false, rotationOverdue: false, checkDueAt: null });
  });

  it('uses a role the protocol does not cover as having no limits', () => {
    const only = compiledProtocol({ name: 'only-calls', roles: { calls: strictRole() } });
    const [d] = personTimeline(
      base({
        histories: [history('s1', { device: { role: 'social' } })],
        protocols: [{ from: 0, protocol: only }],
      }),
    );
    expect(d?.limits[0]).toMatchObject({ protocol: 'only-calls', rotation: null, inspection: null });
  });
});

describe('history days', () => {
  it('lists UTC days from the one holding `from` to the one holding `to`', () => {
    const days = daysBetween(Date.parse('2026-10-30T23:00:00Z'), Date.parse('2026-11-01T00:30:00Z'));
    expect(days.map((d) => d.date)).toEqual(['2026-10-30', '2026-10-31', '2026-11-01']);
    expect(days[0]?.end).toBe(Date.parse('2026-10-30T23:59:59.999Z'));
  });

  it('counts devices by verdict and open findings by severity; waived findings apart', () => {
    const f = (status: 'open' | 'waived', severity: 'high' | 'low') =>
      ({ status, severity }) as unknown as Parameters<typeof countDay>[0]['findings'][number];
    const d = (verdict: 'compliant' | 'waived' | 'non-compliant') =>
      ({ verdict }) as unknown as Parameters<typeof countDay>[0]['devices'][number];
    const counts = countDay({
      at: T0,
      devices: [d('compliant'), d('compliant'), d('non-compliant'), d('waived')],
      findings: [f('open', 'high'), f('open', 'low'), f('waived', 'high')],
    });
    expect(counts).toEqual({
      devices: 4,
      byVerdict: { compliant: 2, waived: 1, 'non-compliant': 1, 'not-evaluated': 0 },
      findings: { open: 2, waived: 1 },
      bySeverity: { info: 0, low: 1, medium: 0, high: 1, critical: 0 },
    });
  });
});
