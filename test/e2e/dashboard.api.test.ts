/**
 * The dashboard's read API on the demo office: compliance history (stored past days, today
 * live), a principal's timeline (the social phone five months unchecked), the fleet scored
 * under another protocol, paged findings, and the evaluation cache seeing every write.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deadlinesCouldRank, rankToday } from '../../src/core/dashboard/today.ts';
import { DAY } from '../../src/core/time.ts';
import { readBaselines } from '../../src/runtime.ts';
import { ScheduleService } from '../../src/services/schedule/schedule.service.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';

// Mid-morning UTC, so "yesterday" and the demo's whole-hour dates are unambiguous.
let now = Date.parse('2026-11-20T10:30:00Z');
const clock = { now: () => now };
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({ clock, historyWorker: true });
  await t.services.demo.load(readBaselines(), 'test');
}, 180_000);
afterAll(() => t?.close());

const get = async (url: string, token?: string) => {
  const res = await t.call('GET', url, token === undefined ? {} : { token });
  return { status: res.statusCode, body: res.json() };
};

interface Point {
  date: string;
  at: string;
  source: string;
  counts: {
    devices: number;
    byVerdict: Record<string, number>;
    findings: { open: number; waived: number };
  } | null;
}

describe('GET /compliance/history', () => {
  it('gives 30 days by default, past days computed once and stored, today live', async () => {
    let h = await get('/api/v1/compliance/history');
    // Days not computed within the request's wait come back pending: ask again.
    for (let i = 0; i < 30 && h.body.pending > 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      h = await get('/api/v1/compliance/history');
    }
    expect(h.status).toBe(200);
    const days = h.body.days as Point[];
    expect(days).toHaveLength(30);
    expect(days.at(-1)).toMatchObject({ date: '2026-11-20', source: 'live' });
    expect(days.slice(0, -1).every((d) => d.source === 'stored' && d.counts !== null)).toBe(true);
    expect(days[0]?.date).toBe('2026-10-22');
    expect(days[28]).toMatchObject({ date: '2026-11-19', at: '2026-11-19T23:59:59.999Z' });

    // Each stored day is what a full evaluation as of the end of that day says (the days are
    // computed from one load of the device histories, and each day's own lifecycle facts).
    for (const day of days) {
      const summary = (await get(`/api/v1/compliance/summary?asOf=${day.at}`)).body;
      expect(day.counts?.byVerdict, day.date).toEqual(summary.devices.byVerdict);
      expect(day.counts?.devices, day.date).toBe(summary.devices.total);
      expect([day.counts?.findings.open, day.counts?.findings.waived], day.date).toEqual([
        summary.findings.open,
        summary.findings.waived,
      ]);
    }
    // The calls phone's camera waiver lapsed three weeks ago: a waived finding before, none after.
    expect(days.find((d) => d.date === '2026-10-25')?.counts?.findings.waived).toBeGreaterThan(0);
    expect(days.at(-1)?.counts?.findings.waived).toBe(0);
  }, 60_000);

  it('keeps a stored day as it was computed, and takes any window of at most 366 days', async () => {
    const before = (await get('/api/v1/compliance/history?from=2026-11-01&to=2026-11-03T12:00:00Z')).body;
    expect(before.days.map((d: Point) => d.date)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    // A new device enters service today: past days do not change, today does.
    const person = await t.call('POST', '/api/v1/people', {
      body: { name: 'New Principal', kind: 'principal' },
    });
    expect(person.statusCode).toBe(201);
    const again = (await get('/api/v1/compliance/history?from=2026-11-01&to=2026-11-03T12:00:00Z')).body;
    expect(again).toEqual(before);

    const year = await get('/api/v1/compliance/history?from=2025-11-20T00:00:00Z');
    expect(year.status).toBe(200);
    expect(year.body.days).toHaveLength(366);
  }, 120_000);

  it('refuses a reversed or too long window with 400 VALIDATION_FAILED', async () => {
    for (const q of ['from=2026-11-10&to=2026-11-01', 'from=2025-11-19T00:00:00Z', 'from=yesterday']) {
      const r = await get(`/api/v1/compliance/history?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('GET /people/:id/timeline', () => {
  interface DeviceT {
    deviceId: string;
    servicePeriods: { from: string; to: string | null }[];
    swaps: { direction: string; otherDeviceId: string | null }[];
    checks: { at: string; qualifies: boolean }[];
    refusals: { action: string }[];
    waivers: { id: string; state: string; scope: string }[];
    limits: {
      protocol: string;
      rotation: unknown;
      inspection: { everyDays: number; graceDays: number } | null;
    }[];
    series: { date: string; daysSinceCheck: number | null; checkLimitDays: number | null }[];
    current: {
      daysSinceCheck: number;
      checkOverdue: boolean;
      lastCheckAt: string;
      rotationOverdue: boolean;
    } | null;
  }

  it("shows the premier's social phone five months unchecked against a 30-day limit", async () => {
    const r = await get('/api/v1/people/premier/timeline');
    expect(r.status).toBe(200);
    expect(r.body.person.name).toBe('Premier Dana Whitlock');
    const devices = r.body.devices as DeviceT[];
    // The calls phone swapped twelve days ago is still in the window, as a past device.
    expect(devices.map((d) => d.deviceId)).toEqual(['premier-calls', 'premier-calls-prev', 'premier-social']);

    const social = devices.find((d) => d.deviceId === 'premier-social') as DeviceT;
    expect(social.current?.checkOverdue).toBe(true);
    expect(social.current?.daysSinceCheck).toBeGreaterThanOrEqual(150);
    expect(social.current?.daysSinceCheck).toBeLessThan(151);
    expect(social.current?.lastCheckAt).toBe(
      new Date(Math.floor(now / 3_600_000) * 3_600_000 - 150 * DAY).toISOString(),
    );
    // relaxed-social: no swaps for the social phone, checks every 30 days with 3 days' grace.
    expect(social.limits).toMatchObject([
      { protocol: 'relaxed-social', rotation: null, inspection: { everyDays: 30, graceDays: 3 } },
    ]);
    expect(social.current?.rotationOverdue).toBe(false);
    const last = social.series.at(-1);
    expect(last).toMatchObject({ date: '2026-11-20', checkLimitDays: 33 });
    expect(last?.daysSinceCheck).toBe(social.current?.daysSinceCheck);
    // The series crosses the limit about four months ago and keeps rising.
    const over = social.series.filter((p) => (p.daysSinceCheck ?? 0) > 33);
    expect(over.length).toBeGreaterThan(110);
    // The two declined swaps, the lapsed camera waiver (all the premier's devices) and the
    // news-app waiver awaiting a decision.
    expect(social.refusals.map((x) => x.action)).toEqual(['swap', 'swap']);
    expect(social.waivers.map((w) => [w.id, w.state, w.scope])).toEqual([
      ['waiver-premier-camera', 'approved', 'person'],
      ['waiver-social-news-app', 'requested', 'device'],
    ]);
    expect(social.checks.filter((c) => c.qualifies)).toHaveLength(1); // 150 days ago (182 is before the window)

    const calls = devices.find((d) => d.deviceId === 'premier-calls') as DeviceT;
    expect(calls.swaps).toMatchObject([{ direction: 'in', otherDeviceId: 'premier-calls-prev' }]);
    expect(calls.current?.checkOverdue).toBe(false);
    const prev = devices.find((d) => d.deviceId === 'premier-calls-prev') as DeviceT;
    expect(prev.current).toBeNull();
    expect(prev.servicePeriods).toHaveLength(1);
    expect(prev.servicePeriods[0]?.to).not.toBeNull();
  });

  it('lets staff see only their own timeline', async () => {
    const own = await t.token('staff', 'policy-aide');
    const mine = await get('/api/v1/people/policy-aide/timeline', own);
    expect(mine.status).toBe(200);
    expect(mine.body.devices.map((d: DeviceT) => d.deviceId)).toEqual(['aide-news', 'aide-personal']);
    const other = await get('/api/v1/people/premier/timeline', own);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('PERSON_NOT_FOUND');
    expect((await get('/api/v1/people/nobody/timeline')).body.error.code).toBe('PERSON_NOT_FOUND');
  });
});

describe('the overview calls', () => {
  it('scores the same fleet under another protocol', async () => {
    const own = (await get('/api/v1/compliance/summary')).body;
    const strict = (await get('/api/v1/compliance/summary?protocol=strict-30day')).body;
    // Under strict-30day the social phone is due for swaps too.
    expect(own.findings.byRule['rotation.overdue'] ?? 0).toBe(0);
    expect(strict.findings.byRule['rotation.overdue']).toBeGreaterThan(0);
    const missing = await get('/api/v1/compliance/summary?protocol=no-such-protocol');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'PROTOCOL_NOT_FOUND']);
  });

  it('pages findings, worst first, with the totals', async () => {
    const all = (await get('/api/v1/compliance/findings')).body;
    const page = (await get('/api/v1/compliance/findings?limit=2&offset=1')).body;
    expect(page.total).toEqual({ findings: all.findings.length, devices: all.devices.length });
    expect(page.findings).toEqual(all.findings.slice(1, 3));
    expect(page.devices).toEqual(all.devices.slice(1, 3));
    const bad = await get('/api/v1/compliance/findings?limit=0');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  interface DeviceV {
    deviceId: string;
    role: string;
    verdict: string;
    openFindings: number;
  }
  interface FindingV {
    deviceId: string | null;
    rule: string;
    status: string;
  }

  it('counts the devices by role in the summary, as the device verdicts say', async () => {
    const summary = (await get('/api/v1/compliance/summary')).body;
    const devices = (await get('/api/v1/compliance/findings')).body.devices as DeviceV[];
    const expected = new Map<
      string,
      { devices: number; byVerdict: Record<string, number>; openFindings: number }
    >();
    for (const d of devices) {
      const r = expected.get(d.role) ?? {
        devices: 0,
        byVerdict: { compliant: 0, 'non-compliant': 0, waived: 0, 'not-evaluated': 0 },
        openFindings: 0,
      };
      r.devices++;
      r.byVerdict[d.verdict] = (r.byVerdict[d.verdict] ?? 0) + 1;
      r.openFindings += d.openFindings;
      expected.set(d.role, r);
    }
    expect(summary.roles).toEqual(
      [...expected.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([role, r]) => ({ role, ...r })),
    );
    // The demo has every role; the social phone's overdue check makes its role non-compliant.
    expect(summary.roles.map((r: { role: string }) => r.role)).toEqual([
      'calls',
      'general',
      'news',
      'social',
    ]);
    expect(
      summary.roles.find((r: { role: string }) => r.role === 'social').byVerdict['non-compliant'],
    ).toBeGreaterThan(0);
  });

  it("counts each principal's open findings, their staff's included, as the findings API lists them", async () => {
    const summary = (await get('/api/v1/compliance/summary')).body as {
      principals: { personId: string; staff: string[]; devices: number; openFindings: number }[];
      people: { personId: string | null; openFindings: number }[];
    };
    const { findings } = (await get('/api/v1/compliance/findings?status=open')).body as {
      findings: { personId: string | null; deviceId: string | null; rule: string }[];
    };
    const people = (await get('/api/v1/people')).body as { id: string; kind: string }[];
    const kind = new Map(people.map((p) => [p.id, p.kind]));
    // Principals only: no staff, no row for devices held by nobody.
    expect(summary.principals.map((p) => p.personId)).toEqual(['premier']);
    expect(summary.principals.every((p) => kind.get(p.personId) === 'principal')).toBe(true);
    for (const p of summary.principals) {
      const named = new Set([p.personId, ...p.staff]);
      expect(p.openFindings, p.personId).toBe(findings.filter((f) => named.has(f.personId ?? '')).length);
    }
    for (const p of summary.people)
      expect(p.openFindings, String(p.personId)).toBe(
        findings.filter((f) => f.personId === p.personId).length,
      );
    // A staff member's personal phone in a zone counts for them (the device is not evaluated).
    const aide = summary.people.find((p) => p.personId === 'policy-aide');
    expect(aide?.openFindings).toBeGreaterThan(0);
    expect(findings.some((f) => f.personId === 'policy-aide' && f.rule === 'zone.personal-device')).toBe(
      true,
    );
  });

  it('filters findings by device role and status, paged and worst first', async () => {
    const all = (await get('/api/v1/compliance/findings')).body;
    const roleOf = new Map((all.devices as DeviceV[]).map((d) => [d.deviceId, d.role]));
    const social = (await get('/api/v1/compliance/findings?role=social&status=open')).body;
    const expected = (all.findings as FindingV[]).filter(
      (f) => f.deviceId !== null && roleOf.get(f.deviceId) === 'social' && f.status === 'open',
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(social.findings).toEqual(expected);
    expect(social.devices).toEqual((all.devices as DeviceV[]).filter((d) => d.role === 'social'));
    expect(
      (social.findings as FindingV[]).some(
        (f) => f.deviceId === 'premier-social' && f.rule === 'inspection.overdue',
      ),
    ).toBe(true);

    // One page, as the overview asks for it, with the filtered totals.
    const page = (await get('/api/v1/compliance/findings?role=social&status=open&limit=1')).body;
    expect(page.findings).toEqual(expected.slice(0, 1));
    expect(page.total).toEqual({ findings: expected.length, devices: social.devices.length });

    const calls = (await get('/api/v1/compliance/findings?role=calls')).body.findings as FindingV[];
    expect(calls.every((f) => f.deviceId !== null && roleOf.get(f.deviceId) === 'calls')).toBe(true);
    expect(calls.some((f) => f.deviceId === 'premier-social')).toBe(false);

    // Three weeks ago the camera waiver still covered the premier's devices: waived findings then.
    const asOf = '2026-10-25T23:59:59.999Z';
    const then = (await get(`/api/v1/compliance/findings?asOf=${asOf}`)).body.findings as FindingV[];
    const waived = (await get(`/api/v1/compliance/findings?asOf=${asOf}&status=waived`)).body
      .findings as FindingV[];
    expect(waived.length).toBeGreaterThan(0);
    expect(waived).toEqual(then.filter((f) => f.status === 'waived'));

    for (const q of ['role=tablet', 'status=closed']) {
      const bad = await get(`/api/v1/compliance/findings?${q}`);
      expect([bad.status, bad.body.error.code], q).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('re-evaluates "now" after every write, and gives the same answer while nothing changes', async () => {
    const before = (await get('/api/v1/compliance/findings?deviceId=premier-social&rule=inspection.overdue'))
      .body;
    expect(before.findings).toHaveLength(1);
    const check = await t.call('POST', '/api/v1/inspections', {
      body: {
        deviceId: 'premier-social',
        at: new Date(now - 60_000).toISOString(),
        method: 'forensic-scan',
        result: 'clean',
        performedBy: 'Kit Moreno',
      },
    });
    expect(check.statusCode).toBe(201);
    const after = (await get('/api/v1/compliance/findings?deviceId=premier-social&rule=inspection.overdue'))
      .body;
    expect(after.findings).toHaveLength(0);

    // No write and no deadline passing: the same answer minutes later, exact still (the state
    // re-evaluates a device only when its own deadline passes; there is no time bucket).
    const summary = (await get('/api/v1/compliance/summary')).body;
    now += 5 * 60_000 + 1;
    expect((await get('/api/v1/compliance/summary')).body).toEqual(summary);
  });
});

describe('GET /compliance/today', () => {
  it('ranks incidents, findings and deadlines as the whole fleet would, loading the schedule only when a deadline could rank', async () => {
    const result = await t.services.compliance.evaluate();
    const incidents = await t.uow.read((tx) => tx.incidents.list());
    const { items: deadlines } = await t.services.schedule.schedule(result.at);
    const whole = rankToday({ findings: result.findings, deadlines, incidents }, result.at);
    const withoutDeadlines = rankToday({ findings: result.findings, deadlines: [], incidents }, result.at);
    const iso = (ms: number) => new Date(ms).toISOString();

    const schedule = vi.spyOn(ScheduleService.prototype, 'schedule');
    try {
      const today = await get('/api/v1/compliance/today');
      expect(today.status).toBe(200);
      expect(today.body.items).toEqual(whole.map((i) => ({ ...i, at: iso(i.at) })));
      expect(schedule).toHaveBeenCalledTimes(deadlinesCouldRank(withoutDeadlines) ? 1 : 0);
      // A longer list reaches the medium items, where swaps and checks coming due could rank.
      schedule.mockClear();
      const ten = await t.services.dashboard.today(10);
      expect(ten.items).toEqual(
        rankToday({ findings: result.findings, deadlines, incidents }, result.at, 10),
      );
      expect(schedule).toHaveBeenCalledTimes(1);
    } finally {
      schedule.mockRestore();
    }
  });
});

describe('the summary right after writes', () => {
  // The counts are carried from the previous evaluation and corrected by what changed: after
  // each write they must equal a full evaluation's at the same instant (`asOf`).
  const same = async (what: string) => {
    const live = (await get('/api/v1/compliance/summary')).body;
    const full = (await get(`/api/v1/compliance/summary?asOf=${live.asOf}`)).body;
    expect(live, what).toEqual(full);
    return live;
  };

  it('counts as a full evaluation after a report, a waiver, an assignment and a new holder', async () => {
    await same('before');
    now += 60_000;
    await t.services.posture.record(
      {
        deviceId: 'premier-social',
        observedAt: new Date(now - 1000).toISOString(),
        source: 'test',
        osVersion: '17.0',
      },
      'token:test',
    );
    await same('after a posture report');
    now += 60_000;
    const w = await t.services.waivers.requestWaiver(
      {
        rule: 'posture.stale',
        deviceId: 'premier-social',
        reason: 'travelling',
        risk: 'accepted for a week',
        expiresAt: new Date(now + 7 * DAY).toISOString(),
      },
      'token:test',
    );
    await t.services.waivers.approveWaiver(w.id, {
      actor: 'token:officer',
      role: 'officer',
      personId: 'security-officer',
    });
    await same('after a waiver approval');
    now += 60_000;
    await t.services.inventory.assignProtocol('premier', { protocol: 'strict-30day' }, 'token:test');
    await same('after a protocol assignment');
    // Someone the summary has not named yet, holding a device: listed under their principal.
    now += 60_000;
    await t.services.inventory.createPerson(
      { id: 'new-aide', name: 'New Aide', kind: 'staff', principalId: 'premier' },
      'token:test',
    );
    await t.services.inventory.registerDevice(
      {
        id: 'new-aide-calls',
        serial: 'NEWAIDE0001',
        platform: 'ios',
        model: 'iPhone 16',
        ownership: 'issued',
        role: 'calls',
        holderId: 'new-aide',
      },
      'token:test',
    );
    const after = await same('after a new holder');
    const premier = after.principals.find((p: { personId: string }) => p.personId === 'premier');
    expect(premier.staff).toContain('new-aide');
    expect(after.people.some((p: { personId: string }) => p.personId === 'new-aide')).toBe(true);
  });
});
